import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimClock } from './clock.ts';
import { expiredAuthentication, HubspotHttpError, invalidApiKey, invalidAuthentication, missingScopes, rateLimitBody, validationError } from './errors.ts';
import type { FaultScript } from './fault-script.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { matchRoute, type Route, type RouteContext, type RouteResult } from './router.ts';
import type { AccessToken, TokenRegistry } from './tokens.ts';

/** One request as the simulator saw it, with the answer it gave. */
export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: unknown;
  status: number;
  responseBody: unknown;
  /** Simulator clock when it arrived. */
  at: number;
}

export interface ServerDeps {
  routes: readonly Route[];
  clock: SimClock;
  tokens: TokenRegistry;
  limiter: RateLimiter;
  faults: FaultScript;
  developerApiKey: string;
  requests: RecordedRequest[];
}

function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const all = query.getAll(key);
    out[key] = all.length === 1 ? (all[0] ?? '') : all;
  }
  return out;
}

/** HubSpot reports bad JSON with the parser's position [UNVERIFIED exact wording]. */
function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed;
  } catch (error) {
    throw validationError(`Invalid input JSON on line 1: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** For the request log: the parsed body when it parses, else the raw text the client sent. */
function loggedBody(raw: string, contentType: string | undefined): unknown {
  try {
    return parseBody(raw, contentType);
  } catch {
    return raw;
  }
}

function authenticateBearer(tokens: TokenRegistry, header: string | undefined): AccessToken {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) throw invalidAuthentication();
  const found = tokens.lookup(match[1].trim());
  if (found.ok) return found.token;
  if (found.reason === 'expired') throw expiredAuthentication(found.expiredForMs);
  throw invalidAuthentication();
}

async function readRaw(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(deps: ServerDeps, req: IncomingMessage, raw: string): Promise<RouteResult> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://simulator.local');
  const fault = deps.faults.take(method, url.pathname);
  if (fault) return { status: fault.status, body: fault.body ?? { status: 'error', message: 'Internal error', correlationId: randomUUID() }, headers: fault.headers ?? {} };

  const found = matchRoute(deps.routes, method, url.pathname);
  if (!found) return { status: 404, body: { status: 'error', message: `No route for ${method} ${url.pathname}`, correlationId: randomUUID(), category: 'OBJECT_NOT_FOUND' } };
  if ('methodNotAllowed' in found) return { status: 405, body: { status: 'error', message: `Method ${method} not allowed`, correlationId: randomUUID(), category: 'VALIDATION_ERROR' } };
  const { route, params } = found;

  let token: AccessToken | undefined;
  let rateHeaders: Record<string, string> = {};
  if (route.auth === 'hapikey') {
    if (url.searchParams.get('hapikey') !== deps.developerApiKey) throw invalidApiKey();
  } else if (route.auth === 'bearer') {
    token = authenticateBearer(deps.tokens, req.headers.authorization);
    const decision = deps.limiter.take(token.token, { search: route.search ?? false, daily: token.kind === 'private-app' });
    if (!decision.ok) throw new HubspotHttpError(429, rateLimitBody(decision.policy), decision.headers);
    rateHeaders = decision.headers;
    const needed = route.scopes?.(params) ?? [];
    if (token.scopes && needed.length > 0 && !needed.some((s) => token?.scopes?.includes(s))) throw missingScopes(needed);
  }

  try {
    const ctx: RouteContext = { method, path: url.pathname, params, query: url.searchParams, body: parseBody(raw, req.headers['content-type']), headers: req.headers, token };
    const result = await route.handler(ctx);
    return { ...result, headers: { ...rateHeaders, ...result.headers } };
  } catch (error) {
    if (error instanceof HubspotHttpError) throw new HubspotHttpError(error.status, error.body, { ...rateHeaders, ...error.headers });
    throw error;
  }
}

function send(res: ServerResponse, result: RouteResult): void {
  const body = result.body === undefined ? '' : typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
  const correlationId =
    typeof result.body === 'object' && result.body !== null && 'correlationId' in result.body ? String(result.body.correlationId) : randomUUID();
  res.writeHead(result.status, {
    ...(body.length > 0 ? { 'content-type': 'application/json;charset=utf-8' } : {}),
    'x-hubspot-correlation-id': correlationId,
    ...result.headers,
  });
  res.end(body);
}

/** Starts the HTTP server on 127.0.0.1 with an ephemeral port. */
export async function startServer(deps: ServerDeps): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const respond = async () => {
      const at = deps.clock.now();
      const raw = await readRaw(req);
      let result: RouteResult;
      try {
        result = await handle(deps, req, raw);
      } catch (error) {
        result =
          error instanceof HubspotHttpError
            ? { status: error.status, body: error.body, headers: error.headers }
            : { status: 500, body: { status: 'error', message: error instanceof Error ? error.message : String(error), correlationId: randomUUID(), category: 'INTERNAL_ERROR' } };
      }
      const url = new URL(req.url ?? '/', 'http://simulator.local');
      deps.requests.push({
        method: (req.method ?? 'GET').toUpperCase(),
        url: req.url ?? '/',
        path: url.pathname,
        query: queryRecord(url.searchParams),
        headers: req.headers,
        rawBody: raw,
        body: loggedBody(raw, req.headers['content-type']),
        status: result.status,
        responseBody: result.body,
        at,
      });
      send(res, result);
    };
    respond().catch((error: unknown) => {
      // Only a broken connection gets here; answer if the socket still can.
      if (!res.headersSent) send(res, { status: 500, body: { status: 'error', message: String(error), correlationId: randomUUID() } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo; // listen() on TCP always yields an AddressInfo
  return { server, url: `http://127.0.0.1:${port}` };
}
