// The worker thread's entry when Pathwise runs from its TypeScript sources (`bin/pathwise.js`,
// `node --import tsx`, vitest): a thread does not inherit the loader that lets its parent import
// .ts files, so it registers tsx itself, then loads the real entry. A build loads the compiled
// worker-thread-main.js directly and never needs this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
