import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store } from './store.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';

/**
 * Opens a store from a URL: `sqlite:PATH` (WAL file; `?synchronous=full` to fsync every
 * commit) or `sqlite::memory:` (tests). PostgreSQL comes with its own issue.
 */
export async function openStore(url: string): Promise<Store> {
  if (url.startsWith('sqlite:')) {
    const [path = '', query = ''] = url.slice('sqlite:'.length).split('?');
    if (path === '') throw new Error('store: sqlite URL needs a path, e.g. sqlite:.pathwise/pathwise.db');
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const synchronous = new URLSearchParams(query).get('synchronous') === 'full' ? 'full' : 'normal';
    return new SqliteStore(path, { synchronous });
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    throw new Error('store: PostgreSQL is not supported yet; use sqlite:PATH');
  }
  throw new Error(`store: unknown URL ${JSON.stringify(url)}; expected sqlite:PATH`);
}
