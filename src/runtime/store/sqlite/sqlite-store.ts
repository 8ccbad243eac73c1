import Database from 'better-sqlite3';
import type { Profile } from '../../../core/profiles/profile.ts';
import {
  TIMER_INBOX_SOURCE,
  type CommitBatch,
  type DeadLetter,
  type FiredTimerPayload,
  type ActionStat,
  type ApplyAttempt,
  type AppendInboxOptions,
  type InboxMessage,
  type InboxRow,
  type JourneyStat,
  type JourneyStepCount,
  type OutcomeRow,
  type OutboxRow,
  type OutboxUpdate,
  type Store,
  type StoreStats,
  type TimerKey,
} from '../store.ts';
import { applyMigrations } from './migrations.ts';
import { prepareStatements, toDeadLetter, toOutboxRow, type Statements } from './statements.ts';
import { isBusy, retryWhileBusy } from './retry-while-busy.ts';
import { RecentInbox } from './recent-inbox.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';

export interface SqliteOptions {
  /**
   * Default `normal`: WAL with synchronous=NORMAL. A commit is in the WAL file (the OS page
   * cache) when it returns, so it survives the process crashing or being killed at any point —
   * the guarantee Pathwise makes for everything it accepted — but the last commits before a
   * power failure or kernel crash may be lost (the database stays consistent). `full` fsyncs
   * the WAL at every commit and survives power loss too; it adds ~0.3 ms (p50) to ~1.3 ms (p99)
   * per commit, ~10 % of throughput at 1,000 events per commit.
   */
  synchronous?: 'normal' | 'full';
  /**
   * How long a statement waits for another connection's lock (another process on the same file,
   * a backup) before failing with SQLITE_BUSY. Default 5,000 ms; 0 fails at once.
   */
  busyTimeoutMs?: number;
  /**
   * How a write waits for another connection's write lock. Default `sleep`: SQLite's busy handler,
   * which sleeps inside the call and so blocks the calling thread. `yield`: the store runs the
   * transaction again after timer pauses (up to `busyTimeoutMs`), leaving the event loop free —
   * for the main thread's connection while the worker thread's connection commits. Reads do not
   * wait for a writer in WAL mode, and are not retried.
   */
  lockWait?: 'sleep' | 'yield';
  /**
   * Who copies the WAL into the database file. Default `background`: a thread with its own
   * connection (see {@link WalCheckpointer}), so that the event loop never waits on a
   * checkpoint's copy and fsync; the writer's autocheckpoint stays as the bound on the WAL.
   * `inline`: only the writer's autocheckpoint, inside the commit that crosses the mark.
   * Either way a commit is durable when it returns; a checkpoint only moves committed pages.
   * `elsewhere`: none from this connection, not even autocheckpoints: another connection in this
   * process owns them (the worker thread's, which does nearly all the writing), so that this
   * one's writes never copy the WAL on the event loop that serves HTTP.
   * A `:memory:` database has no WAL and ignores this.
   */
  checkpoint?: 'background' | 'inline' | 'elsewhere';
}

/** What the connection actually runs with, read back from SQLite. */
export interface SqliteSettings {
  /** `wal` for a file, `memory` for `:memory:`. */
  journalMode: string;
  synchronous: 'off' | 'normal' | 'full' | 'extra';
  busyTimeoutMs: number;
}

const SYNCHRONOUS_NAMES = ['off', 'normal', 'full', 'extra'] as const;
/** 64 MiB of page cache (negative = KiB): the hot part of profiles and indexes stays in memory. */
const CACHE_SIZE_KIB = 65_536;
/**
 * The writer's own checkpoint, which runs inside the commit that crosses the mark and blocks the
 * event loop for ~100–300 ms. Without the background checkpointer (`checkpoint=inline`) it is the
 * checkpoint: every 16,384 pages (~64 MiB) rather than SQLite's 1,000, fewer and larger (measured
 * +8 % worker throughput).
 */
const INLINE_AUTOCHECKPOINT_PAGES = 16_384;
/**
 * With the background checkpointer it is only a bound, reached if that thread falls behind or
 * dies: twice the WAL length at which the thread restarts the WAL (see WalCheckpointer).
 */
const BOUND_AUTOCHECKPOINT_PAGES = 131_072;

