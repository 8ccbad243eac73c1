import type { z } from 'zod';
import type { ActionResult, BatchItem, ConnectorContext, DestinationAction } from './define-connector.ts';
import { defineAction } from './define-connector.ts';

/**
 * A destination action whose SDK batches by itself: `perform` is `deliver` of one item, so
 * single sends and batches share one code path and one result per item.
 */
export function batchedAction<S, I>(
  title: string,
  description: string,
  input: z.ZodType<I>,
  deliver: (ctx: ConnectorContext<S>, items: BatchItem<I>[]) => Promise<ActionResult[]>,
): DestinationAction<S, unknown> {
  return defineAction<S, I>({
    title,
    description,
    input,
    maxBatchSize: 100,
    async perform(ctx, item) {
      const [result] = await deliver(ctx, [item]);
      return result as ActionResult;
    },
    performBatch: deliver,
  });
}
