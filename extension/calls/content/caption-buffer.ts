// The caption lines of the last two minutes, in memory only (content scripts). Pure apart from the
// clock passed in.
//
// How call pages show captions, and what the buffer does about it (sources in
// tests/fixtures/call-sites/README.md):
// - Meet and Teams update a block in place while its speaker talks (and Meet corrects earlier words):
//   a line is keyed by its block (a DOM element, held weakly) and its text replaced as it grows.
// - Zoom destroys and recreates its caption element, and a new element may repeat the end of the last
//   one ("Test 2. Test 3." → "Test 3. Test 4."); Teams may show a half-sentence again in a new block:
//   a new block of the same speaker that continues the last line (it starts with it, repeats its end,
//   or is already in it) is merged into that line, without the repeated words.
// - Meet drops a very long block and starts it over (about 30 minutes of one speaker): a block whose
//   text shrinks a lot starts a new line, the old one is kept.
// Bounds, whatever the length of the call: lines older than two minutes are dropped, at most
// MAX_LINES lines of at most MAX_LINE_CHARS characters are kept (a longer line continues in a new
// one), and one update does a bounded amount of work (the merge compares at most OVERLAP_SCAN characters).
import type { CaptionLine } from '../protocol';

export const CAPTION_WINDOW_MS = 120_000;
/** At most this many lines are kept, whatever the window (a fast stream, many short blocks). */
export const MAX_LINES = 400;
/** A line longer than this is closed and the words go on in a new line (one speaker's long monologue). */
export const MAX_LINE_CHARS = 2000;
/** A new block of the same speaker this soon after the last line's change may continue it. */
const CONTINUE_MS = 20_000;
/** The longest repeated end of a line looked for in a new block. */
const OVERLAP_SCAN = 400;
/** A repeated end shorter than this is a coincidence ("the", "I"), not a continuation. */
const MIN_OVERLAP = 12;
/** A block whose text shrinks by more than this started over (Meet). */
const RESTART_SHRINK = 250;

interface Line extends CaptionLine {
  /** Dropped from the buffer (too old, or over MAX_LINES): a block still pointing here starts a new line. */
  gone?: boolean;
}

interface Track {
  line: Line;
  /** The line's text before this block's words (when the block continued an earlier block's line). */
  prefix: string;
  /** Characters at the start of the block's text already kept in earlier lines (after a split). */
  skip: number;
  /** The block's text length last seen. */
  seen: number;
}

/**
 * How `next` continues `last`: the text of the merged line and where `next` starts in it, or null
 * when `next` is a new sentence.
 */
export function continuation(last: string, next: string): { text: string; prefix: string } | null {
  if (next.startsWith(last)) return { text: next, prefix: '' };
  const inside = last.lastIndexOf(next);
  if (inside >= 0) return { text: last, prefix: last.slice(0, inside) };
  const max = Math.min(last.length, next.length, OVERLAP_SCAN);
  for (let k = max; k >= MIN_OVERLAP; k--) {
    if (last.endsWith(next.slice(0, k))) return { text: last + next.slice(k), prefix: last.slice(0, last.length - k) };
  }
  return null;
}

/** Cuts a too-long text at the last space before the limit (or at the limit). */
function cut(text: string): number {
  const space = text.lastIndexOf(' ', MAX_LINE_CHARS);
  return space > MAX_LINE_CHARS / 2 ? space : MAX_LINE_CHARS;
}

export class CaptionBuffer {
  private lines: Line[] = [];
  private tracks = new WeakMap<object, Track>();

  /** Adds the block's words, or updates its line when the block was seen before. */
  upsert(key: object, speaker: string, text: string, now: number, self = false): void {
    if (!text) return;
    const track = this.tracks.get(key);
    if (track && !track.line.gone && text.length + RESTART_SHRINK >= track.seen) {
      track.seen = text.length;
      const own = text.slice(track.skip);
      const full = track.prefix + own;
      if (full !== track.line.text || (speaker && speaker !== track.line.speaker)) {
        track.line.text = full;
        if (speaker) track.line.speaker = speaker;
        track.line.at = now;
        this.split(key, track, text, now);
      }
      return;
    }
    const last = this.lines.at(-1);
    if (!track && last && last.speaker === speaker && now - last.at <= CONTINUE_MS) {
      const merged = continuation(last.text, text);
      if (merged) {
        last.text = merged.text;
        last.at = now;
        const joined: Track = { line: last, prefix: merged.prefix, skip: 0, seen: text.length };
        this.tracks.set(key, joined);
        this.split(key, joined, text, now);
        return;
      }
    }
    this.add(key, { speaker, text, at: now, ...(self ? { self } : {}) }, '', 0, text, now);
  }

  /** The lines of the last two minutes, oldest first (copies). */
  recent(now: number): CaptionLine[] {
    this.prune(now);
    return this.lines.map(({ speaker, text, at, self }) => (self ? { speaker, text, at, self } : { speaker, text, at }));
  }

  /** Lines held now (for tests and the bench). */
  get size(): number {
    return this.lines.length;
  }

  clear(): void {
    for (const line of this.lines) line.gone = true;
    this.lines = [];
    this.tracks = new WeakMap();
  }

  private add(key: object, line: Line, prefix: string, skip: number, blockText: string, now: number): void {
    const track: Track = { line, prefix, skip, seen: blockText.length };
    this.tracks.set(key, track);
    this.lines.push(line);
    this.split(key, track, blockText, now);
    this.prune(now);
  }

  /** A line over MAX_LINE_CHARS keeps its first part; the block's later words go on in a new line. */
  private split(key: object, track: Track, blockText: string, now: number): void {
    const line = track.line;
    if (line.text.length <= MAX_LINE_CHARS) return;
    const at = cut(line.text);
    const rest = line.text.slice(at).trim();
    line.text = line.text.slice(0, at).trim();
    // The new line starts where the rest starts in the block's own text.
    const skip = Math.max(track.skip, blockText.length - rest.length);
    const next: Line = { speaker: line.speaker, text: rest, at: now, ...(line.self ? { self: true } : {}) };
    this.add(key, next, '', skip, blockText, now);
  }

  private prune(now: number): void {
    const from = now - CAPTION_WINDOW_MS;
    let drop = 0;
    while (drop < this.lines.length && this.lines[drop]!.at < from) drop++;
    if (this.lines.length - drop > MAX_LINES) drop = this.lines.length - MAX_LINES;
    if (!drop) return;
    for (let i = 0; i < drop; i++) this.lines[i]!.gone = true;
    this.lines.splice(0, drop);
  }
}
