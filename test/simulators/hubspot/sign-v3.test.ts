import { Signature } from '@hubspot/api-client';
import { describe, expect, it } from 'vitest';
import { normaliseSignedUri, signHubspotV1, signHubspotV3 } from './sign-v3.ts';

/** Vectors from wire-formats.md C1 (the v1 one is HubSpot's published example). */
const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const BODY =
  '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
const URI = 'https://hooks.example.com/hubspot/webhook';

describe('HubSpot webhook signatures', () => {
  it('matches the documented v1 vector', () => {
    expect(signHubspotV1(SECRET, BODY)).toBe('232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de');
  });

  it('matches the v3 vector and the SDK helper', () => {
    const signature = signHubspotV3({ clientSecret: SECRET, method: 'POST', uri: URI, body: BODY, timestamp: 1704067200000 });
    expect(signature).toBe('BqI49hz3dc6fO+pVtD6nTS74jGBGfFakepSdng/Zfhc=');
    expect(Signature.getSignature('POST', 'v3', { clientSecret: SECRET, requestBody: BODY, url: URI, timestamp: 1704067200000, signature: '' })).toBe(signature);
  });

  it('decodes the documented percent-escapes in the URI before signing', () => {
    expect(normaliseSignedUri('https://h.example.com/a%3Ab?x=%40y%2Cz&q=%20')).toBe('https://h.example.com/a:b?x=@y,z&q=%20');
  });
});
