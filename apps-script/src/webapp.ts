// The web app: doPost answers the capture API of PRODUCT.md. Every answer is JSON (Apps Script cannot
// set status codes); a failed request writes nothing.
import { parseRequest, type ApiError, type Op } from '../../shared/api';
import { findCoachByToken } from './auth';
import { RequestError } from './errors';
import { clientSummary } from './client-summary';
import { afterCapture, capture } from './ops/capture';
import { clientData } from './ops/clientData';
import { deleteClient } from './ops/deleteClient';
import { editSession } from './ops/editSession';
import type { AnyContext, OpContext } from './ops/context';
import { hello } from './ops/hello';
import { setNoteKey } from './ops/setNoteKey';
import { sync } from './ops/sync';
import { updateClient } from './ops/updateClient';
import { updateItems } from './ops/updateItems';
import { health } from './deployment';
import { showIcs } from './ics';
import { rememberWebAppUrl } from './links';
import { showPage } from './pages';
import { tryWithScriptLock } from './services';
import { readTable, SetupError, spreadsheet } from './sheet';

/** How long a write waits for the script lock before answering `busy`. */
const LOCK_WAIT_MS = 20_000;

interface Handler<K extends Op> {
  writes: boolean;
  run: (ctx: OpContext<K>) => object;
  /**
   * What follows the op once its writes are flushed (committed), still under the lock: an email about
   * what was stored. Its failure must not fail the request (the op's writes stay): it answers how it went.
   */
  afterCommit?: (ctx: OpContext<K>, answer: never) => object;
}
const HANDLERS: { [K in Op]: Handler<K> } = {
  hello: { writes: false, run: hello },
  sync: { writes: false, run: sync },
  capture: { writes: true, run: capture, afterCommit: afterCapture },
  updateItems: { writes: true, run: updateItems },
  updateClient: { writes: true, run: updateClient },
  clientSummary: { writes: true, run: clientSummary },
  clientData: { writes: false, run: clientData },
  deleteClient: { writes: true, run: deleteClient },
  editSession: { writes: true, run: editSession },
  setNoteKey: { writes: true, run: setNoteKey },
};

function json(payload: object): GoogleAppsScript.Content.TextOutput {
  return ContentService.createTextOutput(JSON.stringify(payload)).setMimeType(ContentService.MimeType.JSON);
}

function failure(error: ApiError): object {
  return { ok: false, error };
}

/** Handles one request body; never throws. */
export function handleRequest(body: string): object {
  const parsed = parseRequest(body);
  if (!parsed.ok) return failure(parsed.error);
  const { request } = parsed;
  const handler = HANDLERS[request.op] as Handler<Op>;
  try {
    const ss = spreadsheet();
    const coaches = readTable(ss, 'Coaches');
    const coach = findCoachByToken(coaches, request.token);
    if (!coach)
      return failure({
        code: 'unauthorized',
        message: 'This connection code is not valid (revoked or mistyped). Ask your program lead for a new one.',
      });
    const run = (): object => {
      const ctx: AnyContext = { ss, request, coach, coaches, timeZone: ss.getSpreadsheetTimeZone(), now: new Date() };
      let answer = handler.run(ctx);
      if (handler.afterCommit) {
        // The op's writes are applied before what follows them (an email about what was stored).
        if (handler.writes) SpreadsheetApp.flush();
        answer = handler.afterCommit(ctx, answer as never);
      }
      return { ok: true, ...answer };
    };
    if (!handler.writes) return run();
    return tryWithScriptLock(run, LOCK_WAIT_MS, () =>
      failure({ code: 'busy', message: 'The sheet is busy; the capture will be sent again shortly.' }),
    );
  } catch (err) {
    if (err instanceof RequestError) return failure(err.toApiError());
    if (err instanceof SetupError) return failure({ code: 'internal', message: err.message });
    console.error(err);
    return failure({ code: 'internal', message: `The add-on failed: ${err instanceof Error ? err.message : String(err)}` });
  }
}

/** Keeps the /exec URL this request reached; a failure here must not fail the request. */
function noteUrl(): void {
  try {
    rememberWebAppUrl();
  } catch (err) {
    console.error(err);
  }
}

/** The capture API: a text/plain body holding JSON. */
export function doPost(e: GoogleAppsScript.Events.DoPost): GoogleAppsScript.Content.TextOutput {
  noteUrl();
  const body = typeof e?.postData?.contents === 'string' ? e.postData.contents : '';
  return json(handleRequest(body));
}

/**
 * A page opened from an email link (`?page=item|prep|optout&t=…`), or the calendar file of a recap
 * (`?page=ics&t=…`); GET never changes anything.
 */
export function doGet(e: GoogleAppsScript.Events.DoGet): GoogleAppsScript.Content.TextOutput | GoogleAppsScript.HTML.HtmlOutput {
  noteUrl();
  if (e?.parameter?.page === 'health') return json(health());
  if (e?.parameter?.page === 'ics') return showIcs(typeof e.parameter.t === 'string' ? e.parameter.t : '');
  if (typeof e?.parameter?.page === 'string') return showPage(e.parameter);
  return json({ ok: true, service: 'FollowThrough', message: 'POST captures here as text/plain JSON; see PRODUCT.md.' });
}
