// Embedded charts (Sheet.newChart … insertChart): kept with the sheet, exported, and drawn as SVG by the
// sheet host page from their ranges' current values.
import type { Channel } from '../exec/channel';
import type { Realm } from './realm';

export const CHART_TYPES = ['AREA', 'BAR', 'COLUMN', 'LINE', 'PIE', 'SCATTER', 'TABLE'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

/** What the host keeps of a chart. */
export interface ChartData {
  type: ChartType;
  /** Range keys ("r1:c1:r2:c2"): the first column holds labels, the others series. */
  ranges: string[];
  anchorRow: number;
  anchorColumn: number;
  options: Record<string, unknown>;
}

export const Charts = {
  ChartType: Object.freeze(Object.fromEntries(CHART_TYPES.map((t) => [t, t])) as Record<ChartType, ChartType>),
};

interface RangeLike {
  getSheet(): { getSheetId(): number };
  getRow(): number;
  getColumn(): number;
  getNumRows(): number;
  getNumColumns(): number;
}

function keyOf(range: RangeLike): string {
  return `${range.getRow()}:${range.getColumn()}:${range.getRow() + range.getNumRows() - 1}:${range.getColumn() + range.getNumColumns() - 1}`;
}

export class LocalEmbeddedChart {
  constructor(
    readonly sheetId: number,
    private readonly id: string | null,
    readonly data: ChartData,
    private readonly channel: Channel,
    private readonly realm: Realm,
    private readonly rangeAt: (key: string) => unknown,
  ) {}
  getChartId(): number | null {
    return this.id === null ? null : Number.parseInt(this.id, 36);
  }
  /** The id the host keeps the chart under. */
  get key(): string | null {
    return this.id;
  }
  getOptions(): { get(option: string): unknown } {
    return { get: (option: string) => this.data.options[option] ?? null };
  }
  getRanges(): unknown[] {
    return this.realm.array(this.data.ranges.map(this.rangeAt));
  }
  getContainerInfo(): { getAnchorRow(): number; getAnchorColumn(): number } {
    return { getAnchorRow: () => this.data.anchorRow, getAnchorColumn: () => this.data.anchorColumn };
  }
  modify(): LocalEmbeddedChartBuilder {
    return new LocalEmbeddedChartBuilder(
      this.sheetId,
      this.channel,
      this.realm,
      this.rangeAt,
      { ...this.data, ranges: [...this.data.ranges], options: { ...this.data.options } },
      this.id,
    );
  }
}

export class LocalEmbeddedChartBuilder {
  private readonly data: ChartData;
  constructor(
    private readonly sheetId: number,
    private readonly channel: Channel,
    private readonly realm: Realm,
    private readonly rangeAt: (key: string) => unknown,
    data?: ChartData,
    private readonly id: string | null = null,
  ) {
    this.data = data ?? { type: 'COLUMN', ranges: [], anchorRow: 1, anchorColumn: 1, options: {} };
  }
  addRange(range: RangeLike): this {
    this.data.ranges.push(keyOf(range));
    return this;
  }
  removeRange(range: RangeLike): this {
    const key = keyOf(range);
    this.data.ranges = this.data.ranges.filter((r) => r !== key);
    return this;
  }
  clearRanges(): this {
    this.data.ranges = [];
    return this;
  }
  getRanges(): unknown[] {
    return this.realm.array(this.data.ranges.map(this.rangeAt));
  }
  setChartType(type: ChartType | string): this {
    const name = String(type) as ChartType;
    if (!CHART_TYPES.includes(name)) throw new Error(`Unsupported chart type: ${name}`);
    this.data.type = name;
    return this;
  }
  getChartType(): ChartType {
    return this.data.type;
  }
  asColumnChart(): this {
    return this.setChartType('COLUMN');
  }
  asBarChart(): this {
    return this.setChartType('BAR');
  }
  asLineChart(): this {
    return this.setChartType('LINE');
  }
  asAreaChart(): this {
    return this.setChartType('AREA');
  }
  asPieChart(): this {
    return this.setChartType('PIE');
  }
  setOption(option: string, value: unknown): this {
    this.data.options[String(option)] = JSON.parse(JSON.stringify(value ?? null)) as unknown;
    return this;
  }
  setTitle(title: string): this {
    return this.setOption('title', String(title));
  }
  setNumHeaders(headers: number): this {
    return this.setOption('numHeaders', headers);
  }
  setPosition(anchorRowPos: number, anchorColPos: number, _offsetX: number, _offsetY: number): this {
    this.data.anchorRow = anchorRowPos;
    this.data.anchorColumn = anchorColPos;
    return this;
  }
  build(): LocalEmbeddedChart {
    if (!this.data.ranges.length) throw new Error('The chart has no data. Please add a range.');
    return new LocalEmbeddedChart(this.sheetId, this.id, { ...this.data }, this.channel, this.realm, this.rangeAt);
  }
}
