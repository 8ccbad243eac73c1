import type { IncomingHttpHeaders } from 'node:http';
import type { AccessToken } from './tokens.ts';

/** What a handler receives. */
export interface RouteContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON or form body; `undefined` when there was none. */
  body: unknown;
  headers: IncomingHttpHeaders;
  /** The bearer token, on `bearer` routes. */
  token: AccessToken | undefined;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** `bearer`: `Authorization: Bearer`; `hapikey`: developer API key in the query; `none`: OAuth endpoints. */
export type RouteAuth = 'bearer' | 'hapikey' | 'none';

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** `/crm/v3/objects/:type/:id`; a trailing slash on the request is ignored. */
  pattern: string;
  auth: RouteAuth;
  /** Counted against the search limit (4/s) as well as the burst limit. */
  search?: boolean;
  /** Any one of these scopes is enough; computed from the params (object type decides). */
  scopes?: (params: Record<string, string>) => readonly string[];
  handler: (ctx: RouteContext) => RouteResult | Promise<RouteResult>;
}

export type RouteMatch = { route: Route; params: Record<string, string> } | { methodNotAllowed: true } | undefined;

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith(':')) {
      if (g === '') return undefined;
      params[w.slice(1)] = decodeURIComponent(g);
    } else if (w !== g) {
      return undefined;
    }
  }
  return params;
}

/** First route (in registration order) whose method and pattern match; literal routes go first. */
export function matchRoute(routes: readonly Route[], method: string, rawPath: string): RouteMatch {
  const path = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  let pathMatched = false;
  for (const route of routes) {
    const params = matchPattern(route.pattern, path);
    if (!params) continue;
    if (route.method === method) return { route, params };
    pathMatched = true;
  }
  return pathMatched ? { methodNotAllowed: true } : undefined;
}
