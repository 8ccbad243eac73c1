import type { z } from 'zod';
import type { JsonObject } from '../../src/core/events/event.ts';
import type { Explanation } from '../../src/core/commands.ts';
import type { Manifest } from '../../src/manifest/schema/manifest.ts';
import type { ConnectorError } from './connector-error.ts';
import type { ConnectorRoute } from './connector-route.ts';
import type { SyncStream } from './sync-stream.ts';

/** What the runtime hands a connector: resolved settings (secrets read from the environment), a clock and a logger. */
export interface ConnectorContext<S> {
  settings: S;
  /** Secret values by settings key, already resolved from `{ env }` references. Never log them. */
  secrets: Readonly<Record<string, string>>;
  now(): number;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
}

/** Who an action is for and why: passed with every send. */
export interface SendMeta {
  /** Same on every retry of this action: platforms that take a key get it, others use it to search before create. */
  idempotencyKey: string;
  profileId: string;
  actionId: string;
  traits: JsonObject;
  identifiers: Record<string, string[]>;
  owner?: string;
  explanation: Explanation;
}

export type ActionResult = { ok: true; ref?: string; detail?: JsonObject } | { ok: false; error: ConnectorError };

export interface BatchItem<I> {
  input: I;
  meta: SendMeta;
}

export interface DestinationAction<S, I = unknown> {
  title: string;
  description: string;
  /** Validates the rendered parameters; a failure is a `payload` error naming the field. */
  input: z.ZodType<I>;
  perform(ctx: ConnectorContext<S>, item: BatchItem<I>): Promise<ActionResult>;
  /** Where the platform batches: one result per item, in order, so only failed items retry. */
  performBatch?(ctx: ConnectorContext<S>, items: BatchItem<I>[]): Promise<ActionResult[]>;
  /** Most items per performBatch call. Default 100. */
  maxBatchSize?: number;
}

/** The platform's limits, enforced by one p-queue per connector and portal. */
export interface RateLimit {
  /** Requests in flight at once. Default 4. */
  concurrency: number;
  /** Window of the interval cap in ms. */
  intervalMs: number;
  /** Requests allowed per window. */
  intervalCap: number;
}

export interface WebhookRequest {
  method: string;
  /** Full URL as the platform called it (scheme, host, path, query). */
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  rawBody: Buffer;
}

export interface WebhookResult {
  /** Canonical events (raw JSON, validated by the runtime) to commit to the inbox. */
  events: JsonObject[];
  /**
   * Platform events deliberately not turned into canonical events (a deal with no contact, an
   * object type not read), each with why: the response lists them so nothing vanishes unsaid.
   */
  skipped?: { ref: string; reason: string }[];
}

export interface WebhookHandler<S> {
  /** Route under /webhooks, e.g. "segment" → POST /webhooks/segment. */
  path: string;
  /** Verifies and parses; throws ConnectorError('auth') for a bad signature, ('payload') for a bad body. */
  handle(ctx: ConnectorContext<S>, request: WebhookRequest): Promise<WebhookResult>;
}

export interface InstallOptions {
  /** Where the platform reaches Pathwise, e.g. https://pathwise.example.com. */
  publicUrl: string;
  manifest: Manifest;
}

export interface InstallReport {
  steps: { done: boolean; what: string }[];
}

export interface ConnectorDefinition<S> {
  id: string;
  name: string;
  settings: z.ZodType<S>;
  /** Settings keys that hold `{ env }` secret references. */
  secrets?: readonly string[];
  /** One cheap call that proves the credentials work. */
  check?(ctx: ConnectorContext<S>): Promise<void>;
  /** Registers what the platform needs for this manifest (webhook subscriptions, properties); safe to run again. */
  install?(ctx: ConnectorContext<S>, options: InstallOptions): Promise<InstallReport>;
  source?: {
    webhooks?: WebhookHandler<S>[];
    /** Incremental syncs of the platform's records, run by the runtime with a stored cursor. */
    streams?: SyncStream<S>[];
  };
  /** Endpoints the platform's UI calls (CRM cards). */
  routes?: ConnectorRoute<S>[];
  destination?: {
    /** Fixed, or from the settings when the platform's limit depends on the account (HubSpot: 100 or 190 / 10 s). */
    rateLimit: RateLimit | ((settings: S) => RateLimit);
    // Each action narrows its own input type; method parameter bivariance lets them share `unknown` here.
    actions: Record<string, DestinationAction<S, unknown>>;
    /** Flush SDK buffers on shutdown. */
    close?(ctx: ConnectorContext<S>): Promise<void>;
  };
}

/**
 * Declares one destination action with its own input type inferred from its zod schema, so
 * `perform` sees typed input; the connector's action map then holds it as the common shape.
 */
export function defineAction<S, I>(action: DestinationAction<S, I>): DestinationAction<S, unknown> {
  // Sound at run time: the dispatcher validates input with `action.input` before calling perform.
  return action as DestinationAction<S, unknown>;
}

/** Declares a connector; returns it unchanged but typed, so every connector folder has the same shape. */
export function defineConnector<S>(definition: ConnectorDefinition<S>): ConnectorDefinition<S> {
  return definition;
}
