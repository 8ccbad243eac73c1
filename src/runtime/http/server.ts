import Fastify, { type FastifyInstance } from 'fastify';
import type { CompiledManifest } from '../../core/engine/compiled-manifest.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Store } from '../store/store.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { registerConnectorRoutes } from './connector-routes.ts';
import { MAX_BATCH_BYTES } from './decode-body.ts';
import type { InboxWriter } from './inbox-writer.ts';
import { registerTrackingRoutes } from './tracking-routes.ts';
import { storeProfileReader } from './profile-reader.ts';
import { registerWebhookRoutes } from './webhook-routes.ts';
import type { ConnectorRegistry } from '../connectors/connector-registry.ts';
import type { ConnectorStatus } from '../connectors/connector-status.ts';
import type { WriteKeys } from './write-keys.ts';

export interface ServerDeps {
  store: Store;
  compiled: CompiledManifest;
  inbox: InboxWriter;
  writeKeys: WriteKeys;
  registry: ConnectorRegistry;
  metrics: Metrics;
  now: () => number;
  adminToken: string | undefined;
  /** What needs the admin (a destination failing, a sync stopped): listed at /healthz. */
  attention?: () => string[];
  /** Why the worker counts as stuck, given the inbox rows pending (see WorkerProgress); undefined while it is not. */
  workerStuck?: (inboxPending: number) => string | undefined;
  /** Every connector's state, for `GET /api/connectors`. */
  connectors?: () => Promise<ConnectorStatus[]>;
  /** Pino logger options, or false for none. */
  logger: boolean | object;
  /** Extra routes (webhooks, the rep view) registered by the app. */
  extend?: (app: FastifyInstance) => void;
}

/**
 * The HTTP face of Pathwise. Bodies are taken raw (as Buffers) for every content type: the
 * tracking API must accept gzip under a form Content-Type, and webhooks verify signatures
 * over the exact bytes received.
 */
export function buildServer(deps: ServerDeps): FastifyInstance {
  // Gzip bodies may be up to MAX_BATCH_BYTES compressed; the decoder bounds the inflated size.
  const app = Fastify({ logger: deps.logger, bodyLimit: MAX_BATCH_BYTES });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    const message = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? `body: larger than ${MAX_BATCH_BYTES} bytes` : status >= 500 ? 'internal error' : error.message;
    if (status >= 500) app.log.error({ err: error }, 'request failed');
    return reply.code(status).send({ success: false, error: message });
  });

  registerTrackingRoutes(app, {
    writeKeys: deps.writeKeys,
    inbox: deps.inbox,
    now: deps.now,
    onAccepted: (source, count) => deps.metrics.eventsIn.inc({ source }, count),
  });
  registerAdminRoutes(app, { store: deps.store, compiled: deps.compiled, token: deps.adminToken, ...(deps.connectors ? { connectors: deps.connectors } : {}) });
  registerWebhookRoutes(app, { registry: deps.registry, inbox: deps.inbox, now: deps.now });
  registerConnectorRoutes(app, { registry: deps.registry, profiles: storeProfileReader(deps.store, deps.compiled) });

  app.get('/healthz', async (_request, reply) => {
    const stats = await deps.store.stats();
    const attention = deps.attention?.() ?? [];
    // `ok` is the process: it serves and commits. `attention` is what it cannot fix alone. A
    // worker that commits nothing while events wait fails the check (503): what a liveness probe
    // restarts, since accepted events are in the inbox and a new process applies them.
    const stuck = deps.workerStuck?.(stats.inboxPending);
    if (stuck !== undefined) return reply.code(503).send({ ok: false, ...stats, attention: [stuck, ...attention] });
    return { ok: true, ...stats, attention };
  });
  app.get('/metrics', async (_request, reply) => {
    const stats = await deps.store.stats();
    deps.metrics.inboxLag.set(stats.inboxPending);
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  deps.extend?.(app);
  return app;
}
