import { sleep } from '../results.js';

/**
 * Records-per-second limiter. take(n) reserves n tokens at once, letting the balance go negative,
 * and waits until the refill covers the debt: the long-run rate is exact whatever the batch size,
 * and concurrent callers queue in the order they asked. Holds at most one second of burst.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void> = sleep,
  ) {
    this.capacity = ratePerSecond;
    this.tokens = ratePerSecond;
    this.last = now();
  }

  async take(count: number, signal?: AbortSignal): Promise<void> {
    const now = this.now();
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.last) / 1000) * this.ratePerSecond,
    );
    this.last = now;
    this.tokens -= count;
    if (this.tokens >= 0) return;
    const waitMs = (-this.tokens / this.ratePerSecond) * 1000;
    try {
      await this.wait(waitMs, signal);
    } catch (err) {
      this.tokens += count;
      throw err;
    }
  }
}
