import { describe, expect, it } from 'vitest';
import type { PathwiseEvent } from '../../../src/core/events/event.ts';
import { extractIdentifiers, identifierKey, normaliseEmail } from '../../../src/core/identity/extract-identifiers.ts';
import { DEFAULT_IDENTIFIERS, type IdentifierRule } from '../../../src/manifest/schema/identity.ts';
import { event } from './identity-fixtures.ts';

function keys(fields: Partial<PathwiseEvent>, rules: readonly IdentifierRule[] = DEFAULT_IDENTIFIERS): string[] {
  return extractIdentifiers(event(fields), rules).map((id) => (id.linkOnly ? `${identifierKey(id)} (link only)` : identifierKey(id)));
}

describe('identifierKey', () => {
  it('joins type and value with a colon', () => {
    expect(identifierKey({ type: 'hubspot', value: '551' })).toBe('hubspot:551');
  });
});

describe('normaliseEmail', () => {
  it.each([
    ['  Ann@Acme.IO ', 'ann@acme.io'],
    ['BOB@x.com', 'bob@x.com'],
    ['not-an-email', undefined],
    ['two@at@x.com', undefined],
    ['@x.com', undefined],
    ['ann@', undefined],
    ['', undefined],
    [42, undefined],
    [null, undefined],
  ] as [unknown, string | undefined][])('%j → %j', (input, expected) => {
    expect(normaliseEmail(input)).toBe(expected);
  });
});

describe('extractIdentifiers', () => {
  it.each([
    ['takes userId and anonymousId in rule order', { userId: 'u1', anonymousId: 'a1' }, ['userId:u1', 'anonymousId:a1']],
    ['normalises email from traits', { type: 'identify', userId: 'u1', traits: { email: '  Ann@Acme.IO ' } }, ['userId:u1', 'email:ann@acme.io']],
    ['reads email from context.traits', { anonymousId: 'a1', context: { traits: { email: 'B@x.io' } } }, ['email:b@x.io', 'anonymousId:a1']],
    ['reads email from properties', { anonymousId: 'a1', properties: { email: 'c@x.io' } }, ['email:c@x.io', 'anonymousId:a1']],
    [
      'prefers traits.email over context.traits and properties',
      { userId: 'u1', traits: { email: 't@x.io' }, context: { traits: { email: 'c@x.io' } }, properties: { email: 'p@x.io' } },
      ['userId:u1', 'email:t@x.io'],
    ],
    ['skips a malformed email for the next source', { userId: 'u1', traits: { email: 'a@b@c' }, properties: { email: 'p@x.io' } }, ['userId:u1', 'email:p@x.io']],
    ['ignores a malformed email', { userId: 'u1', traits: { email: 'not-an-email' } }, ['userId:u1']],
    ['ignores blank ids and trims the others', { userId: '  ', anonymousId: ' a1 ' }, ['anonymousId:a1']],
    ['takes connector identifiers', { type: 'record', identifiers: { hubspot: '551', salesforce: '003xx' } }, ['hubspot:551', 'salesforce:003xx']],
    ['normalises a connector email', { type: 'record', identifiers: { email: 'Ann@Acme.io' } }, ['email:ann@acme.io']],
    ['keeps a value given by two sources once', { userId: 'u1', identifiers: { userId: 'u1' } }, ['userId:u1']],
    ['ignores connector identifiers of undeclared types', { userId: 'u1', identifiers: { zendesk: '9' } }, ['userId:u1']],
    [
      'reads an alias previousId as a link-only userId and as an anonymousId',
      { type: 'alias', userId: 'u9', previousId: 'anon-7' },
      ['userId:u9', 'userId:anon-7 (link only)', 'anonymousId:anon-7'],
    ],
    ['ignores previousId outside alias events', { userId: 'u9', previousId: 'anon-7' }, ['userId:u9']],
  ] as [string, Partial<PathwiseEvent>, string[]][])('%s', (_name, fields, expected) => {
    expect(keys(fields)).toEqual(expected);
  });

  it('returns only the types the rules declare, in their priority order', () => {
    const rules: IdentifierRule[] = [
      { type: 'email', limit: 5 },
      { type: 'userId', limit: 1 },
    ];
    expect(keys({ userId: 'u1', anonymousId: 'a1', traits: { email: 'e@x.io' }, identifiers: { hubspot: '5' } }, rules)).toEqual(['email:e@x.io', 'userId:u1']);
  });

  it.each([
    ['a string at a dotted path', { traits: { phone: ' +15550100 ' } }, 'traits.phone', ['phone:+15550100']],
    ['a nested path in context', { context: { traits: { phone: '+15550101' } } }, 'context.traits.phone', ['phone:+15550101']],
    ['a number, as a string', { properties: { account: 12345 } }, 'properties.account', ['phone:12345']],
    ['nothing for an object', { traits: { phone: { home: '1' } } }, 'traits.phone', []],
    ['nothing when a segment is missing', { traits: {} }, 'traits.phone.home', []],
    ['the connector value and the path value, both', { identifiers: { phone: '+1' }, traits: { phone: '+2' } }, 'traits.phone', ['phone:+1', 'phone:+2']],
  ] as [string, Partial<PathwiseEvent>, string, string[]][])('reads a custom identifier from its path: %s', (_name, fields, path, expected) => {
    expect(keys(fields, [{ type: 'phone', path, limit: 2 }])).toEqual(expected);
  });

  it('normalises an email read from a custom path', () => {
    expect(keys({ traits: { work_email: 'Ann@Work.IO' } }, [{ type: 'email', path: 'traits.work_email', limit: 5 }])).toEqual(['email:ann@work.io']);
  });
});
