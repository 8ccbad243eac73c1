import { readlinkSync } from 'node:fs';

/** The calling thread's id in the OS (Linux `/proc/thread-self`), for per-thread CPU figures; undefined elsewhere. */
export function osThreadId(): number | undefined {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
}
