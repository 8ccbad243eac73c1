import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateEvent } from '../../../src/core/events/validate-event.ts';
import { generateStory, type StoryOptions } from '../../../src/runtime/generate/b2b-story.ts';

const START = Date.parse('2026-03-02T00:00:00Z');
const DAY = 86_400_000;

function story(options: Partial<StoryOptions> = {}): string[] {
  return [...generateStory({ people: 2_000, days: 60, seed: 3, start: START, ...options })].map((e) => JSON.stringify(e));
}

/** The fields of generateStory's messages these tests read (JSON.parse results are cast to it). */
type Line = { messageId: string; timestamp: string; type: string; userId?: string; anonymousId?: string; event?: string; traits?: Record<string, unknown> };

describe('generateStory', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes the same lines for the same seed, different ones for another, without Math.random', () => {
    const random = vi.spyOn(Math, 'random');
    const a = story({ duplicateRate: 0.005 });
    expect(story({ duplicateRate: 0.005 })).toEqual(a);
    expect(story({ duplicateRate: 0.005, seed: 4 })).not.toEqual(a);
    expect(random).not.toHaveBeenCalled();
  });

  it('gives every message its own messageId, except duplicates, which repeat the previous line exactly', () => {
    const lines = story({ people: 10_000, duplicateRate: 0.005 });
    const ids = new Set<string>();
    let duplicates = 0;
    lines.forEach((line, i) => {
      const { messageId } = JSON.parse(line) as Line;
      if (ids.has(messageId)) {
        duplicates++;
        expect(line).toBe(lines[i - 1]);
      }
      ids.add(messageId);
    });
    expect(duplicates / lines.length).toBeGreaterThan(0.004);
    expect(duplicates / lines.length).toBeLessThan(0.006);
  });

  it('tells the same story with or without duplicates', () => {
    const withDuplicates = story({ duplicateRate: 0.05 });
    expect(withDuplicates.filter((line, i) => line !== withDuplicates[i - 1])).toEqual(story({ duplicateRate: 0 }));
  });

  it('keeps every event inside the story\'s days, each person in time order, and every line valid', () => {
    const lines = story({ days: 45 });
    const last = new Map<string, number>();
    for (const line of lines) {
      const e = JSON.parse(line) as Line;
      const at = Date.parse(e.timestamp);
      expect(at).toBeGreaterThanOrEqual(START);
      expect(at).toBeLessThan(START + 45 * DAY);
      const person = (e.userId ?? e.anonymousId ?? '').replace(/^(user|anon2?)-/, '');
      expect(at).toBeGreaterThanOrEqual(last.get(person) ?? 0);
      last.set(person, at);
      expect(validateEvent(JSON.parse(line), { source: 'replay', receivedAt: at }).ok).toBe(true);
    }
  });

  it('has people browse anonymously, then identify with the traits a CRM holds', () => {
    const events = story().map((l) => JSON.parse(l) as Line);
    const firstSeen = new Map<string, Line>();
    const identifies = events.filter((e) => e.type === 'identify' && e.traits?.['email'] !== undefined);
    for (const e of events) if (e.anonymousId && !firstSeen.has(e.anonymousId)) firstSeen.set(e.anonymousId, e);
    expect(identifies).toHaveLength(2_000);
    for (const e of identifies) {
      expect(firstSeen.get(e.anonymousId ?? '')?.type).toBe('page');
      expect(Object.keys(e.traits ?? {}).sort()).toEqual(['company', 'company_size', 'email', 'email_opt_in', 'first_name', 'hubspot_owner_id', 'last_name', 'name', 'plan', 'timezone', 'title']);
      expect(['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Asia/Singapore']).toContain(e.traits?.['timezone']);
    }
    const optedIn = identifies.filter((e) => e.traits?.['email_opt_in'] === true).length / identifies.length;
    expect(optedIn).toBeGreaterThan(0.8);
    expect(optedIn).toBeLessThan(0.9);
    const names = new Set(events.filter((e) => e.type === 'track').map((e) => e.event));
    expect([...names].sort()).toEqual([
      'Cancellation Requested',
      'Demo Booked',
      'Feature Activated',
      'Pricing Page Viewed',
      'Renewal Signed',
      'Subscription Started',
      'Trial Started',
      'Usage Dropped',
      'Webinar Attended',
    ]);
  });
});
