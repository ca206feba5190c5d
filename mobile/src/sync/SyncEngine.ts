import type { ApiClient } from '../api/ApiClient';
import { ApiError, isTransient } from '../api/errors';
import { Backoff, abortError, isAbort, sleep, type BackoffOptions } from './Backoff';
import type { LocalActivity, PendingSample, SyncStore } from './SyncStore';

export type SyncState = 'idle' | 'uploading' | 'retrying' | 'failed' | 'stopped';

export interface SyncStatus {
  state: SyncState;
  /** Samples on the phone that the server has not acknowledged yet. */
  pendingSamples: number;
  /** Samples the server refused as invalid; kept on the phone, never retried. */
  setAsideSamples: number;
  lastError?: string;
  /** While retrying: how long until the next attempt. */
  retryInMs?: number;
}

export interface SyncEngineOptions {
  api: ApiClient;
  store: SyncStore;
  /** Samples read from the store per round; the server takes at most 10,000 per request. */
  batchSize?: number;
  /** Request bodies stay below this; the server refuses more than 1 MiB. */
  maxRequestBytes?: number;
  backoff?: BackoffOptions;
  /** How often the background loop looks for work without being poked. */
  idleCheckMs?: number;
  onStatus?: (status: SyncStatus) => void;
}

const DEFAULT_BATCH_SIZE = 1000;
const DEFAULT_MAX_REQUEST_BYTES = 900 * 1024;
const INVALID_INPUT = new Set([400, 413, 422]);

/**
 * Moves recorded activities from the phone's store to the server, oldest first: the activity is
 * created (PUT), then its samples go up in time order, then it is finished. A sample leaves the store
 * only after the server's 202 for its batch; anything short of that is retried with backoff, so a
 * dropped connection or a killed app at any moment means at worst a batch sent twice, which the
 * server ignores (samples are unique by activity, device and time).
 */
export class SyncEngine {
  private readonly api: ApiClient;
  private readonly store: SyncStore;
  private readonly batchSize: number;
  private readonly maxRequestBytes: number;
  private readonly idleCheckMs: number;
  private readonly backoff: Backoff;
  private readonly onStatus: (status: SyncStatus) => void;
  private status: SyncStatus = { state: 'idle', pendingSamples: 0, setAsideSamples: 0 };
  private loop: { controller: AbortController; done: Promise<void>; wake: () => void } | undefined;
  private poked = false;

  constructor(options: SyncEngineOptions) {
    this.api = options.api;
    this.store = options.store;
    this.batchSize = Math.min(options.batchSize ?? DEFAULT_BATCH_SIZE, 10_000);
    this.maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.idleCheckMs = options.idleCheckMs ?? 15_000;
    this.backoff = new Backoff(options.backoff);
    this.onStatus = options.onStatus ?? (() => undefined);
  }

  get currentStatus(): SyncStatus {
    return this.status;
  }

  /** Uploads everything that can be uploaded now, retrying transient failures until done or aborted. */
  async syncOnce(signal?: AbortSignal): Promise<void> {
    await this.publish({ state: 'uploading', lastError: undefined, retryInMs: undefined });
    for (;;) {
      const activity = (await this.store.activities()).find((a) => !a.finishAcknowledged);
      if (activity === undefined) break;
      await this.syncActivity(activity, signal);
      // An activity still being recorded holds back the ones after it, so the server sees them in order.
      if (activity.finishedAt === undefined) break;
    }
    await this.publish({ state: 'idle' });
  }

