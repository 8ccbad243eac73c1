import { z } from 'zod';
import { Action } from './actions.ts';
import { Connections } from './connections.ts';
import { Identity } from './identity.ts';
import { Journey } from './journeys.ts';
import { Policies } from './policies.ts';

export const Manifest = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1).describe('Format version of this file.'),
    name: z.string().min(1),
    connections: Connections.prefault({}),
    identity: Identity.prefault({}),
    policies: Policies.prefault({}),
    actions: z.array(Action).default([]),
    journeys: z.array(Journey).default([]),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;
export type ManifestInput = z.input<typeof Manifest>;
