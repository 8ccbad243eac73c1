/** A webhook subscription of an app, as `/webhooks/v3/{appId}/subscriptions` shows it. */
export interface WebhookSubscription {
  id: string;
  appId: number;
  eventType: string;
  propertyName?: string;
  objectTypeId?: string;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface WebhookSettings {
  targetUrl: string;
  maxConcurrentRequests: number;
  createdAt: number;
  updatedAt: number;
}

/** What `pathwise install hubspot` registers: the app's target URL and its subscriptions. */
export class WebhookConfig {
  readonly settings = new Map<number, WebhookSettings>();
  readonly #subscriptions: WebhookSubscription[] = [];
  #nextId = 1001;

  subscribe(sub: Omit<WebhookSubscription, 'id'>): WebhookSubscription {
    const full = { id: String(this.#nextId), ...sub };
    this.#nextId += 1;
    this.#subscriptions.push(full);
    return full;
  }

  subscriptions(appId?: number): WebhookSubscription[] {
    return this.#subscriptions.filter((s) => appId === undefined || s.appId === appId);
  }

  get(appId: number, id: string): WebhookSubscription | undefined {
    return this.#subscriptions.find((s) => s.appId === appId && s.id === id);
  }

  remove(appId: number, id: string): boolean {
    const i = this.#subscriptions.findIndex((s) => s.appId === appId && s.id === id);
    if (i < 0) return false;
    this.#subscriptions.splice(i, 1);
    return true;
  }
}
