import { StringMap } from './string-map.ts';

/**
 * The identity index in memory: what an identifier points to (a profile id, or the profile
 * itself), by identifier type, then by value. Split per type so that resolving an event looks
 * its identifiers up as they come, without building (and hashing) a `type:value` string per
 * identifier per event. The values' tables are `StringMap`s: each holds up to one entry per
 * profile and is read on every event.
 */
export class IdentityIndex<V = string> {
  private readonly byType = new Map<string, StringMap<V>>();
  private count = 0;

  /** Identifiers indexed. */
  get size(): number {
    return this.count;
  }

  get(type: string, value: string): V | undefined {
    return this.byType.get(type)?.get(value);
  }

  set(type: string, value: string, target: V): void {
    let values = this.byType.get(type);
    if (values === undefined) {
      values = new StringMap();
      this.byType.set(type, values);
    }
    const before = values.size;
    values.set(value, target);
    this.count += values.size - before;
  }

  /**
   * By index key (`userId:u1`), for `IdentityView.profileIdFor`. Types never contain a colon (the
   * manifest allows `[a-zA-Z][a-zA-Z0-9_]*`): the first one splits. Entries are set by type and value,
   * never from a key: a value cut from a key would be a slice that keeps the whole key alive.
   */
  getKey(key: string): V | undefined {
    const colon = key.indexOf(':');
    return colon < 0 ? undefined : this.get(key.slice(0, colon), key.slice(colon + 1));
  }
}
