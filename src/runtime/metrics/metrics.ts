import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus metrics Pathwise exposes at /metrics. One instance per process. */
export class Metrics {
  readonly registry = new Registry();
  readonly eventsIn = new Counter({ name: 'pathwise_events_in_total', help: 'Messages committed to the inbox, by source.', labelNames: ['source'], registers: [this.registry] });
  readonly eventsRejected = new Counter({ name: 'pathwise_events_rejected_total', help: 'Messages rejected at the edge, by source.', labelNames: ['source'], registers: [this.registry] });
  readonly eventsApplied = new Counter({ name: 'pathwise_events_applied_total', help: 'Inbox rows applied by the worker.', registers: [this.registry] });
  readonly inboxLag = new Gauge({ name: 'pathwise_inbox_lag', help: 'Inbox rows accepted but not yet applied.', registers: [this.registry] });
  readonly actions = new Counter({ name: 'pathwise_actions_total', help: 'Destination sends by destination and outcome (sent, retry, dead).', labelNames: ['destination', 'outcome'], registers: [this.registry] });
  readonly destinationFailing = new Gauge({ name: 'pathwise_destination_failing', help: '1 while a destination connector needs the admin (refused credentials, missing settings, retries exhausted), else 0.', labelNames: ['connector'], registers: [this.registry] });
  readonly stepLatency = new Histogram({
    name: 'pathwise_batch_apply_seconds',
    help: 'Time to apply and commit one worker batch.',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  readonly acceptToOutbox = new Histogram({
    name: 'pathwise_accept_to_commit_seconds',
    help: 'From HTTP accept to the worker commit that applied the event.',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });

  constructor(options: { defaults?: boolean } = {}) {
    if (options.defaults !== false) collectDefaultMetrics({ register: this.registry });
  }
}
