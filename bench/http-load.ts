import { storyEvents } from './story-messages.ts';

/**
 * The HTTP bench's load generator, forked by `http-bench.ts` so that the server's process holds
 * only the server: its event loop, CPU time and RSS are then the server's own. Builds every
 * request body first, says `ready`, waits for `go`, then keeps `concurrency` requests of 20
 * events in flight (each client sends its next batch when the last one was answered), and
 * reports `done`.
 */
export interface LoadDone {
  type: 'done';
  events: number;
  requests: number;
  failedRequests: number;
  /** CPU time the load generator used while sending, in core-seconds: what it took from the server's cores. */
  cpuSeconds: number;
}

const [url = '', eventsArg = '100000', concurrencyArg = '8', writeKey = 'bench-key'] = process.argv.slice(2);
const raw = storyEvents(Number(eventsArg));
const bodies: string[] = [];
for (let i = 0; i < raw.length; i += 20) bodies.push(JSON.stringify({ batch: raw.slice(i, i + 20) }));
const auth = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;

async function run(): Promise<LoadDone> {
  const cpuBefore = process.cpuUsage();
  let next = 0;
  let failedRequests = 0;
  await Promise.all(
    Array.from({ length: Number(concurrencyArg) }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as string;
        const res = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body });
        if (res.status !== 200) failedRequests++;
        await res.arrayBuffer();
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return { type: 'done', events: raw.length, requests: bodies.length, failedRequests, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

process.once('message', (message) => {
  if (message !== 'go') return;
  void run().then((done) => process.send?.(done, () => process.disconnect()));
});
process.send?.({ type: 'ready' });
