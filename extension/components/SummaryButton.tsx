import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ClientSummaryAnswer } from '../../shared/api';
import type { WireRow } from '../../shared/schema';
import { callWebApp } from '../lib/api';
import { describeApiError, describeThrown } from '../lib/errors';
import type { StoredConnection } from '../lib/storage';

type Preview = Required<Pick<ClientSummaryAnswer, 'to' | 'subject' | 'html' | 'text'>>;
type State =
  | { step: 'idle' }
  | { step: 'loading' }
  | { step: 'preview'; email: Preview }
  | { step: 'sending'; email: Preview }
  | { step: 'sent'; to: string }
  | { step: 'error'; message: string; email?: Preview };

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/**
 * "Progress summary…": first shows the exact email the client would get (clientSummary with
 * `preview`, nothing sent), and sends it only when the coach confirms; Print… opens the same report in a
 * tab of its own to print (ReportPage). A client without an email address in the sheet gets no Send, but
 * the report is still there to print; a client with nothing to report yet is told so by the web app. Not
 * offered to a leader for a client they do not coach.
 */
export function SummaryButton({ connection, client }: { connection: StoredConnection; client: WireRow<'Clients'> | undefined }) {
  const online = useOnline();
  const [state, setState] = useState<State>({ step: 'idle' });
  const dialog = useRef<HTMLDialogElement | null>(null);
  const clientId = client?.client_id ?? '';
  useEffect(() => setState({ step: 'idle' }), [clientId]);
  const email = state.step === 'preview' || state.step === 'sending' ? state.email : state.step === 'error' ? state.email : undefined;
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (email && !d.open) d.showModal();
    if (!email && d.open) d.close();
  }, [email]);
  // A leader's panel lists every client, but a client's own summary is their coach's (or an admin's) to
  // send; the web app refuses it to a leader who does not coach the client.
  const theirs = connection.coach.role !== 'leader' || client?.coach_id === connection.coach.coach_id;
  if (!online || !client || !theirs) return null;

  const fail = (error: unknown, previewed?: Preview) =>
    setState({ step: 'error', message: describeThrown(error), ...(previewed ? { email: previewed } : {}) });
  const preview = async () => {
    setState({ step: 'loading' });
    try {
      const answer = await callWebApp(connection, 'clientSummary', { clientId, preview: true });
      if (!answer.ok) return setState({ step: 'error', message: describeApiError(answer.error) });
      const { to, subject = '', html = '', text = '' } = answer;
      setState({ step: 'preview', email: { to, subject, html, text } });
    } catch (error) {
      fail(error);
    }
  };
  const send = async (previewed: Preview) => {
    setState({ step: 'sending', email: previewed });
    try {
      const answer = await callWebApp(connection, 'clientSummary', { clientId });
      if (!answer.ok) return setState({ step: 'error', message: describeApiError(answer.error), email: previewed });
      setState({ step: 'sent', to: answer.to });
    } catch (error) {
      fail(error, previewed);
    }
  };
  // The report to hand over on paper (or as a PDF): in a tab of its own, a whole page to read and print
  // rather than the narrow panel; nothing is sent.
  const openPrintable = () => browser.tabs.create({ url: browser.runtime.getURL(`/report.html?client=${encodeURIComponent(clientId)}`) });
  const message =
    state.step === 'loading'
      ? 'Preparing the summary…'
      : state.step === 'sent'
        ? `Sent to ${state.to}.`
        : state.step === 'error' && !state.email
          ? `Not sent: ${state.message}`
          : '';
  return (
    <div class="summary">
      <button type="button" class="link" disabled={state.step === 'loading'} onClick={() => void preview()}>
        Progress summary…
      </button>
      <p class={state.step === 'error' && !state.email ? 'error' : 'hint'} role="status">
        {message}
      </p>
      <dialog
        ref={dialog}
        class="summary-preview"
        aria-labelledby="summary-title"
        onClose={() => setState((s) => (s.step === 'sent' ? s : { step: 'idle' }))}
      >
        {email && (
          <>
            <h2 id="summary-title">{email.to ? 'Send this summary?' : 'Progress summary'}</h2>
            <dl class="details">
              <dt>To</dt>
              <dd>{email.to || 'No email address in the sheet: print it, or add the address to send it.'}</dd>
              <dt>Subject</dt>
              <dd>{email.subject}</dd>
            </dl>
            {/* The email exactly as it will look; a sandboxed frame runs nothing and loads nothing. */}
            <iframe class="summary-html" title="The email" sandbox="" srcdoc={email.html} />
            {state.step === 'error' && (
              <p class="error" role="alert">
                Not sent: {state.message}
              </p>
            )}
            <div class="row">
              {email.to && (
                <button type="button" class="primary" disabled={state.step === 'sending'} onClick={() => void send(email)}>
                  {state.step === 'sending' ? 'Sending…' : `Send to ${email.to}`}
                </button>
              )}
              <button type="button" class={email.to ? 'secondary' : 'primary'} onClick={() => void openPrintable()}>
                Print…
              </button>
              <button type="button" class="secondary" onClick={() => setState({ step: 'idle' })}>
                Cancel
              </button>
            </div>
          </>
        )}
      </dialog>
    </div>
  );
}
