import type { Sample, Sport } from '../api/types';
import { haversineM } from '../sensors/geo';
import type { SyncStore } from '../sync/SyncStore';

/** A position as expo-location hands it to the background task. */
export interface LocationFix {
  timestamp: number;
  coords: {
    latitude: number;
    longitude: number;
    altitude?: number | null;
    accuracy?: number | null;
    speed?: number | null;
  };
}

/**
 * How far a recording got, kept in the store next to its samples and written in the same transaction: after the OS
 * kills the app, the next launch (or the next background delivery) carries on from here.
 */
export interface RecordingCheckpoint {
  activityId: string;
  sport: Sport;
  deviceId: string;
  /** Epoch ms. */
  startedAt: number;
  state: 'recording' | 'paused';
  /** The last second written for the device: a position at or before it is never written again. */
  lastT: number | null;
  distanceM: number;
  lastFix: { lat: number; lon: number } | null;
  /** Moving time before the last resume; moving time now adds `now − resumedAt` while recording. */
  movingMsBeforePause: number;
  resumedAt: number;
}

export const CHECKPOINT_KEY = 'recording.background';

/** Fixes worse than this would add zig-zag distance while standing still. */
const MAX_ACCURACY_M = 30;

type Listener = (checkpoint: RecordingCheckpoint, samples: Sample[]) => void;
const listeners = new Set<Listener>();
let chain: Promise<unknown> = Promise.resolve();

/** One step at a time: the OS may deliver a batch while the screen pauses or finishes. */
function serialized<T>(work: () => Promise<T>): Promise<T> {
  const result = chain.then(work);
  chain = result.catch(() => undefined);
  return result;
}

/**
 * A recording whose positions arrive through the OS (a background location task) and go straight to the store. Nothing
 * lives only in memory: the checkpoint says where it stands, samples are unique by (activity, device, second), and a
 * second already written is never queued again, so a position the OS delivers twice, or again after the app was
 * killed, is neither lost nor duplicated.
 */
export const BackgroundRecording = {
  /** Starts recording `activityId` (already in the store) from the phone's GPS. */
  begin(store: SyncStore, start: { activityId: string; sport: Sport; deviceId: string; startedAt: number }): Promise<RecordingCheckpoint> {
    return serialized(async () => {
      const checkpoint: RecordingCheckpoint = {
        ...start,
        state: 'recording',
        lastT: null,
        distanceM: 0,
        lastFix: null,
        movingMsBeforePause: 0,
        resumedAt: start.startedAt,
      };
      await store.setSetting(CHECKPOINT_KEY, JSON.stringify(checkpoint));
      return checkpoint;
    });
  },

  /** The recording under way, if any: how the app finds it again after being killed. */
  async current(store: SyncStore): Promise<RecordingCheckpoint | undefined> {
    const text = await store.getSetting(CHECKPOINT_KEY);
    if (!text) return undefined;
    const checkpoint = JSON.parse(text) as RecordingCheckpoint | null;
    return checkpoint ?? undefined;
  },

  /** The background task's body: writes the positions as samples, with the new checkpoint, in one transaction. */
  handleLocations(store: SyncStore, fixes: readonly LocationFix[]): Promise<Sample[]> {
    return serialized(async () => {
      const checkpoint = await BackgroundRecording.current(store);
      if (!checkpoint || checkpoint.state !== 'recording') return [];
      const next: RecordingCheckpoint = { ...checkpoint, lastFix: checkpoint.lastFix ? { ...checkpoint.lastFix } : null };
      const bySecond = new Map<number, Sample>();
      for (const fix of [...fixes].sort((a, b) => a.timestamp - b.timestamp)) {
        const { latitude: lat, longitude: lon } = fix.coords;
        if (!Number.isFinite(fix.timestamp) || !validPosition(lat, lon)) continue;
        if (fix.coords.accuracy != null && fix.coords.accuracy > MAX_ACCURACY_M) continue;
        const second = Math.floor(fix.timestamp / 1000) * 1000;
        if (next.lastT !== null && second <= next.lastT) continue;
        if (next.lastFix) next.distanceM += haversineM(next.lastFix, { lat, lon });
        next.lastFix = { lat, lon };
        // The last position of a second wins, as in the recorder and on the server.
        const sample: Sample = { t: second, lat, lon, distance: Math.round(next.distanceM * 100) / 100 };
        if (fix.coords.altitude != null && Number.isFinite(fix.coords.altitude)) sample.alt = fix.coords.altitude;
        if (fix.coords.speed != null && fix.coords.speed >= 0 && fix.coords.speed <= 40) sample.speed = fix.coords.speed;
        bySecond.set(second, sample);
      }
      const samples = [...bySecond.values()];
      if (samples.length === 0) return [];
      next.lastT = samples[samples.length - 1]!.t;
      await store.appendSamples(next.activityId, next.deviceId, samples, { key: CHECKPOINT_KEY, value: JSON.stringify(next) });
      for (const listener of listeners) listener(next, samples);
      return samples;
    });
  },

  pause(store: SyncStore, now: number): Promise<void> {
    return BackgroundRecording.change(store, (c) => {
      if (c.state !== 'recording') return c;
      // The first position after the pause must not add the distance covered while paused.
      return { ...c, state: 'paused', movingMsBeforePause: c.movingMsBeforePause + (now - c.resumedAt), lastFix: null };
    });
  },

  resume(store: SyncStore, now: number): Promise<void> {
    return BackgroundRecording.change(store, (c) => (c.state === 'paused' ? { ...c, state: 'recording', resumedAt: now } : c));
  },

  /** The recording ended: positions arriving later are dropped. */
  end(store: SyncStore): Promise<void> {
    return serialized(() => store.setSetting(CHECKPOINT_KEY, 'null'));
  },

  change(store: SyncStore, update: (checkpoint: RecordingCheckpoint) => RecordingCheckpoint): Promise<void> {
    return serialized(async () => {
      const checkpoint = await BackgroundRecording.current(store);
      if (checkpoint) await store.setSetting(CHECKPOINT_KEY, JSON.stringify(update(checkpoint)));
    });
  },

  /** Moving seconds of a checkpoint at `now`. */
  movingSeconds(checkpoint: RecordingCheckpoint, now: number): number {
    const running = checkpoint.state === 'recording' ? now - checkpoint.resumedAt : 0;
    return Math.floor((checkpoint.movingMsBeforePause + Math.max(0, running)) / 1000);
  },

  /** Samples written by the task, for the screen's live numbers while the app is open. */
  onSamples(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

function validPosition(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}
