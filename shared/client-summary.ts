// A client's progress report: the engagement (stage, package), each goal with its milestones and its
// measure (baseline → current), commitments kept on time / late / derailed with reasons, preparation
// ratings over time, wins and the next session. The coach previews it and emails it to the client;
// leaders and admins open it from the menu. Never session notes; for a leader, no item texts, derailed
// reasons or preparation answers either (PRODUCT.md: leaders' outputs carry counts, rates and names).
// One HTML document serves the email (inline styles, bars made of table cells: no images or SVG) and
// print (@page for A4 and Letter alike; a long link wraps instead of running off the paper or a phone's screen).
import { formatDay, withdrawNotice } from './emails';
import { escapeHtml } from './html';
import type { ClientMetrics } from './metrics';
import type { Row } from './schema';

export type ReportAudience = 'client' | 'leader';

export interface ClientSummaryInput {
  client: Row<'Clients'>;
  coachName: string;
  metrics: ClientMetrics;
  goals: ReadonlyArray<Row<'Goals'>>;
  milestones?: ReadonlyArray<Row<'Milestones'>>;
  /** Items done in the last 30 days, and open items. */
  done: ReadonlyArray<Row<'ActionItems'>>;
  next: ReadonlyArray<Row<'ActionItems'>>;
  /** The client's latest preparation answers' wins, newest first (client audience only). */
  wins?: readonly string[];
  /** The words the client lets leaders read now (client audience only): the email offers to stop sharing them. */
  sharedWords?: string | null;
  /** The signed `?page=consent` link that does it; null in a preview (a placeholder shows where). */
  withdrawUrl?: string | null;
  timeZone: string;
  now?: Date;
  audience?: ReportAudience;
}

