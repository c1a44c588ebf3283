import { useEffect, useState } from 'preact/hooks';
import { callWebApp } from '../lib/api';
import type { StoredConnection } from '../lib/storage';

type State = { step: 'idle' } | { step: 'sending' } | { step: 'sent'; to: string } | { step: 'error'; message: string };

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

/** "Send progress summary": asks the web app to email the chosen client's summary now (not queued). */
export function SummaryButton({ connection, clientId }: { connection: StoredConnection; clientId: string }) {
  const online = useOnline();
  const [state, setState] = useState<State>({ step: 'idle' });
  useEffect(() => setState({ step: 'idle' }), [clientId]);
  if (!online || !clientId) return null;
  const send = async () => {
    setState({ step: 'sending' });
    try {
      const answer = await callWebApp(connection, 'clientSummary', { clientId });
      setState(answer.ok ? { step: 'sent', to: answer.to } : { step: 'error', message: answer.error.message });
    } catch (error) {
      setState({ step: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <div class="summary">
      <button type="button" class="link" disabled={state.step === 'sending'} onClick={() => void send()}>
        {state.step === 'sending' ? 'Sending progress summary…' : 'Send progress summary'}
      </button>
      <p class={state.step === 'error' ? 'error' : 'hint'} role="status">
        {state.step === 'sent' ? `Sent to ${state.to}` : state.step === 'error' ? `Not sent: ${state.message}` : ''}
      </p>
    </div>
  );
}
