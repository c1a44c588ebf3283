// RangeList: several ranges of one sheet formatted together.
import type { CellStyle } from '../../host/sheet-data';
import type { Ctx } from './context';
import type { LocalRange } from './range';
import { styleArg } from './style';

/** Sheet.getRangeList: the same format set over several ranges in one call. */
export class LocalRangeList {
  constructor(
    private readonly ctx: Ctx,
    private readonly sheetId: number,
    private readonly ranges: LocalRange[],
  ) {}
  getRanges(): LocalRange[] {
    return this.ctx.realm.array([...this.ranges]);
  }
  private style(style: CellStyle): this {
    const boxes = this.ranges.map((r): [number, number, number, number] => [r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns()]);
    this.ctx.sheets('setStyleRanges', this.sheetId, boxes, style);
    return this;
  }
  setBackground(color: string | null): this {
    return this.style(styleArg('background', color));
  }
  setFontColor(color: string | null): this {
    return this.style(styleArg('fontColor', color));
  }
  setFontWeight(fontWeight: GoogleAppsScript.Spreadsheet.FontWeight | null): this {
    return this.style(styleArg('fontWeight', fontWeight));
  }
  setFontStyle(fontStyle: GoogleAppsScript.Spreadsheet.FontStyle | null): this {
    return this.style(styleArg('fontStyle', fontStyle));
  }
  setFontSize(size: number): this {
    return this.style(styleArg('fontSize', size));
  }
  setHorizontalAlignment(alignment: string | null): this {
    return this.style(styleArg('horizontalAlignment', alignment));
  }
  setVerticalAlignment(alignment: string | null): this {
    return this.style(styleArg('verticalAlignment', alignment));
  }
  setWrap(isWrapEnabled: boolean): this {
    return this.style(styleArg('wrap', isWrapEnabled));
  }
  setNumberFormat(format: string): this {
    for (const range of this.ranges) range.setNumberFormat(format);
    return this;
  }
  breakApart(): this {
    for (const range of this.ranges) range.breakApart();
    return this;
  }
  clearFormat(): this {
    for (const range of this.ranges) range.clearFormat();
    return this;
  }
}
