// A signed link from an email, followed as a browser does through the local runtime's web app server
// (local/web/server.ts): the top page, then its sandboxed frame; and the frame's button, which calls
// google.script.run.linkAction(token, action, fields) relayed by the top page.
import type { WebAppServer } from '../../local/web/server';

/** Opens a link as a browser does: the top page, then its sandboxed frame's HTML. */
export async function openLink(url: string): Promise<{ top: string; frame: string; pageId: string }> {
  const top = await (await fetch(url)).text();
  const src = /<iframe id="sandboxFrame"[^>]* src="([^"]+)"/.exec(top)?.[1];
  if (!src) return { top, frame: '', pageId: '' };
  const frameUrl = new URL(src.replace(/&amp;/g, '&'), url);
  return { top, frame: await (await fetch(frameUrl)).text(), pageId: frameUrl.searchParams.get('id')! };
}

/** What the page's button does: google.script.run.linkAction(token, action, fields), relayed by the top page. */
export async function pressLink(server: WebAppServer, pageId: string, token: string, action: string, fields: Record<string, string> = {}) {
  const res = await fetch(`${server.hostUrl}__webapp/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-followthrough-page': pageId },
    body: JSON.stringify({ fn: 'linkAction', args: [token, action, fields] }),
  });
  return (await res.json()) as { ok: boolean; value: { ok: boolean; title: string; message: string } };
}
