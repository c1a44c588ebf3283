// Issue 22's server side through the built bundle (dist/apps-script/Code.js, doPost by name): the links
// a coach shares with the client (session.resources) and the recap email (session.sendRecap).
import { beforeEach, describe, expect, it } from 'vitest';
import { columnsOf } from '../../shared/schema';
import { newProgram, type TestProgram } from '../helpers/runtime';

const started = '2026-11-20T15:00:00Z';

function captureBody(p: TestProgram, session: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) {
  return {
    v: 1, op: 'capture', token: p.token, captureId: `cap-${Math.random().toString(36).slice(2)}`,
    session: { newClient: { name: 'Maya Thompson', email: 'maya@example.org', organization: 'Lincoln MS' }, startedAt: started, endedAt: '2026-11-20T15:50:00Z', notes: 'Talked about routines.', ...session },
    actionItems: [{ text: 'Try a countdown timer', owner: 'client', due: '2026-11-27' }, { text: 'Send the video clip', owner: 'coach' }],
    ...overrides,
  };
}

const sessionCell = (p: TestProgram, name: string) => p.rows('Sessions').map((r) => r[(columnsOf('Sessions') as string[]).indexOf(name)]);

describe('session resources', () => {
  let p: TestProgram;
  beforeEach(() => {
    p = newProgram({ log: () => {} });
  });

  it('hello lists resources and sendRecap among the capture fields this script understands', () => {
    const caps = p.post({ v: 1, op: 'hello', token: p.token }).server.capabilities.ops.capture;
    expect(caps).toEqual(expect.arrayContaining(['session.resources', 'session.resources.title', 'session.resources.url', 'session.sendRecap']));
  });

  it('a capture keeps its links in the session’s resources cell, one `title — url` a line, as text', () => {
    const answer = p.post(captureBody(p, {
      resources: [{ title: 'Transitions that work — article', url: 'https://example.org/transitions?ref=ft#top' }, { title: '=HYPERLINK("x")', url: 'http://timer.example/' }],
    }));
    expect(answer).toMatchObject({ ok: true, duplicate: false });
    expect(sessionCell(p, 'resources')).toEqual(['Transitions that work — article — https://example.org/transitions?ref=ft#top\n=HYPERLINK("x") — http://timer.example/']);
    expect(p.snapshot()).not.toContain('"f":');
    // Without links the cell stays empty.
    p.post(captureBody(p, { newClient: undefined, clientId: answer.clientId }));
    expect(sessionCell(p, 'resources')[1]).toBeNull();
  });

  it.each([
    [[{ title: 'Sneaky', url: 'javascript:alert(1)' }], 'session.resources.0.url'],
    [[{ title: 'ok', url: 'https://a.example' }, { title: 'Files', url: 'file:///etc/passwd' }], 'session.resources.1.url'],
    [[{ title: '', url: 'https://a.example' }], 'session.resources.0.title'],
  ])('refuses %j naming the field, writing nothing', (resources, field) => {
    const before = p.snapshot();
    const answer = p.post(captureBody(p, { resources }));
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request', field } });
    expect(p.snapshot()).toBe(before);
  });
});
