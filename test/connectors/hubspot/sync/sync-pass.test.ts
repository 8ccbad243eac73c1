import { describe, expect, it } from 'vitest';
import { parseHubspotCursor } from '../../../../connectors/hubspot/sync/sync-cursor.ts';
import { advancePass, passToRead, type PassLimits } from '../../../../connectors/hubspot/sync/sync-pass.ts';
import { ConnectorError } from '../../../../connectors/sdk/connector-error.ts';

const LIMITS: PassLimits = { pageSize: 100, resultCeiling: 10_000, settleMs: 5_000 };
const NOW = 1_000_000_000;
const SETTINGS = { startDate: 5_000, lookBackMs: 600_000 };

const records = (times: number[], firstId = 1) => times.map((modifiedAt, i) => ({ id: String(firstId + i), modifiedAt }));

describe('where a pass starts', () => {
  it('starts at the start date, with the ceiling now minus the settle delay, when nothing was synced yet', () => {
    expect(passToRead({ v: 1 }, SETTINGS, NOW, LIMITS, false)).toEqual({ windowStart: 5_000, ceiling: NOW - 5_000, after: '0', done: 0 });
  });

  it('starts the look-back window before the newest change committed, never before the start date', () => {
    expect(passToRead({ v: 1, lastModified: NOW - 60_000 }, SETTINGS, NOW, LIMITS, false).windowStart).toBe(NOW - 60_000 - 600_000);
    expect(passToRead({ v: 1, lastModified: 6_000 }, SETTINGS, NOW, LIMITS, false).windowStart).toBe(5_000);
  });

  it('continues a pass in progress, and a backfill in progress when a backfill is asked for again', () => {
    const midPass = { windowStart: 7_000, ceiling: 9_000, after: '300', done: 300 };
    expect(passToRead({ v: 1, lastModified: 8_000, pass: midPass }, SETTINGS, NOW, LIMITS, false)).toBe(midPass);
    const midBackfill = { ...midPass, backfill: true };
    expect(passToRead({ v: 1, lastModified: 8_000, pass: midBackfill }, SETTINGS, NOW, LIMITS, true)).toBe(midBackfill);
  });

  it('starts a backfill from the start date when asked, even in the middle of an ordinary pass', () => {
    const midPass = { windowStart: 7_000, ceiling: 9_000, after: '300', done: 300 };
    expect(passToRead({ v: 1, lastModified: 8_000, pass: midPass }, SETTINGS, NOW, LIMITS, true)).toEqual({ windowStart: 5_000, ceiling: NOW - 5_000, after: '0', done: 0, backfill: true });
  });
});

describe('how a pass moves', () => {
  const pass = { windowStart: 1_000, ceiling: 900_000, after: '0', done: 0 };

  it('follows `after` while the next page stays within the 10,000 results HubSpot pages through', () => {
    expect(advancePass({ ...pass, after: '9800' }, { records: records([2_000, 2_001]), nextAfter: '9900' }, LIMITS)).toEqual({ ...pass, after: '9900', done: 2 });
  });

  it('restarts the window at the last modification time seen, after 0, before a page would pass 10,000', () => {
    const next = advancePass({ ...pass, after: '9900' }, { records: records([2_000, 2_500, 2_500]), nextAfter: '10000' }, LIMITS);
    expect(next).toEqual({ ...pass, windowStart: 2_500, after: '0', done: 3 });
  });

  it('pages by id through a millisecond that fills a whole window, then resumes 1 ms later', () => {
    const stuck = advancePass({ ...pass, windowStart: 2_500, after: '9900' }, { records: records([2_500, 2_500]), nextAfter: '10000' }, LIMITS);
    expect(stuck).toEqual({ ...pass, windowStart: 2_500, after: '0', tie: { at: 2_500, afterId: '0' }, done: 2 });
    const paging = advancePass(stuck!, { records: records([2_500, 2_500], 40), nextAfter: '100' }, LIMITS);
    expect(paging?.tie).toEqual({ at: 2_500, afterId: '41' });
    const after = advancePass(paging!, { records: records([2_500], 42), nextAfter: undefined }, LIMITS);
    expect(after).toEqual({ ...pass, windowStart: 2_501, after: '0', done: 5 });
  });

  it('ends the pass on the last page', () => {
    expect(advancePass(pass, { records: records([2_000]), nextAfter: undefined }, LIMITS)).toBeUndefined();
    expect(advancePass(pass, { records: [], nextAfter: undefined }, LIMITS)).toBeUndefined();
  });
});

describe('the stored cursor', () => {
  function refusal(text: string): { kind: string; message: string } {
    try {
      parseHubspotCursor(text, 'contacts');
    } catch (err) {
      if (err instanceof ConnectorError) return { kind: err.kind, message: err.message };
      throw err;
    }
    throw new Error(`expected ${text} to be refused`);
  }

  it.each(['not json', '{"v":2}', '{"v":1,"pass":{"windowStart":-1}}'])('refuses %s as config, naming the stream, rather than starting over', (text) => {
    const { kind, message } = refusal(text);
    expect(kind).toBe('config');
    expect(message).toMatch(/^sync cursor of contacts is not /);
  });
});
