import Database from 'better-sqlite3';
import type { Profile } from '../../../core/profiles/profile.ts';
import type {
  CommitBatch,
  DeadLetter,
  InboxMessage,
  InboxRow,
  JourneyStat,
  OutboxRow,
  OutboxUpdate,
  Store,
  StoreStats,
} from '../store.ts';
import { MIGRATIONS } from './migrations.ts';

export interface SqliteOptions {
  /**
   * `normal` (default): WAL with synchronous=NORMAL — a commit survives a process crash (what
   * Pathwise promises: nothing accepted is lost when the process dies); the last commits may
   * be lost on power failure. `full` fsyncs every commit, ~10 % slower with batched commits.
   */
  synchronous?: 'normal' | 'full';
}

const INBOX_CURSOR = 'inbox';
/** SQLite's default limit on bound parameters is 32,766; chunks stay far below it. */
const CHUNK = 500;

type OutboxDbRow = {
  key: string;
  profile_id: string;
  action_id: string;
  destination: string;
  channel: string;
  payload: string;
  available_at: number;
  status: OutboxRow['status'];
  attempts: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
  result: string | null;
};

function toOutbox(r: OutboxDbRow): OutboxRow {
  return {
    key: r.key,
    profileId: r.profile_id,
    actionId: r.action_id,
    destination: r.destination,
    channel: r.channel,
    payload: r.payload,
    availableAt: r.available_at,
    status: r.status,
    attempts: r.attempts,
    createdAt: r.created_at,
    ...(r.last_error !== null ? { lastError: r.last_error } : {}),
    ...(r.sent_at !== null ? { sentAt: r.sent_at } : {}),
    ...(r.result !== null ? { result: r.result } : {}),
  };
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * The embedded store: one SQLite file in WAL mode through better-sqlite3. Synchronous calls
 * behind the async Store interface; every write path is one transaction with prepared
 * statements, so a 1,000-event batch costs one commit.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private statements: ReturnType<SqliteStore['prepare']> | undefined;

  constructor(path: string, options: SqliteOptions = {}) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('cache_size = -65536');
    this.db.pragma('temp_store = MEMORY');
    // Checkpoint every ~64 MB of WAL rather than 4 MB: fewer random writes into the main file per commit.
    this.db.pragma('wal_autocheckpoint = 16384');
  }

  private get s() {
    if (!this.statements) throw new Error('store not migrated: call migrate() first');
    return this.statements;
  }

  private prepare() {
    const db = this.db;
    return {
      insertInbox: db.prepare('INSERT OR IGNORE INTO inbox (source, message_id, received_at, payload) VALUES (?, ?, ?, ?)'),
      readInbox: db.prepare('SELECT seq, source, message_id AS messageId, received_at AS receivedAt, payload FROM inbox WHERE seq > ? ORDER BY seq LIMIT ?'),
      getCursor: db.prepare('SELECT value FROM cursors WHERE name = ?'),
      setCursor: db.prepare('INSERT INTO cursors (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
      upsertProfile: db.prepare('INSERT INTO profiles (id, updated_at, snapshot) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, snapshot = excluded.snapshot'),
      deleteProfile: db.prepare('DELETE FROM profiles WHERE id = ?'),
      getProfile: db.prepare('SELECT snapshot FROM profiles WHERE id = ?'),
      upsertIdentity: db.prepare('INSERT INTO identities (key, profile_id) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET profile_id = excluded.profile_id'),
      getIdentity: db.prepare('SELECT profile_id AS profileId FROM identities WHERE key = ?'),
      insertTimer: db.prepare('INSERT OR REPLACE INTO timers (id, profile_id, enrollment_id, due_at) VALUES (?, ?, ?, ?)'),
      deleteTimer: db.prepare('DELETE FROM timers WHERE id = ?'),
      repointTimers: db.prepare('UPDATE timers SET profile_id = ? WHERE profile_id = ?'),
      dueTimers: db.prepare('SELECT id, profile_id AS profileId, enrollment_id AS enrollmentId, due_at AS dueAt FROM timers WHERE due_at <= ? ORDER BY due_at LIMIT ?'),
      nextTimer: db.prepare('SELECT MIN(due_at) AS dueAt FROM timers'),
      insertOutbox: db.prepare(
        'INSERT OR IGNORE INTO outbox (key, profile_id, action_id, destination, channel, payload, available_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      pendingOutbox: db.prepare("SELECT * FROM outbox WHERE status = 'pending' AND available_at <= ? ORDER BY available_at, created_at LIMIT ?"),
      updateOutbox: db.prepare(
        'UPDATE outbox SET status = ?, attempts = ?, available_at = COALESCE(?, available_at), last_error = COALESCE(?, last_error), result = COALESCE(?, result), sent_at = COALESCE(?, sent_at) WHERE key = ?',
      ),
      getOutbox: db.prepare('SELECT * FROM outbox WHERE key = ?'),
      outboxForProfile: db.prepare('SELECT * FROM outbox WHERE profile_id = ? ORDER BY created_at DESC LIMIT ?'),
      allOutbox: db.prepare('SELECT * FROM outbox ORDER BY created_at LIMIT ?'),
      insertDecision: db.prepare('INSERT OR IGNORE INTO decisions (id, profile_id, at, payload) VALUES (?, ?, ?, ?)'),
      decisionsForProfile: db.prepare('SELECT id, at, payload FROM decisions WHERE profile_id = ? ORDER BY at DESC LIMIT ?'),
      insertJourneyEvent: db.prepare('INSERT INTO journey_events (profile_id, journey_id, version, enrollment_id, kind, step_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      countJourney: db.prepare(
        'INSERT INTO journey_counts (journey_id, version, step_id, kind, count) VALUES (?, ?, ?, ?, ?) ON CONFLICT (journey_id, version, step_id, kind) DO UPDATE SET count = count + excluded.count',
      ),
      journeyStats: db.prepare('SELECT journey_id AS journeyId, version, step_id AS stepId, kind, count FROM journey_counts ORDER BY journey_id, version, kind, step_id'),
      insertDeadLetter: db.prepare('INSERT INTO dead_letters (kind, ref, error, payload, at) VALUES (?, ?, ?, ?, ?)'),
      listDeadLetters: db.prepare('SELECT id, kind, ref, error, payload, at FROM dead_letters ORDER BY id LIMIT ?'),
      getDeadLetter: db.prepare('SELECT id, kind, ref, error, payload, at FROM dead_letters WHERE id = ?'),
      deleteDeadLetter: db.prepare('DELETE FROM dead_letters WHERE id = ?'),
      insertAudit: db.prepare('INSERT INTO audit (at, kind, profile_id, detail) VALUES (?, ?, ?, ?)'),
      pruneInbox: db.prepare('DELETE FROM inbox WHERE seq <= ? AND received_at < ?'),
      countInboxAfter: db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE seq > ?'),
      countOutboxPending: db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'"),
      countDeadLetters: db.prepare('SELECT COUNT(*) AS n FROM dead_letters'),
      countProfiles: db.prepare('SELECT COUNT(*) AS n FROM profiles'),
    };
  }

  async migrate(): Promise<void> {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const applied = new Set((this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(migration.version, Date.now());
      })();
    }
    this.statements = this.prepare();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async appendInbox(messages: InboxMessage[]) {
    const duplicateIds: string[] = [];
    this.db.transaction(() => {
      for (const m of messages) {
        if (this.s.insertInbox.run(m.source, m.messageId, m.receivedAt, m.payload).changes === 0) duplicateIds.push(m.messageId);
      }
    })();
    return { accepted: messages.length - duplicateIds.length, duplicates: duplicateIds.length, duplicateIds };
  }

  async readInbox(afterSeq: number, limit: number): Promise<InboxRow[]> {
    return this.s.readInbox.all(afterSeq, limit) as InboxRow[];
  }

  async inboxCursor(): Promise<number> {
    const row = this.s.getCursor.get(INBOX_CURSOR) as { value: string } | undefined;
    return row ? Number(row.value) : 0;
  }

  async commit(batch: CommitBatch): Promise<void> {
    const s = this.s;
    this.db.transaction(() => {
      for (const p of batch.profiles) s.upsertProfile.run(p.id, p.updatedAt, JSON.stringify(p));
      for (const id of batch.deletedProfileIds) s.deleteProfile.run(id);
      for (const i of batch.identities) {
        s.upsertIdentity.run(i.key, i.profileId);
        // A merged profile's pending timers follow it to the survivor.
        if (i.key.startsWith('profile:')) s.repointTimers.run(i.profileId, i.key.slice('profile:'.length));
      }
      for (const id of batch.timerIdsToCancel) s.deleteTimer.run(id);
      for (const t of batch.timersToAdd) s.insertTimer.run(t.id, t.profileId, t.enrollmentId, t.dueAt);
      for (const o of batch.outbox) s.insertOutbox.run(o.key, o.profileId, o.actionId, o.destination, o.channel, o.payload, o.availableAt, o.createdAt);
      for (const d of batch.decisions) s.insertDecision.run(d.id, d.profileId, d.at, d.payload);
      // Counts are summed per batch first: one upsert per (journey, step, kind), not one per event.
      const counts = new Map<string, [string, number, string, string, number]>();
      for (const e of batch.journeyEvents) {
        s.insertJourneyEvent.run(e.profileId, e.journeyId, e.version, e.enrollmentId, e.kind, e.stepId ?? null, e.at);
        const key = `${e.journeyId}\u0000${e.version}\u0000${e.stepId ?? ''}\u0000${e.kind}`;
        const entry = counts.get(key);
        if (entry) entry[4]++;
        else counts.set(key, [e.journeyId, e.version, e.stepId ?? '', e.kind, 1]);
      }
      for (const c of counts.values()) s.countJourney.run(...c);
      for (const d of batch.deadLetters) s.insertDeadLetter.run(d.kind, d.ref, d.error, d.payload, d.at);
      for (const a of batch.audit) s.insertAudit.run(a.at, a.kind, a.profileId ?? null, a.detail);
      if (batch.ackedThroughSeq !== undefined) s.setCursor.run(INBOX_CURSOR, String(batch.ackedThroughSeq));
    })();
  }

  async getProfile(id: string): Promise<Profile | undefined> {
    const row = this.s.getProfile.get(id) as { snapshot: string } | undefined;
    return row ? (JSON.parse(row.snapshot) as Profile) : undefined;
  }

  async getProfiles(ids: string[]): Promise<Map<string, Profile>> {
    const out = new Map<string, Profile>();
    for (const part of chunks(ids)) {
      const rows = this.db.prepare(`SELECT snapshot FROM profiles WHERE id IN (${part.map(() => '?').join(',')})`).all(...part) as { snapshot: string }[];
      for (const r of rows) {
        const p = JSON.parse(r.snapshot) as Profile;
        out.set(p.id, p);
      }
    }
    return out;
  }

  async profileIdsFor(keys: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks(keys)) {
      const rows = this.db.prepare(`SELECT key, profile_id AS profileId FROM identities WHERE key IN (${part.map(() => '?').join(',')})`).all(...part) as { key: string; profileId: string }[];
      for (const r of rows) out.set(r.key, r.profileId);
    }
    return out;
  }

  async fireDueTimers(now: number, limit: number): Promise<number> {
    const s = this.s;
    return this.db.transaction(() => {
      const due = s.dueTimers.all(now, limit) as { id: string; profileId: string; enrollmentId: string; dueAt: number }[];
      for (const t of due) {
        s.insertInbox.run('timer', t.id, now, JSON.stringify({ timerId: t.id, profileId: t.profileId, enrollmentId: t.enrollmentId, dueAt: t.dueAt }));
        s.deleteTimer.run(t.id);
      }
      return due.length;
    })();
  }

  async nextTimerDueAt(): Promise<number | undefined> {
    const row = this.s.nextTimer.get() as { dueAt: number | null };
    return row.dueAt ?? undefined;
  }

  async pendingOutbox(now: number, limit: number): Promise<OutboxRow[]> {
    return (this.s.pendingOutbox.all(now, limit) as OutboxDbRow[]).map(toOutbox);
  }

  async updateOutbox(updates: OutboxUpdate[]): Promise<void> {
    const s = this.s;
    this.db.transaction(() => {
      for (const u of updates) {
        s.updateOutbox.run(u.status, u.attempts, u.availableAt ?? null, u.lastError ?? null, u.result ?? null, u.sentAt ?? null, u.key);
        if (u.status === 'dead') {
          const row = s.getOutbox.get(u.key) as OutboxDbRow | undefined;
          s.insertDeadLetter.run('outbox', u.key, u.lastError ?? 'gave up', row?.payload ?? '', u.sentAt ?? Date.now());
        }
      }
    })();
  }

  async listDeadLetters(limit: number): Promise<DeadLetter[]> {
    return this.s.listDeadLetters.all(limit) as DeadLetter[];
  }

  async retryDeadLetter(id: number): Promise<boolean> {
    const s = this.s;
    return this.db.transaction(() => {
      const letter = s.getDeadLetter.get(id) as DeadLetter | undefined;
      if (!letter) return false;
      if (letter.kind === 'outbox') {
        s.updateOutbox.run('pending', 0, 0, null, null, null, letter.ref);
      } else {
        // A retried inbox row needs a new dedupe key: the original one is already taken.
        const [source = 'retry', ...rest] = letter.ref.split('/');
        s.insertInbox.run(source, `${rest.join('/')}#retry-${id}`, Date.now(), letter.payload);
      }
      s.deleteDeadLetter.run(id);
      return true;
    })();
  }

  async getCursor(name: string): Promise<string | undefined> {
    return (this.s.getCursor.get(name) as { value: string } | undefined)?.value;
  }

  async setCursor(name: string, value: string): Promise<void> {
    this.s.setCursor.run(name, value);
  }

  async outboxForProfile(profileId: string, limit: number): Promise<OutboxRow[]> {
    return (this.s.outboxForProfile.all(profileId, limit) as OutboxDbRow[]).map(toOutbox);
  }

  async allOutbox(limit: number): Promise<OutboxRow[]> {
    return (this.s.allOutbox.all(limit) as OutboxDbRow[]).map(toOutbox);
  }

  async decisionsForProfile(profileId: string, limit: number) {
    return this.s.decisionsForProfile.all(profileId, limit) as { id: string; at: number; payload: string }[];
  }

  async journeyStats(): Promise<JourneyStat[]> {
    return (this.s.journeyStats.all() as (Omit<JourneyStat, 'stepId'> & { stepId: string })[]).map((r) => ({
      journeyId: r.journeyId,
      version: r.version,
      kind: r.kind,
      count: r.count,
      ...(r.stepId !== '' ? { stepId: r.stepId } : {}),
    }));
  }

  async stats(): Promise<StoreStats> {
    const cursor = await this.inboxCursor();
    const n = (stmt: Database.Statement, ...args: unknown[]) => (stmt.get(...args) as { n: number }).n;
    return {
      inboxPending: n(this.s.countInboxAfter, cursor),
      outboxPending: n(this.s.countOutboxPending),
      deadLetters: n(this.s.countDeadLetters),
      profiles: n(this.s.countProfiles),
    };
  }

  async pruneInbox(olderThan: number): Promise<number> {
    return this.s.pruneInbox.run(await this.inboxCursor(), olderThan).changes;
  }
}
