import { useEffect, useRef, useState } from 'preact/hooks';
import { callWebApp } from '../lib/api';
import { describeApiError, describeThrown } from '../lib/errors';
import { connectionItem } from '../lib/storage';

type State = { step: 'loading' } | { step: 'error'; message: string } | { step: 'ready'; subject: string; html: string };

/**
 * The client's progress report in a tab of its own, to print or save as a PDF (issue 25: a report a coach
 * hands a client or a sponsor). It is the email the client would get (clientSummary with `preview`:
 * nothing is sent or written), shown in a frame that runs nothing and prints on its own, with the report's
 * print CSS (@page margins, A4 and Letter). Opened from the panel's summary preview: report.html?client=<id>.
 */
export function ReportPage({ clientId }: { clientId: string }) {
  const [state, setState] = useState<State>({ step: 'loading' });
  const frame = useRef<HTMLIFrameElement | null>(null);

  useEffect(() => {
    let live = true;
    const settle = (next: State) => live && setState(next);
    void (async () => {
      try {
        const connection = await connectionItem.getValue();
        if (!connection)
          return settle({
            step: 'error',
            message: 'FollowThrough is not connected to a program sheet: paste your connection code in its settings.',
          });
        if (!clientId)
          return settle({ step: 'error', message: 'No client was chosen: open the report from the panel’s Progress summary.' });
        const answer = await callWebApp(connection, 'clientSummary', { clientId, preview: true });
        if (!answer.ok) return settle({ step: 'error', message: describeApiError(answer.error) });
        settle({ step: 'ready', subject: answer.subject ?? 'Progress report', html: answer.html ?? '' });
      } catch (error) {
        settle({ step: 'error', message: describeThrown(error) });
      }
    })();
    return () => {
      live = false;
    };
  }, [clientId]);

  useEffect(() => {
    if (state.step === 'ready') document.title = `${state.subject} · FollowThrough`;
  }, [state]);

  /** Prints the report's own document (the frame), not this page around it. */
  const print = () => {
    const view = frame.current?.contentWindow;
    if (!view) return;
    view.focus();
    view.print();
  };

  // Ctrl/Cmd+P on this tab prints the report too: the browser's own print of this page would cut the
  // frame at the first page's end.
  useEffect(() => {
    if (state.step !== 'ready') return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'p') {
        event.preventDefault();
        print();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [state.step]);

  /** The frame as tall as the report, so the tab scrolls once; again when the tab's width changes. */
  const fit = () => {
    const doc = frame.current?.contentDocument;
    if (!frame.current || !doc) return;
    frame.current.style.height = '0px'; // the report's own height, not the frame's
    frame.current.style.height = `${doc.documentElement.scrollHeight + 2}px`;
  };
  useEffect(() => {
    if (state.step !== 'ready') return;
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, [state.step]);

  return (
    <main class="report-page">
      <div class="toolbar">
        <h1>{state.step === 'ready' ? state.subject : 'Progress report'}</h1>
        {state.step === 'ready' && (
          <button type="button" class="primary" onClick={print}>
            Print…
          </button>
        )}
      </div>
      {state.step === 'loading' && <p role="status">Preparing the report…</p>}
      {state.step === 'error' && (
        <p class="error" role="alert">
          No report: {state.message}
        </p>
      )}
      {state.step === 'ready' && (
        <>
          <p class="hint">Nothing is sent from this page. Choose A4 or Letter, or Save as PDF, in the print dialog.</p>
          {/* Scripts never run in the report (no allow-scripts); allow-same-origin lets this page print and
              size the frame, allow-modals lets the frame's print dialog open. */}
          <iframe
            ref={frame}
            class="report-paper"
            title="The progress report"
            sandbox="allow-same-origin allow-modals"
            srcdoc={state.html}
            onLoad={fit}
          />
        </>
      )}
    </main>
  );
}