/**
 * The embedded store: one SQLite file in WAL mode through better-sqlite3 (synchronous calls
 * behind the async Store interface). Every statement is prepared once in `migrate()`; every
 * write path is one transaction, so a 1,000-event batch costs one commit. The event loop is
 * blocked while a call runs: work that is not SQL (serialising snapshots) happens before the
 * transaction opens, to keep the write lock short. Write transactions are BEGIN IMMEDIATE: one
 * that reads first (the cursor check, due timers) takes the write lock before reading, so a
 * second process on the same file waits for it (busy timeout) instead of failing on upgrade.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private statements: Statements | undefined;
  private readonly checkpointer: WalCheckpointer | undefined;
  /** What this connection appended lately, read back by the worker without SQL (see RecentInbox). */
  private readonly recentInbox = new RecentInbox();
  /** Runs a write transaction, waiting for another connection's lock as {@link SqliteOptions.lockWait} says. */
  private readonly write: <T>(transaction: () => T) => Promise<T>;

  /** @param path a file path, or `:memory:` for a private in-memory database. */
  constructor(path: string, options: SqliteOptions = {}) {
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) throw new Error(`store: busyTimeoutMs must be a whole number ≥ 0, got ${busyTimeoutMs}`);
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    const yieldToOthers = options.lockWait === 'yield';
    this.db.pragma(`busy_timeout = ${yieldToOthers ? 0 : busyTimeoutMs}`);
    this.write = yieldToOthers ? (transaction) => retryWhileBusy(transaction, busyTimeoutMs) : async (transaction) => transaction();
    this.db.pragma(`cache_size = -${CACHE_SIZE_KIB}`);
    this.db.pragma('temp_store = MEMORY');
    const checkpoint = options.checkpoint ?? 'background';
    this.db.pragma(`wal_autocheckpoint = ${checkpoint === 'elsewhere' ? 0 : checkpoint === 'background' ? BOUND_AUTOCHECKPOINT_PAGES : INLINE_AUTOCHECKPOINT_PAGES}`);
    if (path !== ':memory:' && checkpoint === 'background') {
      this.checkpointer = new WalCheckpointer({ path, synchronous: options.synchronous ?? 'normal' });
    }
  }

  /** The settings in force on this connection. */
  settings(): SqliteSettings {
    const synchronous = SYNCHRONOUS_NAMES[Number(this.db.pragma('synchronous', { simple: true }))] ?? 'normal';
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous,
      busyTimeoutMs: Number(this.db.pragma('busy_timeout', { simple: true })),
    };
  }

  private get s(): Statements {
    if (!this.statements) throw new Error('store: not migrated; call migrate() first');
    return this.statements;
  }

  async migrate(): Promise<void> {
    // Each migration is its own transaction and applied once: running again after SQLITE_BUSY applies the rest.
    await this.write(() => applyMigrations(this.db, Date.now()));
    this.statements ??= prepareStatements(this.db);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    // First, so that this connection is the last one and its close checkpoints and removes the WAL.
    await this.checkpointer?.stop();
    if (!this.db.open) return;
    // Lets SQLite refresh the query planner's statistics where they drifted; cheap when nothing did.
    if (this.statements) {
      try {
        this.db.pragma('optimize');
      } catch (err) {
        // Another connection (the worker thread's) holds the lock: the statistics can wait for the next close.
        if (!isBusy(err)) throw err;
      }
    }
    this.db.close();
    this.checkpointer?.closeFile();
  }

  async appendInbox(messages: InboxMessage[], options: AppendInboxOptions = {}): Promise<{ accepted: number; duplicates: number; duplicateIds: string[] }> {
    await this.checkpointer?.beforeWrite();
    const s = this.s;
    const duplicateIds: string[] = [];
    const appended = await this.write(() => this.db.transaction(() => {
      // Empty again when a busy attempt is run again.
      duplicateIds.length = 0;
      const span = this.insertInboxRows(messages, (m) => duplicateIds.push(m.messageId));
      if (options.cursor) s.setCursor.run(options.cursor.name, options.cursor.value);
      return span;
    }).immediate());
    this.recentInbox.add(appended.after, appended.through, appended.rows);
    return { accepted: messages.length - duplicateIds.length, duplicates: duplicateIds.length, duplicateIds };
  }

  /**
   * Inserts inbox rows inside the caller's write transaction, and returns them with the span of
   * seqs the transaction holds so far, for {@link RecentInbox} once it has committed.
   */
  private insertInboxRows(messages: readonly InboxMessage[], onDuplicate?: (m: InboxMessage) => void): { after: number; through: number; rows: InboxRow[] } {
    const s = this.s;
    const after = s.inboxSequence.get()?.seq ?? 0;
    const rows: InboxRow[] = [];
    for (const m of messages) {
      const { changes, lastInsertRowid } = s.insertInbox.run(m.source, m.messageId, m.receivedAt, m.payload);
      if (changes === 0) onDuplicate?.(m);
      else rows.push({ seq: Number(lastInsertRowid), source: m.source, messageId: m.messageId, receivedAt: m.receivedAt, payload: m.payload });
    }
    return { after, through: s.inboxSequence.get()?.seq ?? 0, rows };
  }

  async readInbox(afterSeq: number, limit: number): Promise<InboxRow[]> {
    return this.recentInbox.take(afterSeq, limit) ?? this.s.readInbox.all(afterSeq, limit);
  }

  async inboxCursor(): Promise<number> {
    return this.s.inboxCursor.get()?.seq ?? 0;
  }

  async recordApplyAttempt(attempt: ApplyAttempt): Promise<void> {
    await this.checkpointer?.beforeWrite();
    const s = this.s;
    await this.write(() => s.recordApplyAttempt.run(attempt.fromSeq, attempt.toSeq, attempt.tries));
  }

  async applyAttempt(): Promise<ApplyAttempt | undefined> {
    return this.s.applyAttempt.get();
  }

  async commit(batch: CommitBatch): Promise<void> {
    await this.checkpointer?.beforeWrite();
    const s = this.s;
    const snapshots = batch.profiles.map((p) => [p.id, p.updatedAt, JSON.stringify(p)] as const);
    const cancelled = new Set(batch.timersToCancel.map(timerKey));
    const counts = countJourneyEvents(batch);
    await this.write(() => this.db.transaction(() => {
      if (batch.ackedThroughSeq !== undefined) {
        const cursor = s.inboxCursor.get()?.seq ?? 0;
        if (batch.ackedThroughSeq <= cursor || (batch.ackedAfterSeq !== undefined && batch.ackedAfterSeq !== cursor)) {
          throw new Error(`store: inbox already acknowledged through seq ${cursor}; a batch of seqs ${batch.ackedAfterSeq ?? '…'}–${batch.ackedThroughSeq} overlaps what another consumer applied and is not committed again`);
        }
        s.setInboxCursor.run(batch.ackedThroughSeq);
        s.clearApplyAttempt.run(batch.ackedThroughSeq);
      }
      for (const [id, updatedAt, snapshot] of snapshots) s.upsertProfile.run(id, updatedAt, snapshot);
      for (const id of batch.deletedProfileIds) s.deleteProfile.run(id);
      // Skipping a timer the same batch cancels is the same as adding it, then cancelling it.
      for (const t of batch.timersToAdd) if (!cancelled.has(timerKey(t))) s.upsertTimer.run(t.dueAt, t.id, t.profileId, t.enrollmentId);
      for (const t of batch.timersToCancel) s.deleteTimer.run(t.dueAt, t.id);
      for (const { key, profileId } of batch.identities) s.upsertIdentity.run(key, profileId);
      for (const o of batch.outbox) s.insertOutbox.run(o.key, o.profileId, o.actionId, o.destination, o.channel, o.payload, o.availableAt, o.createdAt);
      for (const d of batch.decisions) s.insertDecision.run(d.id, d.profileId, d.at, d.payload);
      for (const o of batch.outcomes ?? []) s.insertOutcome.run(o.actionKey, o.outcome, o.profileId, o.ref ?? null, o.source, o.at);
      for (const e of batch.journeyEvents) s.insertJourneyEvent.run(e.profileId, e.journeyId, e.version, e.enrollmentId, e.kind, e.stepId ?? null, e.at);
      for (const c of counts) s.countJourney.run(c.journeyId, c.version, c.stepId, c.kind, c.count);
      for (const d of batch.journeyStepDeltas ?? []) s.moveJourneyStep.run(d.journeyId, d.version, d.stepId, d.delta);
      for (const d of batch.deadLetters) s.insertDeadLetter.run(d.kind, d.ref, d.error, d.payload, d.at);
      for (const a of batch.audit) s.insertAudit.run(a.at, a.kind, a.profileId ?? null, a.detail);
    }).immediate());
  }

  async getProfile(id: string): Promise<Profile | undefined> {
    const row = this.s.getProfile.get(id);
    // Only commit() writes snapshots, and it writes Profiles.
    return row ? (JSON.parse(row.snapshot) as Profile) : undefined;
  }

  async getProfiles(ids: string[]): Promise<Map<string, Profile>> {
    const out = new Map<string, Profile>();
    if (ids.length === 0) return out;
    // Only commit() writes snapshots, and it writes Profiles.
    for (const row of this.s.getProfiles.all(JSON.stringify(ids))) out.set(row.id, JSON.parse(row.snapshot) as Profile);
    return out;
  }

  async profileIdsFor(keys: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (keys.length === 0) return out;
    for (const row of this.s.getIdentities.all(JSON.stringify(keys))) out.set(row.key, row.profileId);
    return out;
  }

  async fireDueTimers(now: number, limit: number): Promise<number> {
    await this.checkpointer?.beforeWrite();
    const s = this.s;
    const fired = await this.write(() => this.db.transaction(() => {
      const due = s.dueTimers.all(now, limit);
      const messages = due.map((t): InboxMessage => {
        const payload: FiredTimerPayload = { timerId: t.id, profileId: t.profileId, enrollmentId: t.enrollmentId, dueAt: t.dueAt };
        return { source: TIMER_INBOX_SOURCE, messageId: t.id, receivedAt: now, payload: JSON.stringify(payload) };
      });
      const span = this.insertInboxRows(messages);
      for (const t of due) s.deleteTimer.run(t.dueAt, t.id);
      return { count: due.length, span };
    }).immediate());
    this.recentInbox.add(fired.span.after, fired.span.through, fired.span.rows);
    return fired.count;
  }

  async nextTimerDueAt(): Promise<number | undefined> {
    return this.s.nextTimer.get()?.dueAt ?? undefined;
  }

  async pendingOutbox(now: number, limit: number): Promise<OutboxRow[]> {
    return this.s.pendingOutbox.all(now, limit).map(toOutboxRow);
  }

  async updateOutbox(updates: OutboxUpdate[]): Promise<void> {
    await this.checkpointer?.beforeWrite();
    const s = this.s;
    await this.write(() => this.db.transaction(() => {
      for (const u of updates) {
        const changed = s.updateOutbox.run(u.status, u.attempts, u.availableAt ?? null, u.lastError ?? null, u.result ?? null, u.sentAt ?? null, u.key).changes;
        if (changed === 0 || u.status !== 'dead') continue;
        const payload = s.outboxPayload.get(u.key)?.payload ?? '';
        s.insertDeadLetter.run('outbox', u.key, u.lastError ?? 'gave up', payload, u.at ?? u.sentAt ?? Date.now());
      }
    }).immediate());
  }

  async listDeadLetters(limit: number, filter: { destination?: string } = {}): Promise<DeadLetter[]> {
    const rows = filter.destination === undefined ? this.s.listDeadLetters.all(limit) : this.s.listDeadLettersTo.all(filter.destination, filter.destination, limit);
    return rows.map(toDeadLetter);
  }

  async deadLettersByDestination(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const { destination, n } of this.s.countDeadLettersByDestination.all()) counts[destination] = n;
    return counts;
  }

  async retryDeadLetter(id: number, now: number = Date.now()): Promise<boolean> {
    await this.checkpointer?.beforeWrite();
    const s = this.s;
    return this.write(() => this.db.transaction(() => {
      const letter = s.getDeadLetter.get(id);
      if (!letter) return false;
      if (letter.kind === 'outbox') {
        if (s.updateOutbox.run('pending', 0, now, null, null, null, letter.ref).changes === 0) return false;
      } else {
        // The original (source, messageId) is still taken by the dedupe: the replay needs a key of its own.
        const slash = letter.ref.indexOf('/');
        const source = slash < 0 ? 'retry' : letter.ref.slice(0, slash);
        s.insertInbox.run(source, `${letter.ref.slice(slash + 1)}#retry-${id}`, now, letter.payload);
      }
      s.deleteDeadLetter.run(id);
      return true;
    }).immediate());
  }

  async getCursor(name: string): Promise<string | undefined> {
    return this.s.getCursor.get(name)?.value;
  }

  async setCursor(name: string, value: string): Promise<void> {
    await this.checkpointer?.beforeWrite();
    const s = this.s;
    await this.write(() => s.setCursor.run(name, value));
  }

  async outboxForProfile(profileId: string, limit: number): Promise<OutboxRow[]> {
    return this.s.outboxForProfile.all(profileId, limit).map(toOutboxRow);
  }

  async allOutbox(limit: number): Promise<OutboxRow[]> {
    return this.s.allOutbox.all(limit).map(toOutboxRow);
  }

  async outcomesFor(actionKeys: string[]): Promise<OutcomeRow[]> {
    if (actionKeys.length === 0) return [];
    const rows = this.db
      .prepare<string[], { actionKey: string; outcome: string; profileId: string; ref: string | null; source: string; at: number }>(
        `SELECT action_key AS actionKey, outcome, profile_id AS profileId, ref, source, at FROM outcomes WHERE action_key IN (${actionKeys.map(() => '?').join(',')}) ORDER BY at, action_key, outcome`,
      )
      .all(...actionKeys);
    return rows.map(({ ref, ...rest }) => (ref === null ? rest : { ...rest, ref }));
  }

  async actionStats(): Promise<ActionStat[]> {
    const byId = new Map<string, ActionStat>();
    const stat = (actionId: string) => {
      let found = byId.get(actionId);
      if (!found) byId.set(actionId, (found = { actionId, pending: 0, sent: 0, dead: 0, outcomes: {} }));
      return found;
    };
    for (const r of this.s.outboxByAction.all()) stat(r.actionId)[r.status] += r.n;
    for (const r of this.s.outcomesByAction.all()) stat(r.actionId).outcomes[r.outcome] = r.n;
    return [...byId.values()].sort((a, b) => a.actionId.localeCompare(b.actionId));
  }

  async decisionsForProfile(profileId: string, limit: number): Promise<{ id: string; at: number; payload: string }[]> {
    return this.s.decisionsForProfile.all(profileId, limit);
  }

  async journeyStats(): Promise<JourneyStat[]> {
    return this.s.journeyStats.all().map((r) => ({
      journeyId: r.journeyId,
      version: r.version,
      ...(r.stepId !== '' ? { stepId: r.stepId } : {}),
      kind: r.kind,
      count: r.count,
    }));
  }

  async journeyStepCounts(): Promise<JourneyStepCount[]> {
    return this.s.journeyStepCounts.all();
  }

  async stats(): Promise<StoreStats> {
    const s = this.s;
    return this.db.transaction(() => ({
      inboxPending: s.inboxLag.get(s.inboxCursor.get()?.seq ?? 0)?.n ?? 0,
      outboxPending: s.countOutboxPending.get()?.n ?? 0,
      deadLetters: s.countDeadLetters.get()?.n ?? 0,
      profiles: s.countProfiles.get()?.n ?? 0,
    }))();
  }

  async pruneInbox(olderThan: number, limit?: number): Promise<number> {
    await this.checkpointer?.beforeWrite();
    const s = this.s;
    return this.write(() => this.db.transaction(() => {
      let through = s.inboxCursor.get()?.seq ?? 0;
      // received_at has no index (it would cost every append): bounding the seq range bounds the scan.
      if (limit !== undefined) through = Math.min(through, (s.firstInboxSeq.get()?.seq ?? 0) + limit - 1);
      const pruned = s.pruneInbox.run(through, olderThan).changes;
      if (pruned > 0) this.recentInbox.forgetThrough(through);
      return pruned;
    }).immediate());
  }
}

/** One string per timer (id and time), to match the batch's cancellations against its additions. */
function timerKey(t: TimerKey): string {
  return `${t.dueAt} ${t.id}`;
}

/** Journey events summed per (journey, version, step, kind): one counter upsert each, not one per event. */
function countJourneyEvents(batch: CommitBatch): { journeyId: string; version: number; stepId: string; kind: string; count: number }[] {
  const counts = new Map<string, { journeyId: string; version: number; stepId: string; kind: string; count: number }>();
  for (const e of batch.journeyEvents) {
    const stepId = e.stepId ?? '';
    const key = `${e.journeyId}\u0000${e.version}\u0000${stepId}\u0000${e.kind}`;
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { journeyId: e.journeyId, version: e.version, stepId, kind: e.kind, count: 1 });
  }
  return [...counts.values()];
}
