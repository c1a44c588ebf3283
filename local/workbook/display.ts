// How Sheets shows a cell (getDisplayValues, the sheet host page): dates in the spreadsheet's time
// zone as M/d/yyyy (with H:mm:ss when not midnight), booleans as TRUE/FALSE.
import type { Cell } from './workbook';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function displayDate(ms: number, timeZone: string): string {
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const time = `${get('hour')}:${get('minute')}:${get('second')}`;
  return `${get('month')}/${get('day')}/${get('year')}${time === '0:00:00' ? '' : ` ${time}`}`;
}

export function displayValue(cell: Cell, timeZone: string): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return 'd' in cell ? displayDate(cell.d, timeZone) : '#NAME?';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return String(cell);
}
