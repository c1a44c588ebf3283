// Range styles as Apps Script checks and Sheets reports them.
import type { CellStyle } from '../../host/sheets/data';
import { GasError } from './context';

const NAMED_COLORS: Record<string, string> = {
  black: '#000000',
  white: '#ffffff',
  red: '#ff0000',
  green: '#008000',
  blue: '#0000ff',
  yellow: '#ffff00',
  orange: '#ffa500',
  purple: '#800080',
  gray: '#808080',
  grey: '#808080',
  cyan: '#00ffff',
  magenta: '#ff00ff',
  lime: '#00ff00',
  pink: '#ffc0cb',
};

type StyleKey = 'fontStyle' | 'fontSize' | 'horizontalAlignment' | 'verticalAlignment' | 'wrap' | 'fontWeight' | 'background' | 'fontColor';

/**
 * A style argument checked as Apps Script checks it (Range reference: setFontStyle 'italic'/'normal',
 * setFontSize a number of points, setHorizontalAlignment 'left'/'center'/'right'/'normal',
 * setVerticalAlignment 'top'/'middle'/'bottom', setWrap a boolean; null resets); anything else throws.
 */
export function styleArg(key: StyleKey, value: unknown): CellStyle {
  const bad = () => new GasError(`Invalid argument: ${key}`);
  switch (key) {
    case 'fontStyle':
      if (value !== null && value !== 'italic' && value !== 'normal') throw bad();
      return { fontStyle: value === 'italic' ? 'italic' : null };
    case 'fontSize':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > 400) throw bad();
      return { fontSize: value };
    case 'horizontalAlignment':
      if (value !== null && !['left', 'center', 'right', 'normal', 'general'].includes(String(value))) throw bad();
      return { horizontalAlignment: value === null || value === 'normal' || value === 'general' ? null : String(value) };
    case 'verticalAlignment':
      if (value !== null && !['top', 'middle', 'bottom'].includes(String(value))) throw bad();
      return { verticalAlignment: value === null || value === 'bottom' ? null : String(value) };
    case 'wrap':
      if (typeof value !== 'boolean') throw bad();
      return { wrap: value };
    case 'fontWeight':
      if (value !== null && value !== 'bold' && value !== 'normal') throw bad();
      return { fontWeight: value === 'bold' ? 'bold' : null };
    case 'background':
      return { background: normalizeColor(value as string | null) };
    case 'fontColor':
      return { fontColor: normalizeColor(value as string | null) };
  }
}

/** Colors as Sheets reports them: lower-case #rrggbb (CSS names and #rgb expanded). */

export function normalizeColor(color: string | null): string | null {
  if (color === null || color === undefined) return null;
  const text = String(color).trim().toLowerCase();
  if (NAMED_COLORS[text]) return NAMED_COLORS[text];
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(text);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
  return text;
}

/**
 * The style setters Range and RangeList have alike: each argument checked as Apps Script checks it
 * (styleArg), then applied by the class to its cells.
 */
export abstract class StyleSetters {
  protected abstract applyStyle(style: CellStyle): this;
  setBackground(color: string | null): this {
    return this.applyStyle(styleArg('background', color));
  }
  setFontColor(color: string | null): this {
    return this.applyStyle(styleArg('fontColor', color));
  }
  setFontWeight(fontWeight: GoogleAppsScript.Spreadsheet.FontWeight | null): this {
    return this.applyStyle(styleArg('fontWeight', fontWeight));
  }
  setFontStyle(fontStyle: GoogleAppsScript.Spreadsheet.FontStyle | null): this {
    return this.applyStyle(styleArg('fontStyle', fontStyle));
  }
  setFontSize(size: number): this {
    return this.applyStyle(styleArg('fontSize', size));
  }
  setHorizontalAlignment(alignment: string | null): this {
    return this.applyStyle(styleArg('horizontalAlignment', alignment));
  }
  setVerticalAlignment(alignment: string | null): this {
    return this.applyStyle(styleArg('verticalAlignment', alignment));
  }
  setWrap(isWrapEnabled: boolean): this {
    return this.applyStyle(styleArg('wrap', isWrapEnabled));
  }
}
