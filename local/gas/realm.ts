// Values handed to the bundle must belong to its own vm realm: `instanceof Date` inside the bundle
// is false for a Date made by Node's realm.
import vm from 'node:vm';

export interface Realm {
  date(ms: number): Date;
  array<T>(): T[];
}

export function realmOf(context: vm.Context): Realm {
  const { DateCtor, ArrayCtor } = vm.runInContext('({ DateCtor: Date, ArrayCtor: Array })', context) as {
    DateCtor: DateConstructor;
    ArrayCtor: ArrayConstructor;
  };
  return {
    date: (ms) => new DateCtor(ms),
    array: <T>() => new ArrayCtor() as T[],
  };
}
