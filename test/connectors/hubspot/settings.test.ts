import { describe, expect, it } from 'vitest';
import { HubspotSettings, teamTimeZone } from '../../../connectors/hubspot/settings.ts';

const TOKEN = { accessToken: { env: 'HUBSPOT_ACCESS_TOKEN' } };

describe('HubSpot settings', () => {
  it("count a rep's daily capacity in the team's time zone, else the account's, else UTC", () => {
    expect(teamTimeZone(HubspotSettings.parse(TOKEN))).toBe('UTC');
    expect(teamTimeZone(HubspotSettings.parse({ ...TOKEN, timeZone: 'America/Chicago' }))).toBe('America/Chicago');
    expect(teamTimeZone(HubspotSettings.parse({ ...TOKEN, timeZone: 'America/Chicago', assignment: { timeZone: 'America/New_York' } }))).toBe('America/New_York');
  });

  it('refuse a time zone that is not an IANA zone, naming the setting', () => {
    const parsed = HubspotSettings.safeParse({ ...TOKEN, timeZone: 'CET+1', assignment: { timeZone: 'Eastern' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'timeZone: expected an IANA time zone such as "America/New_York"',
      'assignment.timeZone: expected an IANA time zone such as "America/New_York"',
    ]);
  });
});
