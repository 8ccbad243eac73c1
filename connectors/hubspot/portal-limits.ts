import PQueue from 'p-queue';

/**
 * HubSpot counts requests per portal (private app) or per app and portal (OAuth), whatever
 * process part sends them: the dispatcher's tasks, the sync's searches and the webhook
 * enrichment share one budget. So the queues live per portal, not per caller.
 */
export interface PortalLimits {
  /** Every request: the burst limit, 100 or 190 per rolling 10 s. */
  api: PQueue;
  /** CRM search requests, in addition: 4 per second. */
  search: PQueue;
}

const byPortal = new Map<string, PortalLimits>();

export function portalLimits(portalKey: string, requestsPer10s: number, searchPerSecond = 4): PortalLimits {
  const key = `${portalKey}|${requestsPer10s}|${searchPerSecond}`;
  let limits = byPortal.get(key);
  if (!limits) {
    limits = {
      api: new PQueue({ concurrency: 8, interval: 10_000, intervalCap: requestsPer10s }),
      search: new PQueue({ concurrency: 2, interval: 1_000, intervalCap: searchPerSecond }),
    };
    byPortal.set(key, limits);
  }
  return limits;
}
