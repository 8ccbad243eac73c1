import type { Profile } from '../../core/profiles/profile.ts';

/** A message as a source hands it over: the inbox stores it once per (source, messageId). */
export interface InboxMessage {
  /** Who sent it: `segment`, `rudderstack`, `hubspot`, … or `timer` for fired timers. Never contains "/". */
  source: string;
  /** The source's idempotency key (Segment messageId, HubSpot eventId, …); unique per source. */
  messageId: string;
  /** Epoch ms when Pathwise accepted it. */
  receivedAt: number;
  /** The canonical event (or, for `timer`, a {@link FiredTimerPayload}) as JSON. */
  payload: string;
}

/** An inbox message with its position: `seq` grows strictly in the order rows become readable. */
export interface AppendInboxOptions {
  /**
   * A named cursor written in the same transaction as the messages: a sync stream's position
   * moves only together with the page it read, so a crash never skips or loses a page.
   */
  cursor?: { name: string; value: string };
}

export interface InboxRow extends InboxMessage {
  seq: number;
}

/** The inbox source of fired timers. */
export const TIMER_INBOX_SOURCE = 'timer';

/** The payload `fireDueTimers` writes into the inbox for a due timer (messageId = timer id). */
export interface FiredTimerPayload {
  timerId: string;
  profileId: string;
  enrollmentId: string;
  dueAt: number;
}

/**
 * A timer is named by its id and due time together: the store keeps timers ordered by time (one
 * B-tree, written near the few points where new timers land), and the core never schedules one
 * id at two times.
 */
export interface TimerKey {
  /** Unique for the life of the inbox dedupe window: a fired timer's id is its inbox messageId. */
  id: string;
  /** Epoch ms. */
  dueAt: number;
}

export interface TimerRow extends TimerKey {
  profileId: string;
  enrollmentId: string;
}

export type OutboxStatus = 'pending' | 'sent' | 'dead';

export interface OutboxRow {
  /** Idempotency key: one row per decision, whatever the retries. */
  key: string;
  profileId: string;
  actionId: string;
  /** `connector.action`, e.g. `hubspot.createTask`. */
  destination: string;
  channel: string;
  /** The rendered action input and its metadata, as JSON. */
  payload: string;
  /** Not before this time (epoch ms): quiet hours and retry backoff move it forward. */
  availableAt: number;
  status: OutboxStatus;
  /** Counted delivery attempts so far (a deferral the platform named, such as a rate limit with its wait, is not counted); 0 for a new row. */
  attempts: number;
  lastError?: string;
  createdAt: number;
  sentAt?: number;
  /** The destination's answer (its reference for what it created), as JSON. */
  result?: string;
}

/** What the worker writes; the store sets `status: 'pending'` and `attempts: 0`. */
export type NewOutboxRow = Omit<OutboxRow, 'status' | 'attempts' | 'sentAt' | 'result' | 'lastError'>;

/** The dispatcher's verdict on one row. Absent optional fields leave the stored value as it was. */
export interface OutboxUpdate {
  key: string;
  status: OutboxStatus;
  attempts: number;
  availableAt?: number;
  lastError?: string;
  result?: string;
  sentAt?: number;
  /**
   * When the verdict was reached (epoch ms): the time of the dead letter that `status: 'dead'`
   * creates. Default: `sentAt`, else the wall clock.
   */
  at?: number;
}

export type DeadLetterKind = 'inbox' | 'outbox';

export interface DeadLetterInput {
  kind: DeadLetterKind;
  /** `inbox`: `<source>/<messageId>` of the poison row. `outbox`: the outbox row's key. */
  ref: string;
  error: string;
  /** The inbox row's payload, or the outbox row's payload, so the letter can be replayed. */
  payload: string;
  at: number;
}

export interface DeadLetter extends DeadLetterInput {
  /** Ascending in the order letters were written. */
  id: number;
  /** `outbox` letters: the row's destination (`hubspot.createTask`), while the row exists. */
  destination?: string;
}

