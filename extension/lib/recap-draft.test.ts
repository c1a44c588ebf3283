import { extractDue } from '../../shared/quick-dates';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CaptureRequestSchema } from '../../shared/api';
import { blankDraft, blankItem, buildCapture, draftFromCapture, isBlank } from './capture';
import { blankResource, previewRecap, recapRecipient, scriptTakesRecap, validateResources } from './recap-draft';

const opened = new Date('2026-11-20T15:00:00.000Z');
const saved = new Date('2026-11-20T15:45:00.000Z');
const CANARY = 'CANARY-panel-5d1e never in a recap';

function draftWith(fields: Partial<ReturnType<typeof blankDraft>>) {
  return { ...blankDraft(opened), startedAt: opened.toISOString(), clientId: 'K1', ...fields };
}

describe('the recap part of the form', () => {
  it('sends the links typed (a link without a title is titled by its address) and sendRecap only when ticked', () => {
    const links = [
      { ...blankResource(), title: ' Transitions that work ', url: 'https://example.org/t?x=1' },
      { ...blankResource(), title: '', url: ' http://timer.example/ ' },
      blankResource(),
    ];
    const check = buildCapture(draftWith({ resources: links, sendRecap: true, notes: 'ok' }), extractDue, saved);
    expect(check.ok && check.fields.session).toMatchObject({
      resources: [
        { title: 'Transitions that work', url: 'https://example.org/t?x=1' },
        { title: 'http://timer.example/', url: 'http://timer.example/' },
      ],
      sendRecap: true,
    });
    // The request is one the web app takes.
    expect(
      check.ok && v.safeParse(CaptureRequestSchema, { v: 1, op: 'capture', token: 't', captureId: 'c', ...check.fields }).success,
    ).toBe(true);
    // Nothing ticked, nothing typed: neither field, so an older script still takes the capture.
    const plain = buildCapture(draftWith({ resources: [blankResource()], notes: 'ok' }), extractDue, saved);
    expect(plain.ok && Object.keys(plain.fields.session)).not.toEqual(expect.arrayContaining(['resources']));
    expect(plain.ok && 'sendRecap' in plain.fields.session).toBe(false);
  });

  it('refuses what the web app refuses, naming the row', () => {
    const bad = { ...blankResource(), title: 'Sneaky', url: 'javascript:alert(1)' };
    const noUrl = { ...blankResource(), title: 'Only a title', url: '' };
    expect(validateResources({ resources: [bad, noUrl] })).toEqual({
      [`resources.${bad.key}.url`]: 'Use an http:// or https:// address (other kinds of links are not sent to clients).',
      [`resources.${noUrl.key}.url`]: 'Give the link’s address.',
    });
    const check = buildCapture(draftWith({ resources: [bad] }), extractDue, saved);
    expect(check).toMatchObject({ ok: false, field: `resources.${bad.key}.url` });
  });

  it('goes back into the form when a refused capture is edited, and counts as typed', () => {
    const check = buildCapture(
      draftWith({ resources: [{ ...blankResource(), title: 'Article', url: 'https://a.example/' }], sendRecap: true }),
      extractDue,
      saved,
    );
    if (!check.ok) throw new Error(check.message);
    const back = draftFromCapture(check.fields);
    expect(back.sendRecap).toBe(true);
    expect(back.resources?.map((r) => [r.title, r.url])).toEqual([['Article', 'https://a.example/']]);
    expect(isBlank({ ...blankDraft(), resources: [{ ...blankResource(), url: 'https://a.example/' }] })).toBe(false);
    expect(isBlank({ ...blankDraft(), resources: [blankResource()] })).toBe(true);
  });

  it('says who gets the recap, or why nobody can', () => {
    expect(recapRecipient({ name: 'Maya', email: 'maya@example.org', reminders: true })).toEqual({ to: 'maya@example.org' });
    expect(recapRecipient({ name: 'Dan', email: '' })).toEqual({ reason: 'Dan has no email address.' });
    expect(recapRecipient({ name: 'Lee', email: 'lee@example.org', reminders: false })).toEqual({ reason: 'Lee has emails turned off.' });
    expect(recapRecipient(null)).toEqual({ reason: 'Choose a client first.' });
  });

  it('previews the email from the request Save would queue: the client’s items and due days, links, next session — never the notes', () => {
    const check = buildCapture(
      draftWith({
        notes: `Talked about routines. ${CANARY}`,
        nextSessionAt: '2026-12-03',
        items: [
          { ...blankItem(), text: 'Try a countdown timer', owner: 'client', due: '2026-11-27' },
          { ...blankItem(), text: 'Send the video clip', owner: 'coach' },
        ],
        resources: [{ ...blankResource(), title: 'Transitions that work', url: 'https://example.org/t' }],
        sendRecap: true,
      }),
      extractDue,
      saved,
      'America/New_York',
    );
    if (!check.ok) throw new Error(check.message);
    const recap = previewRecap(check.fields, {
      clientName: 'Maya Thompson',
      coachName: 'Ana Rivera',
      timeZone: 'America/New_York',
      signoff: 'Reply to reach me.',
    });
    expect(recap.subject).toBe('Your session recap from Ana Rivera: 1 next step');
    expect(recap.text).toContain('- Try a countdown timer (due Fri, Nov 27)');
    expect(recap.text).not.toContain('Send the video clip');
    expect(recap.text).toContain('- Transitions that work: https://example.org/t');
    expect(recap.googleCalendarUrl).toContain('https://calendar.google.com/calendar/render?action=TEMPLATE');
    expect(`${recap.text}${recap.html}`).not.toContain('CANARY');
    expect(`${recap.text}${recap.html}`).not.toContain('Talked about routines');
    expect(`${recap.text}${recap.html}`).not.toContain('Stop sharing');
    // A client who shares words with leaders: the sentence the email will carry, its signed link not yet made.
    const sharing = previewRecap(check.fields, {
      clientName: 'Maya Thompson',
      coachName: 'Ana Rivera',
      timeZone: 'America/New_York',
      signoff: 'Reply to reach me.',
      sharedWords: 'Calmer mornings.',
    });
    expect(sharing.text).toContain(
      'You let the program’s leaders read your words: “Calmer mornings.” To stop sharing them: (your own link, made when the email is sent)',
    );
    expect(sharing.html).toContain('Stop sharing my words</span>');
    expect(sharing.html).not.toContain('page=consent');
  });
});

