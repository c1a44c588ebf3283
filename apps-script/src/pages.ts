// The pages behind the links in emails. GET only shows a page (a mail scanner that follows every link
// changes nothing); the change happens when the person presses the page's button, which calls
// `linkAction` through google.script.run — on Google the only way a page of a bound script's web app
// reaches its server, since the page runs in a sandboxed frame that cannot navigate the top page ("HTML
// Service: Restrictions": allow-top-navigation-by-user-activation is set only for stand-alone
// projects). The answer is shown in place. Links are signed and expire (links.ts).
import { dayNumberIn, isoDayOf } from '../../shared/dates';
import { formatDay } from '../../shared/emails';
import { escapeHtml } from '../../shared/html';
import { LINK_PROBLEMS } from '../../shared/links';
import { TESTIMONIAL_MAX, wordsSharedBy } from '../../shared/testimonials';
import type { Row } from '../../shared/schema';
import { emailAddressOf } from '../../shared/email-address';
import { newId } from './ids';
import { checkLink } from './links';
import { alreadyLogged, sendLoggedEmail, withScriptLock } from './services';
import { appendRecords, findRecord, findRecords, openTable, recordsWhere, spreadsheet, updateRecords } from './sheet';
import { loadSettings } from './settings';

type Params = Record<string, string | undefined>;
type Html = GoogleAppsScript.HTML.HtmlOutput;

const MAX_NOTE = 1000;

/**
 * The page's script: a button (or the form's submit) calls linkAction with the link's token, the
 * button's action and the form's fields, and shows the answer in place of the form.
 */
const PAGE_SCRIPT = `<script>
(function () {
  var main = document.querySelector('main');
  var form = document.querySelector('form');
  var result = document.getElementById('result');
  if (!form) return;
  function show(answer, failed) {
    result.hidden = false;
    result.className = failed ? 'problem' : '';
    result.setAttribute('role', failed ? 'alert' : 'status');
    result.textContent = answer.message;
    if (!failed && answer.ok) { form.hidden = true; document.querySelector('h1').textContent = answer.title; }
    Array.prototype.forEach.call(form.querySelectorAll('button'), function (b) { b.disabled = false; });
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var button = event.submitter || form.querySelector('button');
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) { if (el.name) fields[el.name] = el.type === 'checkbox' ? (el.checked ? 'yes' : '') : el.value; });
    Array.prototype.forEach.call(form.querySelectorAll('button'), function (b) { b.disabled = true; });
    google.script.run
      .withSuccessHandler(function (answer) { show(answer, !answer.ok); })
      .withFailureHandler(function () { show({ message: 'Something went wrong; nothing was saved. Try again in a moment.' }, true); })
      .linkAction(main.getAttribute('data-token'), button.value, fields);
  });
})();
</script>`;

