/** A canned answer that replaces the next matching requests, whatever they ask. */
export interface Fault {
  status: number;
  /** JSON-serialised unless it is a string. Default `{"status":"error","message":"Internal error"}`. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Only requests whose method and path match consume this fault; default every request. */
  match?: { method?: string; path?: string | RegExp };
}

interface Pending {
  remaining: number;
  fault: Fault | (() => Fault);
}

/** Scripted failures for tests: "the next 3 calls answer 502", "a burst of 429s". */
export class FaultScript {
  readonly #queue: Pending[] = [];

  add(count: number, fault: Fault | (() => Fault)): void {
    if (count > 0) this.#queue.push({ remaining: count, fault });
  }

  /** Consumes and returns the fault for this request, if one applies. */
  take(method: string, path: string): Fault | undefined {
    for (const pending of this.#queue) {
      const fault = typeof pending.fault === 'function' ? pending.fault() : pending.fault;
      const m = fault.match;
      if (m?.method && m.method.toUpperCase() !== method) continue;
      if (m?.path && (typeof m.path === 'string' ? m.path !== path : !m.path.test(path))) continue;
      pending.remaining -= 1;
      if (pending.remaining <= 0) this.#queue.splice(this.#queue.indexOf(pending), 1);
      return fault;
    }
    return undefined;
  }

  clear(): void {
    this.#queue.length = 0;
  }
}
