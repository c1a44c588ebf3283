// The program admin's menu actions for a client's data and a departing coach (issue 23):
// - "Export or delete a client's data…": the rows clientData returns (every row about the client, by tab;
//   confidential notes stay envelopes), offered as a JSON file the person downloads from the dialog;
//   and, below it, deleting that client ("delete me"): the rows deleteClient removes, confirmed by
//   typing the client's name, under the script lock.
// - "Hand over clients or revoke a coach…": move a coach's clients to another active coach (reminders
//   then reply to the new coach, as updateClient.coachId does), and revoke a coach (active = FALSE:
//   their connection code stops working at once) — asking first when they still have clients who are
//   not closed, so nobody's reminders reply to a coach who has left.
// Menu items need the sheet's UI; dialog calls carry the capability issued when the dialog opened
// (guards.ts). A person at the sheet is one of its editors, who can read every tab anyway: the export
// gathers what they can already see, it reveals nothing more.
// Dialog downloads: HtmlService serves dialogs in a sandboxed iframe whose sandbox includes
// allow-downloads ("HTML Service: Restrictions", IFRAME mode keywords), so an <a download> link made in
// the dialog saves the file; the local sheet host's dialog frame allows downloads and nothing more.
import { plainError } from './errors';
import { byLabel, clientChoice, showModalDialog, type ClientChoice } from './dialogs';
import { checkCapability } from './guards';
import { clientDataOf } from './ops/clientData';
import { deleteClientRows } from './ops/deleteClient';
import { findRecords, openTable, readTable, spreadsheet, updateRecords, type Located } from './sheet';
import { withScriptLock } from './services';

const LOCK_WAIT_MS = 30_000;

function withLock<T>(run: () => T): T {
  return withScriptLock(run, LOCK_WAIT_MS);
}

// ---- Export or delete a client's data ------------------------------------------------------------

export function showClientDataDialog(): void {
  showModalDialog('clientData', 'ClientDataDialog', 'Export or delete a client’s data', 'Export or delete a client’s data', [460, 600]);
}

/** The dialog's list; `name` is what the person types to confirm a deletion. */
export function clientsForExport(capability: string): Array<ClientChoice & { name: string }> {
  checkCapability(capability, 'clientData');
  return readTable(spreadsheet(), 'Clients')
    .rows.filter((c) => c.client_id)
    .map((c) => ({ ...clientChoice(c), name: c.name.trim() }))
    .sort(byLabel);
}

export interface ClientDataFile {
  fileName: string;
  mimeType: string;
  content: string;
  /** Rows in the file, by tab. */
  counts: Record<string, number>;
}

/** The file of one client's data: what clientData answers, with where and when it was exported. */
export function exportClientData(capability: string, clientId: string): ClientDataFile {
  checkCapability(capability, 'clientData');
  return plainError(() => {
    const ss = spreadsheet();
    const { client, data } = clientDataOf(ss, String(clientId), () => true);
    const exportedAt = new Date();
    const file = {
      format: 'followthrough.clientData/1',
      program: ss.getName(),
      exportedAt: exportedAt.toISOString(),
      note: 'Every row the program’s sheet holds about this client, by tab, with the sheet’s column names, as stored: a confidential session’s notes sealed by the coach’s extension stay an encrypted envelope (ft-enc1.…) that only that coach’s key opens.',
      ...data,
    };
    const slug =
      client.name
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40) || client.client_id;
    const counts: Record<string, number> = {};
    for (const [tab, rows] of Object.entries(data.tabs)) counts[tab] = (rows as unknown[]).length;
    return {
      fileName: `followthrough-${slug}-${exportedAt.toISOString().slice(0, 10)}.json`,
      mimeType: 'application/json',
      content: JSON.stringify(file, null, 2),
      counts,
    };
  });
}

/**
 * "Delete me" from the dialog: the client's rows leave every tab and the email log is scrubbed, as
 * deleteClient does for an admin's request. A person at the sheet is one of its editors, who could delete
 * the rows by hand; typing the client's name guards against the wrong client, not against them.
 */
export function deleteClientData(
  capability: string,
  clientId: string,
  confirmName: string,
): { name: string; deleted: Record<string, number> } {
  checkCapability(capability, 'clientData');
  return plainError(() =>
    withLock(() => {
      const ss = spreadsheet();
      const { client, deleted } = deleteClientRows(ss, String(clientId ?? ''), String(confirmName ?? ''));
      return { name: client.name, deleted };
    }),
  );
}

