#!/usr/bin/env -S node --max-semi-space-size=64
// The flag gives a worker on the main thread a larger young generation (src/runtime/worker/young-generation.ts):
// it is fixed when the process starts, so it is passed here; `npm start` passes it too.
// Runs the TypeScript sources through tsx so that `npx pathwise` works from a checkout
// without a build step; a published build would import ../dist instead.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
