// How the web app serves an HtmlService page, as Google serves one at /exec: the top-level page is the
// platform's, and the script's HTML runs inside an iframe sandboxed with the keywords of "HTML Service:
// Restrictions" (IFRAME mode): allow-same-origin, allow-forms, allow-scripts, allow-popups,
// allow-downloads, allow-modals, allow-popups-to-escape-sandbox, and allow-top-navigation-by-user-activation
// "only … for stand-alone script projects" — FollowThrough is bound to its sheet, so the frame can never
// navigate the top page (a <form target="_top"> does nothing). Stricter than Google in two ways, as the
// imitation must be at least as strict: Google's frame is same-origin with a googleusercontent.com host
// that has nothing of the script; here allow-same-origin would make the frame this server's origin, so
// it is left out (the frame's origin is opaque), and the frame's CSP allows no network at all.
// The top page carries the HtmlOutput's title and only the meta tags set with addMetaTag (HtmlOutput
// reference: "Meta tags included directly in an Apps Script HTML file are ignored"), and relays the
// frame's google.script.run to POST /__webapp/run, which runs the function as the web app runs.
import { withShim } from './dialog-bridge';

export const WEBAPP_SANDBOX = 'allow-downloads allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-scripts';

/** The frame's own policy: scripts and styles inline, images from data: only, nothing else reachable. */
export const WEBAPP_FRAME_CSP = `default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; sandbox ${WEBAPP_SANDBOX}`;

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The relay in the top page: a call from the frame goes to the server with the page's id. */
function bridge(pageId: string): string {
  return `(function () {
  var frame = document.getElementById('sandboxFrame');
  window.addEventListener('message', function (ev) {
    if (ev.source !== frame.contentWindow) return;
    var m = ev.data || {};
    if (typeof m.ftCall !== 'number') return;
    fetch('/__webapp/run', { method: 'POST', headers: { 'content-type': 'application/json', 'x-followthrough-page': ${JSON.stringify(pageId)} },
      body: JSON.stringify({ fn: m.fn, args: m.args }) })
      .then(function (r) { return r.json(); })
      .then(function (a) { frame.contentWindow.postMessage({ ftReply: m.ftCall, ok: a.ok, value: a.value, error: a.error }, '*'); })
      .catch(function (e) { frame.contentWindow.postMessage({ ftReply: m.ftCall, ok: false, error: String(e) }, '*'); });
  });
})();`;
}

export interface ServedPage {
  title: string;
  metaTags: Array<{ name: string; content: string }>;
}

/** The top-level page around the script's HTML. */
export function webAppTopPage(page: ServedPage, pageId: string, nonce: string): string {
  const metas = page.metaTags.map((m) => `<meta name="${esc(m.name)}" content="${esc(m.content)}">`).join('');
  return `<!doctype html><html><head><meta charset="utf-8">${metas}<title>${esc(page.title)}</title>
<style>html,body{margin:0;height:100%;overflow:hidden}iframe{border:0;width:100%;height:100%;display:block}</style></head>
<body><iframe id="sandboxFrame" title="${esc(page.title)}" sandbox="${WEBAPP_SANDBOX}" src="/__webapp/frame?id=${encodeURIComponent(pageId)}"></iframe>
<script nonce="${esc(nonce)}">${bridge(pageId)}</script></body></html>`;
}

/** The script's HTML as the frame gets it: google.script.run first. */
export function webAppFrame(html: string): string {
  return withShim(html);
}
