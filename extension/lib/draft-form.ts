// The capture form's draft as the panel holds it: what the coach types is shown at once and written
// after a pause in typing; changes of the form (switching client, saving, opening a draft) go to
// storage at once through lib/drafts.ts; when the panel is hidden or closed, what is pending is handed
// over in one step. The hook (components/use-drafts.ts) only wires this to Preact and the page's events.
//
// Words typed while a change of the form is being written (a storage round trip: a few milliseconds,
// far more on a loaded machine) are not lost: settleLateEdit decides where they go.
import { draftKey } from './capture';
import type { Draft } from './storage';

/** A pause in typing after which the draft is written. */
export const PAUSE_MS = 300;

/** What the form needs from its page: showing a draft, writing one, and handing one over on close. */
export interface DraftFormHost {
  show(draft: Draft): void;
  write(draft: Draft): Promise<void>;
  /** The page is going away: one synchronous step that survives it (the background writes). */
  handOver(draft: Draft): void;
  /** Keeps a draft as its own without opening it (words typed while the form went to another draft). */
  putAside(draft: Draft): Promise<void>;
  setTimer(run: () => void, ms: number): ReturnType<typeof setTimeout>;
  clearTimer(timer: ReturnType<typeof setTimeout> | undefined): void;
}

/**
 * Where the words typed during a change of the form go. `current` is the form the change started
 * from, `next` what the change answered, `late` the form as the coach left it meanwhile.
 * - A change that carried the form's words along (a form without a client taking one, or the same
 *   draft) goes on with what was typed: the fields the coach changed are laid over the new form.
 *   A new client's open items and goals are not the previous one's: the debrief stays behind and the
 *   items lose their goal, as switchClient does.
 * - Otherwise (the form went to another draft, or was saved) the form as typed is kept as its own
 *   draft (`aside`), which the panel lists and offers to move: nothing typed is lost.
 */
export function settleLateEdit(current: Draft, next: Draft, late: Draft): { form: Draft; aside: Draft | null } {
  const typed = (Object.keys(late) as (keyof Draft)[]).filter(
    (key) => key !== 'clientId' && key !== 'newClient' && late[key] !== current[key],
  );
  if (typed.length === 0) return { form: next, aside: null };
  const sameDraft = draftKey(next) === draftKey(current);
  const carried = sameDraft || (next.notes === current.notes && sameWords(next, current));
  if (!carried) return { form: next, aside: late };
  const form: Draft = { ...next };
  for (const key of typed) {
    if (key === 'debrief' && !sameDraft) continue;
    if (key === 'items' && !sameDraft) form.items = late.items.map((item) => ({ ...item, goalId: '' }));
    else Object.assign(form, { [key]: late[key] });
  }
  return { form, aside: null };
}

function sameWords(a: Draft, b: Draft): boolean {
  return a.items.length === b.items.length && a.items.every((item, i) => item.text === b.items[i]?.text);
}

export class DraftForm {
  /** The form as shown; null until restored from storage. */
  private latest: Draft | null = null;
  /** Typed since the last write. */
  private pending = false;
  /** The coach changed the form since the panel opened (until then, a draft arriving late is adopted). */
  private touched = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Changes of the form being written, and what was typed meanwhile. */
  private changing = 0;
  private late: Draft | null = null;

  constructor(private readonly host: DraftFormHost) {}

  /** The draft read from storage at open, or arriving from a panel that closed a moment ago. */
  adopt(stored: Draft, arrivedLate: boolean): void {
    if (arrivedLate ? this.touched : this.latest) return;
    this.latest = stored;
    this.host.show(stored);
  }

  /** A change typed in the form; written after a short pause. */
  edit(next: Draft): void {
    this.touched = true;
    this.latest = next;
    this.host.show(next);
    if (this.changing > 0) {
      this.late = next;
      return;
    }
    this.pending = true;
    this.host.clearTimer(this.timer);
    this.timer = this.host.setTimer(() => this.write(), PAUSE_MS);
  }

  /** A change that goes to storage at once (switching client, saving, taking clips). */
  async run(transition: (current: Draft) => Promise<Draft>): Promise<Draft | null> {
    const current = this.latest;
    if (!current) return null;
    this.touched = true;
    // The transition writes `current` itself; a pending write would bring back stale state.
    this.host.clearTimer(this.timer);
    this.pending = false;
    this.changing += 1;
    this.late = null;
    let next: Draft;
    try {
      next = await transition(current);
    } catch (error) {
      this.settle(null);
      throw error;
    }
    return this.settle({ current, next });
  }

  /** The panel is being hidden or closed: hand what is pending over in one step. */
  flush(): void {
    this.host.clearTimer(this.timer);
    const draft = this.late ?? (this.pending ? this.latest : null);
    if (draft) this.host.handOver(draft);
    this.pending = false;
    this.late = null;
  }

  private settle(done: { current: Draft; next: Draft } | null): Draft {
    this.changing -= 1;
    const late = this.late;
    this.late = null;
    let form = done ? done.next : (late ?? this.latest!);
    if (late && done) {
      const settled = settleLateEdit(done.current, done.next, late);
      if (settled.aside) void this.host.putAside(settled.aside);
      form = settled.form;
    }
    this.latest = form;
    this.host.show(form);
    if (late && form !== done?.next) {
      this.pending = true;
      this.timer = this.host.setTimer(() => this.write(), PAUSE_MS);
    }
    return form;
  }

  private write(): void {
    this.host.clearTimer(this.timer);
    if (this.pending && this.latest) void this.host.write(this.latest);
    this.pending = false;
  }
}
