// Values handed to the bundle must belong to its own vm realm: `instanceof Date` inside the bundle is
// false for a Date made by Node's realm.
import vm from 'node:vm';
import type { WireValue } from '../exec/channel';
import type { Cell } from '../workbook/workbook';

export interface Realm {
  date(ms: number): Date;
  array<T>(items?: Iterable<T>): T[];
}

export function realmOf(context: vm.Context): Realm {
  const { DateCtor, ArrayCtor } = vm.runInContext('({ DateCtor: Date, ArrayCtor: Array })', context) as {
    DateCtor: DateConstructor;
    ArrayCtor: ArrayConstructor;
  };
  return {
    date: (ms) => new DateCtor(ms),
    array: <T>(items?: Iterable<T>) => {
      const out = new ArrayCtor() as T[];
      if (items) for (const item of items) out.push(item);
      return out;
    },
  };
}

export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** A script value as it travels to the host. */
export function toWire(value: unknown): WireValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (isDate(value)) return { d: value.getTime() };
  return { s: String(value) };
}

/** A stored cell as getValues returns it: Date, number, boolean, string, '' for empty. */
export function fromCell(realm: Realm, cell: Cell): unknown {
  if (cell === null) return '';
  if (typeof cell === 'object') return 'd' in cell ? realm.date(cell.d) : '#NAME?';
  return cell;
}