export interface JourneyEventRow {
  profileId: string;
  journeyId: string;
  version: number;
  enrollmentId: string;
  /** `entered`, `step`, `converted`, `exited`, … */
  kind: string;
  stepId?: string;
  at: number;
}

export interface DecisionRow {
  /** Unique: a decision recorded twice (a replayed event) is stored once. */
  id: string;
  profileId: string;
  at: number;
  /** The decision command (chosen action, candidates, filters) as JSON. */
  payload: string;
}

/** What became of a sent action. One row per (action, outcome): a redelivered report is stored once. */
export interface OutcomeRow {
  actionKey: string;
  outcome: string;
  profileId: string;
  ref?: string;
  source: string;
  at: number;
}

/** Per manifest action: how its sends went and what came of them. */
export interface ActionStat {
  actionId: string;
  pending: number;
  sent: number;
  dead: number;
  /** Outcome kind → actions with that outcome. */
  outcomes: Record<string, number>;
}

export interface AuditRow {
  at: number;
  kind: string;
  profileId?: string;
  detail: string;
}

/**
 * Prefix of the identity key that remembers where an absorbed profile went
 * (`profile:<absorbedId>` → survivor id), so that a fired timer that names the absorbed profile
 * still finds its enrollment. (The core schedules the moved enrollments' timers again under the
 * survivor; the store does not move timers itself.)
 */
export const MERGED_PROFILE_KEY_PREFIX = 'profile:';

/**
 * Inbox rows a worker started to apply: seqs `fromSeq`..`toSeq`, and how many times in a row
 * they were started without a commit (a worker that crashed, or hung and was killed, on them).
 */
export interface ApplyAttempt {
  fromSeq: number;
  toSeq: number;
  tries: number;
}

/**
 * Everything one worker batch changes, committed in one transaction. Within it, profile
 * upserts come before deletions; timers are added before cancellations are applied, so a timer
 * scheduled and cancelled by the same batch does not survive it.
 */
export interface CommitBatch {
  /**
   * The last inbox seq this batch applied. It must be greater than the current cursor: a second
   * consumer that read the same rows fails its commit instead of applying them twice.
   */
  ackedThroughSeq?: number;
  /**
   * The cursor the batch read after. When given, the commit also fails unless the cursor is still
   * there: a consumer that read from an older cursor and reaches past another's commit would
   * otherwise apply the rows in between twice.
   */
  ackedAfterSeq?: number;
  /** Snapshots to insert or replace, keyed by `id`. */
  profiles: Profile[];
  /** Profiles absorbed by merges. Deleting an unknown id is not an error. */
  deletedProfileIds: string[];
  /** Identifier key → profile id, inserted or re-pointed. See {@link MERGED_PROFILE_KEY_PREFIX}. */
  identities: { key: string; profileId: string }[];
  /** Inserted, or replacing the profile and enrollment of a pending timer with the same id and time. */
  timersToAdd: TimerRow[];
  /** Cancelling an unknown or already fired timer is not an error. */
  timersToCancel: TimerKey[];
  /** Inserted unless a row with the same key exists: a replayed decision never makes a second row. */
  outbox: NewOutboxRow[];
  /** Inserted unless a decision with the same id exists. */
  decisions: DecisionRow[];
  /** Inserted unless the same (actionKey, outcome) exists. */
  outcomes?: OutcomeRow[];
  /** Appended, and counted into {@link Store.journeyStats}. */
  journeyEvents: JourneyEventRow[];
  /** Added to the counts {@link Store.journeyStepCounts} reports, in the same transaction as the profiles they were computed from. */
  journeyStepDeltas?: JourneyStepDelta[];
  deadLetters: DeadLetterInput[];
  audit: AuditRow[];
}

/** Net change in the number of active enrollments standing on one journey step. */
export interface JourneyStepDelta {
  journeyId: string;
  version: number;
  stepId: string;
  /** Enrollments that arrived on the step minus those that left it (negative when more left). */
  delta: number;
}

