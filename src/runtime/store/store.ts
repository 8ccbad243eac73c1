import type { Profile } from '../../core/profiles/profile.ts';

export interface InboxMessage {
  source: string;
  messageId: string;
  receivedAt: number;
  /** The canonical event (or timer) as JSON. */
  payload: string;
}

export interface InboxRow extends InboxMessage {
  seq: number;
}

export interface TimerRow {
  id: string;
  profileId: string;
  enrollmentId: string;
  dueAt: number;
}

export type OutboxStatus = 'pending' | 'sent' | 'dead';

export interface OutboxRow {
  /** Idempotency key: one row per decision, whatever the retries. */
  key: string;
  profileId: string;
  actionId: string;
  destination: string;
  channel: string;
  payload: string;
  availableAt: number;
  status: OutboxStatus;
  attempts: number;
  lastError?: string;
  createdAt: number;
  sentAt?: number;
  result?: string;
}

export type NewOutboxRow = Omit<OutboxRow, 'status' | 'attempts' | 'sentAt' | 'result' | 'lastError'>;

export interface OutboxUpdate {
  key: string;
  status: OutboxStatus;
  attempts: number;
  availableAt?: number;
  lastError?: string;
  result?: string;
  sentAt?: number;
}

export interface DeadLetterInput {
  kind: 'inbox' | 'outbox';
  ref: string;
  error: string;
  payload: string;
  at: number;
}

export interface DeadLetter extends DeadLetterInput {
  id: number;
}

export interface JourneyEventRow {
  profileId: string;
  journeyId: string;
  version: number;
  enrollmentId: string;
  kind: string;
  stepId?: string;
  at: number;
}

/** Everything one worker batch changes, committed in one transaction. */
export interface CommitBatch {
  /** Inbox rows up to this seq are applied (one ordered consumer). */
  ackedThroughSeq?: number;
  profiles: Profile[];
  deletedProfileIds: string[];
  identities: { key: string; profileId: string }[];
  timersToAdd: TimerRow[];
  timerIdsToCancel: string[];
  /** Inserted unless a row with the same key exists: a replayed decision never makes a second row. */
  outbox: NewOutboxRow[];
  decisions: { id: string; profileId: string; at: number; payload: string }[];
  journeyEvents: JourneyEventRow[];
  deadLetters: DeadLetterInput[];
  audit: { at: number; kind: string; profileId?: string; detail: string }[];
}

export interface JourneyStat {
  journeyId: string;
  version: number;
  stepId?: string;
  kind: string;
  count: number;
}

export interface StoreStats {
  inboxPending: number;
  outboxPending: number;
  deadLetters: number;
  profiles: number;
}

/**
 * The one persistence port. Every method is async so that the embedded SQLite store and the
 * PostgreSQL store pass the same contract suite (test/runtime/store/store-contract.ts).
 */
export interface Store {
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Durable when it resolves. Unique on (source, messageId): duplicates are counted, not stored. */
  appendInbox(messages: InboxMessage[]): Promise<{ accepted: number; duplicates: number; duplicateIds: string[] }>;
  /** Rows after `afterSeq`, in order. */
  readInbox(afterSeq: number, limit: number): Promise<InboxRow[]>;
  /** Highest applied seq; survives restarts. */
  inboxCursor(): Promise<number>;
  /** One transaction: all of it or none of it. */
  commit(batch: CommitBatch): Promise<void>;
  getProfile(id: string): Promise<Profile | undefined>;
  getProfiles(ids: string[]): Promise<Map<string, Profile>>;
  profileIdsFor(keys: string[]): Promise<Map<string, string>>;
  /** One transaction: due timers become inbox rows (source "timer", messageId = timer id) and are deleted. */
  fireDueTimers(now: number, limit: number): Promise<number>;
  nextTimerDueAt(): Promise<number | undefined>;
  /** Pending rows whose time has come, oldest first. */
  pendingOutbox(now: number, limit: number): Promise<OutboxRow[]>;
  updateOutbox(updates: OutboxUpdate[]): Promise<void>;
  /** Dead letters: poison inbox rows and outbox rows that gave up. */
  listDeadLetters(limit: number): Promise<DeadLetter[]>;
  /** Inbox letters re-enter the inbox; outbox letters go back to pending with attempts reset. */
  retryDeadLetter(id: number): Promise<boolean>;
  getCursor(name: string): Promise<string | undefined>;
  setCursor(name: string, value: string): Promise<void>;
  outboxForProfile(profileId: string, limit: number): Promise<OutboxRow[]>;
  allOutbox(limit: number): Promise<OutboxRow[]>;
  decisionsForProfile(profileId: string, limit: number): Promise<{ id: string; at: number; payload: string }[]>;
  journeyStats(): Promise<JourneyStat[]>;
  stats(): Promise<StoreStats>;
  /** Deletes applied inbox rows received before `olderThan`; their dedupe keys go with them. */
  pruneInbox(olderThan: number): Promise<number>;
}