describe('an item row’s owner marker', () => {
  it('sets the owner and is not part of the item sent (nor of the recap)', () => {
    const check = buildCapture(
      draftWith({
        items: [
          { ...blankItem(), text: '@client  Film one transition', owner: 'client' },
          { ...blankItem(), text: 'Send the clip @coach', owner: 'coach' },
          { ...blankItem(), text: '@client', owner: 'client' },
          { ...blankItem(), text: 'Email me@client.org the plan', owner: 'coach' },
        ],
      }),
      extractDue,
      saved,
    );
    expect(check.ok && check.fields.actionItems).toEqual([
      { text: 'Film one transition', owner: 'client' },
      { text: 'Send the clip', owner: 'coach' },
      { text: 'Email me@client.org the plan', owner: 'coach' },
    ]);
    // A marker alone is no item: with a date, the form asks for the words rather than dropping the date.
    const dated = { ...blankItem(), text: '@client ', owner: 'client' as const, due: '2026-11-27' };
    expect(buildCapture(draftWith({ items: [dated] }), extractDue, saved)).toMatchObject({ ok: false, field: `items.${dated.key}.text` });
  });
});

describe('an older sheet script', () => {
  it('takes the recap only when hello lists session.sendRecap and session.resources', () => {
    expect(scriptTakesRecap(undefined)).toBe(true);
    expect(scriptTakesRecap({ ops: { capture: ['session', 'session.notes'] } })).toBe(false);
    expect(scriptTakesRecap({ ops: { capture: ['session.sendRecap', 'session.resources'] } })).toBe(true);
  });
});
