// A Preact hook reading a storage item and following its changes (from any extension context).
import { useEffect, useState } from 'preact/hooks';
import type { WxtStorageItem } from 'wxt/utils/storage';

/** The item's value, or undefined until it has been read. */
export function useStored<T>(item: WxtStorageItem<T, Record<string, unknown>>): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    let live = true;
    let changed = false;
    const unwatch = item.watch((next) => {
      changed = true;
      setValue(() => next);
    });
    void item.getValue().then((current) => {
      // A change seen meanwhile is newer than this read.
      if (live && !changed) setValue(() => current);
    });
    return () => {
      live = false;
      unwatch();
    };
  }, [item]);
  return value;
}
