// google.script.run and google.script.host for dialogs shown in the sheet host page, and for the pages
// the web app serves (local/web/webapp-page.ts). The page runs in a sandboxed iframe (an opaque origin, no
// network: its CSP allows none) and talks to the page around it by postMessage; that page calls the
// server (POST /__host/run for a dialog, /__webapp/run for a web-app page) and posts the answer back.
// Arguments as "HTML Service: Communicate with Server Functions" allows them: primitives, objects and
// arrays of them, or a form element as the only argument; a Date, a function or another DOM element
// makes the call fail; undefined in an array becomes null.

/** Injected first into every dialog's HTML. */
export const DIALOG_SHIM = `<script>
(function () {
  var seq = 0, pending = {};
  window.addEventListener('message', function (ev) {
    if (ev.source !== window.parent) return;
    var m = ev.data;
    if (!m || typeof m.ftReply !== 'number' || !pending[m.ftReply]) return;
    var p = pending[m.ftReply]; delete pending[m.ftReply];
    if (m.ok) { if (p.ok) p.ok(m.value, p.user); }
    else if (p.fail) { var e = new Error(m.error); p.fail(e, p.user); }
  });
  function plain(v, inArray, path) {
    if (v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
    if (v === undefined) return inArray ? null : undefined;
    if (typeof v === 'function' || v instanceof Date || (typeof Node !== 'undefined' && v instanceof Node)) {
      throw new Error('Failed due to illegal value in property: ' + path);
    }
    if (Array.isArray(v)) return v.map(function (x, i) { return plain(x, true, i); });
    var o = {};
    Object.keys(v).forEach(function (k) { var x = plain(v[k], false, k); if (x !== undefined) o[k] = x; });
    return o;
  }
  function formFields(form) {
    var o = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === 'file' || el.type === 'submit' || el.type === 'button') return;
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) return;
      o[el.name] = el.value;
    });
    return o;
  }
  function serverArgs(list) {
    if (list.length === 1 && typeof HTMLFormElement !== 'undefined' && list[0] instanceof HTMLFormElement) return [formFields(list[0])];
    return list.map(function (x, i) { var p = plain(x, true, i); return p; });
  }
  function runner(ok, fail, user) {
    return new Proxy({}, { get: function (_, name) {
      if (name === 'withSuccessHandler') return function (f) { return runner(f, fail, user); };
      if (name === 'withFailureHandler') return function (f) { return runner(ok, f, user); };
      if (name === 'withUserObject') return function (u) { return runner(ok, fail, u); };
      return function () {
        var args;
        try { args = serverArgs(Array.prototype.slice.call(arguments)); }
        catch (e) { if (fail) setTimeout(function () { fail(e, user); }, 0); return; }
        var id = ++seq; pending[id] = { ok: ok, fail: fail, user: user };
        window.parent.postMessage({ ftCall: id, fn: String(name), args: args }, '*');
      };
    } });
  }
  window.google = { script: {
    run: runner(null, null, undefined),
    host: {
      close: function () { window.parent.postMessage({ ftClose: true }, '*'); },
      setHeight: function () {}, setWidth: function () {}, editor: { focus: function () {} }
    }
  } };
})();
</script>`;

/** The host page's side: runs calls from the dialog's iframe through the server. */
export const HOST_BRIDGE = `
(function () {
  var frame = document.getElementById('ft-dialog-frame');
  if (!frame) return;
  function closeDialog() { var u = new URL(location.href); u.searchParams.delete('dialog'); location.replace(u.toString()); }
  document.getElementById('ft-dialog-close').addEventListener('click', closeDialog);
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') closeDialog(); });
  window.addEventListener('message', function (ev) {
    if (ev.source !== frame.contentWindow) return;
    var m = ev.data || {};
    if (m.ftClose) return closeDialog();
    if (typeof m.ftCall !== 'number') return;
    fetch('/__host/run', { method: 'POST', headers: { 'content-type': 'application/json', 'x-followthrough-host': '1' },
      body: JSON.stringify({ fn: m.fn, args: m.args }) })
      .then(function (r) { return r.json(); })
      .then(function (a) { frame.contentWindow.postMessage({ ftReply: m.ftCall, ok: a.ok, value: a.value, error: a.error }, '*'); })
      .catch(function (e) { frame.contentWindow.postMessage({ ftReply: m.ftCall, ok: false, error: String(e) }, '*'); });
  });
})();`;

export function withShim(html: string): string {
  const head = /<head[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + DIALOG_SHIM + html.slice(head.index + head[0].length);
  return DIALOG_SHIM + html;
}
