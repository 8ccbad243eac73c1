import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { emptyProfile, type Profile } from '../src/core/profiles/profile.ts';
import { openStore } from '../src/runtime/store/open-store.ts';
import type { CommitBatch, InboxMessage, NewOutboxRow } from '../src/runtime/store/store.ts';
import { peakRssMb } from './latency-histogram.ts';
import { scratchDir } from './scratch-dir.ts';

export interface StoreBenchOptions {
  /** Batches of `batchSize` events. Default 200. */
  batches: number;
  /** Events (and profile snapshots) per batch. Default 1,000. */
  batchSize: number;
  /** Distinct profiles the batches pick from at random: the first touch inserts, later ones update. Default 50,000. */
  profiles: number;
  /** Outbox rows per batch. Default 100 (one action per ten events). */
  outboxPerBatch: number;
  /** `normal` (default) or `full`. */
  synchronous: 'normal' | 'full';
}

const T0 = Date.parse('2026-03-02T15:00:00Z');

/** A random messageId shaped like the SDKs' uuid v4: dedupe index inserts land at random, as in production. */
function uuidLike(random: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

/** A ~1.1 KB canonical track event, the shape the HTTP edge commits. */
function eventPayload(i: number, profileId: string, messageId: string): string {
  return JSON.stringify({
    messageId,
    type: 'track',
    event: 'Product Viewed',
    userId: `user-${profileId}`,
    timestamp: new Date(T0 + i).toISOString(),
    receivedAt: T0 + i,
    source: 'segment',
    properties: { productId: `sku-${i % 977}`, price: 49.5, currency: 'EUR', category: 'Analytics', url: 'https://example.com/products/analytics-suite?utm_source=newsletter' },
    context: {
      ip: '203.0.113.7',
      library: { name: '@segment/analytics-node', version: '3.1.0' },
      page: { path: '/products/analytics-suite', referrer: 'https://www.google.com/', title: 'Analytics Suite — Example' },
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
      campaign: { name: 'spring-launch', source: 'newsletter', medium: 'email' },
      traits: { email: `${profileId}@example.com`, plan: 'pro', company: 'Example GmbH' },
    },
    _metadata: { nodeVersion: 'v20.20.2', jsRuntime: 'node' },
    padding: 'x'.repeat(280),
  });
}

/** A ~1 KB profile snapshot: traits, counted events, one enrollment, recent contacts. */
function profileSnapshot(id: string, n: number): Profile {
  const p = emptyProfile(id, T0);
  p.updatedAt = T0 + n;
  p.lastSeen = T0 + n;
  p.eventCount = n;
  p.identifiers = { userId: [`user-${id}`], email: [`${id}@example.com`] };
  p.traits = { email: `${id}@example.com`, name: 'Ada Example', plan: 'pro', company: 'Example GmbH', country: 'DE', seats: 25, lifecycle: 'opportunity' };
  p.eventTimes = { 'Product Viewed': [T0 - 86_400_000, T0 - 3_600_000, T0 + n], 'Pricing Viewed': [T0 - 7_200_000] };
  p.lastSeenByEvent = { 'Product Viewed': T0 + n, 'Pricing Viewed': T0 - 7_200_000, 'Signed Up': T0 - 30 * 86_400_000 };
  p.audiences = { 'engaged-trials': T0 - 86_400_000 };
  p.contacts = [{ at: T0 - 86_400_000, channel: 'email', actionId: 'welcome-email' }];
  p.enrollments = [
    { id: `${id}:webinar:1`, journeyId: 'webinar', version: 1, group: 'treatment', status: 'active', enteredAt: T0 - 3_600_000, stepId: 'wait', stepEnteredAt: T0 - 3_600_000, stepCount: 1, waiting: { kind: 'timer', timerId: `${id}:webinar:1:t1`, dueAt: T0 + 86_400_000 }, errors: [], trail: ['entered on Webinar Attended', 'waiting 1d'] },
  ];
  p.journeyHistory = { webinar: { entries: 1, lastEnteredAt: T0 - 3_600_000 } };
  return p;
}

/** The q-quantile of a few hundred samples, exactly (nearest rank), rounded to 0.1 ms. */
function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const value = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  return Math.round(value * 10) / 10;
}

function emptyBatch(): CommitBatch {
  return { profiles: [], deletedProfileIds: [], identities: [], timersToAdd: [], timersToCancel: [], outbox: [], decisions: [], journeyEvents: [], deadLetters: [], audit: [] };
}

/**
 * The store's write path alone, as the worker drives it: per batch, append the raw events to the
 * inbox (one transaction), read them back, then one commit with a snapshot of every touched
 * profile, the identities of new profiles, outbox rows and the inbox acknowledgement. Payloads
 * and snapshots are built before the clock starts; JSON.stringify of the snapshots is charged to
 * the commit because the store does it.
 */
