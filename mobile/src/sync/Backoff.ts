export interface BackoffOptions {
  /** First retry waits up to this long. */
  baseMs?: number;
  /** No wait grows beyond this, however many attempts failed. */
  maxMs?: number;
  random?: () => number;
}

/**
 * Exponential backoff with full jitter: the n-th consecutive failure waits a random time in
 * [0, min(max, base·2ⁿ)], so many phones coming back online at once do not retry in lockstep.
 * A server's `Retry-After` is a floor: the wait is never shorter than what the server asked for.
 */
export class Backoff {
  private failures = 0;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.baseMs = options.baseMs ?? 1000;
    this.maxMs = options.maxMs ?? 60_000;
    this.random = options.random ?? Math.random;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** The wait before the next attempt, counting one more failure. */
  nextDelay(retryAfterMs?: number): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.failures, 30));
    this.failures += 1;
    const jittered = this.random() * ceiling;
    if (retryAfterMs === undefined) return jittered;
    // Spread the retries of everyone the server turned away over one more base interval.
    return retryAfterMs + this.random() * this.baseMs;
  }

  reset(): void {
    this.failures = 0;
  }
}

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortError(): Error {
  const error = new Error('aborted');
  error.name = 'AbortError';
  return error;
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
