import type { JsonObject, RecordChange } from '../events/event.ts';
import type { Profile } from './profile.ts';
import { sameJson } from './same-json.ts';

/** One field of a CRM record as the profile last heard it, and the event time of that report. */
export interface KnownField {
  value: unknown;
  at: number;
}

/** What the profile last heard of one CRM record (a contact, deal or task linked to the person). */
export interface KnownRecord {
  fields: Record<string, KnownField>;
  /** Latest event time of any report. */
  at: number;
  /** A creation was reported: a second report of it (webhook and sync) is no news. */
  created?: true;
  deleted?: true;
}

/** Records remembered per profile; the least recently reported is forgotten first. */
export const MAX_KNOWN_RECORDS = 50;

/** What a record event told the profile that it did not know. */
export interface RecordNews {
  /** Reported fields whose value differs from what the profile last heard, in report order. */
  fieldsChanged: string[];
  /** The fields and values of the report that are not older than what the profile knew. */
  fresh: JsonObject;
  /**
   * Anything new: for a creation, that it was not reported before; otherwise a record first heard
   * of, a changed field, or a deletion or merge not heard before.
   */
  isNews: boolean;
}

/**
 * CRMs report the same change more than once and out of order: a HubSpot webhook and the
 * incremental sync both see a property change (under different message ids); a search reports
 * every property of a record as it is, not what changed; a redelivered or late webhook can
 * arrive after a newer sync read. So a record event is compared with what the profile last heard
 * of that record, field by field: a value already known is no change, and a report older than
 * the field's last report is stale and ignored. Record triggers fire on what is news only, and
 * contact fields become traits only when fresh, so a late report never rolls a trait back.
 */
export function hearRecord(profile: Profile, record: RecordChange, at: number): RecordNews {
  const key = `${record.object}:${record.id}`;
  const records = (profile.records ??= {});
  let known = records[key];
  const firstHeard = known === undefined;
  if (known === undefined) {
    known = { fields: {}, at };
    records[key] = known;
    forgetOldest(records);
  }
  const news: RecordNews = { fieldsChanged: [], fresh: {}, isNews: firstHeard };
  for (const name in record.changed) {
    if (!Object.hasOwn(record.changed, name)) continue;
    const value = record.changed[name];
    const field = known.fields[name];
    if (field !== undefined && at < field.at) continue;
    news.fresh[name] = value;
    if (field === undefined || !sameJson(field.value, value)) news.fieldsChanged.push(name);
    known.fields[name] = { value, at };
  }
  if (news.fieldsChanged.length > 0) news.isNews = true;
  if (record.changeType === 'created') {
    // The webhook's creation and the sync's first read are one creation, whatever came first.
    news.isNews = known.created !== true || (known.deleted === true && at >= known.at);
    known.created = true;
    if (news.isNews) delete known.deleted;
  } else if (record.changeType === 'deleted' || record.changeType === 'merged') {
    const wasDeleted = known.deleted === true;
    if (record.changeType === 'deleted') known.deleted = true;
    // A deletion is news once; a merge is news whenever it names records (HubSpot sends each merge once per eventId).
    if ((record.changeType === 'deleted' && !wasDeleted) || record.changeType === 'merged') news.isNews = true;
  }
  if (at > known.at) known.at = at;
  return news;
}

function forgetOldest(records: Record<string, KnownRecord>): void {
  let count = 0;
  let oldestKey: string | undefined;
  let oldestAt = Number.POSITIVE_INFINITY;
  for (const key in records) {
    count++;
    const at = (records[key] as KnownRecord).at;
    if (at < oldestAt) {
      oldestAt = at;
      oldestKey = key;
    }
  }
  if (count > MAX_KNOWN_RECORDS && oldestKey !== undefined) delete records[oldestKey];
}

/** A merge keeps, per record and per field, the later report of the two profiles. */
export function mergeKnownRecords(survivor: Profile, absorbed: Profile): void {
  if (absorbed.records === undefined) return;
  const records = (survivor.records ??= {});
  for (const key in absorbed.records) {
    const theirs = absorbed.records[key] as KnownRecord;
    const mine = records[key];
    if (mine === undefined) {
      records[key] = theirs;
      continue;
    }
    for (const name in theirs.fields) {
      const field = theirs.fields[name] as KnownField;
      const own = mine.fields[name];
      if (own === undefined || field.at > own.at) mine.fields[name] = field;
    }
    if (theirs.created) mine.created = true;
    if (theirs.at > mine.at) {
      mine.at = theirs.at;
      if (theirs.deleted) mine.deleted = true;
      else delete mine.deleted;
    }
  }
  while (Object.keys(records).length > MAX_KNOWN_RECORDS) forgetOldest(records);
}
