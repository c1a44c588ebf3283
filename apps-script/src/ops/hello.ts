import { capabilitiesOf, type HelloAnswer } from '../../../shared/api';
import { VERSION } from '../version';
import type { OpContext } from './context';

/** Who the token belongs to, which sheet, and what this script understands (PRODUCT.md, `hello`). */
export function hello({ ss, coach, timeZone }: OpContext<'hello'>): HelloAnswer {
  return {
    coach: { coach_id: coach.coach_id, name: coach.name, role: String(coach.role), note_key_id: coach.note_key_id },
    sheet: { name: ss.getName(), timeZone },
    server: { version: VERSION, capabilities: capabilitiesOf() },
  };
}
