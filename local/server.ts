// Serves the bundle as Apps Script serves a web app, on 127.0.0.1 only:
// - POST/GET /exec runs doPost/doGet; a ContentService answer comes back as Apps Script's 302 to a
//   one-time echo URL, which the client fetches with GET (fetch turns the POST into a GET). No status
//   codes or headers of the script's own: a script error is a 200 HTML page, as in Apps Script.
//   An HtmlService answer is served as Google serves it: a top page around a sandboxed frame holding
//   the script's HTML, whose google.script.run reaches the bundle through POST /__webapp/run as the web
//   app runs (as the owner, for an anonymous visitor; see local/webapp-page.ts).
// - /dev is the test deployment's URL, which on Google only the script's editors can open: anyone else
//   meets a sign-in page, never the API.
// - GET / is the sheet host: the tabs as tables and the add-on menu (from onOpen) as buttons.
// - POST /__host/call lets other CLI commands on this data dir call a global through this process.
import { escapeHtml } from '../shared/html';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withShim } from './dialog-bridge';
import { OWNER_EMAIL } from './host/sheets';
import { openDialogAsync } from './editor';
import type { ExecContext } from './host/host';
import { WEBAPP_FRAME_CSP, webAppFrame, webAppTopPage, type ServedPage } from './webapp-page';
import type { ShownDialog } from './host/ui';
import { renderHostPage } from './host-page';
import { unwrap, type Runtime } from './runtime';
import { StoreWriteError } from './store/store';

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const ECHO_TTL_MS = 60_000;
/** How long a served page's google.script.run keeps working without a reload. */
const PAGE_TTL_MS = 60 * 60_000;
const MAX_PAGES = 500;

export interface ServeOptions {
  port: number;
  secret: string;
  log?: (line: string) => void;
  /** Who is at the keyboard of the sheet host page (menus, dialogs); the owner when not given. */
  user?: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'access-control-allow-origin': '*', 'cache-control': 'no-store', ...headers });
  res.end(body);
}

