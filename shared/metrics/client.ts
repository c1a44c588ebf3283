// Progress metrics per client (for the client's coach; see definitions.ts).
import { isoDayOf } from '../dates';
import { isOpenStatus, isOverdue } from '../items';
import { within, type Context } from './context';
import type { Client, ClientMetrics } from './definitions';
import { ACTIVE_STAGES, hours, isCovered, measureMoved } from './rules';

function itemsOfClient(ctx: Context, clientId: string): Pick<ClientMetrics, 'items' | 'derailed'> {
  const { today, range } = ctx;
  const ranged = range.from !== -Infinity || range.to !== Infinity;
  const items = { total: 0, doneOnTime: 0, doneLate: 0, derailed: 0, dropped: 0, open: 0, overdue: 0 };
  const derailed: ClientMetrics['derailed'] = [];
  for (const { row, due, created, closed } of ctx.itemsOf.get(clientId) ?? []) {
    // An item is placed in the range by its due day, else its created day.
    if (ranged && !within(due ?? created, range)) continue;
    items.total++;
    if (row.status === 'done') {
      if (due === null || closed === null || closed <= due) items.doneOnTime++;
      else items.doneLate++;
    } else if (row.status === 'derailed') {
      items.derailed++;
      derailed.push({ itemId: row.item_id, text: row.text, reason: String(row.status_note ?? '').trim() });
    } else if (row.status === 'dropped') {
      items.dropped++;
    } else if (isOpenStatus(row.status)) {
      items.open++;
      if (isOverdue(row, due, today)) items.overdue++;
    }
  }
  return { items, derailed };
}

function goalsOfClient(ctx: Context, clientId: string): ClientMetrics['goals'] {
  const goals = ctx.goalsOf.get(clientId) ?? [];
  let achieved = 0;
  let open = 0;
  for (const g of goals) {
    if (g.status === 'achieved') achieved++;
    else if (g.status === 'open') open++;
  }
  return { total: goals.length, achieved, open };
}

const NO_REASON = 'No reason given';

/** Derailed items grouped by reason (case-insensitive, the first spelling kept), most frequent first. */
function derailersOf(derailed: ClientMetrics['derailed']): ClientMetrics['derailers'] {
  const byKey = new Map<string, { reason: string; count: number }>();
  for (const d of derailed) {
    const reason = d.reason || NO_REASON;
    const key = reason.toLowerCase();
    const seen = byKey.get(key);
    if (seen) seen.count++;
    else byKey.set(key, { reason, count: 1 });
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

function prepRatingsOf(ctx: Context, clientId: string): ClientMetrics['prepRatings'] {
  const rated: { ms: number; day: number; rating: number }[] = [];
  for (const p of ctx.prepOf.get(clientId) ?? []) {
    const day = ctx.dayOf(p.submitted_at);
    const rating = p.progress_rating;
    if (!within(day, ctx.range) || typeof rating !== 'number' || !(rating >= 1 && rating <= 5)) continue;
    rated.push({ ms: (p.submitted_at as Date).getTime(), day, rating });
  }
  rated.sort((a, b) => a.ms - b.ms);
  return rated.map((r) => ({ day: isoDayOf(r.day), rating: r.rating }));
}

export function metricsOfClient(ctx: Context, client: Client): ClientMetrics {
  const id = client.client_id;
  const last = ctx.lastSeen.get(id)?.now ?? null;
  let sessionsHeld = 0;
  for (const s of ctx.sessionsOf.get(id) ?? []) {
    const day = ctx.dayOf(s.started_at);
    if (within(day, ctx.range) && day <= ctx.today) sessionsHeld++;
  }
  let minutes = 0;
  for (const s of ctx.sessionsOf.get(id) ?? []) {
    const day = ctx.dayOf(s.started_at);
    if (within(day, ctx.range) && day <= ctx.today && typeof s.duration_min === 'number') minutes += s.duration_min;
  }
  const active = ACTIVE_STAGES.has(client.stage);
  const items = itemsOfClient(ctx, id);
  const milestones = ctx.milestonesOf.get(id) ?? [];
  return {
    clientId: id,
    name: client.name,
    organization: client.organization,
    coachId: client.coach_id,
    stage: client.stage,
    goals: goalsOfClient(ctx, id),
    milestones: { total: milestones.length, reached: milestones.filter((m) => m.status === 'reached').length },
    measures: (ctx.goalsOf.get(id) ?? [])
      .map((g) => ({
        goalId: g.goal_id,
        title: g.title,
        baseline: String(g.measure_baseline ?? '').trim(),
        current: String(g.measure_current ?? '').trim(),
      }))
      .filter((m) => m.baseline !== '' || m.current !== '')
      .map((m) => ({ ...m, moved: measureMoved(m.baseline, m.current) })),
    derailers: derailersOf(items.derailed),
    daysToActive: ctx.toActive.get(id)?.days ?? null,
    coachingHours: hours(minutes),
    ...items,
    sessionsHeld,
    lastSession: last === null ? null : isoDayOf(last),
    daysSinceLastSession: last === null ? null : ctx.today - last,
    active,
    covered: active && isCovered(client, last, ctx.today),
    prepRatings: prepRatingsOf(ctx, id),
  };
}
