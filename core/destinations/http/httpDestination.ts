import type { RunInfo } from '../types.js';
import { HttpDelivery, type HttpDeliveryOptions } from './httpDelivery.js';

/**
 * What every SaaS destination over HTTP shares: one delivery kit (keep-alive, concurrency,
 * retries, redaction) made with the destination and closed with it; nothing to open per run.
 */
export abstract class HttpDestination {
  readonly concurrency: number;
  protected readonly http: HttpDelivery;

  /** `concurrency` is the engine's sends in flight (the kit's may be higher). */
  protected constructor(options: HttpDeliveryOptions, concurrency = options.concurrency) {
    this.concurrency = concurrency;
    this.http = new HttpDelivery(options);
  }

  async open(_run: RunInfo): Promise<void> {}

  async close(): Promise<void> {
    this.http.close();
  }
}
