import type { Command } from '../../core/commands.ts';
import type { CompiledManifest } from '../../core/engine/compiled-manifest.ts';
import { processEvent, processTimer } from '../../core/engine/process-input.ts';
import { eventInOneShape, type PathwiseEvent } from '../../core/events/event.ts';
import { extractIdentifiers, identifierKey } from '../../core/identity/extract-identifiers.ts';
import type { Profile } from '../../core/profiles/profile.ts';
import type { CommitBatch, InboxRow, Store } from '../store/store.ts';
import { ParamRenderer } from '../dispatch/render-params.ts';
import { AttemptPlan, SOLO_DEATHS_BEFORE_SET_ASIDE, setAsideReason } from './attempt-plan.ts';
import { BatchSizer } from './batch-sizer.ts';
import { BatchView } from './batch-view.ts';
import { buildOutboxRow } from './outbox-row.ts';
import { StepMoves } from './step-moves.ts';

/** A due timer as the scheduler writes it into the inbox. */
export interface TimerMessage {
  timerId: string;
  profileId: string;
  enrollmentId: string;
  dueAt: number;
}

export const TIMER_SOURCE = 'timer';

/** Identity key that remembers where an absorbed profile went, so its timers find the survivor. */
export function mergedProfileKey(profileId: string): string {
  return `profile:${profileId}`;
}

export interface WorkerOptions {
  store: Store;
  compiled: CompiledManifest;
  now: () => number;
  /** Most inbox rows per transaction. Default 1,000 (1–10,000): amortises the commit, bounds event-loop stalls. */
  batchSize?: number;
  /** Wall time a batch should take while the worker keeps up, in ms. Default 15; see {@link BatchSizer}. */
  batchBudgetMs?: number;
  onCommands?: (commands: readonly Command[]) => void;
  /** After each commit: the rows it applied and the commit time (accept-to-commit latency). */
  onCommitted?: (rows: readonly InboxRow[], committedAt: number) => void;
  onError?: (row: InboxRow, error: Error) => void;
}

interface Parsed {
  row: InboxRow;
  event?: PathwiseEvent;
  timer?: TimerMessage;
}

/**
 * Applies inbox rows to the core and commits state, outbox, timers and the inbox cursor in one
 * transaction per batch. Rows are applied in inbox order, so each profile sees its events in
 * order. A row that throws (a poison message) goes to dead letters with its error; the rest of
 * the batch commits. A row that kills the worker instead of throwing is found by the workers
 * after it and set aside (see AttemptPlan).
 */
export class Worker {
  private readonly renderer = new ParamRenderer();
  private readonly sizer: BatchSizer;
  private cursor: number | undefined;
  /** Read once per worker, at its first batch: what a predecessor that died left (see AttemptPlan). */
  private plan: AttemptPlan | undefined;
  eventsApplied = 0;

  constructor(private readonly options: WorkerOptions) {
    this.sizer = new BatchSizer({ max: options.batchSize ?? 1000, ...(options.batchBudgetMs !== undefined ? { budgetMs: options.batchBudgetMs } : {}) });
  }

  /** Processes one batch; returns how many inbox rows it consumed (0 when the inbox is empty). */
  async runOnce(): Promise<number> {
    const { store } = this.options;
    this.cursor ??= await store.inboxCursor();
    this.plan ??= new AttemptPlan(await store.applyAttempt(), this.cursor);
    const started = performance.now();
    const rows = await store.readInbox(this.cursor, this.plan.limit(this.cursor, this.sizer.next()));
    if (rows.length === 0) return 0;
    const first = (rows[0] as InboxRow).seq;
    const last = (rows[rows.length - 1] as InboxRow).seq;
    if (this.plan.setsAside(first)) return this.setAside(rows[0] as InboxRow);
    // Written before the rows are applied, cleared by their commit: see AttemptPlan.
    await store.recordApplyAttempt(this.plan.attemptFor(first, last));
    const now = this.options.now();
    const batch: CommitBatch = emptyBatch();
    const parsed = rows.map((row) => this.parse(row, batch, now));
    const moves = new StepMoves();
    const view = await this.load(parsed, moves);
    const emitted: Command[] = [];
    for (const item of parsed) {
      try {
        const commands = item.event ? this.applyEvent(view, item.event, now) : item.timer ? this.applyTimer(view, item.timer, now) : [];
        this.collect(view, commands, batch, item, now);
        for (const c of commands) emitted.push(c);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        batch.deadLetters.push({ kind: 'inbox', ref: `${item.row.source}/${item.row.messageId}`, error: error.stack ?? error.message, payload: item.row.payload, at: now });
        this.options.onError?.(item.row, error);
      }
    }
    for (const id of view.dirtyProfiles) batch.profiles.push(view.profiles.get(id) as Profile);
    batch.deletedProfileIds.push(...view.deletedProfiles);
    for (const key of view.changedIdentities) batch.identities.push({ key, profileId: view.identities.get(key) as string });
    batch.journeyStepDeltas = moves.deltas(view);
    batch.ackedAfterSeq = this.cursor;
    batch.ackedThroughSeq = last;
    await this.commitAndAdvance(batch);
    this.sizer.record(rows.length, performance.now() - started);
    this.options.onCommitted?.(rows, this.options.now());
    this.options.onCommands?.(emitted);
    return rows.length;
  }

  /** Commits a batch and moves the cursor to what it acknowledged. */
  private async commitAndAdvance(batch: CommitBatch): Promise<void> {
    try {
      await this.options.store.commit(batch);
    } catch (err) {
      // Another consumer may have moved the cursor: read it again before the next batch.
      this.cursor = undefined;
      throw err;
    }
    this.cursor = batch.ackedThroughSeq;
  }

