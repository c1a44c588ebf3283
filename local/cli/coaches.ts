// `followthrough coaches`: what an admin sees on Google by looking at the Coaches tab. The CLI acts as
// that person at the sheet, not through the bundle: it reads the tab as the sheet shows it (display
// values), never the token hashes. (`revoke` goes through the add-on's own "Hand over clients or revoke
// a coach…" dialog call, local/cli/cli.ts, so its rule — hand over clients first — holds there too.)
import { columnsOf } from '../../shared/schema';
import type { Runtime } from '../runtime';

export interface CoachListing {
  coach_id: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
  /** As the sheet shows it (its number format). */
  created_at: string;
}

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
  return coachesTab(rt)
    .rows.filter((r) => r[col('coach_id')])
    .map((r) => ({
      coach_id: r[col('coach_id')]!,
      name: r[col('name')]!,
      email: r[col('email')]!,
      role: r[col('role')]!,
      active: r[col('active')] === 'TRUE',
      created_at: r[col('created_at')]!,
    }));
}

/** What `coaches` asks of a data dir (in this process, or through the serve that owns it). */
export interface CoachesAction {
  action: 'coaches';
}

export function runCoachesAction(rt: Runtime, _action: CoachesAction): CoachListing[] {
  return listCoaches(rt);
}
