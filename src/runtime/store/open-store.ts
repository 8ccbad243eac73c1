import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store } from './store.ts';
import { SqliteStore, type SqliteOptions } from './sqlite/sqlite-store.ts';

const SQLITE_PARAMS: Record<string, readonly string[]> = { synchronous: ['normal', 'full'], checkpoint: ['background', 'inline'] };

/**
 * Opens (but does not migrate) the store a URL names:
 * - `sqlite:PATH` — a SQLite file in WAL mode, created with its folder when missing;
 *   `sqlite:PATH?synchronous=full` fsyncs every commit (survives power loss; the default,
 *   `normal`, survives process crashes — see {@link SqliteOptions.synchronous});
 *   `?checkpoint=inline` checkpoints the WAL inside commits instead of from a thread of its own
 *   (see {@link SqliteOptions.checkpoint});
 * - `sqlite::memory:` — a private in-memory database, gone on close (tests, dry runs);
 * - `postgres://…` / `postgresql://…` — not yet supported.
 * Throws on anything else, and on unknown or malformed parameters, naming what was expected.
 * `overrides` win over the URL's parameters (a second connection that leaves checkpoints to the first).
 */
export async function openStore(url: string, overrides: SqliteOptions = {}): Promise<Store> {
  if (url.startsWith('sqlite:')) {
    const rest = url.slice('sqlite:'.length);
    const q = rest.indexOf('?');
    const path = q < 0 ? rest : rest.slice(0, q);
    if (path === '') throw new Error('store: a sqlite URL needs a path, e.g. sqlite:.pathwise/pathwise.db or sqlite::memory:');
    const options: SqliteOptions = {};
    for (const [name, value] of new URLSearchParams(q < 0 ? '' : rest.slice(q + 1))) {
      const allowed = SQLITE_PARAMS[name];
      if (!allowed) throw new Error(`store: unknown sqlite URL parameter "${name}"; expected synchronous=normal|full or checkpoint=background|inline`);
      if (!allowed.includes(value)) throw new Error(`store: ${name} must be ${allowed.join(' or ')}, got "${value}"`);
      // Checked against the allowed values just above.
      if (name === 'synchronous') options.synchronous = value as 'normal' | 'full';
      else options.checkpoint = value as 'background' | 'inline';
    }
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    return new SqliteStore(path, { ...options, ...overrides });
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    throw new Error('store: PostgreSQL is not yet supported; use sqlite:PATH');
  }
  throw new Error(`store: unknown store URL ${JSON.stringify(url)}; expected sqlite:PATH or sqlite::memory:`);
}

/** True for a SQLite database in a file, which a second connection (a worker thread's) can share; false for `:memory:` and other stores. */
export function isSqliteFile(url: string): boolean {
  if (!url.startsWith('sqlite:')) return false;
  const path = url.slice('sqlite:'.length).split('?')[0] ?? '';
  return path !== '' && path !== ':memory:';
}
