import { z } from 'zod';
import { defineConnector } from '../sdk/define-connector.ts';

/**
 * The `log` destination sends nothing anywhere: the rendered action stays in the outbox as the
 * record of what would have been done. It lets the main job and demos run with no credentials.
 */
export const logConnector = defineConnector({
  id: 'log',
  name: 'Log',
  settings: z.object({}).strict(),
  destination: {
    rateLimit: { concurrency: 16, intervalMs: 1000, intervalCap: 100_000 },
    actions: {
      record: {
        title: 'Record',
        description: 'Keep the rendered action in the outbox; send nothing.',
        input: z.record(z.string(), z.unknown()),
        async perform(_ctx, item) {
          return { ok: true, ref: item.meta.idempotencyKey };
        },
      },
    },
  },
});