/**
 * TextOutput.downloadAsFile: `attachment` with the name (RFC 6266 §4.1), as a quoted string when it is
 * plain ASCII, else as an ASCII fallback with the exact name in `filename*` (RFC 6266 §4.3, RFC 5987).
 */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  if (ascii === fileName) return `attachment; filename="${fileName}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function scriptErrorPage(message: string): string {
  return `<!doctype html><html><head><title>Error</title></head><body><div>${escapeHtml(message)}</div></body></html>`;
}

export class WebAppServer {
  private readonly server: Server;
  private readonly echoes = new Map<string, { content: string; mimeType: string; fileName?: string; expires: number }>();
  private flash = '';
  /** Dialogs shown by menu items, by id, until the page that shows them is closed. */
  private readonly dialogs = new Map<string, ShownDialog>();
  /** Pages the web app served, by id, for their frame and their google.script.run. */
  private readonly pages = new Map<string, ServedPage & { content: string; expires: number }>();
  port = 0;

  constructor(
    private readonly runtime: Runtime,
    private readonly options: ServeOptions,
  ) {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        this.log(`request failed: ${String(err)}`);
        if (!res.headersSent) send(res, 500, 'text/plain', 'Local runtime error');
      });
    });
  }

  /** The person at the keyboard of the sheet host page. */
  private get keyboard(): ExecContext {
    return this.runtime.asUser(this.options.user ?? this.runtime.owner);
  }

  private log(line: string): void {
    (this.options.log ?? ((l) => process.stderr.write(`${l}\n`)))(line);
  }

  get execUrl(): string {
    return `http://127.0.0.1:${this.port}/exec`;
  }
  get hostUrl(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.runtime.webAppUrl = this.execUrl;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      // Apps Script answers no CORS preflight; clients must send text/plain "simple" requests.
      return send(res, 405, 'text/html', scriptErrorPage('Method not allowed'));
    }
    if (url.pathname === '/exec' && (method === 'POST' || method === 'GET')) return this.exec(req, res, url, method);
    if (url.pathname === '/echo' && method === 'GET') return this.echo(res, url);
    if (url.pathname === '/dev') return this.dev(res);
    if (url.pathname === '/__webapp/frame' && method === 'GET') return this.webAppFrame(res, url);
    if (url.pathname === '/__webapp/run' && method === 'POST') return this.webAppRun(req, res);
    if (url.pathname === '/' && method === 'GET') return this.hostPage(res, url);
    if (url.pathname === '/__host/menu' && method === 'POST') return this.menu(req, res);
    if (url.pathname === '/__host/call' && method === 'POST') return this.call(req, res);
    if (url.pathname === '/__host/dialog' && method === 'GET') return this.dialog(res, url);
    if (url.pathname === '/__host/run' && method === 'POST') return this.scriptRun(req, res);
    if (url.pathname === '/__host/cell' && method === 'GET') return this.cellForEdit(req, res, url);
    if (url.pathname === '/__host/edit' && method === 'POST') return this.edit(req, res);
    send(res, 404, 'text/html', scriptErrorPage('Sorry, unable to open the file at this time.'));
  }

  private async exec(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
    let body: string;
    try {
      body = method === 'POST' ? await readBody(req) : '';
    } catch {
      return send(res, 200, 'text/html', scriptErrorPage('The request is too large.'));
    }
    const parameter: Record<string, string> = {};
    const parameters: Record<string, string[]> = {};
    // As in Apps Script, the fields of a form POST join the query string's in e.parameter(s).
    const form = method === 'POST' && req.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(body) : null;
    for (const [k, v] of [...url.searchParams, ...(form ?? [])]) {
      parameter[k] ??= v;
      (parameters[k] ??= []).push(v);
    }
    const e: Record<string, unknown> = {
      queryString: url.search.slice(1),
      parameter,
      parameters,
      contextPath: '',
      contentLength: method === 'POST' ? Buffer.byteLength(body) : -1,
    };
    if (method === 'POST') {
      e.postData = { contents: body, length: Buffer.byteLength(body), type: req.headers['content-type']?.split(';')[0] ?? 'text/plain', name: 'postData' };
    }
    let value;
    try {
      ({ value } = await this.runtime.executeIn(this.runtime.webApp, method === 'POST' ? 'doPost' : 'doGet', e));
    } catch (err) {
      if (err instanceof StoreWriteError) {
        // The script's answer said done, but its changes could not be written (full or failing disk):
        // the client gets the API's error answer instead, so it keeps the capture and sends it again.
        this.log(`A ${method} to /exec was refused: ${err.message}`);
        if (method === 'GET') return send(res, 200, 'text/html', scriptErrorPage(err.message));
        const content = JSON.stringify({ ok: false, error: { code: err.answerCode, message: err.message } });
        return this.answerWithEcho(res, { mimeType: 'application/json', content });
      }
      this.log(`doPost/doGet failed: ${(err as Error)?.message ?? String(err)}`);
      return send(res, 200, 'text/html', scriptErrorPage(`${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? String(err)}`));
    }
    if (value.kind === 'html') return this.servePage(res, value);
    if (value.kind !== 'text') {
      return send(res, 200, 'text/html', scriptErrorPage('The script completed but did not return anything.'));
    }
    this.answerWithEcho(res, value);
  }

  /** Apps Script's answer to a ContentService output: a 302 to a one-time echo URL that serves it. */
  private answerWithEcho(res: ServerResponse, value: { content: string; mimeType: string; fileName?: string }): void {
    const key = randomBytes(18).toString('base64url');
    const now = Date.now();
    for (const [k, v] of this.echoes) if (v.expires < now) this.echoes.delete(k);
    this.echoes.set(key, { content: value.content, mimeType: value.mimeType, ...(value.fileName !== undefined ? { fileName: value.fileName } : {}), expires: now + ECHO_TTL_MS });
    send(res, 302, 'text/html; charset=UTF-8', '<HTML><HEAD><TITLE>Moved Temporarily</TITLE></HEAD></HTML>', {
      location: `http://127.0.0.1:${this.port}/echo?user_content_key=${key}`,
    });
  }

  /** An HtmlService answer: the top page, whose sandboxed frame holds the script's HTML. */
  private servePage(res: ServerResponse, page: ServedPage & { content: string }): void {
    const now = Date.now();
    for (const [k, v] of this.pages) if (v.expires < now || this.pages.size > MAX_PAGES) this.pages.delete(k);
    const id = randomBytes(18).toString('base64url');
    this.pages.set(id, { content: page.content, title: page.title, metaTags: page.metaTags, expires: now + PAGE_TTL_MS });
    const nonce = randomBytes(16).toString('base64');
    send(res, 200, 'text/html; charset=utf-8', webAppTopPage(page, id, nonce), {
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; frame-src 'self'; connect-src 'self'`,
    });
  }

  private webAppFrame(res: ServerResponse, url: URL): void {
    const page = this.pages.get(url.searchParams.get('id') ?? '');
    if (!page || page.expires < Date.now()) return send(res, 404, 'text/html', scriptErrorPage('Sorry, the file you have requested does not exist.'));
    send(res, 200, 'text/html; charset=utf-8', webAppFrame(page.content), { 'content-security-policy': WEBAPP_FRAME_CSP });
  }

  /**
   * google.script.run from a page the web app served: any top-level function whose name does not end
   * in "_" ("HTML Service: Communicate with Server Functions", "Private functions"), run as the web app
   * runs — which is why every public global of the bundle is guarded.
   */
  private async webAppRun(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const page = this.pages.get(String(req.headers['x-followthrough-page'] ?? ''));
    if (!page || page.expires < Date.now()) {
      return send(res, 200, 'application/json', JSON.stringify({ ok: false, error: 'This page has expired; reload it.' }));
    }
    let call: { fn?: unknown; args?: unknown };
    try {
      call = JSON.parse(await readBody(req)) as { fn?: unknown; args?: unknown };
    } catch {
      return send(res, 200, 'application/json', JSON.stringify({ ok: false, error: 'Bad request' }));
    }
    const fn = typeof call.fn === 'string' ? call.fn : '';
    if (!fn || fn.endsWith('_') || !this.runtime.globals().includes(fn)) {
      return send(res, 200, 'application/json', JSON.stringify({ ok: false, error: `Script function not found: ${fn}` }));
    }
    try {
      const { value } = await this.runtime.executeIn(this.runtime.webApp, fn, ...(Array.isArray(call.args) ? call.args : []));
      send(res, 200, 'application/json', JSON.stringify({ ok: true, value: value.kind === 'json' ? value.value : null }));
    } catch (err) {
      send(res, 200, 'application/json', JSON.stringify({ ok: false, error: `${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? String(err)}` }));
    }
  }

  /** The test deployment: only the script's editors, signed in, reach it; the API is never there. */
  private dev(res: ServerResponse): void {
    send(res, 200, 'text/html; charset=utf-8', `<!doctype html><html><head><title>Sign in - Google Accounts</title></head><body><h1>Sign in</h1>
<p>This is the web app's test deployment (/dev): only the script's editors can open it. Use the deployment's /exec URL.</p></body></html>`);
  }

  private echo(res: ServerResponse, url: URL): void {
    const key = url.searchParams.get('user_content_key') ?? '';
    const entry = this.echoes.get(key);
    this.echoes.delete(key);
    if (!entry || entry.expires < Date.now()) {
      return send(res, 404, 'text/html', scriptErrorPage('Sorry, the file you have requested does not exist.'));
    }
    send(res, 200, `${entry.mimeType}; charset=utf-8`, entry.content, entry.fileName === undefined ? {} : { 'content-disposition': contentDisposition(entry.fileName) });
  }

  /** Opening the sheet runs onOpen, which builds the add-on menu. */
  private async ensureMenus(): Promise<void> {
    if (!this.runtime.menus.length && this.runtime.globals().includes('onOpen')) await this.runtime.executeIn(this.keyboard, 'onOpen', { authMode: 'LIMITED' });
  }

  private async hostPage(res: ServerResponse, url: URL): Promise<void> {
    await this.ensureMenus();
    const flash = this.flash;
    this.flash = '';
    const dialogId = url.searchParams.get('dialog') ?? '';
    const dialog = this.dialogs.get(dialogId);
    const nonce = randomBytes(16).toString('base64');
    const page = renderHostPage(this.runtime, {
      tab: url.searchParams.get('tab'), flash, nonce, ...(dialog ? { dialog: { id: dialogId, ...dialog } } : {}),
    });
    send(res, 200, 'text/html; charset=utf-8', page, {
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; frame-src 'self'; connect-src 'self'; form-action 'self'`,
    });
  }

  /** A dialog's HTML with google.script.* bridged; it may run scripts but reach no network. */
  private dialog(res: ServerResponse, url: URL): void {
    const dialog = this.dialogs.get(url.searchParams.get('id') ?? '');
    if (!dialog) return send(res, 404, 'text/html', scriptErrorPage('This dialog was closed.'));
    send(res, 200, 'text/html; charset=utf-8', withShim(dialog.html), {
      // A dialog's browser may fetch the web app (Check deployment reads ?page=health), as on Google.
      'content-security-policy': `default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src ${this.execUrl} http://127.0.0.1:${this.port}/echo; form-action 'none'; sandbox allow-scripts allow-forms allow-modals allow-downloads`,
    });
  }

  /** Only the host page itself may act on the workbook: not another site, not the sandboxed dialog. */
  private fromHostPage(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin === undefined || origin === `http://127.0.0.1:${this.port}`;
  }

  /** google.script.run from a dialog, relayed by the host page. */
  private async scriptRun(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A custom header and a JSON body make a cross-site request need a preflight, which is refused.
    if (req.headers['x-followthrough-host'] !== '1' || !req.headers['content-type']?.startsWith('application/json') || !this.fromHostPage(req)) {
      return send(res, 403, 'application/json', JSON.stringify({ ok: false, error: 'forbidden' }));
    }
    const { fn, args } = JSON.parse(await readBody(req)) as { fn: string; args?: unknown[] };
    if (typeof fn !== 'string' || fn.endsWith('_') || !this.runtime.globals().includes(fn)) {
      return send(res, 200, 'application/json', JSON.stringify({ ok: false, error: `Script function not found: ${fn}` }));
    }
    try {
      const { value } = await this.runtime.executeIn(this.keyboard, fn, ...(Array.isArray(args) ? args : []));
      send(res, 200, 'application/json', JSON.stringify({ ok: true, value: unwrap(value) ?? null }));
    } catch (err) {
      send(res, 200, 'application/json', JSON.stringify({ ok: false, error: (err as Error)?.message ?? String(err) }));
    }
  }

  /** The edit box of a cell the person opened in the host page. */
  private cellForEdit(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.headers['x-followthrough-host'] !== '1' || !this.fromHostPage(req)) {
      return send(res, 403, 'application/json', JSON.stringify({ ok: false, error: 'forbidden' }));
    }
    const sheets = this.runtime.host.sheets;
    const sheetId = sheets.sheetByName(url.searchParams.get('tab') ?? '');
    const row = Number(url.searchParams.get('row'));
    const col = Number(url.searchParams.get('col'));
    if (sheetId === null || !Number.isInteger(row) || !Number.isInteger(col) || row < 1 || col < 1) {
      return send(res, 200, 'application/json', JSON.stringify({ ok: false, error: 'No such cell.' }));
    }
    try {
      send(res, 200, 'application/json', JSON.stringify({ ok: true, ...sheets.cellForEdit(sheetId, row, col) }));
    } catch (err) {
      send(res, 200, 'application/json', JSON.stringify({ ok: false, error: (err as Error).message }));
    }
  }

  /**
   * A person typed into a cell and pressed Enter: the edit is saved (durably) as Sheets would take it,
   * then the bundle's simple onEdit trigger runs with Google's event object. The person is the
   * spreadsheet's owner, the one user of the local sheet host.
   */
  private async edit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A custom header and a JSON body make a cross-site request need a preflight, which is refused.
    if (req.headers['x-followthrough-host'] !== '1' || !req.headers['content-type']?.startsWith('application/json') || !this.fromHostPage(req)) {
      return send(res, 403, 'application/json', JSON.stringify({ ok: false, error: 'forbidden' }));
    }
    let body: { tab?: unknown; row?: unknown; col?: unknown; value?: unknown; confirmed?: unknown };
    try {
      body = JSON.parse(await readBody(req)) as typeof body;
    } catch {
      return send(res, 400, 'application/json', JSON.stringify({ ok: false, error: 'bad request' }));
    }
    const sheets = this.runtime.host.sheets;
    const sheetId = sheets.sheetByName(String(body.tab ?? ''));
    const row = Number(body.row);
    const col = Number(body.col);
    if (sheetId === null || !Number.isInteger(row) || !Number.isInteger(col) || row < 1 || col < 1 || typeof body.value !== 'string') {
      return send(res, 200, 'application/json', JSON.stringify({ ok: false, error: 'No such cell.' }));
    }
    let result;
    try {
      result = sheets.userEdit(sheetId, row, col, body.value, OWNER_EMAIL, body.confirmed === true);
    } catch (err) {
      return send(res, 200, 'application/json', JSON.stringify({ ok: false, error: (err as Error).message }));
    }
    if (!result.ok) return send(res, 200, 'application/json', JSON.stringify(result));
    try {
      await this.runtime.store.commit();
    } catch (err) {
      // Not saved (full or failing disk): the edit is undone and the person told why.
      return send(res, 200, 'application/json', JSON.stringify({ ok: false, error: (err as Error).message }));
    }
    const { ok: _ok, ...values } = result;
    try {
      await this.runtime.fireEdit({ sheetId, row, column: col, numRows: 1, numColumns: 1, user: OWNER_EMAIL, ...values }, this.keyboard);
    } catch (err) {
      // As in Sheets, a failing trigger does not undo the edit; its error goes to the execution log.
      this.log(`onEdit failed: ${(err as Error)?.message ?? String(err)}`);
    }
    send(res, 200, 'application/json', JSON.stringify({ ok: true }));
  }

  /** A click on a menu item of the host page: runs the item's function, shows its outcome. */
  private async menu(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.fromHostPage(req)) return send(res, 403, 'text/plain', 'forbidden');
    const form = new URLSearchParams(await readBody(req));
    const fn = form.get('fn') ?? '';
    const tab = form.get('tab') ?? '';
    await this.ensureMenus();
    const known = this.runtime.menus.some((m) => m.items.some((i) => i.functionName === fn));
    let dialogId = '';
    if (!known) {
      this.flash = `No menu item runs ${fn}.`;
    } else {
      try {
        const { dialogs } = await this.runtime.executeIn(this.keyboard, fn);
        const toast = dialogs.filter((d) => d.kind === 'toast').at(-1);
        const shown = dialogs.filter((d) => d.kind !== 'toast').at(-1);
        if (toast) this.flash = toast.title ? `${toast.title}: ${toast.html}` : toast.html;
        if (shown) {
          dialogId = randomBytes(9).toString('base64url');
          this.dialogs.set(dialogId, shown);
          if (this.dialogs.size > 20) this.dialogs.delete(this.dialogs.keys().next().value!);
        } else if (!toast) {
          this.flash = `Ran ${fn}.`;
        }
      } catch (err) {
        this.flash = `${fn} failed: ${(err as Error)?.message ?? String(err)}`;
      }
    }
    const query = new URLSearchParams();
    if (tab) query.set('tab', tab);
    if (dialogId) query.set('dialog', dialogId);
    send(res, 303, 'text/plain', '', { location: `/${query.size ? `?${query}` : ''}` });
  }

  /** Calls from other CLI commands on this data dir, authenticated by the lock file's secret. */
  private async call(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers['x-followthrough-secret'] !== this.options.secret) {
      return send(res, 403, 'application/json', JSON.stringify({ ok: false, error: 'forbidden' }));
    }
    const { fn, args, as, dialog } = JSON.parse(await readBody(req)) as { fn: string; args: unknown[]; as?: string; dialog?: string };
    try {
      if (typeof fn !== 'string' || fn.endsWith('_')) throw new Error(`${String(fn)} is private (its name ends in "_"): only the add-on's own code calls it.`);
      const person = this.runtime.asUser(as ?? this.runtime.owner);
      // A call that needs a dialog's capability opens the dialog first, as the person would.
      const capability = typeof dialog === 'string' ? [await openDialogAsync(this.runtime, dialog, person)] : [];
      const { value } = await this.runtime.executeIn(person, fn, ...capability, ...(args ?? []));
      send(res, 200, 'application/json', JSON.stringify({ ok: true, result: unwrap(value) ?? null }));
    } catch (err) {
      send(res, 200, 'application/json', JSON.stringify({ ok: false, error: (err as Error)?.message ?? String(err) }));
    }
  }
}
