// Records the id of the coach's confidential-notes key (PRODUCT.md, `setNoteKey`). The key itself never
// leaves the coach's extension; Coaches.note_key_id only lets another browser of the same coach know
// that a key exists (and ask for its recovery code instead of making a second one).
import type { SetNoteKeyAnswer } from '../../../shared/api';
import { badRequest, RequestError } from '../errors';
import { readTable, writeRows } from '../sheet';
import type { OpContext } from './context';

export function setNoteKey({ ss, coach, request }: OpContext<'setNoteKey'>): SetNoteKeyAnswer {
  // Read again under the script lock: the row written back must be the coach's row as it is now.
  const coaches = readTable(ss, 'Coaches');
  const index = coaches.rows.findIndex((c) => c.coach_id === coach.coach_id && c.token_hash === coach.token_hash);
  const row = coaches.rows[index];
  if (!row || row.active !== true)
    throw new RequestError('unauthorized', 'This connection code is not valid (revoked or mistyped). Ask your program lead for a new one.');
  if (row.note_key_id === request.keyId) return { note_key_id: row.note_key_id };
  if (row.note_key_id && !request.replace) {
    throw badRequest(
      'keyId',
      `You already have a notes key (id ${row.note_key_id}); import its recovery code, or send replace: true to make a new one (notes saved with the old key then need the old code).`,
    );
  }
  row.note_key_id = request.keyId;
  writeRows(coaches, [index]);
  return { note_key_id: row.note_key_id };
}
