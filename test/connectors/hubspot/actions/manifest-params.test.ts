import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hubspotActions } from '../../../../connectors/hubspot/destination.ts';
import { ParamRenderer } from '../../../../src/runtime/dispatch/render-params.ts';

interface ManifestAction {
  id: string;
  destination: string;
  params: Record<string, unknown>;
}

const manifest = JSON.parse(readFileSync(new URL('../../../../manifest.json', import.meta.url), 'utf8')) as { actions: ManifestAction[] }; // the example manifest's shape, checked by its own tests
const hubspotParams = manifest.actions.filter((a) => a.destination.startsWith('hubspot.'));

/** Two profiles as the demo renders them: one with every trait the templates use, one with none. */
const SCOPES = {
  'a full profile': {
    profile: { id: 'p1', traits: { first_name: 'Ada', email: 'ada@example.com', company: 'Acme', company_size: 80, plan: 'pro', health_score: 41 } },
    event: { properties: { drop_percent: 35 } },
    explanation: { reasons: ['Webinar Attended on 2026-03-01'] },
  },
  'an empty profile': { profile: { id: 'p2', traits: {} }, event: {}, explanation: { reasons: [] } },
};

describe('the example manifest against the HubSpot actions', () => {
  it('uses only actions the connector has', () => {
    expect(hubspotParams.map((a) => a.destination.slice('hubspot.'.length)).filter((name) => !(name in hubspotActions))).toEqual([]);
    expect(hubspotParams.length).toBeGreaterThanOrEqual(5);
  });

  for (const [profile, scope] of Object.entries(SCOPES)) {
    it(`renders params that validate against the input schemas for ${profile}`, () => {
      const renderer = new ParamRenderer();
      const problems = hubspotParams.flatMap((action) => {
        const name = action.destination.slice('hubspot.'.length) as keyof typeof hubspotActions; // checked by the test above
        const parsed = hubspotActions[name].input.safeParse(renderer.render(action.params, scope, action.id));
        return parsed.success ? [] : [`${action.id}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`];
      });
      expect(problems).toEqual([]);
    });
  }
});