  /** Keeps syncing in the background until stop(): on poke(), and every idleCheckMs. */
  start(): void {
    if (this.loop) return;
    const controller = new AbortController();
    let wake: () => void = () => undefined;
    const done = (async () => {
      while (!controller.signal.aborted) {
        this.poked = false;
        try {
          await this.syncOnce(controller.signal);
        } catch (error) {
          if (isAbort(error) || controller.signal.aborted) break;
          // Not worth retrying at once (e.g. the token was refused); look again after the idle period.
          await this.publish({ state: 'failed', lastError: describe(error) });
        }
        if (this.poked) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.idleCheckMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
          controller.signal.addEventListener('abort', wake, { once: true });
        });
      }
      await this.publish({ state: 'stopped' });
    })();
    this.loop = { controller, done, wake: () => wake() };
  }

  /** New data was recorded: sync soon rather than at the next idle check. */
  poke(): void {
    this.poked = true;
    this.loop?.wake();
  }

  async stop(): Promise<void> {
    const loop = this.loop;
    if (!loop) return;
    this.loop = undefined;
    loop.controller.abort();
    await loop.done;
  }

  /** Re-reads the counters (e.g. after the recorder wrote samples) and tells the listener. */
  async refreshStatus(): Promise<SyncStatus> {
    return this.publish({});
  }

  private async syncActivity(activity: LocalActivity, signal?: AbortSignal): Promise<void> {
    if (!activity.created) {
      await this.retrying(() => this.createActivity(activity, signal), activity, signal);
    }
    for (;;) {
      const rows = await this.store.oldestSamples(activity.id, this.batchSize);
      if (rows.length === 0) break;
      for (const request of this.requestsFor(rows)) {
        await this.uploadSamples(activity, request.deviceId, request.rows, signal);
      }
    }
    if (activity.finishedAt !== undefined) {
      const finishedAt = activity.finishedAt;
      await this.retrying(() => this.api.finishActivity(activity.id, finishedAt, signal), activity, signal);
      await this.store.markFinishAcknowledged(activity.id);
    }
  }

  private async createActivity(activity: LocalActivity, signal?: AbortSignal): Promise<void> {
    const start = { sport: activity.sport, startedAt: activity.startedAt, ...(activity.name ? { name: activity.name } : {}) };
    await this.api.putActivity(activity.id, start, signal);
    await this.store.markActivityCreated(activity.id);
  }

  /** One request per device, each in time order, each below the size limit; earliest first. */
  private requestsFor(rows: PendingSample[]): { deviceId: string; rows: PendingSample[] }[] {
    const byDevice = new Map<string, PendingSample[]>();
    for (const row of rows) {
      const list = byDevice.get(row.deviceId);
      if (list) list.push(row);
      else byDevice.set(row.deviceId, [row]);
    }
    const requests: { deviceId: string; rows: PendingSample[] }[] = [];
    for (const [deviceId, deviceRows] of byDevice) {
      let current: PendingSample[] = [];
      let bytes = 0;
      for (const row of deviceRows) {
        const size = JSON.stringify(row.sample).length + 1;
        if (current.length > 0 && bytes + size > this.maxRequestBytes) {
          requests.push({ deviceId, rows: current });
          current = [];
          bytes = 0;
        }
        current.push(row);
        bytes += size;
      }
      if (current.length > 0) requests.push({ deviceId, rows: current });
    }
    return requests.sort((a, b) => firstTime(a.rows) - firstTime(b.rows));
  }

  private async uploadSamples(activity: LocalActivity, deviceId: string, rows: PendingSample[], signal?: AbortSignal): Promise<void> {
    try {
      await this.retrying(() => this.api.postSamples(activity.id, deviceId, rows.map((r) => r.sample), signal), activity, signal);
      await this.store.deleteSamples(rows.map((r) => r.seq));
      await this.publish({ state: 'uploading', lastError: undefined, retryInMs: undefined });
    } catch (error) {
      if (!(error instanceof ApiError) || !INVALID_INPUT.has(error.status)) throw error;
      // The server refused the batch: halve it until the refused samples are found, keep them aside,
      // and let the rest through, so one bad reading cannot stall the queue forever.
      if (rows.length === 1) {
        await this.store.setAsideSamples(rows.map((r) => r.seq), error.message);
        await this.publish({ lastError: error.message });
        return;
      }
      const middle = Math.ceil(rows.length / 2);
      await this.uploadSamples(activity, deviceId, rows.slice(0, middle), signal);
      await this.uploadSamples(activity, deviceId, rows.slice(middle), signal);
    }
  }

  private async retrying<T>(attempt: () => Promise<T>, activity: LocalActivity, signal?: AbortSignal): Promise<T> {
    let recreated = false;
    for (;;) {
      if (signal?.aborted) throw abortError();
      try {
        const result = await attempt();
        this.backoff.reset();
        return result;
      } catch (error) {
        if (signal?.aborted) throw abortError();
        if (error instanceof ApiError && error.status === 404 && !recreated) {
          // The server does not know the activity (e.g. its data was reset): create it again, then retry.
          recreated = true;
          await this.retrying(() => this.createActivity(activity, signal), activity, signal);
          continue;
        }
        if (!isTransient(error)) throw error;
        const retryAfterMs = error instanceof ApiError ? error.retryAfterMs : undefined;
        const delay = this.backoff.nextDelay(retryAfterMs);
        await this.publish({ state: 'retrying', lastError: describe(error), retryInMs: Math.round(delay) });
        await sleep(delay, signal);
        await this.publish({ state: 'uploading', retryInMs: undefined });
      }
    }
  }

  private async publish(change: Partial<SyncStatus>): Promise<SyncStatus> {
    const [pendingSamples, setAsideSamples] = await Promise.all([this.store.pendingSampleCount(), this.store.setAsideCount()]);
    this.status = { ...this.status, ...change, pendingSamples, setAsideSamples };
    this.onStatus(this.status);
    return this.status;
  }
}

function firstTime(rows: PendingSample[]): number {
  return rows[0]?.sample.t ?? 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