  /** Dead-letters a row that killed workers on its own (see AttemptPlan), and acknowledges it. */
  private async setAside(row: InboxRow): Promise<number> {
    const now = this.options.now();
    const error = new Error(setAsideReason(SOLO_DEATHS_BEFORE_SET_ASIDE));
    const batch = emptyBatch();
    batch.deadLetters.push({ kind: 'inbox', ref: `${row.source}/${row.messageId}`, error: error.message, payload: row.payload, at: now });
    batch.ackedAfterSeq = this.cursor;
    batch.ackedThroughSeq = row.seq;
    await this.commitAndAdvance(batch);
    this.options.onError?.(row, error);
    this.options.onCommitted?.([row], this.options.now());
    return 1;
  }

  private parse(row: InboxRow, batch: CommitBatch, now: number): Parsed {
    try {
      const payload: unknown = JSON.parse(row.payload);
      if (row.source === TIMER_SOURCE) return { row, timer: payload as TimerMessage };
      // The HTTP edge validated and normalised this event before it was committed; JSON left out
      // its absent fields, which are put back so that it has the shape of every other event.
      return { row, event: eventInOneShape(payload as PathwiseEvent) };
    } catch (err) {
      batch.deadLetters.push({ kind: 'inbox', ref: `${row.source}/${row.messageId}`, error: `unreadable payload: ${(err as Error).message}`, payload: row.payload, at: now });
      return { row };
    }
  }

  /** Loads, in two round trips, every profile the batch can touch: by identifier, then by id. */
  private async load(parsed: Parsed[], moves: StepMoves): Promise<BatchView> {
    const { store, compiled } = this.options;
    const view = new BatchView();
    const keys = new Set<string>();
    for (const item of parsed) {
      if (item.event) for (const id of extractIdentifiers(item.event, compiled.identifierRules)) keys.add(identifierKey(id));
      if (item.timer) keys.add(mergedProfileKey(item.timer.profileId));
    }
    const found = await store.profileIdsFor([...keys]);
    const ids = new Set<string>(found.values());
    for (const [key, id] of found) view.identities.set(key, id);
    for (const item of parsed) if (item.timer) ids.add(item.timer.profileId);
    const profiles = await store.getProfiles([...ids]);
    for (const [id, profile] of profiles) {
      view.profiles.set(id, profile);
      moves.loaded(profile);
    }
    return view;
  }

  private applyEvent(view: BatchView, event: PathwiseEvent, now: number): Command[] {
    const outcome = processEvent(this.options.compiled, view, event, now);
    view.putProfile(outcome.profile);
    for (const absorbedId of outcome.absorbedIds) {
      view.deleteProfile(absorbedId, outcome.profile.id);
      view.pointIdentity(mergedProfileKey(absorbedId), outcome.profile.id);
    }
    for (const id of outcome.identities) view.pointIdentity(identifierKey(id), outcome.profile.id);
    this.eventsApplied++;
    return outcome.commands;
  }

  private applyTimer(view: BatchView, timer: TimerMessage, now: number): Command[] {
    let profileId = view.survivorOf(timer.profileId);
    if (!view.profiles.has(profileId)) profileId = view.profileIdFor(mergedProfileKey(timer.profileId)) ?? profileId;
    const profile = view.profiles.get(profileId);
    if (!profile) return [];
    const commands = processTimer(this.options.compiled, profile, timer.timerId, timer.enrollmentId, now);
    view.putProfile(profile);
    return commands;
  }

  private collect(view: BatchView, commands: readonly Command[], batch: CommitBatch, item: Parsed, now: number): void {
    for (const command of commands) {
      switch (command.type) {
        case 'scheduleTimer':
          batch.timersToAdd.push({ id: command.timerId, profileId: command.profileId, enrollmentId: command.enrollmentId, dueAt: command.dueAt });
          break;
        case 'cancelTimer':
          batch.timersToCancel.push({ id: command.timerId, dueAt: command.dueAt });
          break;
        case 'send': {
          const profile = view.profiles.get(command.profileId);
          const action = this.options.compiled.actions.get(command.actionId);
          if (profile && action) batch.outbox.push(buildOutboxRow(this.renderer, command, action.definition, profile, item.event, now));
          break;
        }
        case 'recordDecision':
          batch.decisions.push({ id: command.decisionId, profileId: command.profileId, at: command.at, payload: JSON.stringify(command) });
          break;
        case 'journeyEvent':
          batch.journeyEvents.push({
            profileId: command.profileId,
            journeyId: command.journeyId,
            version: command.version,
            enrollmentId: command.enrollmentId,
            kind: command.kind,
            ...(command.stepId !== undefined ? { stepId: command.stepId } : {}),
            at: command.at,
          });
          break;
        case 'merge':
          batch.audit.push({ at: command.at, kind: 'merge', profileId: command.survivorId, detail: `absorbed ${command.absorbedId}` });
          break;
        case 'identityRefused':
          batch.audit.push({ at: command.at, kind: 'identity_refused', profileId: command.profileId, detail: `${command.identifier}: ${command.reason}` });
          break;
        case 'recordOutcome':
          (batch.outcomes ??= []).push({ actionKey: command.actionKey, outcome: command.outcome, profileId: command.profileId, ...(command.ref !== undefined ? { ref: command.ref } : {}), source: command.source, at: command.at });
          break;
        case 'traitsChanged':
          break;
      }
    }
  }
}

function emptyBatch(): CommitBatch {
  return {
    profiles: [],
    deletedProfileIds: [],
    identities: [],
    timersToAdd: [],
    timersToCancel: [],
    outbox: [],
    decisions: [],
    journeyEvents: [],
    deadLetters: [],
    audit: [],
  };
}
