// `followthrough coaches` and `followthrough revoke <email>`: what an admin does on Google by looking at
// the Coaches tab and unchecking a coach's `active` box (PRODUCT.md: a code "can be revoked (active =
// FALSE)"). The CLI acts as that person at the sheet, not through the bundle: it reads the tab as the
// sheet shows it and makes the same edit the sheet host page makes (SheetsHost.userEdit, Sheets' rules:
// protection, validation), then the bundle's onEdit trigger runs as for any person's edit. The bundle
// keeps no global for it (a public one would be callable by anyone through google.script.run, a
// private one only by the add-on's own code).
import { columnsOf } from '../shared/schema';
import type { ExecContext } from './host/host';
import type { Runtime } from './runtime';

export interface CoachListing {
  coach_id: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
  /** As the sheet shows it (its number format). */
  created_at: string;
}

/** A refusal the person at the CLI can act on (no such coach, already revoked, a sheet rule). */
export class CoachesError extends Error {}

function coachesTab(rt: Runtime): { sheetId: number; rows: string[][] } {
  const sheets = rt.host.sheets;
  const sheetId = sheets.sheetByName('Coaches');
  if (sheetId === null) return { sheetId: -1, rows: [] };
  const info = sheets.info(sheetId);
  const width = columnsOf('Coaches').length;
  // Display values: what a person reads in the grid (a checkbox shows TRUE/FALSE).
  const rows = info.lastRow > 1 ? sheets.getDisplayValues(sheetId, 2, 1, info.lastRow - 1, width) : [];
  return { sheetId, rows };
}

const col = (name: string) => (columnsOf('Coaches') as readonly string[]).indexOf(name);

/** Every Coaches row, without its token hash. */
export function listCoaches(rt: Runtime): CoachListing[] {
  return coachesTab(rt).rows
    .filter((r) => r[col('coach_id')])
    .map((r) => ({
      coach_id: r[col('coach_id')]!, name: r[col('name')]!, email: r[col('email')]!, role: r[col('role')]!,
      active: r[col('active')] === 'TRUE', created_at: r[col('created_at')]!,
    }));
}

/**
 * Unchecks `active` of every active coach with this email (case-insensitive), as a person at the sheet:
 * their connection code stops working at once (auth reads `active` on every request).
 */
export async function revokeCoach(rt: Runtime, email: string, person: ExecContext): Promise<Array<{ coach_id: string; name: string }>> {
  const wanted = email.trim().toLowerCase();
  if (!wanted) throw new CoachesError('revoke needs the coach’s email address.');
  const { sheetId, rows } = coachesTab(rt);
  const matching = rows.map((r, i) => ({ r, row: i + 2 })).filter(({ r }) => r[col('email')]!.trim().toLowerCase() === wanted);
  const active = matching.filter(({ r }) => r[col('active')] === 'TRUE');
  if (!active.length) throw new CoachesError(matching.length ? `${email} is already revoked.` : `No coach has the email ${email}.`);
  const revoked: Array<{ coach_id: string; name: string }> = [];
  for (const { r, row } of active) {
    const column = col('active') + 1;
    const result = rt.host.sheets.userEdit(sheetId, row, column, 'FALSE', person.effectiveUser, true);
    if (!result.ok) throw new CoachesError(`${r[col('name')]}: ${'error' in result ? result.error : 'the edit was refused'}`);
    // Saved before anything else runs: a revocation that was not written is not reported as done.
    await rt.store.commit();
    revoked.push({ coach_id: r[col('coach_id')]!, name: r[col('name')]! });
    const { ok: _ok, ...values } = result;
    // As in Sheets, a failing onEdit does not undo the edit (its error goes to the execution log).
    await rt.fireEdit({ sheetId, row, column, numRows: 1, numColumns: 1, user: person.effectiveUser, ...values }, person).catch(() => null);
  }
  return revoked;
}

/** What `coaches` and `revoke` ask of a data dir (in this process, or through the serve that owns it). */
export type CoachesAction = { action: 'coaches' } | { action: 'revoke'; email: string };

export async function runCoachesAction(rt: Runtime, action: CoachesAction, person: ExecContext): Promise<unknown> {
  if (action.action === 'coaches') return listCoaches(rt);
  return { revoked: await revokeCoach(rt, String(action.email ?? ''), person) };
}
