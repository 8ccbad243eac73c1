/**
 * Fixed-bucket latency histogram, no allocation per sample, so measuring does not disturb what
 * is measured. Default: 1 µs buckets up to 100 ms (the engine's per-event times). A sample past
 * the last bucket is counted in it, so a quantile that lands there reads "≥ the range".
 */
export class LatencyHistogram {
  private readonly buckets: Uint32Array;
  count = 0;
  max = 0;

  /**
   * @param bucketUs bucket width in µs. Default 1.
   * @param rangeUs the largest latency told apart, in µs. Default 100,000 (100 ms).
   */
  constructor(
    private readonly bucketUs = 1,
    rangeUs = 100_000,
  ) {
    this.buckets = new Uint32Array(Math.ceil(rangeUs / bucketUs) + 1);
  }

  recordNs(ns: number): void {
    const i = Math.min(this.buckets.length - 1, Math.floor(ns / 1000 / this.bucketUs));
    this.buckets[i] = (this.buckets[i] ?? 0) + 1;
    this.count++;
    if (ns > this.max) this.max = ns;
  }

  /** The q-quantile in microseconds (upper edge of its bucket). */
  quantileUs(q: number): number {
    const target = Math.ceil(this.count * q);
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i] ?? 0;
      if (seen >= target) return (i + 1) * this.bucketUs;
    }
    return this.buckets.length * this.bucketUs;
  }
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
