import type { Sample, Sport } from '../api/types';

/** An activity as the phone knows it, whether or not the server has it yet. */
export interface LocalActivity {
  id: string;
  sport: Sport;
  startedAt: string;
  name?: string;
  /** Set when recording ended on the phone. */
  finishedAt?: string;
  /** The server acknowledged the PUT. */
  created: boolean;
  /** The server acknowledged the finish: nothing of this activity is left to upload. */
  finishAcknowledged: boolean;
}

export interface NewActivity {
  id: string;
  sport: Sport;
  startedAt: string;
  name?: string;
}

/** A setting written together with samples. */
export interface SettingWrite {
  key: string;
  value: string;
}

/** A sample waiting on the phone; `seq` identifies its row so it can be deleted after the server's 202. */
export interface PendingSample {
  seq: number;
  deviceId: string;
  sample: Sample;
}

/**
 * The phone's durable memory. Every sample is written here before anything is sent, and leaves only
 * when the server acknowledged it, so a crash or a lost connection at any point loses nothing.
 */
export interface SyncStore {
  /** Records a new activity; recording the same id again changes nothing. */
  addActivity(activity: NewActivity): Promise<void>;
  markActivityCreated(activityId: string): Promise<void>;
  finishActivity(activityId: string, finishedAt: string): Promise<void>;
  markFinishAcknowledged(activityId: string): Promise<void>;
  /** All activities, oldest first. */
  activities(): Promise<LocalActivity[]>;

  /**
   * A later sample of the same (activity, device, t) replaces the earlier one, as on the server. With a `checkpoint`,
   * that setting is written in the same transaction: a recorder that notes how far it got can never have stored
   * samples without the note, or the note without the samples.
   */
  appendSamples(activityId: string, deviceId: string, samples: Sample[], checkpoint?: SettingWrite): Promise<void>;
  /** The activity's oldest waiting samples, in time order. */
  oldestSamples(activityId: string, limit: number): Promise<PendingSample[]>;
  deleteSamples(seqs: number[]): Promise<void>;
  /** Samples the server refused as invalid: kept aside with the reason rather than retried forever. */
  setAsideSamples(seqs: number[], reason: string): Promise<void>;
  setAsideCount(): Promise<number>;
  pendingSampleCount(activityId?: string): Promise<number>;

  notificationCursor(): Promise<string | undefined>;
  setNotificationCursor(cursor: string): Promise<void>;
  /** @returns true only the first time an id is seen, across restarts. */
  markNotificationSeen(notificationId: string): Promise<boolean>;

  /** A small key-value space for settings such as the athlete's token. */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;

  close(): Promise<void>;
}

/** How many seen notification ids to remember; older ones can no longer arrive again. */
export const SEEN_NOTIFICATIONS_KEPT = 2000;
