// The reminder emails, as HTML and plain text. Every piece of sheet text is HTML-escaped; layout is
// tables and inline styles, which Gmail and Outlook render; no images, no scripts.
import { dateFormatIn } from './dates';
import { escapeHtml } from './html';
import { ITEM_SECTIONS, mostUrgent, type ClientDigest, type CoachDigest, type Digest, type ItemSection } from './reminders';
import type { Row } from './schema';
import type { Settings } from './settings';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface DigestLinks {
  done(itemId: string): string;
  help(itemId: string): string;
  prep(clientId: string): string;
  optOut(clientId: string): string;
  /** The page that withdraws the client's consent to share their words with leaders. */
  withdraw(clientId: string): string;
}

const DAY: Intl.DateTimeFormatOptions = { weekday: 'short', month: 'short', day: 'numeric' };
export function formatDay(date: Date, timeZone: string): string {
  return dateFormatIn(timeZone, DAY).format(date);
}

type Item = Row<'ActionItems'>;

const SECTION_TITLES = {
  overdue: 'Past due',
  due_today: 'Due today',
  due_soon: 'Due soon',
  nudge: 'Your daily nudge',
  mid_cycle: 'Also on your list',
} as const;

/**
 * The sender's display name of an email about a coach's client: the coach's own name, so that a
 * reminder reads as coming from the coach (replies already go to them); Settings' sender_name when the
 * client has no coach. Line breaks would end a mail header, so they become spaces.
 */
export function senderNameOf(coach: { readonly name: unknown } | null | undefined, fallback: string): string {
  const name = coach
    ? String(coach.name ?? '')
        .replace(/[\r\n]+/g, ' ')
        .trim()
    : '';
  return name || fallback;
}

/** How the subject names the most urgent item's state. */
function urgency(section: ItemSection, item: Item, timeZone: string): string {
  switch (section) {
    case 'overdue':
      return 'past due';
    case 'due_today':
      return 'due today';
    case 'due_soon':
      return item.due_date instanceof Date ? `due ${formatDay(item.due_date, timeZone)}` : 'due soon';
    case 'nudge':
      return 'your daily nudge';
    case 'mid_cycle':
      return 'on your list';
  }
}

/**
 * A subject that says how many items the email lists and which is the most urgent:
 * "Past due: Send the plan" for one, "3 commitments — Send the plan is past due" for more
 * (`noun` names them: commitments for a client, items for a coach).
 */
export function itemsSubject(digest: Digest, timeZone: string, noun: string): string | null {
  const lead = mostUrgent(digest);
  if (!lead) return null;
  const state = urgency(lead.section, lead.item, timeZone);
  const text = short(lead.item.text);
  if (lead.count === 1) return `${state.charAt(0).toUpperCase()}${state.slice(1)}: ${text}`;
  return lead.section === 'nudge' || lead.section === 'mid_cycle'
    ? `${lead.count} ${noun} — ${state}: ${text}`
    : `${lead.count} ${noun} — ${text} is ${state}`;
}

function itemLine(item: Item, timeZone: string): string {
  return item.due_date instanceof Date ? `${item.text} (due ${formatDay(item.due_date, timeZone)})` : item.text;
}

export function htmlShell(title: string, body: string, footer: string): string {
  return `<!doctype html><html><body style="margin:0;padding:0;background:#f4f5f7">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;font-family:Arial,Helvetica,sans-serif;color:#202124">
<tr><td style="padding:24px 28px 8px;font-size:20px;font-weight:bold">${escapeHtml(title)}</td></tr>
${body}
<tr><td style="padding:16px 28px 24px;font-size:12px;color:#5f6368">${footer}</td></tr>
</table></td></tr></table></body></html>`;
}

/** What a preview shows where the email will have the signed link to stop sharing (made when it is sent). */
export const WITHDRAW_LINK_PLACEHOLDER = '(your own link, made when the email is sent)';

/**
 * The one wording of the line every later email to a client who shares words with leaders carries
 * (issue 25: consent given on the preparation form can be taken back from the next email, whatever
 * its kind — reminder, recap or progress summary): the words themselves, which are the client's own,
 * and the signed `page=consent` link. `url` null in a preview: the same sentence, the link's label
 * without a link.
 */
export function withdrawNotice(words: string, url: string | null): { text: string; html: string } {
  // The client's sentence keeps its own full stop, or gets one (a sentence ending in one read “…read them.”. before).
  const said = /[.!?…]$/.test(words.trim()) ? words : `${words}.`;
  const sentence = `You let the program’s leaders read your words: “${said}”`;
  return {
    text: `${sentence} To stop sharing them: ${url ?? WITHDRAW_LINK_PLACEHOLDER}`,
    html: `${escapeHtml(sentence)} ${url ? `<a href="${escapeHtml(url)}" style="color:#5f6368">Stop sharing my words</a>` : '<span style="color:#5f6368;text-decoration:underline">Stop sharing my words</span>'}`,
  };
}

