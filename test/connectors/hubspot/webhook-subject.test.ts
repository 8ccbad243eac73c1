import { describe, expect, it } from 'vitest';
import type { HubspotWebhookEvent } from '../../../connectors/hubspot/webhook/payload.ts';
import { webhookSubject } from '../../../connectors/hubspot/webhook/subject.ts';

const event = (subscriptionType: string, objectTypeId?: string): HubspotWebhookEvent => ({
  eventId: '1',
  subscriptionId: '2',
  portalId: 62515,
  occurredAt: 0,
  subscriptionType,
  objectId: '3',
  ...(objectTypeId ? { objectTypeId } : {}),
});

describe('webhookSubject', () => {
  it.each([
    ['contact.creation', undefined, { read: true, object: 'contact', changeType: 'created' }],
    ['contact.propertyChange', undefined, { read: true, object: 'contact', changeType: 'updated' }],
    ['contact.deletion', undefined, { read: true, object: 'contact', changeType: 'deleted' }],
    ['contact.privacyDeletion', undefined, { read: true, object: 'contact', changeType: 'deleted' }],
    ['contact.merge', undefined, { read: true, object: 'contact', changeType: 'merged' }],
    ['contact.restore', undefined, { read: true, object: 'contact', changeType: 'created' }],
    ['deal.propertyChange', undefined, { read: true, object: 'deal', changeType: 'updated' }],
    ['object.propertyChange', '0-27', { read: true, object: 'task', changeType: 'updated' }],
    ['object.creation', '0-1', { read: true, object: 'contact', changeType: 'created' }],
    ['object.creation', '0-5', { read: false, reason: 'objects of type 0-5 are not read by Pathwise' }],
    ['company.creation', undefined, { read: false, reason: 'company events are not read by Pathwise' }],
    ['deal.associationChange', undefined, { read: false, reason: 'deal.associationChange events are not read by Pathwise' }],
    ['conversation.newMessage', undefined, { read: false, reason: 'conversation events are not read by Pathwise' }],
    ['constructor.creation', undefined, { read: false, reason: 'constructor events are not read by Pathwise' }],
  ])('%s (objectTypeId %s) → %o', (type, objectTypeId, expected) => {
    expect(webhookSubject(event(type, objectTypeId))).toEqual(expected);
  });
});