/** How many active enrollments (one per profile and journey) stand on a step now. */
export interface JourneyStepCount {
  journeyId: string;
  version: number;
  stepId: string;
  count: number;
}

export interface JourneyStat {
  journeyId: string;
  version: number;
  stepId?: string;
  kind: string;
  count: number;
}

export interface StoreStats {
  /**
   * How far the worker is behind, as a log's consumer lag: the seqs from the cursor to the newest
   * inbox row. That is the rows accepted and not yet applied, plus any seq a rejected duplicate
   * used up among them (an upper bound, exact without duplicates), and 0 exactly when every row
   * is applied. Cheap however long the backlog: it does not count rows.
   */
  inboxPending: number;
  /** Outbox rows with status `pending`, due or not. */
  outboxPending: number;
  deadLetters: number;
  profiles: number;
}

/**
 * The one persistence port of the runtime. Every method is async so that the embedded SQLite
 * store and a PostgreSQL store pass the same contract suite (test/runtime/store/store-contract.ts).
 * Times are epoch milliseconds passed in by the caller; a store reads no clock where it is given one.
 * "Durable" means it survives the process crashing or being killed at any instant; whether it also
 * survives power loss is the implementation's setting (SQLite: `synchronous`, see SqliteOptions).
 */
export interface Store {
  /** Creates or upgrades the schema; idempotent. Must resolve before any other method is called. */
  migrate(): Promise<void>;
  /** Releases the connection; idempotent. Everything committed before stays durable. */
  close(): Promise<void>;

  /**
   * Appends messages to the inbox in one transaction, durable when the promise resolves (the
   * moment a source may be answered 2xx). Unique on (source, messageId): a message already in
   * the inbox — or twice in `messages` — is counted as a duplicate and not stored again; the
   * same messageId from two sources is two messages. `duplicateIds` lists the duplicates'
   * messageIds in input order.
   */
  appendInbox(messages: InboxMessage[], options?: AppendInboxOptions): Promise<{ accepted: number; duplicates: number; duplicateIds: string[] }>;
  /**
   * Up to `limit` rows with seq > `afterSeq`, in seq order. A row never becomes readable after a
   * row with a higher seq was returned, so a consumer that remembers the last seq misses none.
   */
  readInbox(afterSeq: number, limit: number): Promise<InboxRow[]>;
  /** The last seq acknowledged by {@link commit} (0 before any); survives restarts. */
  inboxCursor(): Promise<number>;
  /**
   * Records the inbox rows a worker is about to apply (replacing any earlier record). A commit
   * that acknowledges through `toSeq` or beyond clears it in the same transaction, so a record
   * that is still there when a worker starts names the rows its predecessor died on.
   */
  recordApplyAttempt(attempt: ApplyAttempt): Promise<void>;
  /** The last recorded attempt that no commit has cleared, if any. */
  applyAttempt(): Promise<ApplyAttempt | undefined>;

  /**
   * Writes the whole batch in one transaction: all of it is durable when the promise resolves,
   * or, when it rejects, none of it was written. See {@link CommitBatch} for the order of
   * operations and the cursor check.
   */
  commit(batch: CommitBatch): Promise<void>;

  /** The last committed snapshot, or undefined for an unknown or deleted profile. */
  getProfile(id: string): Promise<Profile | undefined>;
  /** The snapshots of the ids that exist; unknown ids are absent from the map. Any number of ids. */
  getProfiles(ids: string[]): Promise<Map<string, Profile>>;
  /** Identifier key → profile id, for the keys that are known. Any number of keys. */
  profileIdsFor(keys: string[]): Promise<Map<string, string>>;

  /**
   * In one transaction, moves up to `limit` timers with dueAt ≤ `now` (earliest first) into the
   * inbox — source {@link TIMER_INBOX_SOURCE}, messageId = timer id, receivedAt = `now`, payload a
   * {@link FiredTimerPayload} — and deletes them. Returns how many timers were taken. A timer fires
   * once: calling again, concurrently, or after a restart finds it gone, and the inbox dedupe
   * drops a second row for the same timer id.
   */
  fireDueTimers(now: number, limit: number): Promise<number>;
  /** The earliest dueAt among pending timers, or undefined when there are none. */
  nextTimerDueAt(): Promise<number | undefined>;

