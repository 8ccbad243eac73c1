/**
 * Versioned schema. A migration is never edited once released: add the next one.
 * Every per-profile table carries profile_id so the schema can later be sharded on it.
 */
export const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
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
];
