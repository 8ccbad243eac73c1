import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

/**
 * Collector pauses on this thread, split into scavenges (young generation) and full
 * mark-compacts, summed over the time windows a bench marks as measured. Entries arrive
 * asynchronously, so they are kept (a few thousand per run) and summed at the end.
 */
export class GcTime {
  private readonly entries: PerformanceEntry[] = [];
  private readonly windows: number[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.entries.push(entry);
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Marks [from, to] (performance.now() times) as measured. */
  measured(from: number, to: number): void {
    this.windows.push(from, to);
  }

  /** Milliseconds of scavenges and of full collections that started inside a measured window. */
  async totals(): Promise<{ scavengeMs: number; markCompactMs: number; scavenges: number; markCompacts: number }> {
    // Let the observer deliver the last entries.
    await new Promise((resolve) => setTimeout(resolve, 50));
    this.observer.disconnect();
    let scavengeMs = 0;
    let markCompactMs = 0;
    let scavenges = 0;
    let markCompacts = 0;
    for (const entry of this.entries) {
      if (!this.inWindow(entry.startTime)) continue;
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        scavengeMs += entry.duration;
        scavenges++;
      } else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        markCompactMs += entry.duration;
        markCompacts++;
      }
    }
    return { scavengeMs: Math.round(scavengeMs), markCompactMs: Math.round(markCompactMs), scavenges, markCompacts };
  }

  private inWindow(at: number): boolean {
    for (let i = 0; i < this.windows.length; i += 2) {
      if (at >= (this.windows[i] as number) && at <= (this.windows[i + 1] as number)) return true;
    }
    return false;
  }
}
