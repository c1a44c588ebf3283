// RangeList: several ranges of one sheet formatted together.
import type { CellStyle } from '../../host/sheets/data';
import type { Ctx } from './context';
import type { LocalRange } from './range';
import { StyleSetters } from './style';

/** Sheet.getRangeList: the same format set over several ranges in one call. */
export class LocalRangeList extends StyleSetters {
  constructor(
    private readonly ctx: Ctx,
    private readonly sheetId: number,
    private readonly ranges: LocalRange[],
  ) {
    super();
  }
  getRanges(): LocalRange[] {
    return this.ctx.realm.array([...this.ranges]);
  }
  protected override applyStyle(style: CellStyle): this {
    const boxes = this.ranges.map((r): [number, number, number, number] => [r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns()]);
    this.ctx.sheets('setStyleRanges', this.sheetId, boxes, style);
    return this;
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
