import type { FastifyInstance } from 'fastify';
import type { SyncStreamStatus } from './sync-status.ts';

/**
 * `GET /healthz/sync`: every sync stream's state, counts and last error. Always 200 (the process
 * is serving); `ok` is false while a stream is stopped and needs the admin. Error messages are
 * the connectors' own, already free of secrets.
 */
export function registerSyncStatusRoute(app: FastifyInstance, sync: { status(): SyncStreamStatus[] }): void {
  app.get('/healthz/sync', async () => {
    const streams = sync.status();
    return { ok: streams.every((s) => s.state !== 'stopped'), streams };
  });
}
