import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { basic } from './runtime-fixtures.ts';

export interface ServingProcess {
  child: ChildProcess;
  url: string;
}

/** Thrown by {@link serveProcess} for a process that did not listen in time (it was killed). */
export class DidNotListen extends Error {}

/**
 * `pathwise serve` in a child process on `dir/manifest.json` and `dir/p.db`, on a free port;
 * resolves once it listens. With `listenWithinMs`, a process that has not listened by then is
 * killed and the promise rejects with {@link DidNotListen}.
 */
export function serveProcess(dir: string, extraArgs: readonly string[], env: Record<string, string>, listenWithinMs?: number): Promise<ServingProcess> {
  const child = spawn(process.execPath, ['bin/pathwise.js', 'serve', '--manifest', join(dir, 'manifest.json'), '--db', `sqlite:${join(dir, 'p.db')}`, '--port', '0', ...extraArgs], {
    env: { ...process.env, PATHWISE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    let timedOut = false;
    const timer = listenWithinMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, listenWithinMs);
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /listening (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] as string });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(timedOut ? new DidNotListen(`serve did not listen within ${listenWithinMs} ms`) : new Error(`serve exited with ${code}: ${err}`));
    });
  });
}

/** POST /v1/batch; true for a 200, false for any other answer or none. */
export async function postBatch(url: string, writeKey: string, batch: unknown[]): Promise<boolean> {
  try {
    const res = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { authorization: basic(writeKey), 'content-type': 'application/json' }, body: JSON.stringify({ batch }) });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** SIGKILL: nothing of the process runs after it, as in a crash. */
export function killProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
