// A sheet's metadata (formats, validation, styles, merges, protection…) is kept per range, under
// range keys "r1:c1:r2:c2"; these read the setting that applies to a cell.
import type { CellStyle } from './data';

export function grid<T>(numRows: number, numColumns: number, at: (r: number, c: number) => T): T[][] {
  return Array.from({ length: numRows }, (_, r) => Array.from({ length: numColumns }, (_, c) => at(r, c)));
}

export interface MetaEntry<T> {
  row: number;
  column: number;
  lastRow: number;
  lastColumn: number;
  value: T;
}

export function parsedEntries<T>(kind: Record<string, unknown> | undefined): Array<MetaEntry<T>> {
  return Object.entries(kind ?? {}).map(([key, value]) => ({ ...parseRangeKey(key), value: value as T }));
}

/** The setting that applies to a cell: the last one set over a range containing it. */
export function lookup<T>(kind: Record<string, unknown> | undefined): (row: number, column: number) => T | undefined {
  const entries = parsedEntries<T>(kind);
  return (row, column) => {
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i]!;
      if (row >= e.row && row <= e.lastRow && column >= e.column && column <= e.lastColumn) return e.value;
    }
    return undefined;
  };
}

/** A cell's style: every setting over it merged in order, property by property. */
export function styleAt(entries: Array<MetaEntry<CellStyle>>, row: number, column: number): CellStyle {
  const style: CellStyle = {};
  for (const e of entries) {
    if (row >= e.row && row <= e.lastRow && column >= e.column && column <= e.lastColumn) Object.assign(style, e.value);
  }
  return style;
}

/** The A1-like key of a range in a sheet's metadata: "r1:c1:r2:c2" (1-based, inclusive). */
export function rangeKey(row: number, column: number, numRows: number, numColumns: number): string {
  return `${row}:${column}:${row + numRows - 1}:${column + numColumns - 1}`;
}

export function parseRangeKey(key: string): { row: number; column: number; lastRow: number; lastColumn: number } {
  const [row, column, lastRow, lastColumn] = key.split(':').map(Number) as [number, number, number, number];
  return { row, column, lastRow, lastColumn };
}

/** formatAt for many cells: the settings parsed once. */
export function formatLookup(formats: Record<string, string> | undefined): (row: number, column: number) => string {
  if (!formats) return () => '';
  const entries = Object.entries(formats).map(([key, format]) => ({ ...parseRangeKey(key), format }));
  return (row, column) => {
    let found = '';
    for (const r of entries) {
      if (row >= r.row && row <= r.lastRow && column >= r.column && column <= r.lastColumn) found = r.format;
    }
    return found;
  };
}

/** The format that applies to one cell: the last one set over a range containing it. */
export function formatAt(formats: Record<string, string> | undefined, row: number, column: number): string {
  if (!formats) return '';
  let found = '';
  for (const [key, format] of Object.entries(formats)) {
    const r = parseRangeKey(key);
    if (row >= r.row && row <= r.lastRow && column >= r.column && column <= r.lastColumn) found = format;
  }
  return found;
}
