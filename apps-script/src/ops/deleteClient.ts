// deleteClient: an admin removes one client's rows from every tab ("delete me"), confirmed by typing
// the client's name. EmailLog keeps its rows (the record of what was sent) with the client's address
// blanked, and the client's name, email and id taken out of any subject, detail or dedupe key (a
// renewal alert to the coach names the client; its dedupe key holds the client's id). The Dashboard is written again, so it no longer names the client.
// Runs under the web app's script lock, or the menu dialog's (data-rights.ts: *Export or delete a client's
// data…*, for a sheet editor); everything is checked before the first write.
import { CLIENT_DATA_TABS, type ClientDataTab, type DeleteClientAnswer } from '../../../shared/api';
import { writeDashboard } from '../dashboard';
import { badRequest } from '../errors';
import { deleteTableRows, findRowsContaining, readRecords, updateRecords, type Located } from '../sheet';
import type { Row, TabName } from '../../../shared/schema';
import { clientRows } from './client-rows';
import type { OpContext } from './context';

const REMOVED = '(deleted client)';

function scrub(text: string, needles: readonly string[]): string {
  let out = text;
  for (const needle of needles) {
    if (!needle) continue;
    const lower = needle.toLowerCase();
    let at = out.toLowerCase().indexOf(lower);
    while (at >= 0) {
      out = out.slice(0, at) + REMOVED + out.slice(at + needle.length);
      at = out.toLowerCase().indexOf(lower, at + REMOVED.length);
    }
  }
  return out;
}

export function deleteClient({ ss, coach, request }: OpContext<'deleteClient'>): DeleteClientAnswer {
  if (coach.role !== 'admin') throw badRequest('clientId', 'Only an admin of the program can delete a client’s data.');
  const { client, deleted } = deleteClientRows(ss, request.clientId, request.confirmName);
  return { clientId: client.client_id, deleted };
}

/**
 * Removes the client's rows from every tab and scrubs the email log, once `confirmName` is the client's
 * name (any case, spaces around ignored); the caller holds the script lock and decided who may.
 */
export function deleteClientRows(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  clientId: string,
  confirmName: string,
): { client: Row<'Clients'>; deleted: DeleteClientAnswer['deleted'] } {
  const { client, refs, rows } = clientRows(ss, clientId, () => true);
  const typed = confirmName.trim().toLowerCase();
  if (typed !== client.name.trim().toLowerCase()) {
    throw badRequest('confirmName', 'Type the client’s name exactly as it is in the sheet to confirm the deletion.');
  }
  // The Clients row goes last: an execution cut short leaves the client findable, and a retry
  // completes the deletion.
  const deleted = {} as DeleteClientAnswer['deleted'];
  const removeRows = (tab: Exclude<ClientDataTab, 'EmailLog'>): void => {
    const found = rows[tab] as Located<TabName>[];
    deleted[tab] = found.length;
    deleteTableRows(
      refs[tab].sheet,
      found.map((l) => l.row - 2),
    );
  };
  for (const tab of CLIENT_DATA_TABS) if (tab !== 'EmailLog' && tab !== 'Clients') removeRows(tab);
  // EmailLog: the rows to the client lose their address; any row naming the client loses the name.
  // The rows holding a needle anywhere are found by TextFinder (any case, as scrub compares), so only
  // they are read and written.
  const log = refs.EmailLog;
  const needles = [client.name.trim(), client.email.trim(), client.client_id].filter(Boolean).sort((a, b) => b.length - a.length);
  const email = client.email.trim().toLowerCase();
  const toClient = new Set(rows.EmailLog.map((l) => l.row));
  const candidates = readRecords(
    log,
    needles.flatMap((n) => findRowsContaining(log, n)),
  );
  const changed: Located<'EmailLog'>[] = [];
  for (const { row: at, record: row } of candidates) {
    const to = toClient.has(at)
      ? row.to
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x && x.toLowerCase() !== email)
          .join(', ')
      : row.to;
    const subject = scrub(row.subject, needles);
    const detail = scrub(row.detail, needles);
    const dedupeKey = scrub(row.dedupe_key, needles);
    if (to !== row.to || subject !== row.subject || detail !== row.detail || dedupeKey !== row.dedupe_key) {
      changed.push({ row: at, record: { ...row, to, subject, detail, dedupe_key: dedupeKey } });
    }
  }
  deleted.EmailLog = rows.EmailLog.length;
  updateRecords(log, changed);
  removeRows('Clients');
  writeDashboard(ss);
  return { client, deleted };
}
