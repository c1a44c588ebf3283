// The rows about one client, tab by tab (PRODUCT.md: clientData, deleteClient). Every tab but EmailLog
// names the client in its client_id column; EmailLog holds the emails sent to the client's address.
import { CLIENT_DATA_TABS, type ClientDataTab } from '../../../shared/api';
import type { Row } from '../../../shared/schema';
import type { Coach } from '../auth';
import { badRequest } from '../errors';
import { readTable, type Table } from '../sheet';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface ClientRows {
  client: Row<'Clients'>;
  tables: { [T in ClientDataTab]: Table<T> };
  /** Row indexes (into each table's rows) about the client, ascending. */
  indexes: { [T in ClientDataTab]: number[] };
}

/** The addresses of one EmailLog `to` cell (one address, or several separated by commas). */
export function addressesOf(to: string): string[] {
  return to.split(',').map((a) => a.trim().toLowerCase()).filter(Boolean);
}

/**
 * Finds the client (refused with bad_request on `clientId` when it does not exist or the caller may
 * not see it: `allowed` decides) and the indexes of every row about it.
 */
export function clientRows(ss: Spreadsheet, clientId: string, allowed: (client: Row<'Clients'>) => boolean): ClientRows {
  const clients = readTable(ss, 'Clients');
  const client = clients.rows.find((c) => c.client_id === clientId);
  if (!client || !allowed(client)) throw badRequest('clientId', `No client ${JSON.stringify(clientId)} among your clients.`);
  const tables = { Clients: clients } as { [T in ClientDataTab]: Table<T> };
  const indexes = {} as { [T in ClientDataTab]: number[] };
  const email = client.email.trim().toLowerCase();
  for (const tab of CLIENT_DATA_TABS) {
    const table = tab === 'Clients' ? clients : readTable(ss, tab);
    (tables as Record<string, Table<ClientDataTab>>)[tab] = table;
    const about = (row: Record<string, unknown>): boolean =>
      tab === 'EmailLog' ? email !== '' && addressesOf(String(row.to)).includes(email) : row.client_id === clientId;
    indexes[tab] = table.rows.flatMap((row, i) => (about(row as Record<string, unknown>) ? [i] : []));
  }
  return { client, tables, indexes };
}

/** The client's coach and admins (leaders see figures, not a client's records). */
export function holdsClientData(coach: Coach): (client: Row<'Clients'>) => boolean {
  return (client) => coach.role === 'admin' || client.coach_id === coach.coach_id;
}
