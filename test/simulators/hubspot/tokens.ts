import { randomUUID } from 'node:crypto';

/** A public app that may refresh tokens at `POST /oauth/v1/token`. */
export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  appId: number;
}

/** A bearer token the simulator accepts. */
export interface AccessToken {
  token: string;
  /** Private-app tokens never expire and see daily rate-limit headers; OAuth tokens expire. */
  kind: 'private-app' | 'oauth';
  issuedAt: number;
  /** Epoch ms on the simulator clock; undefined = never. */
  expiresAt: number | undefined;
  /** Granted scopes; undefined = every scope (the simulator checks nothing). */
  scopes: string[] | undefined;
  hubId: number;
  user: string;
  userId: number;
  appId: number | undefined;
  clientId: string | undefined;
  revoked: boolean;
}

export interface IssueTokenOptions {
  /** The token string. Default: `pat-na1-<uuid>` for private apps, `oauth-<uuid>` for OAuth. */
  token?: string;
  /** Default `private-app`. */
  kind?: 'private-app' | 'oauth';
  /** Lifetime; default none for private apps, 1800 s (HubSpot's OAuth TTL) for OAuth tokens. */
  expiresInSeconds?: number;
  scopes?: string[];
  /** The OAuth app the token belongs to; default the simulator's app. */
  clientId?: string;
  /** Also issue this refresh token (OAuth only); default a generated one. */
  refreshToken?: string;
  user?: string;
  userId?: number;
}

export interface IssuedToken {
  accessToken: string;
  /** Present for OAuth tokens. */
  refreshToken: string | undefined;
  expiresAt: number | undefined;
}

interface RefreshGrant {
  refreshToken: string;
  clientId: string;
  scopes: string[] | undefined;
  user: string;
  userId: number;
  revoked: boolean;
}

export type TokenLookup = { ok: true; token: AccessToken } | { ok: false; reason: 'unknown' } | { ok: false; reason: 'expired'; expiredForMs: number };

export type RefreshOutcome =
  | { ok: true; token: AccessToken; refreshToken: string }
  | { ok: false; error: 'BAD_CLIENT_ID' | 'BAD_CLIENT_SECRET' | 'BAD_REFRESH_TOKEN' };

/** HubSpot's OAuth access tokens live 30 minutes [3P Paragon: expires_in 1800]. */
export const OAUTH_TTL_SECONDS = 1800;

export class TokenRegistry {
  readonly #tokens = new Map<string, AccessToken>();
  readonly #refresh = new Map<string, RefreshGrant>();
  readonly #apps = new Map<string, OAuthApp>();
  readonly #now: () => number;
  readonly #hubId: number;
  readonly #defaultClientId: string;

  constructor(now: () => number, hubId: number, defaultApp: OAuthApp) {
    this.#now = now;
    this.#hubId = hubId;
    this.#defaultClientId = defaultApp.clientId;
    this.registerApp(defaultApp);
  }

  registerApp(app: OAuthApp): void {
    this.#apps.set(app.clientId, app);
  }

  issue(options: IssueTokenOptions = {}): IssuedToken {
    const kind = options.kind ?? 'private-app';
    const now = this.#now();
    const clientId = kind === 'oauth' ? (options.clientId ?? this.#defaultClientId) : undefined;
    const ttl = options.expiresInSeconds ?? (kind === 'oauth' ? OAUTH_TTL_SECONDS : undefined);
    const token: AccessToken = {
      token: options.token ?? (kind === 'oauth' ? `oauth-${randomUUID()}` : `pat-na1-${randomUUID()}`),
      kind,
      issuedAt: now,
      expiresAt: ttl === undefined ? undefined : now + ttl * 1000,
      scopes: options.scopes,
      hubId: this.#hubId,
      user: options.user ?? 'rep@example.com',
      userId: options.userId ?? 9,
      appId: clientId ? this.#apps.get(clientId)?.appId : undefined,
      clientId,
      revoked: false,
    };
    this.#tokens.set(token.token, token);
    let refreshToken: string | undefined;
    if (kind === 'oauth' && clientId) {
      refreshToken = options.refreshToken ?? randomUUID();
      this.#refresh.set(refreshToken, { refreshToken, clientId, scopes: token.scopes, user: token.user, userId: token.userId, revoked: false });
    }
    return { accessToken: token.token, refreshToken, expiresAt: token.expiresAt };
  }

  lookup(raw: string): TokenLookup {
    const token = this.#tokens.get(raw);
    if (!token || token.revoked) return { ok: false, reason: 'unknown' };
    const now = this.#now();
    if (token.expiresAt !== undefined && now >= token.expiresAt) return { ok: false, reason: 'expired', expiredForMs: now - token.expiresAt };
    return { ok: true, token };
  }

  /** The token record whatever its state (token-info endpoint, tests). */
  find(raw: string): AccessToken | undefined {
    return this.#tokens.get(raw);
  }

  /** Exchanges a refresh token; HubSpot keeps the same refresh token and leaves older access tokens valid until they expire. */
  refresh(clientId: string, clientSecret: string, refreshToken: string): RefreshOutcome {
    const app = this.#apps.get(clientId);
    if (!app) return { ok: false, error: 'BAD_CLIENT_ID' };
    if (app.clientSecret !== clientSecret) return { ok: false, error: 'BAD_CLIENT_SECRET' };
    const grant = this.#refresh.get(refreshToken);
    if (!grant || grant.revoked || grant.clientId !== clientId) return { ok: false, error: 'BAD_REFRESH_TOKEN' };
    const issued = this.issue({ kind: 'oauth', clientId, scopes: grant.scopes, user: grant.user, userId: grant.userId, refreshToken });
    const token = this.#tokens.get(issued.accessToken);
    if (!token) throw new Error('token vanished after issue');
    return { ok: true, token, refreshToken };
  }

  /** Revokes an access token or a refresh token (an uninstalled app). */
  revoke(raw: string): void {
    const token = this.#tokens.get(raw);
    if (token) token.revoked = true;
    const grant = this.#refresh.get(raw);
    if (grant) grant.revoked = true;
  }
}
