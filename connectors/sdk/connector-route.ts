import type { JsonObject } from '../../src/core/events/event.ts';
import type { ConnectorContext, WebhookRequest } from './define-connector.ts';

/** What a platform-facing page or card may read about a person: nothing it could change. */
export interface ProfileSummary {
  profileId: string;
  traits: JsonObject;
  owner?: string;
  /** Journeys the person is in now, with the step they are on. */
  journeys: { journeyId: string; journeyName: string; stepId?: string; enteredAt: number }[];
  /** The most recent action chosen for the person, newest first, with why. */
  actions: {
    key: string;
    actionId: string;
    title: string;
    destination: string;
    status: 'pending' | 'sent' | 'dead';
    createdAt: number;
    journeyName?: string;
    reasons: string[];
    outcome?: string;
  }[];
}

/** Read-only access to profiles, given to connector routes by the runtime. */
export interface ProfileReader {
  /** The profile holding this identifier (`hubspot`, `email`, `userId`, …), or undefined. */
  find(type: string, value: string): Promise<ProfileSummary | undefined>;
}

export interface RouteRequest extends WebhookRequest {
  query: Readonly<Record<string, string | undefined>>;
}

export interface RouteResponse {
  status: number;
  body: unknown;
}

/**
 * An HTTP endpoint a platform calls to show Pathwise inside its own UI (HubSpot CRM card,
 * Salesforce canvas). It verifies the platform's signature itself; a ConnectorError maps to a
 * status (auth → 401, payload → 400) like webhooks.
 */
export interface ConnectorRoute<S> {
  method: 'GET' | 'POST';
  /** Absolute path, e.g. "/hubspot/crm-card". */
  path: string;
  handle(ctx: ConnectorContext<S>, request: RouteRequest, profiles: ProfileReader): Promise<RouteResponse>;
}
