import { Backoff } from '../src/sync/Backoff';
import { parseRetryAfter } from '../src/api/errors';

describe('Backoff', () => {
  it('doubles the ceiling per failure up to the maximum, with the wait drawn below it', () => {
    const backoff = new Backoff({ baseMs: 100, maxMs: 1000, random: () => 0.999 });
    const waits = Array.from({ length: 6 }, () => Math.round(backoff.nextDelay()));
    expect(waits).toEqual([100, 200, 400, 799, 999, 999]);
    backoff.reset();
    expect(Math.round(backoff.nextDelay())).toBe(100);
  });

  it('spreads retries: the same failure count gives different waits', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const waits = Array.from({ length: 20 }, () => new Backoff({ baseMs: 1000, random }).nextDelay());
    expect(new Set(waits.map((w) => Math.round(w))).size).toBeGreaterThan(15);
    expect(Math.max(...waits)).toBeLessThanOrEqual(1000);
  });

  it('never waits less than Retry-After', () => {
    const backoff = new Backoff({ baseMs: 100, random: () => 0 });
    expect(backoff.nextDelay(5000)).toBe(5000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
