import type { Sample } from '../api/types';
import { SEEN_NOTIFICATIONS_KEPT, type LocalActivity, type NewActivity, type PendingSample, type SettingWrite, type SyncStore } from './SyncStore';

/** The part of the browser's `localStorage` the store uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

interface StoredSample extends PendingSample {
  activityId: string;
}

interface State {
  activities: LocalActivity[];
  samples: StoredSample[];
  setAside: (StoredSample & { reason: string })[];
  seen: string[];
  settings: Record<string, string>;
  nextSeq: number;
}

type Part = keyof State;

const CURSOR_KEY = 'notifications.cursor';

/**
 * SyncStore for the browser build, where expo-sqlite would need cross-origin isolation. The state is
 * small (one activity's samples until they are uploaded), so it lives in memory and each change
 * writes its part back to storage synchronously before the promise resolves.
 */
export class WebStorageSyncStore implements SyncStore {
  private constructor(
    private readonly storage: KeyValueStorage,
    private readonly prefix: string,
    private readonly state: State,
  ) {}

  static open(storage: KeyValueStorage, prefix = 'fitness-driver'): WebStorageSyncStore {
    const read = <K extends Part>(part: K, fallback: State[K]): State[K] => {
      const text = storage.getItem(`${prefix}.${part}`);
      return text === null ? fallback : (JSON.parse(text) as State[K]);
    };
    return new WebStorageSyncStore(storage, prefix, {
      activities: read('activities', []),
      samples: read('samples', []),
      setAside: read('setAside', []),
      seen: read('seen', []),
      settings: read('settings', {}),
      nextSeq: read('nextSeq', 1),
    });
  }

  async addActivity(activity: NewActivity): Promise<void> {
    if (this.state.activities.some((a) => a.id === activity.id)) return;
    this.state.activities.push({ ...activity, created: false, finishAcknowledged: false });
    this.state.activities.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
    this.save('activities');
  }

  async markActivityCreated(activityId: string): Promise<void> {
    this.updateActivity(activityId, (a) => (a.created = true));
  }

  async finishActivity(activityId: string, finishedAt: string): Promise<void> {
    this.updateActivity(activityId, (a) => (a.finishedAt ??= finishedAt));
  }

  async markFinishAcknowledged(activityId: string): Promise<void> {
    this.updateActivity(activityId, (a) => (a.finishAcknowledged = true));
  }

  async activities(): Promise<LocalActivity[]> {
    return this.state.activities.map((a) => ({ ...a }));
  }

  async appendSamples(activityId: string, deviceId: string, samples: Sample[], checkpoint?: SettingWrite): Promise<void> {
    // Both parts are saved in one synchronous run: nothing else can happen in between.
    if (checkpoint !== undefined) this.state.settings[checkpoint.key] = checkpoint.value;
    for (const sample of samples) {
      const existing = this.state.samples.find((s) => s.activityId === activityId && s.deviceId === deviceId && s.sample.t === sample.t);
      if (existing) existing.sample = sample;
      else this.state.samples.push({ seq: this.state.nextSeq++, activityId, deviceId, sample });
    }
    this.save('samples', 'nextSeq');
    if (checkpoint !== undefined) this.save('settings');
  }

  async oldestSamples(activityId: string, limit: number): Promise<PendingSample[]> {
    return this.state.samples
      .filter((s) => s.activityId === activityId)
      .sort((a, b) => a.sample.t - b.sample.t || a.seq - b.seq)
      .slice(0, limit)
      .map(({ seq, deviceId, sample }) => ({ seq, deviceId, sample }));
  }

  async deleteSamples(seqs: number[]): Promise<void> {
    const gone = new Set(seqs);
    this.state.samples = this.state.samples.filter((s) => !gone.has(s.seq));
    this.save('samples');
  }

  async setAsideSamples(seqs: number[], reason: string): Promise<void> {
    const moving = new Set(seqs);
    this.state.setAside.push(...this.state.samples.filter((s) => moving.has(s.seq)).map((s) => ({ ...s, reason })));
    this.state.samples = this.state.samples.filter((s) => !moving.has(s.seq));
    this.save('setAside', 'samples');
  }

  async setAsideCount(): Promise<number> {
    return this.state.setAside.length;
  }

  async pendingSampleCount(activityId?: string): Promise<number> {
    return activityId === undefined ? this.state.samples.length : this.state.samples.filter((s) => s.activityId === activityId).length;
  }

  async notificationCursor(): Promise<string | undefined> {
    return this.state.settings[CURSOR_KEY];
  }

  async setNotificationCursor(cursor: string): Promise<void> {
    await this.setSetting(CURSOR_KEY, cursor);
  }

  async markNotificationSeen(notificationId: string): Promise<boolean> {
    if (this.state.seen.includes(notificationId)) return false;
    this.state.seen.push(notificationId);
    if (this.state.seen.length > SEEN_NOTIFICATIONS_KEPT) this.state.seen.splice(0, this.state.seen.length - SEEN_NOTIFICATIONS_KEPT);
    this.save('seen');
    return true;
  }

  async getSetting(key: string): Promise<string | undefined> {
    return this.state.settings[key];
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.state.settings[key] = value;
    this.save('settings');
  }

  async close(): Promise<void> {}

  private updateActivity(activityId: string, change: (activity: LocalActivity) => void): void {
    const activity = this.state.activities.find((a) => a.id === activityId);
    if (!activity) return;
    change(activity);
    this.save('activities');
  }

  private save(...parts: Part[]): void {
    for (const part of parts) this.storage.setItem(`${this.prefix}.${part}`, JSON.stringify(this.state[part]));
  }
}