function page(title: string, body: string, token = ''): Html {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
  body { font: 16px/1.5 Arial, Helvetica, sans-serif; color: #202124; background: #f4f5f7; margin: 0; padding: 24px 12px; }
  main { max-width: 520px; margin: 0 auto; background: #fff; border-radius: 8px; padding: 24px 28px; }
  h1 { font-size: 22px; margin: 0 0 12px; }
  label { display: block; font-weight: bold; margin: 14px 0 4px; }
  textarea, select, input { width: 100%; box-sizing: border-box; font: inherit; padding: 8px; border: 1px solid #c4c7c5; border-radius: 4px; }
  label.check { display: flex; gap: 8px; align-items: flex-start; font-weight: normal; }
  label.check input { width: auto; margin: 4px 0 0; }
  .hint { color: #5f6368; font-size: 14px; margin: 4px 0 0; }
  textarea { min-height: 80px; }
  .actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 16px; }
  button { font: inherit; padding: 8px 16px; border-radius: 4px; border: 1px solid #1a73e8; background: #1a73e8; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #1a73e8; }
  .quote { background: #f1f3f4; border-radius: 4px; padding: 10px 12px; }
  .problem { color: #b3261e; }
  [hidden] { display: none; }
</style></head><body><main data-token="${escapeHtml(token)}">${body}<p id="result" hidden></p></main>${token ? PAGE_SCRIPT : ''}</body></html>`;
  // A <meta name="viewport"> in the HTML is ignored by Google (HtmlOutput.addMetaTag reference).
  return HtmlService.createHtmlOutput(html).setTitle(title).addMetaTag('viewport', 'width=device-width, initial-scale=1');
}

export function problemPage(message: string): Html {
  return page('This link cannot be used', `<h1>This link cannot be used</h1><p class="problem" role="alert">${escapeHtml(message)}</p>`);
}

function form(fields: string, buttons: string): string {
  return `<form>${fields}<div class="actions">${buttons}</div></form>`;
}

// ---- GET: show the page ------------------------------------------------------------------------

function showItem(id: string, token: string, action: string | undefined): Html {
  // Only the rows a link is about are read (found by key), whatever the size of the program.
  const ss = spreadsheet();
  const row = recordsWhere(ss, 'ActionItems', 'item_id', [id])[0];
  if (!row) return problemPage('This commitment is no longer in the program’s sheet.');
  const tz = ss.getSpreadsheetTimeZone();
  const due = row.due_date instanceof Date ? ` <span>(due ${escapeHtml(formatDay(row.due_date, tz))})</span>` : '';
  const status = row.status === 'done' ? '<p>It is already marked done — thank you.</p>' : '';
  const help = action === 'help';
  return page(
    'Your commitment',
    `<h1>Your commitment</h1><p class="quote">${escapeHtml(row.text)}${due}</p>${status}
${form(
  `<label for="note">${help ? 'What would help? (optional)' : 'Anything to add? (optional)'}</label><textarea id="note" name="note" maxlength="${MAX_NOTE}"></textarea>`,
  help
    ? '<button type="submit" value="help">Ask my coach for help</button><button type="submit" value="done" class="secondary">Mark it done</button>'
    : '<button type="submit" value="done">Mark it done</button><button type="submit" value="help" class="secondary">I need help</button><button type="submit" value="nudge" class="secondary">Nudge me daily</button>',
)}`,
    token,
  );
}

function showPrep(id: string, token: string): Html {
  const ss = spreadsheet();
  const client = recordsWhere(ss, 'Clients', 'client_id', [id])[0];
  if (!client) return problemPage('You are no longer in the program’s sheet.');
  // The words the client shares now (their latest answer decides), so that sending the form again keeps
  // them unless the box is unticked.
  const shared = wordsSharedBy(recordsWhere(ss, 'Prep', 'client_id', [client.client_id]), client.client_id) ?? '';
  const ratings = [1, 2, 3, 4, 5]
    .map((n) => `<option value="${n}">${n}${n === 1 ? ' — stuck' : n === 5 ? ' — great progress' : ''}</option>`)
    .join('');
  return page(
    'Prepare for your session',
    `<h1>Prepare for your session</h1><p>Two minutes, ${escapeHtml(client.name)}: your coach will see this at the start of your next session.</p>
${form(
  `<label for="wins">Wins since last time</label><textarea id="wins" name="wins" maxlength="${MAX_NOTE}"></textarea>
<label for="challenges">Challenges</label><textarea id="challenges" name="challenges" maxlength="${MAX_NOTE}"></textarea>
<label for="want">What do you want from the next session?</label><textarea id="want" name="want_from_next" maxlength="${MAX_NOTE}"></textarea>
<label for="rating">How is your progress? (1–5)</label><select id="rating" name="progress_rating" required><option value="">Choose…</option>${ratings}</select>
<label for="testimonial">In a sentence, what has coaching changed for you? (optional)</label><textarea id="testimonial" name="testimonial" maxlength="${TESTIMONIAL_MAX}" aria-describedby="testimonial-hint">${escapeHtml(shared)}</textarea>
<label class="check" for="share_consent"><input type="checkbox" id="share_consent" name="share_consent" value="yes"${shared ? ' checked' : ''}><span>The program’s leaders may read this sentence, with my name.</span></label>
<p class="hint" id="testimonial-hint">Only with the box ticked; your other answers stay with your coach. You can stop sharing it at any time from the link in your next emails.</p>`,
  '<button type="submit" value="prep">Send to my coach</button>',
)}`,
    token,
  );
}

function showConsent(id: string, token: string): Html {
  const ss = spreadsheet();
  const shared = wordsSharedBy(recordsWhere(ss, 'Prep', 'client_id', [id]), id);
  if (!shared)
    return page(
      'Your words',
      '<h1>Your words are not shared</h1><p>The program’s leaders do not see anything you wrote on your preparation forms.</p>',
    );
  return page(
    'Stop sharing your words',
    `<h1>Stop sharing your words?</h1><p>The program’s leaders can read this sentence you wrote, with your name:</p><p class="quote">“${escapeHtml(shared)}”</p><p>After this they will not see it any more. Your coach keeps your answers.</p>
${form('', '<button type="submit" value="withdraw">Stop sharing my words</button>')}`,
    token,
  );
}

function showOptOut(_id: string, token: string): Html {
  return page(
    'Stop reminders',
    `<h1>Stop reminder emails?</h1><p>You will no longer get reminders about your coaching commitments. Your coach can turn them back on.</p>
${form('', '<button type="submit" value="optout">Stop reminders</button>')}`,
    token,
  );
}

/** The pages a link opens with a form (the .ics link is ics.ts's). */
type FormPage = 'item' | 'prep' | 'optout' | 'consent';

/** What each page shows for the one item or client its link names. */
const SHOW: Record<FormPage, (id: string, token: string, action: string | undefined) => Html> = {
  item: showItem,
  prep: showPrep,
  optout: showOptOut,
  consent: showConsent,
};

const isFormPage = (page: string | undefined): page is FormPage => page !== undefined && Object.prototype.hasOwnProperty.call(SHOW, page);

/** GET ?page=…&t=…: the page its signed, unexpired link names, or why the link cannot be used. */
export function showPage(params: Params): Html {
  const token = params.t ?? '';
  if (!isFormPage(params.page)) return problemPage('There is no such page.');
  const check = checkLink(token, params.page, new Date());
  if (!check.ok) return problemPage(LINK_PROBLEMS[check.reason]);
  return SHOW[params.page](check.claims.id, token, params.a);
}

// ---- The page's button: linkAction ---------------------------------------------------------------

/** What a page shows in place after its button: never a row, only words for the person. */
export interface LinkResult {
  ok: boolean;
  title: string;
  message: string;
}

const done = (title: string, message: string): LinkResult => ({ ok: true, title, message });
const refused = (message: string): LinkResult => ({ ok: false, title: 'This link cannot be used', message });

/** A page's POST waits at most this long for the script lock. */
const PAGE_LOCK_WAIT_MS = 20_000;

function withLock<T>(fn: () => T): T {
  return withScriptLock(fn, PAGE_LOCK_WAIT_MS);
}

/**
 * "I need help" emails the client's coach at most once per item per day (in the sheet's time zone):
 * EmailLog (kind `help`, dedupe_key `help:<item>:<day>`) is checked first, a `pending` row is written
 * before sending and marked sent or failed after, so a second press — or a run cut short — sends
 * nothing more that day. Runs inside the script lock.
 */
function emailCoachForHelp(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  item: Row<'ActionItems'>,
  client: Row<'Clients'> | undefined,
  note: string,
  now: Date,
): void {
  if (!client) return;
  const day = isoDayOf(dayNumberIn(now, ss.getSpreadsheetTimeZone()));
  const dedupeKey = `help:${item.item_id}:${day}`;
  if (alreadyLogged(dedupeKey, ss)) return;
  const coach = recordsWhere(ss, 'Coaches', 'coach_id', [client.coach_id]).find((c) => c.active === true);
  const to = coach ? emailAddressOf(coach.email) : null;
  if (!to) return;
  const settings = loadSettings(ss);
  const subject = `${client.name} asks for help with a commitment`;
  const text = [
    `${client.name} asked for help with:`,
    `  ${item.text}`,
    ...(note ? ['', 'Their note:', `  ${note}`] : []),
    '',
    'Reply to this email to reach them.',
  ].join('\n');
  const html = `<p>${escapeHtml(client.name)} asked for help with:</p><blockquote>${escapeHtml(item.text)}</blockquote>${note ? `<p>Their note:</p><blockquote>${escapeHtml(note)}</blockquote>` : ''}<p>Reply to this email to reach them.</p>`;
  const replyTo = emailAddressOf(client.email);
  // The request is noted on the item whatever happens to the email (quota spent: nothing logged, and
  // the next press may try again; send failed: logged as failed, likewise).
  sendLoggedEmail(
    {
      kind: 'help',
      to,
      subject,
      text,
      html,
      name: settings.sender_name,
      ...(replyTo ? { replyTo } : {}),
      itemIds: [item.item_id],
      dedupeKey,
    },
    ss,
  );
}

/** The item page's buttons: done, help or nudge (BUTTONS). */
function submitItem(id: string, action: string, params: Params): LinkResult {
  const note = String(params.note ?? '')
    .trim()
    .slice(0, MAX_NOTE);
  return withLock(() => {
    const ss = spreadsheet();
    const items = openTable(ss, 'ActionItems');
    const found = findRecord(items, 'item_id', id);
    if (!found) return refused('This commitment is no longer in the program’s sheet.');
    const row = found.record;
    const now = new Date();
    if (action === 'done') {
      row.status = 'done';
      row.completed_at = row.completed_at || now;
      if (note) row.status_note = note;
    } else if (action === 'help') {
      row.status_note = note ? `needs help: ${note}` : 'needs help';
    } else {
      row.status_note = 'nudge daily';
    }
    row.updated_at = now;
    updateRecords(items, [found]);
    if (action === 'help') emailCoachForHelp(ss, row, recordsWhere(ss, 'Clients', 'client_id', [row.client_id])[0], note, now);
    const message =
      action === 'done'
        ? 'Marked done. Well done!'
        : action === 'help'
          ? 'Your coach has been told you would like help.'
          : 'You will get a short daily reminder until it is done.';
    return done('Thank you', message);
  });
}

function submitPrep(id: string, _action: string, params: Params): LinkResult {
  const rating = Number(params.progress_rating);
  if (!Number.isInteger(rating) || rating < 1 || rating > 5)
    return refused('Choose how your progress is going, from 1 to 5, and send the form again.');
  const text = (key: string) =>
    String(params[key] ?? '')
      .trim()
      .slice(0, MAX_NOTE);
  const testimonial = String(params.testimonial ?? '').trim();
  const consent = params.share_consent === 'yes';
  if (testimonial.length > TESTIMONIAL_MAX)
    return refused(`Keep the sentence for leaders under ${TESTIMONIAL_MAX} characters, and send the form again.`);
  if (consent && !testimonial)
    return refused('Write the sentence the program’s leaders may read, or untick the box, and send the form again.');
  return withLock(() => {
    const ss = spreadsheet();
    const client = recordsWhere(ss, 'Clients', 'client_id', [id])[0];
    if (!client) return refused('You are no longer in the program’s sheet.');
    // One answer per session: a second submission for the same next session updates the first.
    const prep = openTable(ss, 'Prep');
    const session = client.next_session_at instanceof Date ? client.next_session_at.getTime() : null;
    const earlier = findRecords(prep, 'client_id', [client.client_id]).find(
      (l) => (l.record.for_session_at instanceof Date ? l.record.for_session_at.getTime() : null) === session,
    );
    // A testimonial without the box ticked is kept for the coach only (share_consent FALSE).
    const answer = {
      submitted_at: new Date(),
      wins: text('wins'),
      challenges: text('challenges'),
      want_from_next: text('want_from_next'),
      progress_rating: rating,
      testimonial,
      share_consent: consent,
    };
    if (earlier) {
      Object.assign(earlier.record, answer);
      updateRecords(prep, [earlier]);
    } else {
      appendRecords(prep, [{ prep_id: newId('prp'), client_id: client.client_id, for_session_at: client.next_session_at, ...answer }]);
    }
    return done('Thank you', 'Your coach will see this at your next session.');
  });
}

/** The withdrawal link: every answer of the client stops sharing its words (share_consent FALSE). */
function submitConsent(id: string): LinkResult {
  return withLock(() => {
    const prep = openTable(spreadsheet(), 'Prep');
    const consented = findRecords(prep, 'client_id', [id]).filter((l) => l.record.share_consent === true);
    for (const l of consented) l.record.share_consent = false;
    updateRecords(prep, consented);
    return done('Your words are no longer shared', 'The program’s leaders will not see what you wrote any more. Thank you for telling us.');
  });
}

function submitOptOut(id: string): LinkResult {
  return withLock(() => {
    const clients = openTable(spreadsheet(), 'Clients');
    const found = findRecord(clients, 'client_id', id);
    if (!found) return refused('You are no longer in the program’s sheet.');
    found.record.reminders = false;
    found.record.updated_at = new Date();
    updateRecords(clients, [found]);
    return done('Reminders stopped', 'You will get no more reminder emails. Your coach can turn them back on.');
  });
}

/** Only the text fields a page has, as strings; anything else a caller sends is dropped. */
function pageFields(fields: unknown): Params {
  const out: Params = {};
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return out;
  for (const key of ['note', 'wins', 'challenges', 'want_from_next', 'progress_rating', 'testimonial', 'share_consent']) {
    const value = (fields as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number') out[key] = String(value);
  }
  return out;
}

/** Each button of the pages: the page whose link it needs, and the change it makes to the item or client the link names. */
const BUTTONS: Record<string, { page: FormPage; submit: (id: string, action: string, params: Params) => LinkResult }> = {
  done: { page: 'item', submit: submitItem },
  help: { page: 'item', submit: submitItem },
  nudge: { page: 'item', submit: submitItem },
  prep: { page: 'prep', submit: submitPrep },
  optout: { page: 'optout', submit: submitOptOut },
  withdraw: { page: 'consent', submit: submitConsent },
};

/**
 * The one function a link page calls (google.script.run): it verifies the signed, unexpired token for
 * the page its action belongs to, and does only that page's change to the one item or client the token
 * names. Every argument is the caller's: nothing else is trusted.
 */
export function linkAction(token: unknown, action: unknown, fields?: unknown): LinkResult {
  const t = typeof token === 'string' ? token.slice(0, 2000) : '';
  const a = typeof action === 'string' ? action : '';
  const button = Object.prototype.hasOwnProperty.call(BUTTONS, a) ? BUTTONS[a] : undefined;
  if (!button) return refused('Choose one of the buttons on the page.');
  const check = checkLink(t, button.page, new Date());
  if (!check.ok) return refused(LINK_PROBLEMS[check.reason]);
  return button.submit(check.claims.id, a, pageFields(fields));
}
