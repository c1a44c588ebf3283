import { browser } from 'wxt/browser';

export function NotConnected() {
  return (
    <section class="card">
      <h2>Connect to your program’s sheet</h2>
      <p>
        FollowThrough saves your session notes and action items to your coaching program’s Google Sheet. Paste the connection code from your
        invitation to start.
      </p>
      <button type="button" class="primary" onClick={() => void browser.runtime.openOptionsPage()}>
        Open settings
      </button>
    </section>
  );
}
