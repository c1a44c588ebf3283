// The caption lines of the last two minutes, in memory only (content scripts). A call page updates a
// caption block in place while its speaker talks, so a line is keyed by its block (a DOM element,
// held weakly) and its text replaced as it grows. Pure apart from the clock passed in.

export const CAPTION_WINDOW_MS = 120_000;
/** At most this many lines are kept, whatever the window (a long monologue split in many blocks). */
const MAX_LINES = 400;

import type { CaptionLine } from './report';

export class CaptionBuffer {
  private lines: CaptionLine[] = [];
  private byKey = new WeakMap<object, CaptionLine>();

  /** Adds the block's line, or updates it when the block was seen before. */
  upsert(key: object, speaker: string, text: string, now: number): void {
    if (!text) return;
    const known = this.byKey.get(key);
    if (known && this.lines.includes(known)) {
      if (known.text !== text || known.speaker !== speaker) {
        known.text = text;
        known.speaker = speaker || known.speaker;
        known.at = now;
      }
      return;
    }
    const line: CaptionLine = { speaker, text, at: now };
    this.byKey.set(key, line);
    this.lines.push(line);
    this.prune(now);
  }

  /** The lines of the last two minutes, oldest first (copies). */
  recent(now: number): CaptionLine[] {
    this.prune(now);
    return this.lines.map((l) => ({ ...l }));
  }

  clear(): void {
    this.lines = [];
    this.byKey = new WeakMap();
  }

  private prune(now: number): void {
    const from = now - CAPTION_WINDOW_MS;
    let drop = 0;
    while (drop < this.lines.length && this.lines[drop]!.at < from) drop++;
    if (this.lines.length - drop > MAX_LINES) drop = this.lines.length - MAX_LINES;
    if (drop) this.lines.splice(0, drop);
  }
}