  /** Up to `limit` rows with status `pending` and availableAt ≤ `now`, by availableAt, then createdAt, then insertion order. */
  pendingOutbox(now: number, limit: number): Promise<OutboxRow[]>;
  /**
   * Applies the dispatcher's verdicts in one transaction; unknown keys are ignored. A row that
   * turns `dead` also gets a dead letter (kind `outbox`, ref = key, payload = the row's payload).
   */
  updateOutbox(updates: OutboxUpdate[]): Promise<void>;

  /**
   * The oldest `limit` dead letters: poison inbox rows and outbox rows that gave up; with
   * `destination`, only outbox letters of that destination (`hubspot.createTask`) or of every
   * action of that connector (`hubspot`).
   */
  listDeadLetters(limit: number, filter?: { destination?: string }): Promise<DeadLetter[]>;
  /** Outbox dead letters per destination (`hubspot.createTask` → 3): what each connector failed to send. */
  deadLettersByDestination(): Promise<Record<string, number>>;
  /**
   * Replays a dead letter and deletes it, in one transaction; false when there is no such letter.
   * An `inbox` letter re-enters the inbox as a new message `<messageId>#retry-<letter id>` from the
   * same source (the original key is still taken by the dedupe), received at `now`. An `outbox`
   * letter puts its row back to `pending` with attempts 0, available at `now` (its lastError stays
   * for the record); false, and the letter kept, when that row no longer exists.
   * @param now epoch ms; default the wall clock.
   */
  retryDeadLetter(id: number, now?: number): Promise<boolean>;

  /** A named cursor (a connector's sync position, …), or undefined when never set. */
  getCursor(name: string): Promise<string | undefined>;
  /** Sets a named cursor, durable on resolve. Independent of the inbox cursor, whatever the name. */
  setCursor(name: string, value: string): Promise<void>;

  /** The profile's newest `limit` outbox rows, newest first (by createdAt, then insertion order). */
  outboxForProfile(profileId: string, limit: number): Promise<OutboxRow[]>;
  /** The oldest `limit` outbox rows of any status (by createdAt, then insertion order): admin views and demos. */
  allOutbox(limit: number): Promise<OutboxRow[]>;
  /** The profile's newest `limit` decisions, newest first. */
  decisionsForProfile(profileId: string, limit: number): Promise<{ id: string; at: number; payload: string }[]>;
  /** Journey events counted per (journeyId, version, stepId, kind) since the start, ordered by those. */
  journeyStats(): Promise<JourneyStat[]>;
  /** Active enrollments per (journeyId, version, stepId) now, steps with none left out, ordered by those. */
  journeyStepCounts(): Promise<JourneyStepCount[]>;
  /** Outcomes of these actions (by outbox key), oldest first. */
  outcomesFor(actionKeys: string[]): Promise<OutcomeRow[]>;
  /** Sends and outcomes per manifest action, by action id. */
  actionStats(): Promise<ActionStat[]>;
  stats(): Promise<StoreStats>;

  /**
   * Deletes inbox rows that are both acknowledged (seq ≤ cursor) and received before
   * `olderThan`; returns how many. Unacknowledged rows are never deleted. A pruned row's dedupe
   * key goes with it, so `olderThan` should be `now − dedupe window`: within the window a
   * re-delivered message is still recognised. Seqs are never reused after pruning.
   * @param limit when given, looks only at the `limit` oldest rows (by seq), so that one call
   *   costs O(limit) however large the inbox: call again while it returns more than 0. A row
   *   behind a younger one waits until that one is pruned: kept longer, never pruned early.
   */
  pruneInbox(olderThan: number, limit?: number): Promise<number>;
}
