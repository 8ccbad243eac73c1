import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  /** What it changes, for the reader. */
  name: string;
  sql: string;
}

/**
 * The SQLite schema, as versioned steps applied in order and recorded in `schema_migrations`.
 * A released migration is never edited: add the next one. Every per-profile table carries
 * profile_id so the schema can later be sharded on it. The inbox seq is AUTOINCREMENT so that a
 * seq is never reused, even after pruning the newest rows: the cursor never points past a new row.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE inbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        message_id TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        payload TEXT NOT NULL,
        UNIQUE (source, message_id)
      );
      CREATE TABLE profiles (id TEXT PRIMARY KEY, updated_at INTEGER NOT NULL, snapshot TEXT NOT NULL);
      CREATE TABLE identities (key TEXT PRIMARY KEY, profile_id TEXT NOT NULL);
      CREATE INDEX identities_profile ON identities (profile_id);
      CREATE TABLE timers (id TEXT PRIMARY KEY, profile_id TEXT NOT NULL, enrollment_id TEXT NOT NULL, due_at INTEGER NOT NULL);
      CREATE INDEX timers_due ON timers (due_at);
      CREATE TABLE outbox (
        key TEXT PRIMARY KEY,
        profile_id TEXT NOT NULL,
        action_id TEXT NOT NULL,
        destination TEXT NOT NULL,
        channel TEXT NOT NULL,
        payload TEXT NOT NULL,
        available_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        sent_at INTEGER,
        result TEXT
      );
      CREATE INDEX outbox_pending ON outbox (status, available_at);
      CREATE INDEX outbox_profile ON outbox (profile_id, created_at);
      CREATE TABLE decisions (id TEXT PRIMARY KEY, profile_id TEXT NOT NULL, at INTEGER NOT NULL, payload TEXT NOT NULL);
      CREATE INDEX decisions_profile ON decisions (profile_id, at);
      CREATE TABLE journey_events (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL,
        journey_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        enrollment_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        step_id TEXT,
        at INTEGER NOT NULL
      );
      CREATE TABLE journey_counts (
        journey_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        step_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (journey_id, version, step_id, kind)
      );
      CREATE TABLE dead_letters (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, ref TEXT NOT NULL, error TEXT NOT NULL, payload TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE TABLE cursors (name TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL, profile_id TEXT, detail TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'inbox cursor in its own row; identities without rowid; timers by profile',
    sql: `
      -- The inbox cursor lived in cursors under the name 'inbox', where a connector's cursor of
      -- the same name would have overwritten it. It is an integer with a table of its own now.
      CREATE TABLE inbox_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
      INSERT INTO inbox_cursor (id, seq) SELECT 1, CAST(value AS INTEGER) FROM cursors WHERE name = 'inbox';
      INSERT OR IGNORE INTO inbox_cursor (id, seq) VALUES (1, 0);
      DELETE FROM cursors WHERE name = 'inbox';

      -- Identity rows are ~50 bytes with a text key: one B-tree (WITHOUT ROWID) instead of a
      -- rowid table plus its key index, and no index on profile_id that nothing reads.
      CREATE TABLE identities_v2 (key TEXT PRIMARY KEY, profile_id TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO identities_v2 (key, profile_id) SELECT key, profile_id FROM identities;
      DROP TABLE identities;
      ALTER TABLE identities_v2 RENAME TO identities;

      -- A merge re-points the absorbed profile's timers: without this index, a full scan per merge.
      CREATE INDEX timers_profile ON timers (profile_id);
    `,
  },
  {
    version: 3,
    name: 'outcomes of sent actions',
    sql: `
      -- Reported by platforms (a task completed, an email clicked) against the action's outbox key;
      -- a report delivered twice is one row.
      CREATE TABLE outcomes (
        action_key TEXT NOT NULL,
        outcome TEXT NOT NULL,
        profile_id TEXT NOT NULL,
        ref TEXT,
        source TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (action_key, outcome)
      ) WITHOUT ROWID;
      CREATE INDEX outbox_action ON outbox (action_id, status);
    `,
  },
  {
    version: 4,
    name: 'active enrollments per journey step',
    sql: `
      -- Kept by the worker from the enrollments it changes, in the same commit as the snapshots;
      -- filled here from the snapshots already stored, so an upgraded database starts right.
      CREATE TABLE journey_step_counts (
        journey_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        step_id TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (journey_id, version, step_id)
      ) WITHOUT ROWID;
      INSERT INTO journey_step_counts (journey_id, version, step_id, count)
        SELECT e.value ->> '$.journeyId', e.value ->> '$.version', e.value ->> '$.stepId', COUNT(*)
        FROM profiles, json_each(profiles.snapshot, '$.enrollments') AS e
        WHERE e.value ->> '$.status' = 'active' AND e.value ->> '$.stepId' IS NOT NULL
        GROUP BY 1, 2, 3;
    `,
  },
  {
    version: 5,
    name: 'the inbox rows a worker is applying',
    sql: `
      -- One row at most: written before a batch is applied, deleted by the commit that acknowledges
      -- it. Found at start, it names the rows the previous worker died on (see Worker).
      CREATE TABLE apply_attempt (id INTEGER PRIMARY KEY CHECK (id = 1), from_seq INTEGER NOT NULL, to_seq INTEGER NOT NULL, tries INTEGER NOT NULL);
    `,
  },
  {
    version: 6,
    name: 'timers in one B-tree ordered by due time',
    sql: `
      -- Timers were a rowid table with three indexes (id, due_at, profile_id): each timer
      -- scheduled or cancelled wrote a leaf in four B-trees, two of them at a random place (ids
      -- begin with the profile id). Keyed by (due_at, id), a timer is one row of one B-tree, and
      -- new timers land near a few points (now + each wait of the manifest), so a commit's
      -- timers share their pages. A cancellation names the due time too (the core knows it), and
      -- a merge schedules the moved timers again under the survivor instead of the store
      -- re-pointing them by profile, so nothing needs the other indexes.
      CREATE TABLE timers_v2 (
        due_at INTEGER NOT NULL,
        id TEXT NOT NULL,
        profile_id TEXT NOT NULL,
        enrollment_id TEXT NOT NULL,
        PRIMARY KEY (due_at, id)
      ) WITHOUT ROWID;
      INSERT INTO timers_v2 (due_at, id, profile_id, enrollment_id) SELECT due_at, id, profile_id, enrollment_id FROM timers;
      DROP TABLE timers;
      ALTER TABLE timers_v2 RENAME TO timers;
    `,
  },
  {
    version: 7,
    name: 'profile count kept by the commits',
    sql: `
      -- COUNT(*) over profiles read every leaf of their index: 37 ms at 2 M profiles, more with
      -- a cold cache, on every /healthz and /metrics request (liveness probes, scrapes), and it
      -- pushed hot pages out of the cache. Commits now keep the count as they insert and delete.
      CREATE TABLE store_counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO store_counts (name, n) SELECT 'profiles', COUNT(*) FROM profiles;
    `,
  },
  {
    version: 8,
    name: 'counts kept by triggers; dead letters counted too',
    sql: `
      -- Version 7 counted profiles in the commit's code. Triggers keep a count right whatever
      -- writes the table (every path of this store, a later one, a person at the sqlite3 shell),
      -- and the dead letters get the same: a destination down for days leaves many, and /healthz
      -- counted them all on every probe. Both counts are taken afresh here.
      UPDATE store_counts SET n = (SELECT COUNT(*) FROM profiles) WHERE name = 'profiles';
      INSERT INTO store_counts (name, n) SELECT 'dead_letters', COUNT(*) FROM dead_letters;
      CREATE TRIGGER profiles_counted_in AFTER INSERT ON profiles BEGIN UPDATE store_counts SET n = n + 1 WHERE name = 'profiles'; END;
      CREATE TRIGGER profiles_counted_out AFTER DELETE ON profiles BEGIN UPDATE store_counts SET n = n - 1 WHERE name = 'profiles'; END;
      CREATE TRIGGER dead_letters_counted_in AFTER INSERT ON dead_letters BEGIN UPDATE store_counts SET n = n + 1 WHERE name = 'dead_letters'; END;
      CREATE TRIGGER dead_letters_counted_out AFTER DELETE ON dead_letters BEGIN UPDATE store_counts SET n = n - 1 WHERE name = 'dead_letters'; END;
    `,
  },
];

/**
 * Brings the database to the latest version: each missing migration runs in its own
 * `BEGIN IMMEDIATE` transaction and is recorded in `schema_migrations` in the same transaction,
 * so a crash mid-way leaves a consistent version and two processes migrating at once apply each
 * step once. Refuses a database written by a newer Pathwise. Returns the versions it applied.
 */
export function applyMigrations(db: Database.Database, now: number, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const known = Math.max(0, ...migrations.map((m) => m.version));
  const newest = db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get()?.v ?? 0;
  if (newest > known) {
    throw new Error(`store: the database is at schema version ${newest}, newer than this Pathwise knows (${known}); upgrade Pathwise or use another database`);
  }
  const isApplied = db.prepare<[number], { version: number }>('SELECT version FROM schema_migrations WHERE version = ?');
  const record = db.prepare<[number, number]>('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    db.transaction(() => {
      if (isApplied.get(migration.version)) return;
      db.exec(migration.sql);
      record.run(migration.version, now);
      applied.push(migration.version);
    }).immediate();
  }
  return applied;
}
