// clientData: every row about one client, by tab, for the client's coach and admins — the answer to
// "what do you hold about me?". Confidential notes are stored as envelopes and leave as they are.
// The same rows make the file of the menu's "Export or delete a client's data…" (data-rights.ts).
import { CLIENT_DATA_TABS, type ClientDataAnswer } from '../../../shared/api';
import type { Row, TabName } from '../../../shared/schema';
import { toWire, type Located } from '../sheet';
import { clientRows, holdsClientData } from './client-rows';
import type { OpContext } from './context';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** The client's rows by tab (refused with bad_request on clientId unless `allowed`), and the client. */
export function clientDataOf(
  ss: Spreadsheet,
  clientId: string,
  allowed: (client: Row<'Clients'>) => boolean,
): { client: Row<'Clients'>; data: ClientDataAnswer } {
  const { client, rows } = clientRows(ss, clientId, allowed);
  const tabs = {} as Record<string, unknown[]>;
  for (const tab of CLIENT_DATA_TABS) {
    tabs[tab] = (rows[tab] as Located<TabName>[]).map((l) => toWire(l.record));
  }
  return { client, data: { clientId: client.client_id, tabs: tabs as ClientDataAnswer['tabs'] } };
}

export function clientData({ ss, coach, request }: OpContext<'clientData'>): ClientDataAnswer {
  return clientDataOf(ss, request.clientId, holdsClientData(coach)).data;
}
