import { Client } from '@hubspot/api-client';
import { createHash } from 'node:crypto';
import { ConnectorError } from '../sdk/connector-error.ts';
import type { ConnectorContext } from '../sdk/define-connector.ts';
import { isExpiredToken, mapHubspotError } from './map-error.ts';
import { portalLimits, type PortalLimits } from './portal-limits.ts';
import type { HubspotSettings } from './settings.ts';

type Ctx = ConnectorContext<HubspotSettings>;

/** Refresh this long before HubSpot says the token expires, so no request races the expiry. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * One authenticated HubSpot API per connector context. Every call goes through the portal's
 * limits; an expired OAuth access token is refreshed once with the refresh token and the call
 * replayed; errors come out in the connector taxonomy. The SDK's own retries are off: the
 * runtime alone decides retries.
 */
export class HubspotApi {
  readonly client: Client;
  private readonly limits: PortalLimits;
  private accessToken: string | undefined;
  private expiresAt = Number.POSITIVE_INFINITY;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly ctx: Ctx) {
    this.accessToken = ctx.secrets['accessToken'];
    this.client = new Client({ ...(this.accessToken ? { accessToken: this.accessToken } : {}), basePath: ctx.settings.basePath, numberOfApiCallRetries: 0 });
    const portalKey = ctx.settings.portalId !== undefined ? `portal:${ctx.settings.portalId}` : `token:${hashOf(this.accessToken ?? ctx.secrets['refreshToken'] ?? '')}`;
    this.limits = portalLimits(`${ctx.settings.basePath}|${portalKey}`, ctx.settings.requestsPer10s);
  }

  /** Runs one request under the burst limit. `what` names it in errors ("create task"). */
  call<T>(what: string, fn: (client: Client) => Promise<T>): Promise<T> {
    return this.limits.api.add(() => this.authenticated(what, fn));
  }

  /** Runs one CRM search request under both the search limit and the burst limit. */
  search<T>(what: string, fn: (client: Client) => Promise<T>): Promise<T> {
    return this.limits.search.add(() => this.call(what, fn));
  }

  /** The access token in use, refreshed first when it has expired (for endpoints that take the token itself). */
  async currentToken(): Promise<string> {
    if (this.canRefresh() && (this.accessToken === undefined || this.ctx.now() >= this.expiresAt - REFRESH_MARGIN_MS)) await this.refresh();
    if (this.accessToken === undefined) throw new ConnectorError('config', 'connections.hubspot.accessToken is not set (nor a refreshToken with clientId and clientSecret)');
    return this.accessToken;
  }

  private async authenticated<T>(what: string, fn: (client: Client) => Promise<T>): Promise<T> {
    if (this.canRefresh() && (this.accessToken === undefined || this.ctx.now() >= this.expiresAt - REFRESH_MARGIN_MS)) await this.refresh();
    if (this.accessToken === undefined) throw new ConnectorError('config', 'connections.hubspot.accessToken is not set (nor a refreshToken with clientId and clientSecret)');
    try {
      return await fn(this.client);
    } catch (err) {
      if (isExpiredToken(err) && this.canRefresh()) {
        await this.refresh();
        try {
          return await fn(this.client);
        } catch (again) {
          throw mapHubspotError(again, what, this.ctx.now(), this.ctx.settings.timeZone);
        }
      }
      throw mapHubspotError(err, what, this.ctx.now(), this.ctx.settings.timeZone);
    }
  }

  private canRefresh(): boolean {
    return this.ctx.secrets['refreshToken'] !== undefined && this.ctx.settings.clientId !== undefined && this.ctx.secrets['clientSecret'] !== undefined;
  }

  /** One refresh at a time: concurrent calls that all saw the 401 wait for the same new token. */
  private refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const { clientId } = this.ctx.settings;
        const tokens = await this.client.oauth.tokensApi.create('refresh_token', undefined, undefined, clientId, this.ctx.secrets['clientSecret'], this.ctx.secrets['refreshToken']);
        this.accessToken = tokens.accessToken;
        this.expiresAt = this.ctx.now() + tokens.expiresIn * 1000;
        this.client.setAccessToken(tokens.accessToken);
        this.ctx.log.info({ connector: 'hubspot', expiresInSeconds: tokens.expiresIn }, 'HubSpot access token refreshed');
      } catch (err) {
        const mapped = mapHubspotError(err, 'refresh the OAuth access token', this.ctx.now());
        // A refused refresh token will not heal by retrying: the admin must reconnect the app.
        throw mapped.kind === 'payload' || mapped.kind === 'auth' ? new ConnectorError('auth', `${mapped.message}; reconnect the HubSpot app to get a new refresh token`, { cause: err }) : mapped;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

const apis = new WeakMap<object, HubspotApi>();

/** The API for this connector context, created once (one token state per context). */
export function hubspotApi(ctx: Ctx): HubspotApi {
  let api = apis.get(ctx);
  if (!api) {
    api = new HubspotApi(ctx);
    apis.set(ctx, api);
  }
  return api;
}
