import { ConnectorError } from '../../sdk/connector-error.ts';
import type { ConnectorRoute } from '../../sdk/connector-route.ts';
import { notAContactCard, profileCard, unknownContactCard } from './view.ts';
import type { HubspotSettings } from '../settings.ts';
import { verifyHubspotSignature, type HubspotSignatureVersion } from '../verify-signature.ts';

/**
 * HubSpot signs CRM card data fetches with v2 (`X-HubSpot-Signature-Version: v2`) and, since
 * signatures v3, also with the timestamped v3 [HubSpot "Validating requests"; changelog
 * "Introducing version 3 of webhook signatures"]. v3 decides when it is present, so a stale
 * request cannot fall back to its timeless v2.
 */
const CARD_SIGNATURES: readonly HubspotSignatureVersion[] = ['v3', 'v2'];

/**
 * `GET /hubspot/crm-card`: the classic CRM card's data fetch. HubSpot calls it when a user
 * opens a contact, with `associatedObjectId`, `associatedObjectType`, `portalId`, `userId`,
 * `userEmail` and the properties the card asks for; the answer shows the contact's next best
 * action with its reasons, whether it went out and what came of it, and the journeys they are in.
 */
export const hubspotCrmCard: ConnectorRoute<HubspotSettings> = {
  method: 'GET',
  path: '/hubspot/crm-card',
  async handle(ctx, request, profiles) {
    const clientSecret = ctx.secrets['clientSecret'];
    if (clientSecret === undefined) throw new ConnectorError('config', 'connections.hubspot.clientSecret is not set: CRM card requests cannot be verified');
    const check = verifyHubspotSignature({ method: request.method, uri: request.url, rawBody: request.rawBody, headers: request.headers, clientSecret, now: ctx.now(), accept: CARD_SIGNATURES });
    if (!check.ok) throw new ConnectorError('auth', check.reason);

    const { associatedObjectId: objectId, associatedObjectType: objectType = 'CONTACT', portalId } = request.query;
    // The app's secret signs for every portal it is installed in: authentic, but not this connection's data.
    if (ctx.settings.portalId !== undefined && portalId !== String(ctx.settings.portalId)) {
      throw new ConnectorError('auth', `portal: the card was requested for portal ${portalId ?? '(none)'}, this connection is for portal ${ctx.settings.portalId}`);
    }
    if (objectId === undefined || !/^\d+$/.test(objectId)) throw new ConnectorError('payload', 'query: associatedObjectId must be the HubSpot record id');
    if (!/^contacts?$/i.test(objectType)) return { status: 200, body: notAContactCard(objectType) };

    // A contact whose id has not reached Pathwise may still be known by the email the card asks HubSpot to send.
    const email = request.query['email'];
    const summary = (await profiles.find('hubspot', objectId)) ?? (email ? await profiles.find('email', email) : undefined);
    return { status: 200, body: summary ? profileCard(summary) : unknownContactCard(objectId) };
  },
};

export const hubspotRoutes: ConnectorRoute<HubspotSettings>[] = [hubspotCrmCard];
