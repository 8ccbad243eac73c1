export { Manifest, type ManifestInput } from './manifest.ts';
export { Action } from './actions.ts';
export { Condition } from './conditions.ts';
export { Journey, Step, Trigger, Reentry } from './journeys.ts';
export { Policies } from './policies.ts';
export { Identity, IdentifierRule, DEFAULT_IDENTIFIERS } from './identity.ts';
export { Connections } from './connections.ts';
export { Channel, Duration, SecretRef } from './primitives.ts';
