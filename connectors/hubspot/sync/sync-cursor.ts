import { z } from 'zod';
import { ConnectorError } from '../../sdk/connector-error.ts';

const EpochMs = z.number().int().min(0);

/**
 * Paging by record id through records that share one modification time: taken when more of
 * them exist than one search window can page through (a bulk import stamping one millisecond).
 */
const TieScan = z
  .object({
    /** The shared modification time, epoch ms. */
    at: EpochMs,
    /** The next page holds ids greater than this; "0" at the start. */
    afterId: z.string().regex(/^\d+$/),
  })
  .strict();

/** One pass: a search window from `windowStart` to the ceiling fixed when the pass started. */
const Pass = z
  .object({
    /** Search filter `GTE`, epoch ms. Moves forward when the window nears the 10,000-result ceiling. */
    windowStart: EpochMs,
    /** Search filter `LTE`, epoch ms: "now" minus a settle delay when the pass started, so the pass ends. */
    ceiling: EpochMs,
    /** HubSpot's paging offset within the window. */
    after: z.string().regex(/^\d+$/),
    tie: TieScan.optional(),
    /** The pass started at the start date on request (`pathwise sync --backfill`), not after `lastModified`. */
    backfill: z.boolean().optional(),
    /** Records read in this pass so far, for progress. */
    done: z.number().int().min(0),
  })
  .strict();

/**
 * What the runtime stores under `sync:hubspot:<object>`, as JSON (version 1):
 *
 * ```json
 * { "v": 1, "lastModified": 1772463000000,
 *   "pass": { "windowStart": 1772462400000, "ceiling": 1772463595000, "after": "200", "done": 200 } }
 * ```
 *
 * `lastModified` is the newest modification time among records committed so far (absent before
 * the first). `pass` is present while a pass is under way and absent between passes; the next
 * pass then starts `lookBackMinutes` before `lastModified`, or at the start date when there is
 * no `lastModified` yet or a backfill was asked for.
 */
export const HubspotCursor = z
  .object({
    v: z.literal(1),
    lastModified: EpochMs.optional(),
    pass: Pass.optional(),
  })
  .strict();

export type HubspotCursor = z.infer<typeof HubspotCursor>;
export type SyncPass = z.infer<typeof Pass>;

/**
 * Reads a stored cursor. One that does not parse is a `config` error rather than a fresh start:
 * silently starting over would re-read (or, with a start date, skip) history without anyone
 * deciding so. Deleting the cursor is the admin's explicit way to start over.
 */
export function parseHubspotCursor(text: string | undefined, stream: string): HubspotCursor {
  if (text === undefined) return { v: 1 };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConnectorError('config', `sync cursor of ${stream} is not JSON: ${text.slice(0, 80)}`);
  }
  const parsed = HubspotCursor.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConnectorError('config', `sync cursor of ${stream} is not a version 1 HubSpot cursor (${issue ? `${issue.path.join('.') || 'cursor'}: ${issue.message}` : 'unreadable'})`);
  }
  return parsed.data;
}

export function formatHubspotCursor(cursor: HubspotCursor): string {
  return JSON.stringify(cursor);
}
