// The progress summary a coach sends a client: their goals, what got done, what is next. Built from
// the client's own goals and commitments; no session notes (confidential or not) are included.
import { escapeHtml, formatDay } from './emails';
import type { ClientMetrics } from './metrics';
import type { Row } from './schema';

export interface ClientSummaryInput {
  client: Row<'Clients'>;
  coachName: string;
  metrics: ClientMetrics;
  goals: ReadonlyArray<Row<'Goals'>>;
  done: ReadonlyArray<Row<'ActionItems'>>;
  next: ReadonlyArray<Row<'ActionItems'>>;
  timeZone: string;
}

export function renderClientSummary(input: ClientSummaryInput): { subject: string; html: string; text: string } {
  const { client, coachName, metrics, goals, done, next, timeZone } = input;
  const first = client.name.split(/\s+/)[0] || client.name;
  const subject = `Your coaching progress with ${coachName}`;
  const due = (i: Row<'ActionItems'>) => (i.due_date instanceof Date ? ` (due ${formatDay(i.due_date, timeZone)})` : '');
  const goalLine = (g: Row<'Goals'>) => `${g.title}${g.status === 'achieved' ? ' — achieved' : ''}`;
  const text = [
    `Hi ${first},`, '',
    `Here is where we are: ${metrics.sessionsHeld} session${metrics.sessionsHeld === 1 ? '' : 's'} together, ${metrics.items.doneOnTime + metrics.items.doneLate} commitment${metrics.items.doneOnTime + metrics.items.doneLate === 1 ? '' : 's'} done.`,
    '', 'Your goals:', ...(goals.length ? goals.map((g) => `- ${goalLine(g)}`) : ['- (none recorded yet)']),
    '', 'What got done:', ...(done.length ? done.map((i) => `- ${i.text}`) : ['- (nothing marked done yet)']),
    '', 'What is next:', ...(next.length ? next.map((i) => `- ${i.text}${due(i)}`) : ['- (nothing open)']),
    '', `— ${coachName}`,
  ].join('\n');
  const list = (items: string[]) => `<ul style="margin:4px 0 12px;padding-left:20px">${items.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>`;
  const html = `<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;color:#202124;font-size:15px;line-height:1.5">
<p>Hi ${escapeHtml(first)},</p>
<p>Here is where we are: <strong>${metrics.sessionsHeld}</strong> session${metrics.sessionsHeld === 1 ? '' : 's'} together, <strong>${metrics.items.doneOnTime + metrics.items.doneLate}</strong> commitment${metrics.items.doneOnTime + metrics.items.doneLate === 1 ? '' : 's'} done.</p>
<p><strong>Your goals</strong></p>${list(goals.length ? goals.map(goalLine) : ['(none recorded yet)'])}
<p><strong>What got done</strong></p>${list(done.length ? done.map((i) => i.text) : ['(nothing marked done yet)'])}
<p><strong>What is next</strong></p>${list(next.length ? next.map((i) => `${i.text}${due(i)}`) : ['(nothing open)'])}
<p>— ${escapeHtml(coachName)}</p></body></html>`;
  return { subject, html, text };
}
