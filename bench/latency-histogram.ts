/**
 * Fixed-bucket latency histogram: 1 µs buckets up to 100 ms, no allocation per sample, so
 * measuring does not disturb what is measured.
 */
export class LatencyHistogram {
  private readonly buckets = new Uint32Array(100_001);
  count = 0;
  max = 0;

  recordNs(ns: number): void {
    const us = Math.min(100_000, Math.floor(ns / 1000));
    this.buckets[us] = (this.buckets[us] ?? 0) + 1;
    this.count++;
    if (ns > this.max) this.max = ns;
  }

  /** The q-quantile in microseconds (upper edge of its bucket). */
  quantileUs(q: number): number {
    const target = Math.ceil(this.count * q);
    let seen = 0;
    for (let us = 0; us < this.buckets.length; us++) {
      seen += this.buckets[us] ?? 0;
      if (seen >= target) return us + 1;
    }
    return this.buckets.length;
  }
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
