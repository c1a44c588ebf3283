// PropertiesService (durable, in the workbook's store) and CacheService (in memory, with expiry),
// host side. Apps Script's limits: a property value up to 9 KB; a cache value up to 100 KB and 6 hours.
import type { WorkbookStore } from '../store/store';
import { GasError } from './sheets/data';

const MAX_PROPERTY_BYTES = 9 * 1024;
const MAX_CACHE_BYTES = 100 * 1024;
const MAX_CACHE_SECONDS = 21_600;

export class PropertiesHost {
  constructor(private readonly store: WorkbookStore) {}

  all(scope: string): Record<string, string> {
    return { ...(this.store.data.properties?.[scope] ?? {}) };
  }
  get(scope: string, key: string): string | null {
    return this.store.data.properties?.[scope]?.[key] ?? null;
  }
  set(scope: string, values: Record<string, string>, deleteAllOthers: boolean): void {
    if (deleteAllOthers)
      for (const key of Object.keys(this.all(scope))) if (!(key in values)) this.store.apply({ t: 'props', scope, key, value: null });
    for (const [key, value] of Object.entries(values)) {
      if (Buffer.byteLength(value) > MAX_PROPERTY_BYTES) throw new GasError('Argument too large: value');
      this.store.apply({ t: 'props', scope, key, value });
    }
  }
  delete(scope: string, key: string | null): void {
    const keys = key === null ? Object.keys(this.all(scope)) : [key];
    for (const k of keys) this.store.apply({ t: 'props', scope, key: k, value: null });
  }
}

export class CacheHost {
  private readonly entries = new Map<string, { value: string; expires: number }>();
  constructor(private readonly now: () => number) {}

  get(scope: string, keys: string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of keys) {
      const entry = this.entries.get(`${scope}\u0000${key}`);
      if (entry && entry.expires > this.now()) out[key] = entry.value;
    }
    return out;
  }
  put(scope: string, values: Record<string, string>, seconds: number): void {
    const ttl = Math.min(Math.max(1, seconds), MAX_CACHE_SECONDS) * 1000;
    for (const [key, value] of Object.entries(values)) {
      if (key.length > 250) throw new GasError('Argument too large: key');
      if (Buffer.byteLength(value) > MAX_CACHE_BYTES) throw new GasError('Argument too large: value');
      this.entries.set(`${scope}\u0000${key}`, { value, expires: this.now() + ttl });
    }
  }
  remove(scope: string, keys: string[]): void {
    for (const key of keys) this.entries.delete(`${scope}\u0000${key}`);
  }
}
