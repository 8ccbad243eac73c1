import { describe, expect, it } from 'vitest';
import type { RecordChange } from '../../../src/core/events/event.ts';
import { emptyProfile, type Profile } from '../../../src/core/profiles/profile.ts';
import { hearRecord, MAX_KNOWN_RECORDS, mergeKnownRecords } from '../../../src/core/profiles/record-memory.ts';
import { HOUR, T0 } from '../../helpers/core-fixtures.ts';

/** A report of deal 9 (unless `record` says otherwise) made at `at`, as the profile hears it. */
function hear(profile: Profile, at: number, record: Partial<RecordChange> & { changed: RecordChange['changed'] }) {
  return hearRecord(profile, { object: 'deal', id: '9', changeType: 'updated', ...record }, at);
}

describe('what a record event tells a profile', () => {
  it('a record first heard of is news, with every reported field changed', () => {
    const profile = emptyProfile('p1', T0);
    const news = hear(profile, T0, { changeType: 'created', changed: { dealstage: 'qualified', amount: 5000 } });
    expect(news).toEqual({ fieldsChanged: ['dealstage', 'amount'], fresh: { dealstage: 'qualified', amount: 5000 }, isNews: true });
  });

  it('the same values reported again (a webhook then the sync, a redelivery) are no news', () => {
    const profile = emptyProfile('p1', T0);
    hear(profile, T0, { changed: { dealstage: 'qualified' } });
    const again = hear(profile, T0 + HOUR, { changed: { dealstage: 'qualified', amount: 5000 } });
    expect(again.fieldsChanged).toEqual(['amount']);
    const third = hear(profile, T0 + 2 * HOUR, { changed: { dealstage: 'qualified', amount: 5000 } });
    expect(third).toEqual({ fieldsChanged: [], fresh: { dealstage: 'qualified', amount: 5000 }, isNews: false });
  });

  it('a field reported with an older time than its last report is stale: ignored, not rolled back', () => {
    const profile = emptyProfile('p1', T0);
    hear(profile, T0 + HOUR, { changed: { dealstage: 'closedwon' } });
    const late = hear(profile, T0, { changed: { dealstage: 'qualified', amount: 5000 } });
    expect(late).toEqual({ fieldsChanged: ['amount'], fresh: { amount: 5000 }, isNews: true });
    expect(profile.records?.['deal:9']?.fields['dealstage']).toEqual({ value: 'closedwon', at: T0 + HOUR });
  });

  it('values are compared as JSON, whatever the key order', () => {
    const profile = emptyProfile('p1', T0);
    hear(profile, T0, { changed: { address: { city: 'Lyon', zip: '69001' } } });
    expect(hear(profile, T0 + 1, { changed: { address: { zip: '69001', city: 'Lyon' } } }).isNews).toBe(false);
  });

  it('a creation reported twice (webhook, then the sync\'s first read) is news once, whichever came first', () => {
    const profile = emptyProfile('p1', T0);
    expect(hear(profile, T0, { changeType: 'updated', changed: { amount: 1 } }).isNews).toBe(true);
    expect(hear(profile, T0, { changeType: 'created', changed: {} }).isNews).toBe(true);
    expect(hear(profile, T0, { changeType: 'created', changed: { amount: 1 } }).isNews).toBe(false);
  });

  it('a deletion is news once; a record created again after it is news', () => {
    const profile = emptyProfile('p1', T0);
    hear(profile, T0, { changed: { dealstage: 'qualified' } });
    expect(hear(profile, T0 + 1, { changeType: 'deleted', changed: {} }).isNews).toBe(true);
    expect(hear(profile, T0 + 2, { changeType: 'deleted', changed: {} }).isNews).toBe(false);
    expect(hear(profile, T0 + 3, { changeType: 'created', changed: { dealstage: 'qualified' } }).isNews).toBe(true);
  });

  it(`remembers at most ${MAX_KNOWN_RECORDS} records per person, forgetting the least recently reported`, () => {
    const profile = emptyProfile('p1', T0);
    for (let i = 0; i <= MAX_KNOWN_RECORDS; i++) hear(profile, T0 + i, { object: 'task', id: String(i), changed: { hs_task_status: 'NOT_STARTED' } });
    const keys = Object.keys(profile.records ?? {});
    expect(keys).toHaveLength(MAX_KNOWN_RECORDS);
    expect(keys).not.toContain('task:0');
    expect(keys).toContain(`task:${MAX_KNOWN_RECORDS}`);
  });

  it('a merge keeps, field by field, the later report of the two profiles', () => {
    const survivor = emptyProfile('p1', T0);
    const absorbed = emptyProfile('p2', T0);
    hear(survivor, T0 + HOUR, { changed: { dealstage: 'closedwon', amount: 1 } });
    hear(absorbed, T0 + 2 * HOUR, { changed: { amount: 2 } });
    hear(absorbed, T0, { object: 'task', id: '4', changed: { hs_task_status: 'COMPLETED' } });
    mergeKnownRecords(survivor, absorbed);
    expect(survivor.records?.['deal:9']?.fields).toEqual({ dealstage: { value: 'closedwon', at: T0 + HOUR }, amount: { value: 2, at: T0 + 2 * HOUR } });
    expect(survivor.records?.['task:4']?.fields['hs_task_status']?.value).toBe('COMPLETED');
  });
});
