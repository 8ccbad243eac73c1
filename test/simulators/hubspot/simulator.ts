import type { Server } from 'node:http';
import { findAssociationType, defaultAssociationType } from './association-types.ts';
import type { CrmChange } from './change-log.ts';
import { SimClock } from './clock.ts';
import type { EmailTemplate } from './email-log.ts';
import { rateLimitBody, type RateLimitPolicy } from './errors.ts';
import { FaultScript, type Fault } from './fault-script.ts';
import type { ListSeed } from './list-store.ts';
import type { ObjectTypeName } from './object-types.ts';
import type { OwnerSeed } from './owner-store.ts';
import type { RawPropertyValue } from './property-values.ts';
import { RateLimiter, type RateLimitOptions } from './rate-limiter.ts';
import { accountInfoRoutes } from './routes/account-info.ts';
import { associationRoutes } from './routes/associations.ts';
import { emailRoutes } from './routes/emails.ts';
import { listRoutes } from './routes/lists.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { objectRoutes } from './routes/objects.ts';
import { ownerRoutes } from './routes/owners.ts';
import type { RouteDeps } from './routes/route-deps.ts';
import { searchRoutes } from './routes/search.ts';
import { propertyRoutes } from './routes/properties.ts';
import { webhookApiRoutes } from './routes/webhooks-api.ts';
import { startServer, type RecordedRequest } from './server.ts';
import { HubspotStore } from './store.ts';
import { TokenRegistry, type IssuedToken, type IssueTokenOptions, type OAuthApp } from './tokens.ts';
import { buildWebhookEvents, type BuildEventsOptions, type HubspotWebhookEvent } from './webhook-events.ts';
import { deliverWebhooks, type DeliveryOptions, type DeliveryResult } from './webhook-sender.ts';

export interface HubspotSimulatorOptions {
  /** The account (`portalId` in webhooks, `hub_id` in token info). Default 62515. */
  portalId?: number;
  /** The public app's id. Default 54321. */
  appId?: number;
  /** The app's OAuth client id. Default `sim-client-id`. */
  clientId?: string;
  /** The app's client secret: refreshes tokens and signs webhooks. Default `sim-client-secret`. */
  clientSecret?: string;
  /** Developer API key accepted as `?hapikey=` by the webhooks API. Default `sim-developer-key`. */
  developerApiKey?: string;
  rateLimits?: RateLimitOptions;
  /** The account's time zone, as its settings hold it: account-info reports it, and the daily limit resets at its midnight. Default `US/Eastern`. */
  accountTimeZone?: string;
  /** Refuse non-https webhook target URLs, as HubSpot does. Default true. */
  requireHttpsTargetUrl?: boolean;
  /**
   * How long a write takes to reach search ("It may take a few moments for newly created or
   * updated CRM objects to appear in search results" [DOC search guide]). A record written within
   * this window is left out of search results altogether (a simplification: HubSpot would still
   * show its previous version). Default 0, bounds ≥ 0.
   */
  searchIndexDelayMs?: number;
  /** Freeze the clock at this instant from the start. Default: follow real time. */
  now?: number | Date;
}

/** A record to seed; times are epoch ms, Date or ISO and become createdate / lastmodifieddate. */
export interface RecordSeed {
  id?: string;
  properties?: Record<string, RawPropertyValue>;
  createdAt?: number | Date | string;
  updatedAt?: number | Date | string;
}

export interface SeedData {
  owners?: OwnerSeed[];
  contacts?: RecordSeed[];
  companies?: RecordSeed[];
  deals?: RecordSeed[];
  tasks?: RecordSeed[];
  lists?: ListSeed[];
  emailTemplates?: EmailTemplate[];
  /** Default (unlabelled) associations unless `typeId` says otherwise. */
  associations?: Array<{ from: ObjectTypeName; fromId: string; to: ObjectTypeName; toId: string; typeId?: number }>;
}

/** Ids of what `seed` created, per type, in the order given. */
export type SeededIds = Record<'contacts' | 'companies' | 'deals' | 'tasks' | 'lists', string[]>;

function ms(v: number | Date | string): number {
  return typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : v.getTime();
}

/**
 * An in-memory HubSpot account behind a real HTTP server, for driving `@hubspot/api-client`
 * 13.5.0 (`new Client({ accessToken, basePath: sim.url })`) in tests.
 */
export class HubspotSimulator {
  readonly url: string;
  readonly clock: SimClock;
  readonly store: HubspotStore;
  /** Every request received, faults and errors included. */
  readonly requests: RecordedRequest[];
  readonly portalId: number;
  readonly appId: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly developerApiKey: string;
  readonly tokens: TokenRegistry;
  readonly #server: Server;
  readonly #faults: FaultScript;
  readonly #limiter: RateLimiter;
  #nextEventId = 1;

  private constructor(parts: {
    url: string;
    server: Server;
    clock: SimClock;
    store: HubspotStore;
    requests: RecordedRequest[];
    tokens: TokenRegistry;
    faults: FaultScript;
    limiter: RateLimiter;
    app: OAuthApp;
    portalId: number;
    developerApiKey: string;
  }) {
    this.url = parts.url;
    this.#server = parts.server;
    this.clock = parts.clock;
    this.store = parts.store;
    this.requests = parts.requests;
    this.tokens = parts.tokens;
    this.#faults = parts.faults;
    this.#limiter = parts.limiter;
    this.portalId = parts.portalId;
    this.appId = parts.app.appId;
    this.clientId = parts.app.clientId;
    this.clientSecret = parts.app.clientSecret;
    this.developerApiKey = parts.developerApiKey;
  }

