// Serves the bundle as Apps Script serves a web app, on 127.0.0.1 only:
// - POST/GET /exec runs doPost/doGet; a ContentService answer comes back as Apps Script's 302 to a
//   one-time echo URL, which the client fetches with GET (fetch turns the POST into a GET). No status
//   codes or headers of the script's own: a script error is a 200 HTML page, as in Apps Script.
//   An HtmlService answer is served as Google serves it: a top page around a sandboxed frame holding
//   the script's HTML, whose google.script.run reaches the bundle through POST /__webapp/run as the web
//   app runs (as the owner, for an anonymous visitor; see local/web/webapp-page.ts).
// - /dev is the test deployment's URL, which on Google only the script's editors can open: anyone else
//   meets a sign-in page, never the API.
// - GET / is the sheet host: the tabs as tables and the add-on menu (from onOpen) as buttons.
// - POST /__host/call lets other CLI commands on this data dir call a global through this process.
//
// Other websites get nothing (the sheet holds every note, email and token hash): CORS headers only on
// /exec and its echo, where Apps Script sends them; every other route answers only requests whose Host
// is 127.0.0.1:PORT or localhost:PORT (DNS rebinding) and, when the browser says where a request comes
// from (Origin, Sec-Fetch-Site), only the same origin — also the web-app pages' google.script.run relay
// (/__webapp/run); pages send `frame-ancestors 'none'` (clickjacking; the sandboxed dialog frame only to
// the host page, the web-app page's frame only to its top page, which itself is SAMEORIGIN as Google's). Connections are capped (the oldest idle ones are
// closed to make room) with header, body and idle timeouts, so slow clients cannot starve captures.
import { escapeHtml } from '../../shared/html';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { runCoachesAction, type CoachesAction } from '../cli/coaches';
import { withShim } from './dialog-bridge';
import { OWNER_EMAIL } from '../host/sheets/data';
import { openDialogAsync } from '../editor';
import type { ExecContext } from '../host/host';
import { WEBAPP_FRAME_CSP, webAppFrame, webAppTopPage, type ServedPage } from './webapp-page';
import type { ShownDialog } from '../host/ui';
import { renderHostPage } from './host-page';
import { unwrap, type Runtime } from '../runtime';
import { StoreWriteError } from '../store/store';

const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** A body over the limit is read to its end (and dropped) up to this much, so its answer can be read. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;
const ECHO_TTL_MS = 60_000;
/** How long a served page's google.script.run keeps working without a reload. */
const PAGE_TTL_MS = 60 * 60_000;
const MAX_PAGES = 500;
/**
 * Connections and their timeouts (Node's http.Server: headersTimeout, requestTimeout, keepAliveTimeout;
 * https://nodejs.org/api/http.html#serverheaderstimeout). Past MAX_CONNECTIONS the oldest idle
 * connection is closed to make room; slow or silent clients are cut by the timeouts.
 */
const MAX_CONNECTIONS = 256;
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 60_000;
const IDLE_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

export interface ServeOptions {
  port: number;
  secret: string;
  log?: (line: string) => void;
  /** Who is at the keyboard of the sheet host page (menus, dialogs); the owner when not given. */
  user?: string;
  /** Open connections at most (default MAX_CONNECTIONS). */
  maxConnections?: number;
  /** How long a connection with no request may stay open (default IDLE_TIMEOUT_MS). */
  idleTimeoutMs?: number;
}

class BodyTooLarge extends Error {}