export function button(href: string, label: string, color: string): string {
  return `<a href="${escapeHtml(href)}" style="display:inline-block;padding:6px 12px;margin:4px 6px 0 0;border-radius:4px;background:${color};color:#ffffff;text-decoration:none;font-size:13px">${escapeHtml(label)}</a>`;
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57).trimEnd()}…` : text;
}

export function renderClientDigest(
  digest: ClientDigest,
  settings: Pick<Settings, 'client_intro' | 'client_signoff'>,
  timeZone: string,
  links: DigestLinks,
): RenderedEmail {
  const coachName = digest.coach?.name ?? 'your coach';
  const first = digest.client.name.split(/\s+/)[0] || digest.client.name;
  const sections = ITEM_SECTIONS.filter((k) => digest[k].length);
  const count = sections.reduce((n, k) => n + digest[k].length, 0);
  const subject =
    digest.kind === 'overdue' || digest.kind === 'due_soon' || digest.kind === 'nudge'
      ? (itemsSubject(digest, timeZone, 'commitments') ?? `Prepare for your session with ${coachName}`)
      : digest.kind === 'mid_cycle'
        ? `Halfway to your next session with ${coachName}: ${count === 1 ? '1 commitment' : `${count} commitments`}`
        : `Prepare for your session with ${coachName}`;

  const htmlParts: string[] = [];
  const textParts: string[] = [`Hi ${first},`, '', settings.client_intro, ''];
  htmlParts.push(`<tr><td style="padding:0 28px 8px;font-size:15px">Hi ${escapeHtml(first)},</td></tr>`);
  htmlParts.push(`<tr><td style="padding:0 28px 8px;font-size:15px">${escapeHtml(settings.client_intro)}</td></tr>`);
  for (const section of sections) {
    const title = SECTION_TITLES[section];
    textParts.push(`${title}:`);
    const rows = digest[section]
      .map((item) => {
        textParts.push(`- ${itemLine(item, timeZone)}`);
        textParts.push(`  Done: ${links.done(item.item_id)}`);
        textParts.push(`  I need help: ${links.help(item.item_id)}`);
        return `<tr><td style="padding:8px 0;border-top:1px solid #e8eaed;font-size:15px">${escapeHtml(itemLine(item, timeZone))}<br>${button(links.done(item.item_id), 'Done', '#188038')}${button(links.help(item.item_id), 'I need help', '#1a73e8')}</td></tr>`;
      })
      .join('');
    textParts.push('');
    htmlParts.push(
      `<tr><td style="padding:12px 28px 4px"><div style="font-size:13px;font-weight:bold;text-transform:uppercase;color:${section === 'overdue' ? '#b3261e' : '#5f6368'}">${escapeHtml(title)}</div><table role="presentation" width="100%" cellpadding="0" cellspacing="0">${rows}</table></td></tr>`,
    );
  }
  if (digest.more) {
    const line = `And ${digest.more} more ${digest.more === 1 ? 'commitment' : 'commitments'}: the next reminders bring ${digest.more === 1 ? 'it' : 'them'}, the most urgent first.`;
    textParts.push(line, '');
    htmlParts.push(`<tr><td style="padding:12px 28px 4px;font-size:15px">${escapeHtml(line)}</td></tr>`);
  }
  if (digest.prep) {
    const when = formatDay(digest.prep, timeZone);
    const url = links.prep(digest.client.client_id);
    textParts.push(`Your next session with ${coachName} is on ${when}. Two minutes to prepare: ${url}`, '');
    htmlParts.push(
      `<tr><td style="padding:12px 28px 4px;font-size:15px">Your next session with ${escapeHtml(coachName)} is on <strong>${escapeHtml(when)}</strong>. Two minutes to prepare — wins, challenges and what you want from it:<br>${button(url, 'Prepare for the session', '#1a73e8')}</td></tr>`,
    );
  }
  textParts.push(settings.client_signoff, '', `Stop these reminders: ${links.optOut(digest.client.client_id)}`);
  let footer = `${escapeHtml(settings.client_signoff)}<br><a href="${escapeHtml(links.optOut(digest.client.client_id))}" style="color:#5f6368">Stop these reminders</a>`;
  if (digest.sharedWords) {
    const withdraw = withdrawNotice(digest.sharedWords, links.withdraw(digest.client.client_id));
    textParts.push('', withdraw.text);
    footer += `<br><br>${withdraw.html}`;
  }
  return { subject, html: htmlShell(subject, htmlParts.join('\n'), footer), text: textParts.join('\n') };
}

function ownItemLine(item: Item, timeZone: string): string {
  const who = String(item.client_name ?? '').trim();
  return `${item.text}${who ? ` — for ${who}` : ''}${item.due_date instanceof Date ? ` (due ${formatDay(item.due_date, timeZone)})` : ''}`;
}

/** The coach's daily email: their own items (past due, due today, due soon), then renewals, then addresses MailApp refused. */
export function renderCoachDigest(digest: CoachDigest, timeZone: string): RenderedEmail {
  const refusedCount = digest.refused.length;
  const otherSubject =
    digest.renewals.length === 1
      ? `Renewal coming up: ${digest.renewals[0]!.name}`
      : digest.renewals.length
        ? `${digest.renewals.length} coaching packages end within 30 days`
        : refusedCount === 1
          ? `Reminders to ${digest.refused[0]!.client.name} could not be sent`
          : `Reminders to ${refusedCount} clients could not be sent`;
  const own = itemsSubject(digest, timeZone, 'of your items');
  const subject = own
    ? `${own}${digest.renewals.length ? ` · ${digest.renewals.length === 1 ? '1 renewal' : `${digest.renewals.length} renewals`}` : ''}`
    : otherSubject;
  const text: string[] = [`Hi ${digest.coach.name},`, ''];
  const body: string[] = [`<tr><td style="padding:0 28px 8px;font-size:15px">Hi ${escapeHtml(digest.coach.name)},</td></tr>`];
  const ownSections = (['overdue', 'due_today', 'due_soon'] as const).filter((k) => digest[k].length);
  if (ownSections.length) {
    text.push('Your own commitments:');
    body.push('<tr><td style="padding:0 28px 8px;font-size:15px">Your own commitments:</td></tr>');
  }
  for (const section of ownSections) {
    const title = SECTION_TITLES[section];
    text.push('', `${title}:`, ...digest[section].map((item) => `- ${ownItemLine(item, timeZone)}`));
    const rows = digest[section]
      .map(
        (item) =>
          `<tr><td style="padding:8px 0;border-top:1px solid #e8eaed;font-size:15px">${escapeHtml(ownItemLine(item, timeZone))}</td></tr>`,
      )
      .join('');
    body.push(
      `<tr><td style="padding:12px 28px 4px"><div style="font-size:13px;font-weight:bold;text-transform:uppercase;color:${section === 'overdue' ? '#b3261e' : '#5f6368'}">${escapeHtml(title)}</div><table role="presentation" width="100%" cellpadding="0" cellspacing="0">${rows}</table></td></tr>`,
    );
  }
  if (digest.more) {
    const line = `And ${digest.more} more of your items: tomorrow's email lists what is still due, the most urgent first.`;
    text.push('', line);
    body.push(`<tr><td style="padding:12px 28px 4px;font-size:15px">${escapeHtml(line)}</td></tr>`);
  }
  const sections: Array<{ intro: string; lines: string[] }> = [];
  if (digest.renewals.length) {
    sections.push({
      intro: 'These coaching packages end within 30 days — a good moment to talk about renewal:',
      lines: digest.renewals.map(
        (c) =>
          `${c.name}${c.organization ? ` (${c.organization})` : ''} — package ends ${c.package_end instanceof Date ? formatDay(c.package_end, timeZone) : ''}`,
      ),
    });
  }
  if (refusedCount) {
    sections.push({
      intro: 'The mail service refused these clients’ addresses, so they get no reminders until the email in the Clients tab is corrected:',
      lines: digest.refused.map((r) => `${r.client.name} — ${r.address}`),
    });
  }
  for (const section of sections) {
    if (text.length > 2) text.push('');
    text.push(section.intro, ...section.lines.map((l) => `- ${l}`));
    const rows = section.lines
      .map((l) => `<tr><td style="padding:8px 0;border-top:1px solid #e8eaed;font-size:15px">${escapeHtml(l)}</td></tr>`)
      .join('');
    body.push(`<tr><td style="padding:12px 28px 8px;font-size:15px">${escapeHtml(section.intro)}</td></tr>
<tr><td style="padding:0 28px 8px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0">${rows}</table></td></tr>`);
  }
  return { subject, html: htmlShell(subject, body.join('\n'), 'Sent by FollowThrough from your program’s sheet.'), text: text.join('\n') };
}