  static async start(options: HubspotSimulatorOptions = {}): Promise<HubspotSimulator> {
    const clock = new SimClock();
    if (options.now !== undefined) clock.set(options.now);
    const now = () => clock.now();
    const portalId = options.portalId ?? 62515;
    const app: OAuthApp = { clientId: options.clientId ?? 'sim-client-id', clientSecret: options.clientSecret ?? 'sim-client-secret', appId: options.appId ?? 54321 };
    const developerApiKey = options.developerApiKey ?? 'sim-developer-key';
    const store = new HubspotStore(now);
    const tokens = new TokenRegistry(now, portalId, app);
    const accountTimeZone = options.accountTimeZone ?? 'US/Eastern';
    const limiter = new RateLimiter(now, { accountTimeZone, ...options.rateLimits });
    const faults = new FaultScript();
    const requests: RecordedRequest[] = [];
    const deps: RouteDeps = { store, tokens, clock, portalId, accountTimeZone, appId: app.appId, requireHttpsTargetUrl: options.requireHttpsTargetUrl ?? true, searchIndexDelayMs: Math.max(0, options.searchIndexDelayMs ?? 0) };
    const routes = [
      ...oauthRoutes(deps),
      ...searchRoutes(deps),
      ...associationRoutes(deps),
      ...objectRoutes(deps),
      ...ownerRoutes(deps),
      ...accountInfoRoutes(deps),
      ...listRoutes(deps),
      ...emailRoutes(deps),
      ...webhookApiRoutes(deps),
      ...propertyRoutes(deps),
    ];
    const { server, url } = await startServer({ routes, clock, tokens, limiter, faults, developerApiKey, requests });
    return new HubspotSimulator({ url, server, clock, store, requests, tokens, faults, limiter, app, portalId, developerApiKey });
  }

  /** A bearer token the API accepts: a non-expiring private-app token unless `kind: 'oauth'`. */
  issueToken(options: IssueTokenOptions = {}): IssuedToken {
    return this.tokens.issue(options);
  }

  revokeToken(token: string): void {
    this.tokens.revoke(token);
  }

  /** Creates owners, records, associations, lists and email templates without going through HTTP. */
  seed(data: SeedData): SeededIds {
    const ids: SeededIds = { contacts: [], companies: [], deals: [], tasks: [], lists: [] };
    for (const owner of data.owners ?? []) this.store.owners.add(owner);
    for (const type of ['contacts', 'companies', 'deals', 'tasks'] as const) {
      const def = this.store.types.get(type);
      if (!def) continue;
      for (const seed of data[type] ?? []) {
        if (seed.id) this.store.reserveId(seed.id);
        const at = seed.createdAt === undefined ? this.clock.now() : ms(seed.createdAt);
        const properties: Record<string, RawPropertyValue> = { ...seed.properties, [def.createdProperty]: new Date(at).toISOString() };
        properties[def.modifiedProperty] = new Date(seed.updatedAt === undefined ? at : ms(seed.updatedAt)).toISOString();
        const record = this.store.records.create(type, properties, { trusted: true, source: 'IMPORT', at, ...(seed.id ? { id: seed.id } : {}) });
        ids[type].push(record.id);
      }
    }
    for (const a of data.associations ?? []) {
      const type = a.typeId === undefined ? defaultAssociationType(a.from, a.to) : findAssociationType(a.from, a.to, a.typeId);
      if (!type) throw new Error(`no association type ${a.typeId ?? 'default'} from ${a.from} to ${a.to}`);
      this.store.associations.add(type, a.fromId, a.toId, { source: 'IMPORT' });
    }
    for (const list of data.lists ?? []) ids.lists.push(this.store.lists.create(list).listId);
    for (const template of data.emailTemplates ?? []) this.store.emails.addTemplate(template);
    return ids;
  }

  /** The next `count` requests (optionally only matching ones) get this answer instead. */
  failNext(count: number, fault: Fault): void {
    this.#faults.add(count, fault);
  }

  /** The next `count` requests get HubSpot's 429 for `policy` (default the ten-secondly burst limit). */
  rateLimitStorm(count: number, policy: RateLimitPolicy = 'TEN_SECONDLY_ROLLING'): void {
    this.#faults.add(count, () => ({ status: 429, body: rateLimitBody(policy), headers: this.#limiter.saturatedHeaders() }));
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  /** CRM changes at or after `since` (simulator clock, epoch ms), oldest first. */
  changesSince(since: number | Date): CrmChange[] {
    return this.store.changes.since(ms(since));
  }

  /** The webhook events HubSpot would send for these changes, with fresh event ids. */
  webhookEvents(changes: readonly CrmChange[], options: Pick<BuildEventsOptions, 'only'> = {}): HubspotWebhookEvent[] {
    return buildWebhookEvents(changes, {
      portalId: this.portalId,
      appId: this.appId,
      types: this.store.types,
      subscriptions: this.store.webhooks.subscriptions(this.appId),
      nextEventId: () => this.#nextEventId++,
      ...options,
    });
  }

  /** POSTs a signed batch to `targetUrl` with HubSpot's retry rules; the secret defaults to the app's. */
  deliverWebhooks(targetUrl: string, events: readonly HubspotWebhookEvent[], options: Partial<DeliveryOptions> = {}): Promise<DeliveryResult> {
    return deliverWebhooks(targetUrl, events, { clientSecret: this.clientSecret, now: () => this.clock.now(), ...options });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.#server.close((error) => (error ? reject(error) : resolve())));
  }
}

export function startHubspotSimulator(options: HubspotSimulatorOptions = {}): Promise<HubspotSimulator> {
  return HubspotSimulator.start(options);
}