// ---- Hand over clients, revoke a coach -------------------------------------------------------------

export function showHandoverDialog(): void {
  showModalDialog('handover', 'HandoverDialog', 'Hand over clients or revoke a coach', 'Hand over clients or revoke a coach', [520, 620]);
}

export interface HandoverCoach {
  coachId: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
  clients: Array<ClientChoice & { stage: string; open: boolean }>;
}

/** A client still being coached: any stage but closed (an empty stage counts as being coached). */
const stillCoached = (stage: string) => stage !== 'closed';

export function handoverState(capability: string): HandoverCoach[] {
  checkCapability(capability, 'handover');
  const ss = spreadsheet();
  const clients = readTable(ss, 'Clients').rows.filter((c) => c.client_id);
  return readTable(ss, 'Coaches')
    .rows.filter((c) => c.coach_id)
    .map((c) => ({
      coachId: c.coach_id,
      name: c.name,
      email: c.email,
      role: c.role,
      active: c.active === true,
      clients: clients
        .filter((cl) => cl.coach_id === c.coach_id)
        .map((cl) => ({ ...clientChoice(cl), stage: cl.stage, open: stillCoached(cl.stage) }))
        .sort((a, b) => Number(b.open) - Number(a.open) || a.label.localeCompare(b.label)),
    }))
    .sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
}

/**
 * Moves the given clients of `fromCoachId` to `toCoachId` (an active coach). Everything is checked
 * before the first write: a client who is not (or no longer) the first coach's is refused by name.
 */
export function handOverClients(
  capability: string,
  fromCoachId: string,
  toCoachId: string,
  clientIds: string[],
): { moved: number; to: string } {
  checkCapability(capability, 'handover');
  const from = String(fromCoachId);
  const to = String(toCoachId);
  const ids = Array.isArray(clientIds) ? [...new Set(clientIds.map(String))] : [];
  if (!ids.length) throw new Error('Choose at least one client to hand over.');
  if (from === to) throw new Error('Choose another coach to hand the clients to.');
  return withLock(() => {
    const ss = spreadsheet();
    const coaches = readTable(ss, 'Coaches').rows;
    const target = coaches.find((c) => c.coach_id === to && c.active === true);
    if (!target) throw new Error('The coach to hand over to is not an active coach of the program.');
    // The clients' rows, found by key (one search of client_id, sheet.ts) and checked again under the
    // lock: the dialog's list may be old.
    const table = openTable(ss, 'Clients');
    const found = new Map<string, Located<'Clients'>>();
    for (const l of findRecords(table, 'client_id', ids)) found.set(l.record.client_id, l);
    for (const id of ids) {
      const l = found.get(id);
      if (!l || l.record.coach_id !== from)
        throw new Error(
          `${l ? l.record.name : id} is not ${coaches.find((c) => c.coach_id === from)?.name ?? 'that coach'}’s client any more: reopen the dialog.`,
        );
    }
    const now = new Date();
    const moved = [...found.values()].map((l) => ({ row: l.row, record: { ...l.record, coach_id: to, updated_at: now } }));
    updateRecords(table, moved);
    return { moved: moved.length, to: target.name };
  });
}

export interface RevokeResult {
  revoked: boolean;
  name: string;
  /** Clients still assigned to the coach and not closed: the admin is asked to hand them over first. */
  clients: ClientChoice[];
}

/**
 * Revokes a coach (active = FALSE; their token is refused from then on). When they still have clients
 * who are not closed, nothing is written unless `leaveClients` is true: the dialog asks the admin to
 * hand them over first.
 */
export function revokeCoach(capability: string, coachId: string, leaveClients: boolean = false): RevokeResult {
  checkCapability(capability, 'handover');
  const id = String(coachId);
  return withLock(() => {
    const ss = spreadsheet();
    const coaches = openTable(ss, 'Coaches');
    const coach = findRecords(coaches, 'coach_id', [id])[0];
    if (!coach) throw new Error('No such coach.');
    const active = readTable(ss, 'Clients').rows.filter((c) => c.client_id && c.coach_id === id && stillCoached(c.stage));
    const clients = active.map(clientChoice);
    if (clients.length && leaveClients !== true) return { revoked: false, name: coach.record.name, clients };
    if (coach.record.active === true) updateRecords(coaches, [{ row: coach.row, record: { ...coach.record, active: false } }]);
    return { revoked: true, name: coach.record.name, clients };
  });
}
