import { browser } from 'wxt/browser';
import { connectionItem } from '../lib/storage';
import { useStored } from '../lib/use-stored';
import { Connected } from './Connected';
import { NotConnected } from './NotConnected';

export function PanelApp() {
  const connection = useStored(connectionItem);
  return (
    <>
      <header class="bar">
        <h1>FollowThrough</h1>
        {connection && (
          <>
            <p class="who" title={`${connection.coach.name} · ${connection.sheet.name}`}>
              {connection.sheet.name}
            </p>
            <button type="button" class="quiet" onClick={() => void browser.runtime.openOptionsPage()}>
              Settings
            </button>
          </>
        )}
      </header>
      <main>{connection === undefined ? null : connection ? <Connected connection={connection} /> : <NotConnected />}</main>
    </>
  );
}
