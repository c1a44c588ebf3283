// The rows about one client, tab by tab (PRODUCT.md: clientData, deleteClient). Every tab but EmailLog
// names the client in its client_id column; EmailLog holds the emails sent to the client's address.
// Found by key (sheet.ts): a TextFinder search of client_id in each tab, of the address in EmailLog's
// `to` column; only the matching rows are read, whatever the size of the program.
import { CLIENT_DATA_TABS, type ClientDataTab } from '../../../shared/api';
import type { Row } from '../../../shared/schema';
import type { Coach } from '../auth';
import { badRequest } from '../errors';
import { findRecord, findRecords, findRowsContaining, openTable, readRecords, type Located, type TableRef } from '../sheet';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface ClientRows {
  client: Row<'Clients'>;
  refs: { [T in ClientDataTab]: TableRef<T> };
  /** The rows about the client, in sheet order, with where they are. */
  rows: { [T in ClientDataTab]: Located<T>[] };
}

/** The addresses of one EmailLog `to` cell (one address, or several separated by commas). */
export function addressesOf(to: string): string[] {
  return to
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * Finds the client (refused with bad_request on `clientId` when it does not exist or the caller may
 * not see it: `allowed` decides) and every row about it.
 */
export function clientRows(ss: Spreadsheet, clientId: string, allowed: (client: Row<'Clients'>) => boolean): ClientRows {
  const clients = openTable(ss, 'Clients');
  const found = findRecord(clients, 'client_id', clientId);
  if (!found || !allowed(found.record)) throw badRequest('clientId', `No client ${JSON.stringify(clientId)} among your clients.`);
  const client = found.record;
  const refs = { Clients: clients } as { [T in ClientDataTab]: TableRef<T> };
  const rows = {} as { [T in ClientDataTab]: Located<T>[] };
  const email = client.email.trim().toLowerCase();
  for (const tab of CLIENT_DATA_TABS) {
    const ref = tab === 'Clients' ? clients : openTable(ss, tab);
    (refs as Record<string, TableRef<ClientDataTab>>)[tab] = ref;
    if (tab === 'EmailLog') {
      const log = ref as TableRef<'EmailLog'>;
      rows.EmailLog =
        email === '' ? [] : readRecords(log, findRowsContaining(log, email, 'to')).filter((l) => addressesOf(l.record.to).includes(email));
    } else {
      (rows as Record<string, Located<ClientDataTab>[]>)[tab] = findRecords(ref as TableRef<'Goals'>, 'client_id', [clientId]);
    }
  }
  return { client, refs, rows };
}

/** The client's coach and admins (leaders see figures, not a client's records). */
export function holdsClientData(coach: Coach): (client: Row<'Clients'>) => boolean {
  return (client) => coach.role === 'admin' || client.coach_id === coach.coach_id;
}
