#!/usr/bin/env node
// Runs the TypeScript sources through tsx so that `npx pathwise` works from a checkout
// without a build step; a published build would import ../dist instead.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
