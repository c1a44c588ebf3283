// The sheet host's formatting: text styles, column widths and row heights, merged cells and conditional
// format rules.
import { DEFAULT_COLUMN_WIDTH, DEFAULT_ROW_HEIGHT, GasError, NO_STYLE, type CellStyle, type ConditionalRule } from './data';
import { grid, parsedEntries, parseRangeKey, rangeKey, styleAt } from './meta';
import { SheetsCells } from './cells';

const ALL_RULES = 'all';

export class SheetsFormats extends SheetsCells {
  // ——— Styles and column widths (meta 'style': rangeKey → partial style; 'columnWidth': column → px) ———

  setStyle(sheetId: number, row: number, column: number, numRows: number, numColumns: number, style: CellStyle): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    // A setting over the very same range is merged into: it shares the key.
    const same = this.sheet(sheetId).meta?.style?.[rangeKey(row, column, numRows, numColumns)] as CellStyle | undefined;
    const merged = { ...same, ...style };
    this.setRangeMeta(sheetId, 'style', row, column, numRows, numColumns, merged, (old) =>
      Object.keys(old as CellStyle).every((k) => k in merged),
    );
  }

  getStyles(sheetId: number, row: number, column: number, numRows: number, numColumns: number): CellStyle[][] {
    const entries = parsedEntries<CellStyle>(this.sheet(sheetId).meta?.style);
    return grid(numRows, numColumns, (r, c) => styleAt(entries, row + r, column + c));
  }

  /** The same style over several ranges (RangeList): one call. */
  setStyleRanges(sheetId: number, boxes: Array<[number, number, number, number]>, style: CellStyle): void {
    for (const box of boxes) this.checkRange(sheetId, ...box);
    for (const box of boxes) this.setStyle(sheetId, ...box, style);
  }

  /**
   * Range.clearFormat(): text formatting back to the defaults. Apps Script's reference: it "clears text
   * formatting for the cell or cells in the range, but does not reset any number formatting rules";
   * merged blocks stay too (breakApart removes them) — the stricter reading, so a script must undo both.
   */
  clearFormat(sheetId: number, row: number, column: number, numRows: number, numColumns: number): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    this.setRangeMeta(sheetId, 'style', row, column, numRows, numColumns, NO_STYLE);
  }

  setColumnWidth(sheetId: number, column: number, width: number): void {
    this.setColumnWidths(sheetId, column, 1, width);
  }

  setColumnWidths(sheetId: number, column: number, count: number, width: number): void {
    this.setSizes(sheetId, 'columnWidth', column, count, width);
  }

  setRowHeights(sheetId: number, row: number, count: number, height: number): void {
    this.setSizes(sheetId, 'rowHeight', row, count, height);
  }

  /** Pixel sizes of `count` columns or rows from `start`, each rounded; positions past the grid throw. */
  private setSizes(sheetId: number, kind: 'columnWidth' | 'rowHeight', start: number, count: number, size: number): void {
    const sheet = this.sheet(sheetId);
    const max = kind === 'columnWidth' ? sheet.maxColumns : sheet.maxRows;
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 1 || count < 1 || start + count - 1 > max) {
      throw new GasError(`Those ${kind === 'columnWidth' ? 'columns' : 'rows'} are out of bounds.`);
    }
    for (let i = start; i < start + count; i++) {
      this.store.apply({ t: 'meta', sheetId, kind, key: String(i), value: Math.max(0, Math.round(size)) });
    }
  }

  getRowHeight(sheetId: number, row: number): number {
    const height = this.sheet(sheetId).meta?.rowHeight?.[String(row)];
    return typeof height === 'number' ? height : DEFAULT_ROW_HEIGHT;
  }

  // ——— Merged cells (meta 'merge': rangeKey → true) ———
  // Sheets keeps only the upper-left value of a merged block (its "Merge cells" warning: "Merging cells
  // will only preserve the top-leftmost value"), and a merge or unmerge must cover every merged block it
  // touches entirely (an Apps Script breakApart() over part of a block throws; see the peer script
  // pfelipm/cellsbreakapart, which exists to find the whole block first).

  merge(sheetId: number, row: number, column: number, numRows: number, numColumns: number, how: 'all' | 'across' | 'vertically'): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    const inside = this.mergesTouching(sheetId, row, column, numRows, numColumns);
    for (const key of inside) this.store.apply({ t: 'meta', sheetId, kind: 'merge', key, value: null });
    const blocks: Array<[number, number, number, number]> =
      how === 'all'
        ? [[row, column, numRows, numColumns]]
        : how === 'across'
          ? Array.from({ length: numRows }, (_, r) => [row + r, column, 1, numColumns] as [number, number, number, number])
          : Array.from({ length: numColumns }, (_, c) => [row, column + c, numRows, 1] as [number, number, number, number]);
    for (const [r, c, nr, nc] of blocks) {
      if (nr * nc < 2) continue;
      // Only the upper-left value stays.
      const cells = this.getCells(sheetId, r, c, nr, nc).map((line, i) => line.map((cell, j) => (i === 0 && j === 0 ? cell : null)));
      this.store.apply({ t: 'cells', sheetId, row: r, col: c, cells });
      this.store.apply({ t: 'meta', sheetId, kind: 'merge', key: rangeKey(r, c, nr, nc), value: true });
    }
    this.changed(sheetId);
  }

  breakApart(sheetId: number, row: number, column: number, numRows: number, numColumns: number): void {
    this.checkRange(sheetId, row, column, numRows, numColumns);
    for (const key of this.mergesTouching(sheetId, row, column, numRows, numColumns)) {
      this.store.apply({ t: 'meta', sheetId, kind: 'merge', key, value: null });
    }
  }

  /** The merged blocks that overlap a range, as [row, column, numRows, numColumns]. */
  mergedRanges(sheetId: number, row: number, column: number, numRows: number, numColumns: number): Array<[number, number, number, number]> {
    return this.overlappingMerges(sheetId, row, column, numRows, numColumns).map((key) => {
      const r = parseRangeKey(key);
      return [r.row, r.column, r.lastRow - r.row + 1, r.lastColumn - r.column + 1];
    });
  }

  private overlappingMerges(sheetId: number, row: number, column: number, numRows: number, numColumns: number): string[] {
    const lastRow = row + numRows - 1;
    const lastColumn = column + numColumns - 1;
    return Object.keys(this.sheet(sheetId).meta?.merge ?? {}).filter((key) => {
      const r = parseRangeKey(key);
      return r.row <= lastRow && r.lastRow >= row && r.column <= lastColumn && r.lastColumn >= column;
    });
  }

  /** Merged blocks a merge or unmerge of the range would change; each must lie wholly inside it. */
  private mergesTouching(sheetId: number, row: number, column: number, numRows: number, numColumns: number): string[] {
    const keys = this.overlappingMerges(sheetId, row, column, numRows, numColumns);
    for (const key of keys) {
      const r = parseRangeKey(key);
      if (r.row < row || r.column < column || r.lastRow > row + numRows - 1 || r.lastColumn > column + numColumns - 1) {
        throw new GasError('You must select all cells in a merged range to merge or unmerge them.');
      }
    }
    return keys;
  }

  getColumnWidth(sheetId: number, column: number): number {
    const width = this.sheet(sheetId).meta?.columnWidth?.[String(column)];
    return typeof width === 'number' ? width : DEFAULT_COLUMN_WIDTH;
  }

  // ——— Conditional format rules (meta 'conditionalFormats' under 'all': the ordered list) ———

  getConditionalFormats(sheetId: number): ConditionalRule[] {
    return (this.sheet(sheetId).meta?.conditionalFormats?.[ALL_RULES] as ConditionalRule[] | undefined) ?? [];
  }

  setConditionalFormats(sheetId: number, rules: ConditionalRule[]): void {
    this.sheet(sheetId);
    this.store.apply({ t: 'meta', sheetId, kind: 'conditionalFormats', key: ALL_RULES, value: rules.length ? rules : null });
  }
}
