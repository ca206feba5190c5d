/** The server answered, but not with success. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly detail: string,
    /** From `Retry-After`, when the server sent one. */
    readonly retryAfterMs?: number,
    /** Field paths a validation problem named, e.g. `timeZone` or `weeklyGoal.distanceM`. */
    readonly fields: string[] = [],
  ) {
    super(`${status} from ${path}${detail ? `: ${detail}` : ''}`);
    this.name = 'ApiError';
  }
}

/** The request never got an answer: connection refused or reset, DNS failure, timeout. */
export class NetworkError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`no answer from ${path}: ${reason}`);
    this.name = 'NetworkError';
  }
}

/** A `422` that names `field` or a field inside it (`weeklyGoal` matches `weeklyGoal.distanceM`), in any letter case. */
export function isRefusalOf(error: unknown, field: string): boolean {
  if (!(error instanceof ApiError) || error.status !== 422) return false;
  const wanted = field.toLowerCase();
  return error.fields.some((named) => {
    const f = named.toLowerCase();
    return f === wanted || f.startsWith(`${wanted}.`) || f.startsWith(`${wanted}[`);
  });
}

/** Errors worth retrying as they are: the same request may succeed later. */
export function isTransient(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  if (error instanceof ApiError) {
    return error.status === 408 || error.status === 429 || error.status >= 500;
  }
  return false;
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
