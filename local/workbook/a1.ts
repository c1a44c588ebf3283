// A1 notation, as Sheets writes and reads it: columns A…Z, AA…; "A1", "A1:C3", "B:B", "2:2", "A2:C".
// Shared by the host (error messages) and the facade (getRange(a1Notation), getA1Notation).

export function columnLetters(column: number): string {
  let out = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function a1Cell(row: number, column: number): string {
  return `${columnLetters(column)}${row}`;
}

export function a1Range(row: number, column: number, numRows: number, numColumns: number): string {
  const start = a1Cell(row, column);
  return numRows === 1 && numColumns === 1 ? start : `${start}:${a1Cell(row + numRows - 1, column + numColumns - 1)}`;
}

export interface ParsedA1 {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

const END = /^\$?([A-Za-z]{0,3})\$?(\d*)$/;

/**
 * Parses an A1 range within a grid of maxRows × maxColumns (open ends run to the grid's edge).
 * Returns null when the text is not A1 notation (Sheets answers "Range not found").
 */
export function parseA1(text: string, maxRows: number, maxColumns: number): ParsedA1 | null {
  const parts = text.trim().split(':');
  if (parts.length < 1 || parts.length > 2) return null;
  const ends = parts.map((p) => END.exec(p));
  if (ends.some((m) => !m || (m[1] === '' && m[2] === ''))) return null;
  const [a, b] = ends as RegExpExecArray[];
  const colA = a![1] ? columnNumber(a![1]) : 0;
  const rowA = a![2] ? Number(a![2]) : 0;
  if (!b) {
    // A single end must be a cell.
    if (!colA || !rowA) return null;
    return { row: rowA, column: colA, numRows: 1, numColumns: 1 };
  }
  const colB = b[1] ? columnNumber(b[1]) : 0;
  const rowB = b[2] ? Number(b[2]) : 0;
  const lo = (x: number, y: number) => Math.min(x, y);
  const hi = (x: number, y: number) => Math.max(x, y);
  if (colA && rowA && colB && rowB) return box(lo(rowA, rowB), lo(colA, colB), hi(rowA, rowB), hi(colA, colB)); // A1:C3
  if (colA && !rowA && colB && !rowB) return box(1, lo(colA, colB), maxRows, hi(colA, colB)); // B:B
  if (!colA && rowA && !colB && rowB) return box(lo(rowA, rowB), 1, hi(rowA, rowB), maxColumns); // 2:2
  if (colA && rowA && colB && !rowB) return box(rowA, lo(colA, colB), maxRows, hi(colA, colB)); // A2:C
  return null;
}

function box(row: number, column: number, lastRow: number, lastColumn: number): ParsedA1 | null {
  if (row < 1 || column < 1) return null;
  return { row, column, numRows: lastRow - row + 1, numColumns: lastColumn - column + 1 };
}