const STAGE_NAMES: Record<string, string> = {
  prospect: 'Getting to know each other',
  contacted: 'Getting to know each other',
  breakthrough: 'Setting goals',
  active: 'Coaching',
  maintenance: 'Keeping it going',
  closed: 'Completed',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A horizontal bar drawn with a table cell (Gmail and Outlook render it; no images or SVG). */
function bar(value: number, max: number): string {
  const width = Math.max(4, Math.round((value / max) * 160));
  return `<table role="presentation" cellpadding="0" cellspacing="0"><tr><td width="${width}" height="10" bgcolor="#1a73e8" style="background:#1a73e8;width:${width}px;height:10px;font-size:1px;line-height:1px">&nbsp;</td><td style="padding-left:6px;font-size:12px;color:#5f6368">${value} of 5</td></tr></table>`;
}

export function renderClientSummary(input: ClientSummaryInput): { subject: string; html: string; text: string } {
  const { client, coachName, metrics, goals, done, next, timeZone } = input;
  const audience = input.audience ?? 'client';
  const forClient = audience === 'client';
  const milestones = input.milestones ?? [];
  const first = client.name.split(/\s+/)[0] || client.name;
  const subject = forClient ? `Your coaching progress with ${coachName}` : `Coaching progress report: ${client.name}`;
  const day = (d: Date | '') => (d instanceof Date ? formatDay(d, timeZone) : '');
  const now = input.now ?? new Date();

  // The engagement.
  const stage = STAGE_NAMES[client.stage] ?? '';
  const daysLeft = client.package_end instanceof Date ? Math.ceil((client.package_end.getTime() - now.getTime()) / 86_400_000) : null;
  const packageLine =
    client.package_start instanceof Date && client.package_end instanceof Date
      ? `Package ${day(client.package_start)} – ${day(client.package_end)}${daysLeft !== null && daysLeft >= 0 ? ` (${plural(daysLeft, 'day')} left)` : ''}`
      : '';
  const kept = metrics.items.doneOnTime;
  const late = metrics.items.doneLate;
  const derailed = metrics.items.derailed;
  const summary = `${plural(metrics.sessionsHeld, 'session')} together; ${plural(kept, 'commitment')} kept on time, ${late} late, ${derailed} derailed.`;

  // Goals with milestones and measures.
  const goalBlocks = goals
    .filter((g) => g.status !== 'dropped')
    .map((g) => {
      const status = g.status === 'achieved' ? 'achieved' : g.status === 'maintenance' ? 'achieved, keeping it going' : 'in progress';
      const measure = g.success_measure
        ? `${g.success_measure}: ${g.measure_baseline || '—'} → ${g.measure_current || g.measure_baseline || '—'}`
        : '';
      const steps = milestones
        .filter((m) => m.goal_id === g.goal_id && m.status !== 'dropped')
        .map((m) => ({
          title: m.title,
          done: m.status === 'reached',
          when: m.status === 'reached' ? day(m.reached_at) : day(m.due_date),
        }));
      return { title: g.title, status, measure, target: day(g.target_date), steps };
    });

  const ratings = metrics.prepRatings.slice(-8);
  const reasons = forClient ? metrics.derailed.map((d) => `${d.text}${d.reason ? ` — ${d.reason}` : ''}`) : [];
  const wins = forClient ? (input.wins ?? []).filter(Boolean).slice(0, 3) : [];
  const nextSession = client.next_session_at instanceof Date ? day(client.next_session_at) : '';
  // As in every later email to a client who shares words with leaders (shared/emails.ts); never to a leader.
  const withdraw = forClient && input.sharedWords ? withdrawNotice(input.sharedWords, input.withdrawUrl ?? null) : null;
  const due = (i: Row<'ActionItems'>) => (i.due_date instanceof Date ? ` (due ${formatDay(i.due_date, timeZone)})` : '');

  const text: string[] = [];
  text.push(
    forClient ? `Hi ${first},` : `${client.name}${client.organization ? ` — ${client.organization}` : ''}, coached by ${coachName}`,
    '',
  );
  text.push(forClient ? `Here is where we are: ${summary}` : summary);
  if (stage || packageLine) text.push('', [stage, packageLine].filter(Boolean).join(' · '));
  text.push('', forClient ? 'Your goals:' : 'Goals:');
  if (!goalBlocks.length) text.push('- (none recorded yet)');
  for (const g of goalBlocks) {
    text.push(`- ${g.title} — ${g.status}${g.target ? ` (target ${g.target})` : ''}`);
    if (g.measure) text.push(`  ${g.measure}`);
    for (const s of g.steps) text.push(`  [${s.done ? 'x' : ' '}] ${s.title}${s.when ? ` (${s.done ? 'reached' : 'due'} ${s.when})` : ''}`);
  }
  if (ratings.length) text.push('', 'Progress you rated before sessions (1–5):', ...ratings.map((r) => `  ${r.day}: ${r.rating}`));
  if (forClient) {
    text.push('', 'What got done:', ...(done.length ? done.map((i) => `- ${i.text}`) : ['- (nothing marked done yet)']));
    if (reasons.length) text.push('', 'What got in the way:', ...reasons.map((r) => `- ${r}`));
    if (wins.length) text.push('', 'Your wins:', ...wins.map((w) => `- ${w}`));
    text.push('', 'What is next:', ...(next.length ? next.map((i) => `- ${i.text}${due(i)}`) : ['- (nothing open)']));
  } else {
    text.push('', `Open commitments: ${next.length}`);
  }
  if (nextSession) text.push('', `Next session: ${nextSession}`);
  text.push(
    '',
    forClient
      ? `— ${coachName}`
      : 'Counts, goals and milestones only: session notes, commitments and preparation answers stay with the coach and the client.',
  );
  if (withdraw) text.push('', withdraw.text);

  const h = (title: string) => `<h2 style="font-size:15px;margin:18px 0 6px;color:#174ea6">${escapeHtml(title)}</h2>`;
  const list = (items: string[]) =>
    `<ul style="margin:4px 0 12px;padding-left:20px">${items.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>`;
  const goalHtml = goalBlocks.length
    ? goalBlocks
        .map(
          (g) => `<div style="margin:0 0 12px;padding:10px 12px;border:1px solid #dadce0;border-radius:6px;break-inside:avoid">
<div style="font-weight:bold">${escapeHtml(g.title)} <span style="font-weight:normal;color:#5f6368">— ${escapeHtml(g.status)}${g.target ? `, target ${escapeHtml(g.target)}` : ''}</span></div>
${g.measure ? `<div style="margin-top:4px">${escapeHtml(g.measure)}</div>` : ''}
${g.steps.length ? `<ul style="margin:6px 0 0;padding-left:0;list-style:none">${g.steps.map((s) => `<li>${s.done ? '☑' : '☐'} ${escapeHtml(s.title)}${s.when ? ` <span style="color:#5f6368">(${s.done ? 'reached' : 'due'} ${escapeHtml(s.when)})</span>` : ''}</li>`).join('')}</ul>` : ''}
</div>`,
        )
        .join('')
    : '<p>(none recorded yet)</p>';
  const ratingHtml = ratings.length
    ? `<table role="presentation" cellpadding="0" cellspacing="0">${ratings.map((r) => `<tr><td style="font-size:12px;padding:2px 8px 2px 0;white-space:nowrap">${escapeHtml(r.day)}</td><td>${bar(r.rating, 5)}</td></tr>`).join('')}</table>`
    : '';
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title>
<style>@page { size: auto; margin: 16mm; } @media print { body { font-size: 11pt; } a { color: inherit; } }</style></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#202124;font-size:15px;line-height:1.5;max-width:680px;margin:0 auto;padding:12px;word-wrap:break-word;overflow-wrap:anywhere">
<h1 style="font-size:20px;margin:0 0 4px">${forClient ? `Your coaching progress` : escapeHtml(client.name)}</h1>
<p style="margin:0 0 12px;color:#5f6368">${escapeHtml([forClient ? `with ${coachName}` : `${client.organization ? `${client.organization} · ` : ''}coached by ${coachName}`, stage, packageLine].filter(Boolean).join(' · '))}</p>
${forClient ? `<p>Hi ${escapeHtml(first)},</p>` : ''}
<p>${forClient ? 'Here is where we are: ' : ''}<strong>${escapeHtml(summary)}</strong></p>
${h(forClient ? 'Your goals' : 'Goals')}${goalHtml}
${ratingHtml ? `${h('Progress rated before sessions (1–5)')}${ratingHtml}` : ''}
${forClient ? `${h('What got done')}${list(done.length ? done.map((i) => i.text) : ['(nothing marked done yet)'])}` : ''}
${reasons.length ? `${h('What got in the way')}${list(reasons)}` : ''}
${wins.length ? `${h('Your wins')}${list(wins)}` : ''}
${forClient ? `${h('What is next')}${list(next.length ? next.map((i) => `${i.text}${due(i)}`) : ['(nothing open)'])}` : `${h('Open commitments')}<p>${next.length}</p>`}
${nextSession ? `<p><strong>Next session:</strong> ${escapeHtml(nextSession)}</p>` : ''}
<p style="color:#5f6368;font-size:13px">${forClient ? `— ${escapeHtml(coachName)}` : 'Counts, goals and milestones only: session notes, commitments and preparation answers stay with the coach and the client.'}</p>
${withdraw ? `<p style="color:#5f6368;font-size:13px">${withdraw.html}</p>` : ''}
</body></html>`;
  return { subject, html, text: text.join('\n') };
}
