// The reminder emails, as HTML and plain text. Every piece of sheet text is HTML-escaped; layout is
// tables and inline styles, which Gmail and Outlook render; no images, no scripts.
import { escapeHtml } from './html';
import type { ClientDigest, CoachDigest } from './reminders';
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
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
export function formatDay(date: Date, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric' });
    dayFormats.set(timeZone, f);
  }
  return f.format(date);
}

type Item = Row<'ActionItems'>;

const SECTION_TITLES = {
  overdue: 'Past due',
  due_soon: 'Due soon',
  nudge: 'Your daily nudge',
  mid_cycle: 'Also on your list',
} as const;

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

export function button(href: string, label: string, color: string): string {
  return `<a href="${escapeHtml(href)}" style="display:inline-block;padding:6px 12px;margin:4px 6px 0 0;border-radius:4px;background:${color};color:#ffffff;text-decoration:none;font-size:13px">${escapeHtml(label)}</a>`;
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57).trimEnd()}…` : text;
}

export function renderClientDigest(digest: ClientDigest, settings: Pick<Settings, 'client_intro' | 'client_signoff'>, timeZone: string, links: DigestLinks): RenderedEmail {
  const coachName = digest.coach?.name ?? 'your coach';
  const first = digest.client.name.split(/\s+/)[0] || digest.client.name;
  const sections = (['overdue', 'due_soon', 'nudge', 'mid_cycle'] as const).filter((k) => digest[k].length);
  const subject =
    digest.kind === 'overdue' ? `Past due: ${digest.overdue.length === 1 ? short(digest.overdue[0]!.text) : `${digest.overdue.length} commitments`}`
    : digest.kind === 'due_soon' ? `Coming up: ${digest.due_soon.length === 1 ? short(digest.due_soon[0]!.text) : `${digest.due_soon.length} commitments`}`
    : digest.kind === 'nudge' ? 'Your daily nudge'
    : digest.kind === 'mid_cycle' ? `Halfway to your next session with ${coachName}`
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
    htmlParts.push(`<tr><td style="padding:12px 28px 4px"><div style="font-size:13px;font-weight:bold;text-transform:uppercase;color:${section === 'overdue' ? '#b3261e' : '#5f6368'}">${escapeHtml(title)}</div><table role="presentation" width="100%" cellpadding="0" cellspacing="0">${rows}</table></td></tr>`);
  }
  if (digest.prep) {
    const when = formatDay(digest.prep, timeZone);
    const url = links.prep(digest.client.client_id);
    textParts.push(`Your next session with ${coachName} is on ${when}. Two minutes to prepare: ${url}`, '');
    htmlParts.push(`<tr><td style="padding:12px 28px 4px;font-size:15px">Your next session with ${escapeHtml(coachName)} is on <strong>${escapeHtml(when)}</strong>. Two minutes to prepare — wins, challenges and what you want from it:<br>${button(url, 'Prepare for the session', '#1a73e8')}</td></tr>`);
  }
  textParts.push(settings.client_signoff, '', `Stop these reminders: ${links.optOut(digest.client.client_id)}`);
  const footer = `${escapeHtml(settings.client_signoff)}<br><a href="${escapeHtml(links.optOut(digest.client.client_id))}" style="color:#5f6368">Stop these reminders</a>`;
  return { subject, html: htmlShell(subject, htmlParts.join('\n'), footer), text: textParts.join('\n') };
}

export function renderCoachDigest(digest: CoachDigest, timeZone: string): RenderedEmail {
  const subject = digest.renewals.length === 1 ? `Renewal coming up: ${digest.renewals[0]!.name}` : `${digest.renewals.length} coaching packages end within 30 days`;
  const lines = digest.renewals.map((c) => {
    const end = c.package_end instanceof Date ? formatDay(c.package_end, timeZone) : '';
    return { text: `${c.name}${c.organization ? ` (${c.organization})` : ''} — package ends ${end}`, c };
  });
  const text = [`Hi ${digest.coach.name},`, '', 'These coaching packages end within 30 days; a good moment to talk about renewal:', ...lines.map((l) => `- ${l.text}`)].join('\n');
  const rows = lines.map((l) => `<tr><td style="padding:8px 0;border-top:1px solid #e8eaed;font-size:15px">${escapeHtml(l.text)}</td></tr>`).join('');
  const body = `<tr><td style="padding:0 28px 8px;font-size:15px">Hi ${escapeHtml(digest.coach.name)}, these coaching packages end within 30 days — a good moment to talk about renewal:</td></tr>
<tr><td style="padding:0 28px 8px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0">${rows}</table></td></tr>`;
  return { subject, html: htmlShell(subject, body, 'Sent by FollowThrough from your program’s sheet.'), text };
}
