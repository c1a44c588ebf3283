// The pages behind the links in emails: GET only shows a page; the change happens when the person
// presses its button (a POST of that page's form). A mail scanner that follows every link changes
// nothing. Links are signed and expire (links.ts).
import { escapeHtml, formatDay } from '../../shared/emails';
import { LINK_PROBLEMS, type LinkPage } from '../../shared/links';
import type { Row } from '../../shared/schema';
import { newId } from './ids';
import { checkLink, webAppUrl } from './links';
import { appendRows, readTable, spreadsheet, writeRows } from './sheet';
import { loadSettings } from './settings';

type Params = Record<string, string | undefined>;
type Html = GoogleAppsScript.HTML.HtmlOutput;

const MAX_NOTE = 1000;

function page(title: string, body: string): Html {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>
  body { font: 16px/1.5 Arial, Helvetica, sans-serif; color: #202124; background: #f4f5f7; margin: 0; padding: 24px 12px; }
  main { max-width: 520px; margin: 0 auto; background: #fff; border-radius: 8px; padding: 24px 28px; }
  h1 { font-size: 22px; margin: 0 0 12px; }
  label { display: block; font-weight: bold; margin: 14px 0 4px; }
  textarea, select, input { width: 100%; box-sizing: border-box; font: inherit; padding: 8px; border: 1px solid #c4c7c5; border-radius: 4px; }
  textarea { min-height: 80px; }
  .actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 16px; }
  button { font: inherit; padding: 8px 16px; border-radius: 4px; border: 1px solid #1a73e8; background: #1a73e8; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #1a73e8; }
  .quote { background: #f1f3f4; border-radius: 4px; padding: 10px 12px; }
  .problem { color: #b3261e; }
</style></head><body><main>${body}</main></body></html>`;
  return HtmlService.createHtmlOutput(html).setTitle(title);
}

function problemPage(message: string): Html {
  return page('This link cannot be used', `<h1>This link cannot be used</h1><p class="problem" role="alert">${escapeHtml(message)}</p>`);
}

function form(pageName: LinkPage, token: string, fields: string, buttons: string): string {
  return `<form method="post" action="${escapeHtml(webAppUrl())}" target="_top">
<input type="hidden" name="page" value="${pageName}"><input type="hidden" name="t" value="${escapeHtml(token)}">
${fields}<div class="actions">${buttons}</div></form>`;
}

interface Found<T> {
  row: T;
  index: number;
}

function findItem(id: string): (Found<Row<'ActionItems'>> & { client: Row<'Clients'> | undefined }) | null {
  const ss = spreadsheet();
  const items = readTable(ss, 'ActionItems');
  const index = items.rows.findIndex((i) => i.item_id === id);
  if (index < 0) return null;
  const row = items.rows[index]!;
  const client = readTable(ss, 'Clients').rows.find((c) => c.client_id === row.client_id);
  return { row, index, client };
}

// ---- GET: show the page ------------------------------------------------------------------------

function showItem(token: string, action: string | undefined): Html {
  const check = checkLink(token, 'item', new Date());
  if (!check.ok) return problemPage(LINK_PROBLEMS[check.reason]);
  const found = findItem(check.claims.id);
  if (!found) return problemPage('This commitment is no longer in the program’s sheet.');
  const { row } = found;
  const tz = spreadsheet().getSpreadsheetTimeZone();
  const due = row.due_date instanceof Date ? ` <span>(due ${escapeHtml(formatDay(row.due_date, tz))})</span>` : '';
  const status = row.status === 'done' ? '<p>It is already marked done — thank you.</p>' : '';
  const help = action === 'help';
  return page('Your commitment', `<h1>Your commitment</h1><p class="quote">${escapeHtml(row.text)}${due}</p>${status}
${form('item', token,
    `<label for="note">${help ? 'What would help? (optional)' : 'Anything to add? (optional)'}</label><textarea id="note" name="note" maxlength="${MAX_NOTE}"></textarea>`,
    help
      ? '<button type="submit" name="a" value="help">Ask my coach for help</button><button type="submit" name="a" value="done" class="secondary">Mark it done</button>'
      : '<button type="submit" name="a" value="done">Mark it done</button><button type="submit" name="a" value="help" class="secondary">I need help</button><button type="submit" name="a" value="nudge" class="secondary">Nudge me daily</button>',
  )}`);
}

function showPrep(token: string): Html {
  const check = checkLink(token, 'prep', new Date());
  if (!check.ok) return problemPage(LINK_PROBLEMS[check.reason]);
  const client = readTable(spreadsheet(), 'Clients').rows.find((c) => c.client_id === check.claims.id);
  if (!client) return problemPage('You are no longer in the program’s sheet.');
  const ratings = [1, 2, 3, 4, 5].map((n) => `<option value="${n}">${n}${n === 1 ? ' — stuck' : n === 5 ? ' — great progress' : ''}</option>`).join('');
  return page('Prepare for your session', `<h1>Prepare for your session</h1><p>Two minutes, ${escapeHtml(client.name)}: your coach will see this at the start of your next session.</p>
${form('prep', token,
    `<label for="wins">Wins since last time</label><textarea id="wins" name="wins" maxlength="${MAX_NOTE}"></textarea>
<label for="challenges">Challenges</label><textarea id="challenges" name="challenges" maxlength="${MAX_NOTE}"></textarea>
<label for="want">What do you want from the next session?</label><textarea id="want" name="want_from_next" maxlength="${MAX_NOTE}"></textarea>
<label for="rating">How is your progress? (1–5)</label><select id="rating" name="progress_rating" required><option value="">Choose…</option>${ratings}</select>`,
    '<button type="submit">Send to my coach</button>',
  )}`);
}

function showOptOut(token: string): Html {
  const check = checkLink(token, 'optout', new Date());
  if (!check.ok) return problemPage(LINK_PROBLEMS[check.reason]);
  return page('Stop reminders', `<h1>Stop reminder emails?</h1><p>You will no longer get reminders about your coaching commitments. Your coach can turn them back on.</p>
${form('optout', token, '', '<button type="submit">Stop reminders</button>')}`);
}

export function showPage(params: Params): Html {
  const token = params.t ?? '';
  switch (params.page) {
    case 'item':
      return showItem(token, params.a);
    case 'prep':
      return showPrep(token);
    case 'optout':
      return showOptOut(token);
    default:
      return problemPage('There is no such page.');
  }
}

// ---- POST: the page's form ---------------------------------------------------------------------

function withLock<T>(fn: () => T): T {
  const lock = LockService.getScriptLock();
  lock.waitLock(20_000);
  try {
    const result = fn();
    SpreadsheetApp.flush();
    return result;
  } finally {
    lock.releaseLock();
  }
}

function emailCoachForHelp(item: Row<'ActionItems'>, client: Row<'Clients'> | undefined, note: string): void {
  if (!client) return;
  const coach = readTable(spreadsheet(), 'Coaches').rows.find((c) => c.coach_id === client.coach_id && c.active === true);
  if (!coach?.email || MailApp.getRemainingDailyQuota() < 1) return;
  const settings = loadSettings(spreadsheet());
  const subject = `${client.name} asks for help with a commitment`;
  const text = [`${client.name} asked for help with:`, `  ${item.text}`, ...(note ? ['', 'Their note:', `  ${note}`] : []), '', 'Reply to this email to reach them.'].join('\n');
  const html = `<p>${escapeHtml(client.name)} asked for help with:</p><blockquote>${escapeHtml(item.text)}</blockquote>${note ? `<p>Their note:</p><blockquote>${escapeHtml(note)}</blockquote>` : ''}<p>Reply to this email to reach them.</p>`;
  MailApp.sendEmail({ to: coach.email, subject, body: text, htmlBody: html, name: settings.sender_name, ...(client.email ? { replyTo: client.email } : {}) });
}

function submitItem(params: Params): Html {
  const check = checkLink(params.t ?? '', 'item', new Date());
  if (!check.ok) return problemPage(LINK_PROBLEMS[check.reason]);
  const action = params.a;
  if (action !== 'done' && action !== 'help' && action !== 'nudge') return problemPage('Choose one of the buttons on the page.');
  const note = String(params.note ?? '').trim().slice(0, MAX_NOTE);
  return withLock(() => {
    const ss = spreadsheet();
    const items = readTable(ss, 'ActionItems');
    const index = items.rows.findIndex((i) => i.item_id === check.claims.id);
    const row = items.rows[index];
    if (!row) return problemPage('This commitment is no longer in the program’s sheet.');
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
    writeRows(items, [index]);
    if (action === 'help') emailCoachForHelp(row, readTable(ss, 'Clients').rows.find((c) => c.client_id === row.client_id), note);
    const message = action === 'done' ? 'Marked done. Well done!' : action === 'help' ? 'Your coach has been told you would like help.' : 'You will get a short daily reminder until it is done.';
    return page('Thank you', `<h1>Thank you</h1><p role="status">${escapeHtml(message)}</p><p class="quote">${escapeHtml(row.text)}</p>`);
  });
}

function submitPrep(params: Params): Html {
  const check = checkLink(params.t ?? '', 'prep', new Date());
  if (!check.ok) return problemPage(LINK_PROBLEMS[check.reason]);
  const rating = Number(params.progress_rating);
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) return problemPage('Choose how your progress is going, from 1 to 5, and send the form again.');
  const text = (key: string) => String(params[key] ?? '').trim().slice(0, MAX_NOTE);
  return withLock(() => {
    const ss = spreadsheet();
    const client = readTable(ss, 'Clients').rows.find((c) => c.client_id === check.claims.id);
    if (!client) return problemPage('You are no longer in the program’s sheet.');
    appendRows(readTable(ss, 'Prep'), [{
      prep_id: newId('prp'), client_id: client.client_id, submitted_at: new Date(), wins: text('wins'), challenges: text('challenges'),
      want_from_next: text('want_from_next'), progress_rating: rating, for_session_at: client.next_session_at,
    }]);
    return page('Thank you', '<h1>Thank you</h1><p role="status">Your coach will see this at your next session.</p>');
  });
}

function submitOptOut(params: Params): Html {
  const check = checkLink(params.t ?? '', 'optout', new Date());
  if (!check.ok) return problemPage(LINK_PROBLEMS[check.reason]);
  return withLock(() => {
    const clients = readTable(spreadsheet(), 'Clients');
    const index = clients.rows.findIndex((c) => c.client_id === check.claims.id);
    const client = clients.rows[index];
    if (!client) return problemPage('You are no longer in the program’s sheet.');
    client.reminders = false;
    client.updated_at = new Date();
    writeRows(clients, [index]);
    return page('Reminders stopped', '<h1>Reminders stopped</h1><p role="status">You will get no more reminder emails. Your coach can turn them back on.</p>');
  });
}

export function submitPage(params: Params): Html {
  switch (params.page) {
    case 'item':
      return submitItem(params);
    case 'prep':
      return submitPrep(params);
    case 'optout':
      return submitOptOut(params);
    default:
      return problemPage('There is no such page.');
  }
}
