// Coach tokens are checked against Coaches.token_hash; a revoked coach (active = FALSE) is refused at once.
import type { Row } from '../../shared/schema';
import { hashToken } from './ids';
import type { Table } from './sheet';

export type Coach = Row<'Coaches'>;

export function findCoachByToken(coaches: Table<'Coaches'>, token: string): Coach | null {
  const hash = hashToken(token);
  return coaches.rows.find((c) => c.token_hash === hash && c.active === true) ?? null;
}

/** Coaches see their own clients; leaders and admins see every client. */
export function seesAllClients(coach: Coach): boolean {
  return coach.role === 'leader' || coach.role === 'admin';
}
