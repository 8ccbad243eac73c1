import type Database from 'better-sqlite3';
import type { ApplyAttempt, DeadLetter, JourneyStat, JourneyStepCount, OutboxRow, OutboxStatus, TimerRow } from '../store.ts';

/** An outbox row as SQLite returns it. */
export interface OutboxRecord {
  key: string;
  profile_id: string;
  action_id: string;
  destination: string;
  channel: string;
  payload: string;
  available_at: number;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
  result: string | null;
}

export function toOutboxRow(r: OutboxRecord): OutboxRow {
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

/** A dead letter as SQLite returns it, with its outbox row's destination (null for inbox letters). */
export type DeadLetterRow = Omit<DeadLetter, 'destination'> & { destination: string | null };

export function toDeadLetter(r: DeadLetterRow): DeadLetter {
  const { destination, ...letter } = r;
  return destination === null ? letter : { ...letter, destination };
}

const SELECT_DEAD_LETTERS = "SELECT d.id, d.kind, d.ref, d.error, d.payload, d.at, o.destination FROM dead_letters d LEFT JOIN outbox o ON d.kind = 'outbox' AND o.key = d.ref";

type Count = { n: number };
type InboxRecord = { seq: number; source: string; messageId: string; receivedAt: number; payload: string };
/** journey_counts stores a missing step as '' so that it can be part of the primary key. */
type JourneyCountRecord = Omit<JourneyStat, 'stepId'> & { stepId: string };

/**
 * The part of a better-sqlite3 statement the store uses. Named here because the type the package
 * returns from `prepare` is not exported, and the build could not write this module's declarations.
 */
export interface PreparedStatement<P extends unknown[], R> {
  run(...params: P): Database.RunResult;
  get(...params: P): R | undefined;
  all(...params: P): R[];
}

/**
 * Every statement the store runs, prepared once per connection. Lists of ids are bound as one
 * JSON array and expanded with json_each, so that a lookup of any size is one prepared statement
 * (and the primary key index is still used: SEARCH … USING INDEX).
 */
export function prepareStatements(db: Database.Database) {
  const prepare = <P extends unknown[] = unknown[], R = unknown>(sql: string): PreparedStatement<P, R> => db.prepare<P, R>(sql);
  return {
    insertInbox: prepare<[source: string, messageId: string, receivedAt: number, payload: string]>(
      'INSERT OR IGNORE INTO inbox (source, message_id, received_at, payload) VALUES (?, ?, ?, ?)',
    ),
    readInbox: prepare<[afterSeq: number, limit: number], InboxRecord>(
      'SELECT seq, source, message_id AS messageId, received_at AS receivedAt, payload FROM inbox WHERE seq > ? ORDER BY seq LIMIT ?',
    ),
    // AUTOINCREMENT's counter: the highest seq ever handed out (an ignored duplicate takes one too).
    inboxSequence: prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'inbox'"),
    inboxCursor: prepare<[], { seq: number }>('SELECT seq FROM inbox_cursor WHERE id = 1'),
    setInboxCursor: prepare<[seq: number]>('UPDATE inbox_cursor SET seq = ? WHERE id = 1'),
    applyAttempt: prepare<[], ApplyAttempt>('SELECT from_seq AS fromSeq, to_seq AS toSeq, tries FROM apply_attempt WHERE id = 1'),
    recordApplyAttempt: prepare<[fromSeq: number, toSeq: number, tries: number]>('INSERT OR REPLACE INTO apply_attempt (id, from_seq, to_seq, tries) VALUES (1, ?, ?, ?)'),
    clearApplyAttempt: prepare<[ackedThroughSeq: number]>('DELETE FROM apply_attempt WHERE to_seq <= ?'),
    // The newest row's seq less the cursor: one step down the rowid B-tree. COUNT(*) over the
    // backlog read all of it (177–201 ms at 1 M pending rows), on every /healthz and scrape.
    inboxLag: prepare<[cursor: number], Count>('SELECT MAX(0, COALESCE(MAX(seq), 0) - ?) AS n FROM inbox'),
    pruneInbox: prepare<[throughSeq: number, olderThan: number]>('DELETE FROM inbox WHERE seq <= ? AND received_at < ?'),
    firstInboxSeq: prepare<[], { seq: number }>('SELECT seq FROM inbox ORDER BY seq LIMIT 1'),

    getCursor: prepare<[name: string], { value: string }>('SELECT value FROM cursors WHERE name = ?'),
    setCursor: prepare<[name: string, value: string]>('INSERT INTO cursors (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),

    // ON CONFLICT DO UPDATE rewrites the row in place; INSERT OR REPLACE would delete it and
    // insert a new rowid, touching the id index too.
    upsertProfile: prepare<[id: string, updatedAt: number, snapshot: string]>(
      'INSERT INTO profiles (id, updated_at, snapshot) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, snapshot = excluded.snapshot',
    ),
    deleteProfile: prepare<[id: string]>('DELETE FROM profiles WHERE id = ?'),
    getProfile: prepare<[id: string], { snapshot: string }>('SELECT snapshot FROM profiles WHERE id = ?'),
    getProfiles: prepare<[idsJson: string], { id: string; snapshot: string }>('SELECT id, snapshot FROM profiles WHERE id IN (SELECT value FROM json_each(?))'),
    // Kept by triggers (migration 8): COUNT(*) would read every leaf of the table's index.
    countProfiles: prepare<[], Count>("SELECT n FROM store_counts WHERE name = 'profiles'"),

    upsertIdentity: prepare<[key: string, profileId: string]>(
      'INSERT INTO identities (key, profile_id) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET profile_id = excluded.profile_id',
    ),
    getIdentities: prepare<[keysJson: string], { key: string; profileId: string }>(
      'SELECT key, profile_id AS profileId FROM identities WHERE key IN (SELECT value FROM json_each(?))',
    ),

    upsertTimer: prepare<[dueAt: number, id: string, profileId: string, enrollmentId: string]>(
      'INSERT INTO timers (due_at, id, profile_id, enrollment_id) VALUES (?, ?, ?, ?) ON CONFLICT (due_at, id) DO UPDATE SET profile_id = excluded.profile_id, enrollment_id = excluded.enrollment_id',
    ),
    deleteTimer: prepare<[dueAt: number, id: string]>('DELETE FROM timers WHERE due_at = ? AND id = ?'),
    dueTimers: prepare<[now: number, limit: number], TimerRow>(
      'SELECT id, profile_id AS profileId, enrollment_id AS enrollmentId, due_at AS dueAt FROM timers WHERE due_at <= ? ORDER BY due_at, id LIMIT ?',
    ),
    nextTimer: prepare<[], { dueAt: number | null }>('SELECT MIN(due_at) AS dueAt FROM timers'),

    insertOutbox: prepare<[key: string, profileId: string, actionId: string, destination: string, channel: string, payload: string, availableAt: number, createdAt: number]>(
      'INSERT OR IGNORE INTO outbox (key, profile_id, action_id, destination, channel, payload, available_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    pendingOutbox: prepare<[now: number, limit: number], OutboxRecord>(
      "SELECT * FROM outbox WHERE status = 'pending' AND available_at <= ? ORDER BY available_at, created_at, rowid LIMIT ?",
    ),
    // A field the update leaves out (NULL here) keeps its stored value.
    updateOutbox: prepare<[status: OutboxStatus, attempts: number, availableAt: number | null, lastError: string | null, result: string | null, sentAt: number | null, key: string]>(
      'UPDATE outbox SET status = ?, attempts = ?, available_at = COALESCE(?, available_at), last_error = COALESCE(?, last_error), result = COALESCE(?, result), sent_at = COALESCE(?, sent_at) WHERE key = ?',
    ),
    outboxPayload: prepare<[key: string], { payload: string }>('SELECT payload FROM outbox WHERE key = ?'),
    outboxForProfile: prepare<[profileId: string, limit: number], OutboxRecord>('SELECT * FROM outbox WHERE profile_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?'),
    allOutbox: prepare<[limit: number], OutboxRecord>('SELECT * FROM outbox ORDER BY created_at, rowid LIMIT ?'),
    countOutboxPending: prepare<[], Count>("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'"),

    insertDecision: prepare<[id: string, profileId: string, at: number, payload: string]>('INSERT OR IGNORE INTO decisions (id, profile_id, at, payload) VALUES (?, ?, ?, ?)'),
    decisionsForProfile: prepare<[profileId: string, limit: number], { id: string; at: number; payload: string }>(
      'SELECT id, at, payload FROM decisions WHERE profile_id = ? ORDER BY at DESC, id DESC LIMIT ?',
    ),

    insertOutcome: prepare<[actionKey: string, outcome: string, profileId: string, ref: string | null, source: string, at: number]>(
      'INSERT OR IGNORE INTO outcomes (action_key, outcome, profile_id, ref, source, at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    outboxByAction: prepare<[], { actionId: string; status: OutboxStatus; n: number }>('SELECT action_id AS actionId, status, COUNT(*) AS n FROM outbox GROUP BY action_id, status'),
    outcomesByAction: prepare<[], { actionId: string; outcome: string; n: number }>(
      'SELECT o.action_id AS actionId, x.outcome AS outcome, COUNT(*) AS n FROM outcomes x JOIN outbox o ON o.key = x.action_key GROUP BY o.action_id, x.outcome',
    ),

    insertJourneyEvent: prepare<[profileId: string, journeyId: string, version: number, enrollmentId: string, kind: string, stepId: string | null, at: number]>(
      'INSERT INTO journey_events (profile_id, journey_id, version, enrollment_id, kind, step_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    countJourney: prepare<[journeyId: string, version: number, stepId: string, kind: string, count: number]>(
      'INSERT INTO journey_counts (journey_id, version, step_id, kind, count) VALUES (?, ?, ?, ?, ?) ON CONFLICT (journey_id, version, step_id, kind) DO UPDATE SET count = count + excluded.count',
    ),
    moveJourneyStep: prepare<[journeyId: string, version: number, stepId: string, delta: number]>(
      'INSERT INTO journey_step_counts (journey_id, version, step_id, count) VALUES (?, ?, ?, ?) ON CONFLICT (journey_id, version, step_id) DO UPDATE SET count = count + excluded.count',
    ),
    journeyStepCounts: prepare<[], JourneyStepCount>(
      'SELECT journey_id AS journeyId, version, step_id AS stepId, count FROM journey_step_counts WHERE count <> 0 ORDER BY journey_id, version, step_id',
    ),
    journeyStats: prepare<[], JourneyCountRecord>('SELECT journey_id AS journeyId, version, step_id AS stepId, kind, count FROM journey_counts ORDER BY journey_id, version, step_id, kind'),

    insertDeadLetter: prepare<[kind: DeadLetter['kind'], ref: string, error: string, payload: string, at: number]>(
      'INSERT INTO dead_letters (kind, ref, error, payload, at) VALUES (?, ?, ?, ?, ?)',
    ),
    listDeadLetters: prepare<[limit: number], DeadLetterRow>(`${SELECT_DEAD_LETTERS} ORDER BY d.id LIMIT ?`),
    // `destination` is either one action's (`hubspot.createTask`) or a connector's (`hubspot`: its actions are `hubspot.*`).
    listDeadLettersTo: prepare<[destination: string, connector: string, limit: number], DeadLetterRow>(
      `${SELECT_DEAD_LETTERS} WHERE o.destination = ? OR substr(o.destination, 1, instr(o.destination, '.') - 1) = ? ORDER BY d.id LIMIT ?`,
    ),
    countDeadLettersByDestination: prepare<[], { destination: string; n: number }>(
      "SELECT o.destination AS destination, COUNT(*) AS n FROM dead_letters d JOIN outbox o ON d.kind = 'outbox' AND o.key = d.ref GROUP BY o.destination ORDER BY o.destination",
    ),
    getDeadLetter: prepare<[id: number], DeadLetter>('SELECT id, kind, ref, error, payload, at FROM dead_letters WHERE id = ?'),
    deleteDeadLetter: prepare<[id: number]>('DELETE FROM dead_letters WHERE id = ?'),
    countDeadLetters: prepare<[], Count>("SELECT n FROM store_counts WHERE name = 'dead_letters'"),

    insertAudit: prepare<[at: number, kind: string, profileId: string | null, detail: string]>('INSERT INTO audit (at, kind, profile_id, detail) VALUES (?, ?, ?, ?)'),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
