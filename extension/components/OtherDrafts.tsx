import type { WireRow } from '../../shared/schema';
import type { Draft } from '../lib/storage';

interface Props {
  drafts: readonly Draft[];
  clients: readonly WireRow<'Clients'>[];
  onOpen: (key: string) => void;
}

function nameOf(draft: Draft, clients: readonly WireRow<'Clients'>[]): string {
  if (draft.newClient?.name) return `${draft.newClient.name} (new client)`;
  if (!draft.clientId) return 'No client yet';
  return clients.find((c) => c.client_id === draft.clientId)?.name ?? 'A client no longer in your list';
}

/** Unsaved drafts of other clients, one click away. */
export function OtherDrafts({ drafts, clients, onOpen }: Props) {
  if (!drafts.length) return null;
  return (
    <section class="other-drafts" aria-labelledby="drafts-title">
      <h2 id="drafts-title">Unsaved drafts</h2>
      <ul>
        {drafts.map((draft) => {
          const name = nameOf(draft, clients);
          return (
            <li key={draft.clientId}>
              <span>{name}</span>
              <button type="button" class="link" onClick={() => onOpen(draft.clientId)}>
                Open<span class="sr-only"> the draft: {name}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
