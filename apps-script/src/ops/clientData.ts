// clientData: every row about one client, by tab, for the client's coach and admins — the answer to
// "what do you hold about me?". Confidential notes are stored as envelopes and leave as they are.
import { CLIENT_DATA_TABS, type ClientDataAnswer } from '../../../shared/api';
import type { TabName } from '../../../shared/schema';
import { toWire } from '../sheet';
import { clientRows, holdsClientData } from './client-rows';
import type { OpContext } from './context';

export function clientData({ ss, coach, request }: OpContext<'clientData'>): ClientDataAnswer {
  const { client, tables, indexes } = clientRows(ss, request.clientId, holdsClientData(coach));
  const tabs = {} as Record<string, unknown[]>;
  for (const tab of CLIENT_DATA_TABS) {
    const rows = tables[tab].rows as unknown as Parameters<typeof toWire<TabName>>[0][];
    tabs[tab] = indexes[tab].map((i) => toWire(rows[i]!));
  }
  return { clientId: client.client_id, tabs: tabs as ClientDataAnswer['tabs'] };
}