/** Reads a request body; over MAX_BODY_BYTES it drains the rest (up to MAX_DRAIN_BYTES) and rejects with BodyTooLarge. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN_BYTES) req.destroy();
      else if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('The request was cut off.'));
    });
  });
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value));
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

const TOO_LARGE = JSON.stringify({
  ok: false,
  error: { code: 'too_large', message: `The request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB; nothing was saved.` },
});

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
    this.server = createServer(
      { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS },
      (req, res) => {
        const conn = this.connections.get(req.socket);
        if (conn) {
          conn.requests++;
          res.once('close', () => {
            conn.requests--;
            conn.lastActive = Date.now();
          });
        }
        this.route(req, res).catch((err: unknown) => {
          this.log(`request failed: ${String(err)}`);
          if (!res.headersSent) send(res, 500, 'text/plain', 'Local runtime error');
        });
      },
    );
    this.server.on('connection', (socket: Socket) => this.admit(socket));
    // A socket's timeout: idle means no request on it. A request still being answered (a capture waiting
    // up to 30 s for the script lock, an execution of up to 6 minutes) keeps its connection. Without a
    // listener here, Node's http server destroys every socket that times out, requests in flight too
    // (lib/_http_server.js, socketOnTimeout): a capture waiting past 30 s got "other side closed".
    this.server.on('timeout', (socket: Socket) => {
      if ((this.connections.get(socket)?.requests ?? 0) === 0) socket.destroy();
    });
  }

  /** Connections with a request being answered, and when each was last busy. */
  private readonly connections = new Map<Socket, { requests: number; lastActive: number }>();

  /** A new connection: idle timeout; past the cap, the oldest idle connection makes room (or this one goes). */
  private admit(socket: Socket): void {
    socket.setTimeout(this.options.idleTimeoutMs ?? IDLE_TIMEOUT_MS);
    this.connections.set(socket, { requests: 0, lastActive: Date.now() });
    socket.once('close', () => this.connections.delete(socket));
    const cap = this.options.maxConnections ?? MAX_CONNECTIONS;
    while (this.connections.size > cap) {
      let oldest: Socket | null = null;
      let since = Infinity;
      for (const [s, c] of this.connections) {
        if (s !== socket && c.requests === 0 && c.lastActive < since) {
          oldest = s;
          since = c.lastActive;
        }
      }
      const victim = oldest ?? socket;
      this.connections.delete(victim);
      victim.destroy();
      if (victim === socket) return;
    }
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

  /** Connections the server holds open now (at most maxConnections). */
  get openConnections(): number {
    return this.connections.size;
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

  /** The two names this server answers to as the sheet host. */
  private origins(): string[] {
    return [`127.0.0.1:${this.port}`, `localhost:${this.port}`];
  }

  /**
   * Every route but the web app's: the Host must be one of ours (a rebound DNS name is refused), and a
   * request a browser marks as coming from another origin is refused (a top-level navigation to the
   * page itself excepted: it reads nothing back and the page cannot be framed).
   */
  private refuseForeign(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    const host = req.headers.host ?? '';
    if (!this.origins().includes(host)) {
      send(
        res,
        403,
        'text/plain',
        `This FollowThrough sheet host answers only as http://127.0.0.1:${this.port}/ or http://localhost:${this.port}/.`,
      );
      return true;
    }
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    const navigation = req.method === 'GET' && url.pathname === '/' && req.headers['sec-fetch-mode'] === 'navigate' && origin === undefined;
    const foreign =
      (origin !== undefined && origin !== `http://${host}`) ||
      (site !== undefined && site !== 'same-origin' && site !== 'none' && !navigation);
    if (foreign) {
      send(res, 403, 'text/plain', 'Requests from other websites are refused.');
      return true;
    }
    return false;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const webApp = url.pathname === '/exec' || url.pathname === '/echo';
    // Apps Script's web app answers any origin (its echo carries `Access-Control-Allow-Origin: *`);
    // nothing else of this server does.
    if (webApp) res.setHeader('access-control-allow-origin', '*');
    else {
      // No page of the sheet host may be framed by another site (its buttons act on the workbook).
      res.setHeader('content-security-policy', "frame-ancestors 'none'");
      res.setHeader('x-frame-options', 'DENY');
      if (this.refuseForeign(req, res, url)) return;
    }
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
    } catch (err) {
      // The API's answer for a body over the limit (PRODUCT.md: `too_large`), nothing run, nothing written.
      if (err instanceof BodyTooLarge) return this.answerWithEcho(res, { mimeType: 'application/json', content: TOO_LARGE });
      return;
    }
    const parameter: Record<string, string> = {};
    const parameters: Record<string, string[]> = {};
    // As in Apps Script, the fields of a form POST join the query string's in e.parameter(s).
    const form =
      method === 'POST' && req.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(body) : null;
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
      e.postData = {
        contents: body,
        length: Buffer.byteLength(body),
        type: req.headers['content-type']?.split(';')[0] ?? 'text/plain',
        name: 'postData',
      };
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
    this.echoes.set(key, {
      content: value.content,
      mimeType: value.mimeType,
      ...(value.fileName !== undefined ? { fileName: value.fileName } : {}),
      expires: now + ECHO_TTL_MS,
    });
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
    // HtmlOutput.setXFrameOptionsMode: DEFAULT (the add-on never sets ALLOWALL) "preserves normal
    // same-origin assumptions" — another site cannot frame the page (X-Frame-Options SAMEORIGIN).
    send(res, 200, 'text/html; charset=utf-8', webAppTopPage(page, id, nonce), {
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; frame-src 'self'; connect-src 'self'; frame-ancestors 'self'`,
      'x-frame-options': 'SAMEORIGIN',
    });
  }

  private webAppFrame(res: ServerResponse, url: URL): void {
    const page = this.pages.get(url.searchParams.get('id') ?? '');
    if (!page || page.expires < Date.now())
      return send(res, 404, 'text/html', scriptErrorPage('Sorry, the file you have requested does not exist.'));
    // Framed by the web app's top page only (served from /exec under either of our names).
    res.removeHeader('x-frame-options');
    send(res, 200, 'text/html; charset=utf-8', webAppFrame(page.content), {
      'content-security-policy': `${WEBAPP_FRAME_CSP}; frame-ancestors ${this.origins()
        .map((o) => `http://${o}`)
        .join(' ')}`,
    });
  }

  /**
   * google.script.run from a page the web app served: any top-level function whose name does not end
   * in "_" ("HTML Service: Communicate with Server Functions", "Private functions"), run as the web app
   * runs — which is why every public global of the bundle is guarded.
   */
  private async webAppRun(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const page = this.pages.get(String(req.headers['x-followthrough-page'] ?? ''));
    if (!page || page.expires < Date.now()) {
      return sendJson(res, 200, { ok: false, error: 'This page has expired; reload it.' });
    }
    let call: { fn?: unknown; args?: unknown };
    try {
      call = JSON.parse(await readBody(req)) as { fn?: unknown; args?: unknown };
    } catch {
      return sendJson(res, 200, { ok: false, error: 'Bad request' });
    }
    const fn = typeof call.fn === 'string' ? call.fn : '';
    if (!fn || fn.endsWith('_') || !this.runtime.globals().includes(fn)) {
      return sendJson(res, 200, { ok: false, error: `Script function not found: ${fn}` });
    }
    try {
      const { value } = await this.runtime.executeIn(this.runtime.webApp, fn, ...(Array.isArray(call.args) ? call.args : []));
      sendJson(res, 200, { ok: true, value: value.kind === 'json' ? value.value : null });
    } catch (err) {
      sendJson(res, 200, { ok: false, error: `${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? String(err)}` });
    }
  }

  /** The test deployment: only the script's editors, signed in, reach it; the API is never there. */
  private dev(res: ServerResponse): void {
    send(
      res,
      200,
      'text/html; charset=utf-8',
      `<!doctype html><html><head><title>Sign in - Google Accounts</title></head><body><h1>Sign in</h1>
<p>This is the web app's test deployment (/dev): only the script's editors can open it. Use the deployment's /exec URL.</p></body></html>`,
    );
  }

  private echo(res: ServerResponse, url: URL): void {
    const key = url.searchParams.get('user_content_key') ?? '';
    const entry = this.echoes.get(key);
    this.echoes.delete(key);
    if (!entry || entry.expires < Date.now()) {
      return send(res, 404, 'text/html', scriptErrorPage('Sorry, the file you have requested does not exist.'));
    }
    send(
      res,
      200,
      `${entry.mimeType}; charset=utf-8`,
      entry.content,
      entry.fileName === undefined ? {} : { 'content-disposition': contentDisposition(entry.fileName) },
    );
  }

  /** Opening the sheet runs onOpen, which builds the add-on menu. */
  private async ensureMenus(): Promise<void> {
    if (!this.runtime.menus.length && this.runtime.globals().includes('onOpen'))
      await this.runtime.executeIn(this.keyboard, 'onOpen', { authMode: 'LIMITED' });
  }

  private async hostPage(res: ServerResponse, url: URL): Promise<void> {
    await this.ensureMenus();
    const flash = this.flash;
    this.flash = '';
    const dialogId = url.searchParams.get('dialog') ?? '';
    const dialog = this.dialogs.get(dialogId);
    const nonce = randomBytes(16).toString('base64');
    const page = renderHostPage(this.runtime, {
      tab: url.searchParams.get('tab'),
      flash,
      nonce,
      ...(dialog ? { dialog: { id: dialogId, ...dialog } } : {}),
    });
    send(res, 200, 'text/html; charset=utf-8', page, {
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; frame-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'`,
      'x-frame-options': 'DENY',
    });
  }

  /** A dialog's HTML with google.script.* bridged; it may run scripts but reach no network. */
  private dialog(res: ServerResponse, url: URL): void {
    const dialog = this.dialogs.get(url.searchParams.get('id') ?? '');
    if (!dialog) return send(res, 404, 'text/html', scriptErrorPage('This dialog was closed.'));
    // Framed by the host page only: its CSP names the ancestors it allows.
    res.removeHeader('x-frame-options');
    send(res, 200, 'text/html; charset=utf-8', withShim(dialog.html), {
      // A dialog's browser may fetch the web app (Check deployment reads ?page=health), as on Google.
      'content-security-policy': `default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src ${this.execUrl} http://127.0.0.1:${this.port}/echo; form-action 'none'; sandbox allow-scripts allow-forms allow-modals allow-downloads; frame-ancestors ${this.origins()
        .map((o) => `http://${o}`)
        .join(' ')}`,
    });
  }

  /** Only the host page itself may act on the workbook: not another site, not the sandboxed dialog. */
  private fromHostPage(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin === undefined || origin === `http://${req.headers.host ?? ''}`;
  }

  /**
   * A request the host page's own script sent (fetch with its custom header, and a JSON body where it
   * sends one): the header and the JSON make a cross-site request need a preflight, which is refused.
   */
  private fromHostPageScript(req: IncomingMessage, body: 'json body' | 'no body'): boolean {
    if (req.headers['x-followthrough-host'] !== '1') return false;
    if (body === 'json body' && !req.headers['content-type']?.startsWith('application/json')) return false;
    return this.fromHostPage(req);
  }

  /** google.script.run from a dialog, relayed by the host page. */
  private async scriptRun(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.fromHostPageScript(req, 'json body')) return sendJson(res, 403, { ok: false, error: 'forbidden' });
    const { fn, args } = JSON.parse(await readBody(req)) as { fn: string; args?: unknown[] };
    if (typeof fn !== 'string' || fn.endsWith('_') || !this.runtime.globals().includes(fn)) {
      return sendJson(res, 200, { ok: false, error: `Script function not found: ${fn}` });
    }
    try {
      const { value } = await this.runtime.executeIn(this.keyboard, fn, ...(Array.isArray(args) ? args : []));
      sendJson(res, 200, { ok: true, value: unwrap(value) ?? null });
    } catch (err) {
      sendJson(res, 200, { ok: false, error: (err as Error)?.message ?? String(err) });
    }
  }

  /** The edit box of a cell the person opened in the host page. */
  private cellForEdit(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!this.fromHostPageScript(req, 'no body')) return sendJson(res, 403, { ok: false, error: 'forbidden' });
    const sheets = this.runtime.host.sheets;
    const sheetId = sheets.sheetByName(url.searchParams.get('tab') ?? '');
    const row = Number(url.searchParams.get('row'));
    const col = Number(url.searchParams.get('col'));
    if (sheetId === null || !Number.isInteger(row) || !Number.isInteger(col) || row < 1 || col < 1) {
      return sendJson(res, 200, { ok: false, error: 'No such cell.' });
    }
    try {
      sendJson(res, 200, { ok: true, ...sheets.cellForEdit(sheetId, row, col) });
    } catch (err) {
      sendJson(res, 200, { ok: false, error: (err as Error).message });
    }
  }

  /**
   * A person typed into a cell and pressed Enter: the edit is saved (durably) as Sheets would take it,
   * then the bundle's simple onEdit trigger runs with Google's event object. The person is the
   * spreadsheet's owner, the one user of the local sheet host.
   */
  private async edit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.fromHostPageScript(req, 'json body')) return sendJson(res, 403, { ok: false, error: 'forbidden' });
    let body: { tab?: unknown; row?: unknown; col?: unknown; value?: unknown; confirmed?: unknown };
    try {
      body = JSON.parse(await readBody(req)) as typeof body;
    } catch {
      return sendJson(res, 400, { ok: false, error: 'bad request' });
    }
    const sheets = this.runtime.host.sheets;
    const sheetId = sheets.sheetByName(String(body.tab ?? ''));
    const row = Number(body.row);
    const col = Number(body.col);
    if (sheetId === null || !Number.isInteger(row) || !Number.isInteger(col) || row < 1 || col < 1 || typeof body.value !== 'string') {
      return sendJson(res, 200, { ok: false, error: 'No such cell.' });
    }
    let result;
    try {
      result = sheets.userEdit(sheetId, row, col, body.value, OWNER_EMAIL, body.confirmed === true);
    } catch (err) {
      return sendJson(res, 200, { ok: false, error: (err as Error).message });
    }
    if (!result.ok) return sendJson(res, 200, result);
    try {
      await this.runtime.store.commit();
    } catch (err) {
      // Not saved (full or failing disk): the edit is undone and the person told why.
      return sendJson(res, 200, { ok: false, error: (err as Error).message });
    }
    const { ok: _ok, ...values } = result;
    try {
      await this.runtime.fireEdit({ sheetId, row, column: col, numRows: 1, numColumns: 1, user: OWNER_EMAIL, ...values }, this.keyboard);
    } catch (err) {
      // As in Sheets, a failing trigger does not undo the edit; its error goes to the execution log.
      this.log(`onEdit failed: ${(err as Error)?.message ?? String(err)}`);
    }
    sendJson(res, 200, { ok: true });
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
      return sendJson(res, 403, { ok: false, error: 'forbidden' });
    }
    const body = JSON.parse(await readBody(req)) as { fn: string; args: unknown[]; as?: string; dialog?: string } | CoachesAction;
    if ('action' in body) {
      // `coaches`: the CLI's person at the sheet, reading the Coaches tab.
      try {
        sendJson(res, 200, { ok: true, result: runCoachesAction(this.runtime, body) });
      } catch (err) {
        sendJson(res, 200, { ok: false, error: (err as Error)?.message ?? String(err) });
      }
      return;
    }
    const { fn, args, as, dialog } = body;
    try {
      if (typeof fn !== 'string' || fn.endsWith('_'))
        throw new Error(`${String(fn)} is private (its name ends in "_"): only the add-on's own code calls it.`);
      const person = this.runtime.asUser(as ?? this.runtime.owner);
      // A call that needs a dialog's capability opens the dialog first, as the person would.
      const capability = typeof dialog === 'string' ? [await openDialogAsync(this.runtime, dialog, person)] : [];
      const { value } = await this.runtime.executeIn(person, fn, ...capability, ...(args ?? []));
      sendJson(res, 200, { ok: true, result: unwrap(value) ?? null });
    } catch (err) {
      sendJson(res, 200, { ok: false, error: (err as Error)?.message ?? String(err) });
    }
  }
}
