// How Sheets shows a cell (getDisplayValues, the sheet host page): dates in the spreadsheet's time
// zone as M/d/yyyy (with H:mm:ss when not midnight), booleans as TRUE/FALSE.
import { wallClockIn } from '../../shared/dates';
import type { Cell } from './workbook';

export function displayDate(ms: number, timeZone: string): string {
  const w = wallClockIn(ms, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${w.hour}:${two(w.minute)}:${two(w.second)}`;
  return `${w.month}/${w.day}/${w.year}${time === '0:00:00' ? '' : ` ${time}`}`;
}

export function displayValue(cell: Cell, timeZone: string): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return 'd' in cell ? displayDate(cell.d, timeZone) : '#NAME?';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return String(cell);
}
