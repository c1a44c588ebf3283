// TextFinder: a search over a sheet's or range's display values.
import type { FindOptions } from '../../host/sheets/data';
import type { Ctx } from './context';
import { LocalRange } from './range';

/** Searches display values; the first search is one host call, later findNext/findPrevious walk its result. */
export class LocalTextFinder {
  private options: FindOptions = {};
  private found: Array<[number, number]> | null = null;
  private index = -1;
  constructor(
    private readonly ctx: Ctx,
    private readonly sheetId: number,
    private readonly scope: [number, number, number | null, number | null],
    private readonly text: string,
  ) {}
  private option(change: FindOptions): this {
    this.options = { ...this.options, ...change };
    this.found = null;
    this.index = -1;
    return this;
  }
  private search(): Array<[number, number]> {
    this.found ??= this.ctx.sheets('findText', this.sheetId, ...this.scope, this.text, this.options);
    return this.found;
  }
  private cell([row, column]: [number, number]): LocalRange {
    return new LocalRange(this.ctx, this.sheetId, row, column, 1, 1);
  }
  matchCase(matchCase: boolean): this {
    return this.option({ matchCase: Boolean(matchCase) });
  }
  matchEntireCell(matchEntireCell: boolean): this {
    return this.option({ entireCell: Boolean(matchEntireCell) });
  }
  useRegularExpression(useRegEx: boolean): this {
    return this.option({ regex: Boolean(useRegEx) });
  }
  findAll(): LocalRange[] {
    return this.ctx.realm.array(this.search().map((at) => this.cell(at)));
  }
  findNext(): LocalRange | null {
    const found = this.search();
    if (this.index + 1 >= found.length) return null;
    this.index++;
    return this.cell(found[this.index]!);
  }
  findPrevious(): LocalRange | null {
    const found = this.search();
    if (this.index <= 0) return null;
    this.index--;
    return this.cell(found[this.index]!);
  }
  getCurrentMatch(): LocalRange | null {
    const at = this.found?.[this.index];
    return at ? this.cell(at) : null;
  }
}