export async function storeBench(options: StoreBenchOptions): Promise<Record<string, number | string>> {
  const path = join(scratchDir('pathwise-store-bench-'), 'bench.db');
  const store = await openStore(`sqlite:${path}${options.synchronous === 'full' ? '?synchronous=full' : ''}`);
  await store.migrate();

  // mulberry32: deterministic, so every run picks the same profiles in the same order.
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const seen = new Set<string>();
  const appendMs: number[] = [];
  const commitMs: number[] = [];
  let snapshotBytes = 0;
  let rowsWritten = 0;
  let eventNo = 0;
  let appendNs = 0;
  let readNs = 0;
  let commitNs = 0;

  for (let b = 0; b < options.batches; b++) {
    const ids = new Set<string>();
    while (ids.size < Math.min(options.batchSize, options.profiles)) ids.add(`p_${Math.floor(random() * options.profiles).toString(36).padStart(6, '0')}`);
    const idList = [...ids];
    const messages: InboxMessage[] = idList.map((id) => {
      eventNo++;
      const messageId = uuidLike(random);
      return { source: 'segment', messageId, receivedAt: T0 + eventNo, payload: eventPayload(eventNo, id, messageId) };
    });
    const batch = emptyBatch();
    for (const id of idList) {
      batch.profiles.push(profileSnapshot(id, eventNo));
      if (!seen.has(id)) {
        seen.add(id);
        batch.identities.push({ key: `userId:user-${id}`, profileId: id }, { key: `email:${id}@example.com`, profileId: id });
      }
    }
    for (let o = 0; o < options.outboxPerBatch; o++) {
      const id = idList[o % idList.length] ?? 'p_none';
      const row: NewOutboxRow = { key: `${id}:webinar:1:${eventNo}:${o}:demo-task`, profileId: id, actionId: 'demo-task', destination: 'hubspot.createTask', channel: 'task', payload: JSON.stringify({ input: { subject: 'Call Ada about a demo', body: 'Why now: viewed pricing twice this week' }, meta: { idempotencyKey: id, profileId: id } }), availableAt: T0 + eventNo, createdAt: T0 + eventNo };
      batch.outbox.push(row);
    }
    if (b === 0) snapshotBytes = JSON.stringify(batch.profiles[0]).length;

    let t = process.hrtime.bigint();
    await store.appendInbox(messages);
    let dt = Number(process.hrtime.bigint() - t);
    appendNs += dt;
    appendMs.push(dt / 1e6);

    t = process.hrtime.bigint();
    const rows = await store.readInbox(await store.inboxCursor(), options.batchSize);
    readNs += Number(process.hrtime.bigint() - t);
    batch.ackedThroughSeq = rows[rows.length - 1]?.seq ?? 0;

    t = process.hrtime.bigint();
    await store.commit(batch);
    dt = Number(process.hrtime.bigint() - t);
    commitNs += dt;
    commitMs.push(dt / 1e6);
    rowsWritten += batch.profiles.length + batch.identities.length + batch.outbox.length + 1;
  }

  const events = eventNo;
  const stats = await store.stats();
  await store.close();
  const dbMb = Math.round((statSync(path).size / 1024 / 1024) * 10) / 10;
  const seconds = (ns: number) => ns / 1e9;
  return {
    synchronous: options.synchronous,
    events,
    profiles: stats.profiles,
    snapshotBytes,
    outboxRows: options.batches * options.outboxPerBatch,
    inboxAppendRowsPerSecond: Math.round(events / seconds(appendNs)),
    commitRowsPerSecond: Math.round(rowsWritten / seconds(commitNs)),
    commitEventsPerSecond: Math.round(events / seconds(commitNs)),
    endToEndEventsPerSecond: Math.round(events / seconds(appendNs + readNs + commitNs)),
    appendP50Ms: quantile(appendMs, 0.5),
    commitP50Ms: quantile(commitMs, 0.5),
    commitP99Ms: quantile(commitMs, 0.99),
    commitMaxMs: quantile(commitMs, 1),
    dbMb,
    peakRssMb: peakRssMb(),
  };
}

/** `node --import tsx bench/store-bench.ts [batches=200] [batchSize=1000] [profiles=50000] [outbox=100] [full=0]`. */
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args: Record<string, number> = {};
  for (const kv of process.argv.slice(2)) {
    const [key, value] = kv.split('=');
    if (key === undefined || value === undefined || !Number.isFinite(Number(value))) throw new Error(`expected key=number, got "${kv}"`);
    args[key] = Number(value);
  }
  const result = await storeBench({
    batches: args['batches'] ?? 200,
    batchSize: args['batchSize'] ?? 1000,
    profiles: args['profiles'] ?? 50_000,
    outboxPerBatch: args['outbox'] ?? 100,
    synchronous: args['full'] === 1 ? 'full' : 'normal',
  });
  process.stdout.write(`store: ${JSON.stringify(result)}\n`);
}
