// Progress metrics: per client (for coaches and client summaries) and per coach / per program (for the
// leaders' Dashboard tab and the weekly leader summary). Pure and deterministic over the sheet's rows,
// like the reminder planner, so every definition (definitions.ts) is unit-tested without Apps Script.
import { metricsOfClient } from './client';
import { prepare } from './context';
import type { ClientMetrics, Metrics, MetricsInput, ProgramMetrics } from './definitions';
import { programOf } from './program';

export { headline, isConfidential, isDeletedSession, MAX_RANGE_DAYS, rangeProblem, RENEWAL_DAYS, storyOf } from './rules';
export type {
  BrightSpot,
  Change,
  ClientMetrics,
  CoachMetrics,
  Completion,
  CompletionPoint,
  Coverage,
  GroupMetrics,
  Headline,
  Metrics,
  MetricsFilter,
  MetricsInput,
  PeriodStats,
  Pipeline,
  PipelineStage,
  ProgramMetrics,
  Renewal,
  Testimonial,
  UnseenByCoach,
  WeekPoint,
} from './definitions';

/** Per-client figures (for the client's coach): one entry per kept client, by name. */
export function clientMetrics(input: MetricsInput): ClientMetrics[] {
  const ctx = prepare(input);
  return ctx.clients.map((c) => metricsOfClient(ctx, c));
}

/** Coach and program figures for leaders (no notes but bright-spot stories). */
export function programMetrics(input: MetricsInput): ProgramMetrics {
  return programOf(prepare(input), input);
}

/** Both, sharing one pass of indexing. */
export function computeMetrics(input: MetricsInput): Metrics {
  const ctx = prepare(input);
  return { clients: ctx.clients.map((c) => metricsOfClient(ctx, c)), program: programOf(ctx, input) };
}
