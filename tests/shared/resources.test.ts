// Resources a coach shares with a client (shared/resources.ts) and their place in the capture request.
import { describe, expect, it } from 'vitest';
import { capabilitiesOf, parseRequest } from '../../shared/api';
import { formatResources, isHttpUrl, MAX_RESOURCES, parseResources, resourceUrlProblem } from '../../shared/resources';

const capture = (session: Record<string, unknown>) =>
  JSON.stringify({
    v: 1,
    op: 'capture',
    token: 't',
    captureId: 'c1',
    session: { clientId: 'cli_1', startedAt: '2026-03-12T15:00:00Z', ...session },
  });

describe('resource addresses', () => {
  it('accepts http and https addresses with a host, path, query and fragment', () => {
    for (const url of [
      'https://example.org',
      'http://example.org/a/b?c=1&d=2#e',
      'HTTPS://Example.org:8443/x',
      'https://bücher.example/reading-list',
    ]) {
      expect(isHttpUrl(url), url).toBe(true);
      expect(resourceUrlProblem(url)).toBeNull();
    }
  });

  it.each([
    ['javascript:alert(1)', /http:\/\/ or https:\/\//],
    ['data:text/html,<b>x</b>', /http:\/\/ or https:\/\//],
    ['mailto:ana@example.org', /http:\/\/ or https:\/\//],
    ['ftp://example.org/file', /http:\/\/ or https:\/\//],
    ['//example.org/x', /http:\/\/ or https:\/\//],
    ['example.org', /http:\/\/ or https:\/\//],
    ['https://', /Not a web address/],
    ['https://user:pass@example.org/', /no user name or password/],
    ['https://example.org/a b', /no spaces/],
    ['https://example.org/a\nb', /no spaces or line breaks/],
    ['https://example.org/\u0000', /no spaces or line breaks/],
    ['', /Give the link/],
    [`https://example.org/${'a'.repeat(2000)}`, /At most 2000/],
  ])('refuses %j with a clear reason', (url, reason) => {
    expect(isHttpUrl(url)).toBe(false);
    expect(resourceUrlProblem(url)).toMatch(reason);
  });
});

describe('the Sessions.resources cell', () => {
  it('holds one `title — url` a line and reads back the same list', () => {
    const list = [
      { title: 'Mindset — the article', url: 'https://example.org/mindset?x=1' },
      { title: '  Timer app ', url: 'http://timer.example/' },
    ];
    const cell = formatResources(list);
    expect(cell).toBe('Mindset — the article — https://example.org/mindset?x=1\nTimer app — http://timer.example/');
    expect(parseResources(cell)).toEqual([
      { title: 'Mindset — the article', url: 'https://example.org/mindset?x=1' },
      { title: 'Timer app', url: 'http://timer.example/' },
    ]);
    expect(formatResources([])).toBe('');
    expect(parseResources('')).toEqual([]);
  });

  it('reads what a person typed in the sheet: an address alone, and leaves out lines that are no link', () => {
    expect(parseResources('https://example.org/a\nread chapter 3\nBad — javascript:alert(1)\r\nOk — https://ok.example')).toEqual([
      { title: 'https://example.org/a', url: 'https://example.org/a' },
      { title: 'Ok', url: 'https://ok.example' },
    ]);
  });
});

describe('capture session.resources and session.sendRecap', () => {
  it('are listed in the capabilities hello answers', () => {
    expect(capabilitiesOf().ops.capture).toEqual(
      expect.arrayContaining(['session.resources', 'session.resources.title', 'session.resources.url', 'session.sendRecap']),
    );
  });

  it('default to no links and no recap', () => {
    const parsed = parseRequest(capture({}));
    if (!parsed.ok || parsed.request.op !== 'capture') throw new Error('expected a capture');
    expect(parsed.request.session).toMatchObject({ resources: [], sendRecap: false });
  });

  it('accept titled http(s) links and a boolean', () => {
    const parsed = parseRequest(capture({ resources: [{ title: 'Article', url: 'https://example.org/a' }], sendRecap: true }));
    if (!parsed.ok || parsed.request.op !== 'capture') throw new Error(JSON.stringify(parsed));
    expect(parsed.request.session).toMatchObject({ resources: [{ title: 'Article', url: 'https://example.org/a' }], sendRecap: true });
  });

  it.each([
    [{ resources: [{ title: 'x', url: 'javascript:alert(1)' }] }, 'session.resources.0.url', /http:\/\/ or https:\/\//],
    [
      {
        resources: [
          { title: 'ok', url: 'https://a.example' },
          { title: ' ', url: 'https://b.example' },
        ],
      },
      'session.resources.1.title',
      /title/,
    ],
    [{ resources: [{ title: 'two\nlines', url: 'https://a.example' }] }, 'session.resources.0.title', /one line/],
    [{ resources: [{ title: 'x'.repeat(201), url: 'https://a.example' }] }, 'session.resources.0.title', /At most 200/],
    [{ resources: [{ title: 'no address' }] }, 'session.resources.0.url', /title and a url/],
    [{ resources: [{ title: 'x', url: 'https://a.example', note: 'hi' }] }, 'session.resources.0.note', /does not understand the field/],
    [
      { resources: Array.from({ length: MAX_RESOURCES + 1 }, (_, i) => ({ title: `t${i}`, url: `https://a.example/${i}` })) },
      'session.resources',
      /At most 20 links/,
    ],
    [{ resources: 'https://a.example' }, 'session.resources', /Array/],
    [{ sendRecap: 'yes' }, 'session.sendRecap', /A boolean/],
  ])('refuse %j naming the field', (session, field, message) => {
    const parsed = parseRequest(capture(session));
    expect(parsed).toMatchObject({ ok: false, error: { code: 'bad_request', field } });
    if (!parsed.ok) expect(parsed.error.message).toMatch(message);
  });
});
