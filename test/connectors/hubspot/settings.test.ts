import { describe, expect, it } from 'vitest';
import { HubspotSettings } from '../../../connectors/hubspot/settings.ts';

const TOKEN = { accessToken: { env: 'HUBSPOT_ACCESS_TOKEN' } };

describe('HubSpot settings', () => {
  it("count a rep's daily capacity by UTC days unless the team's time zone is given", () => {
    expect(HubspotSettings.parse(TOKEN).assignment).toEqual({ roundRobin: [], dailyCapacity: 25, timeZone: 'UTC' });
    expect(HubspotSettings.parse({ ...TOKEN, assignment: { timeZone: 'America/New_York' } }).assignment.timeZone).toBe('America/New_York');
  });

  it('refuse a team time zone that is not an IANA zone, naming the setting', () => {
    const parsed = HubspotSettings.safeParse({ ...TOKEN, assignment: { timeZone: 'Eastern' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['assignment.timeZone: expected an IANA time zone such as "America/New_York"']);
  });
});
