import type { Sample, Sport } from '../api/types';
import { haversineM } from '../sensors/geo';
import type { SyncStore } from '../sync/SyncStore';
import { BackgroundRecording, type RecordingCheckpoint } from './BackgroundRecording';
import { uuidV4, webCryptoBytes } from './uuid';

/** What a sensor or the phone's GPS reported at one instant. Distance is derived here, not taken as given. */
export interface Reading {
  t: number;
  hr?: number;
  power?: number;
  cadence?: number;
  speed?: number;
  lat?: number;
  lon?: number;
  alt?: number;
  rr?: number[];
  /** Metres travelled since the device's previous reading (e.g. wheel revolutions × circumference). */
  distanceDelta?: number;
}

export interface KmSplit {
  km: number;
  /** Moving seconds this kilometre took. */
  durationS: number;
  avgHr?: number;
}

export type RecorderState = 'idle' | 'recording' | 'paused' | 'finished';

export interface LiveStats {
  state: RecorderState;
  activityId?: string;
  sport?: Sport;
  /** Moving time: pauses do not count. */
  elapsedS: number;
  distanceM: number;
  hr?: number;
  power?: number;
  cadence?: number;
  speed?: number;
  splits: KmSplit[];
}

export interface ActivityRecorderOptions {
  store: SyncStore;
  now?: () => number;
  randomBytes?: (count: number) => Uint8Array;
  onChange?: (stats: LiveStats) => void;
  /** Samples reached the store: a good moment to nudge the uploader. */
  onSamplesStored?: (count: number) => void;
}

interface DeviceTrack {
  distanceM: number;
  lastFix?: { lat: number; lon: number };
  /** The second being collected; written when a reading of a later second arrives. */
  pending?: Sample;
}

const VALID: Partial<Record<keyof Sample, [number, number]>> = {
  hr: [20, 250],
  power: [0, 3000],
  cadence: [0, 300],
  speed: [0, 40],
  lat: [-90, 90],
  lon: [-180, 180],
};

/**
 * Records one activity at a time. Readings from every device are folded into one sample per device
 * per second (the last value in a second wins, as the server keeps one sample per device and instant)
 * and written to the store before anything else happens to them.
 */
export class ActivityRecorder {
  private readonly store: SyncStore;
  private readonly now: () => number;
  private readonly randomBytes: (count: number) => Uint8Array;
  private readonly onChange: (stats: LiveStats) => void;
  private readonly onSamplesStored: (count: number) => void;
  private stats: LiveStats = { state: 'idle', elapsedS: 0, distanceM: 0, splits: [] };
  private tracks = new Map<string, DeviceTrack>();
  private distanceDevice: string | undefined;
  private movingMsBeforePause = 0;
  private resumedAt = 0;
  private splitStartS = 0;
  private splitHr: number[] = [];
  private writes: Promise<void> = Promise.resolve();
  /** Samples waiting for their turn to be written, by activity and device. */
  private readonly queued = new Map<string, Sample[]>();

  constructor(options: ActivityRecorderOptions) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.randomBytes = options.randomBytes ?? webCryptoBytes;
    this.onChange = options.onChange ?? (() => undefined);
    this.onSamplesStored = options.onSamplesStored ?? (() => undefined);
  }

  get live(): LiveStats {
    return { ...this.stats, elapsedS: this.movingSeconds(), splits: [...this.stats.splits] };
  }

  /**
   * An activity left unfinished by a killed app is finished now, so it does not hold back later uploads; except the
   * one still recording in the background, which carries on.
   */
  static async finishAbandoned(store: SyncStore, now: () => number = Date.now): Promise<number> {
    const recording = await BackgroundRecording.current(store);
    const open = (await store.activities()).filter((a) => a.finishedAt === undefined && a.id !== recording?.activityId);
    for (const activity of open) await store.finishActivity(activity.id, new Date(now()).toISOString());
    return open.length;
  }

  /**
   * Carries on with a recording whose phone positions went to the store in the background (and maybe survived the app
   * being killed): the live numbers start from its checkpoint. Paired sensors record into it again from now on.
   */
  resumeFrom(checkpoint: RecordingCheckpoint): void {
    if (this.stats.state === 'recording' || this.stats.state === 'paused') throw new Error('already recording');
    this.tracks = new Map([[checkpoint.deviceId, { distanceM: checkpoint.distanceM, ...(checkpoint.lastFix ? { lastFix: { ...checkpoint.lastFix } } : {}) }]]);
    this.distanceDevice = checkpoint.deviceId;
    this.movingMsBeforePause = checkpoint.movingMsBeforePause;
    this.resumedAt = checkpoint.resumedAt;
    this.splitStartS = 0;
    this.splitHr = [];
    const splits: KmSplit[] = [];
    for (let km = 1; km <= Math.floor(checkpoint.distanceM / 1000); km++) splits.push({ km, durationS: 0 });
    this.stats = { state: checkpoint.state, activityId: checkpoint.activityId, sport: checkpoint.sport, elapsedS: 0, distanceM: checkpoint.distanceM, splits };
    this.splitStartS = this.movingSeconds();
    this.changed();
  }

  async start(sport: Sport, name?: string): Promise<string> {
    if (this.stats.state === 'recording' || this.stats.state === 'paused') throw new Error('already recording');
    const id = uuidV4(this.randomBytes);
    const startedAt = this.now();
    await this.store.addActivity({ id, sport, startedAt: new Date(startedAt).toISOString(), ...(name ? { name } : {}) });
    this.tracks = new Map();
    this.distanceDevice = undefined;
    this.movingMsBeforePause = 0;
    this.resumedAt = startedAt;
    this.splitStartS = 0;
    this.splitHr = [];
    this.stats = { state: 'recording', activityId: id, sport, elapsedS: 0, distanceM: 0, splits: [] };
    this.changed();
    return id;
  }

  pause(): Promise<void> {
    if (this.stats.state !== 'recording') return this.writes;
    this.movingMsBeforePause += this.now() - this.resumedAt;
    this.stats.state = 'paused';
    // A GPS fix after the pause must not add the distance covered while paused.
    for (const track of this.tracks.values()) delete track.lastFix;
    this.changed();
    return this.flushAll();
  }

  resume(): void {
    if (this.stats.state !== 'paused') return;
    this.resumedAt = this.now();
    this.stats.state = 'recording';
    this.changed();
  }

  async finish(): Promise<void> {
    const id = this.stats.activityId;
    if (id === undefined || (this.stats.state !== 'recording' && this.stats.state !== 'paused')) return;
    if (this.stats.state === 'recording') this.movingMsBeforePause += this.now() - this.resumedAt;
    this.stats.state = 'finished';
    await this.flushAll();
    // Finished only after the last samples are stored: the uploader sends `finish` once the store is drained.
    const finishedAt = new Date(this.now()).toISOString();
    this.writes = this.writes.then(() => this.store.finishActivity(id, finishedAt));
    await this.writes;
    this.changed();
  }

  /**
   * Takes a reading from a device; ignored unless recording. Resolves when earlier seconds are stored. A reading that
   * is `stored` already (the background location task wrote it) only moves the live numbers.
   */
  record(deviceId: string, reading: Reading, options: { stored?: boolean } = {}): Promise<void> {
    if (this.stats.state !== 'recording') return this.writes;
    const track = this.tracks.get(deviceId) ?? { distanceM: 0 };
    this.tracks.set(deviceId, track);
    const second = Math.floor(reading.t / 1000) * 1000;
    if (track.pending && track.pending.t !== second) {
      if (second < track.pending.t) return this.writes; // late, out-of-order reading: its second is already written
      this.write(deviceId, track.pending);
      delete track.pending;
    }
    const sample: Sample = track.pending ?? { t: second };
    copyValid(reading, sample);
    if (reading.rr?.length) sample.rr = [...(sample.rr ?? []), ...reading.rr];

    let moved = reading.distanceDelta ?? 0;
    if (reading.lat !== undefined && reading.lon !== undefined) {
      const fix = { lat: reading.lat, lon: reading.lon };
      if (track.lastFix) moved += haversineM(track.lastFix, fix);
      track.lastFix = fix;
    }
    if (moved > 0 || reading.distanceDelta !== undefined || reading.lat !== undefined) {
      track.distanceM += moved;
      sample.distance = round(track.distanceM, 2);
      this.distanceDevice ??= deviceId;
    }
    if (options.stored) delete track.pending;
    else track.pending = sample;
    this.updateLive(deviceId, reading, track);
    return this.writes;
  }

  private updateLive(deviceId: string, reading: Reading, track: DeviceTrack): void {
    if (reading.hr !== undefined && inRange('hr', reading.hr)) {
      this.stats.hr = reading.hr;
      this.splitHr.push(reading.hr);
    }
    if (reading.power !== undefined && inRange('power', reading.power)) this.stats.power = reading.power;
    if (reading.cadence !== undefined && inRange('cadence', reading.cadence)) this.stats.cadence = reading.cadence;
    if (reading.speed !== undefined && inRange('speed', reading.speed)) this.stats.speed = reading.speed;
    if (deviceId === this.distanceDevice) {
      this.stats.distanceM = track.distanceM;
      while (track.distanceM >= (this.stats.splits.length + 1) * 1000) this.closeSplit();
    }
    this.changed();
  }

  private closeSplit(): void {
    const nowS = this.movingSeconds();
    const split: KmSplit = { km: this.stats.splits.length + 1, durationS: nowS - this.splitStartS };
    if (this.splitHr.length > 0) split.avgHr = Math.round(this.splitHr.reduce((a, b) => a + b, 0) / this.splitHr.length);
    this.stats.splits.push(split);
    this.splitStartS = nowS;
    this.splitHr = [];
  }

  private flushAll(): Promise<void> {
    for (const [deviceId, track] of this.tracks) {
      if (track.pending) this.write(deviceId, track.pending);
      delete track.pending;
    }
    return this.writes;
  }

  /**
   * Queues a sample for the store. Samples of a device that come while its previous ones wait for their turn join them,
   * so readings arriving faster than the store writes (a sped-up demo, a busy phone) take one transaction, not one each.
   */
  private write(deviceId: string, sample: Sample): void {
    const activityId = this.stats.activityId!;
    const key = `${activityId}\u0000${deviceId}`;
    const waiting = this.queued.get(key);
    if (waiting) {
      waiting.push(sample);
      return;
    }
    const batch = [sample];
    this.queued.set(key, batch);
    this.writes = this.writes.then(async () => {
      this.queued.delete(key);
      await this.store.appendSamples(activityId, deviceId, batch);
      this.onSamplesStored(batch.length);
    });
  }

  private movingSeconds(): number {
    const running = this.stats.state === 'recording' ? this.now() - this.resumedAt : 0;
    return Math.floor((this.movingMsBeforePause + running) / 1000);
  }

  private changed(): void {
    this.onChange(this.live);
  }
}

/** Values the server would refuse are left out of the sample rather than sent and set aside later. */
function copyValid(reading: Reading, sample: Sample): void {
  for (const channel of ['hr', 'power', 'cadence', 'speed', 'lat', 'lon'] as const) {
    const value = reading[channel];
    if (value !== undefined && inRange(channel, value)) sample[channel] = value;
  }
  if (reading.alt !== undefined && Number.isFinite(reading.alt)) sample.alt = reading.alt;
}

function inRange(channel: keyof Sample, value: number): boolean {
  const range = VALID[channel];
  return Number.isFinite(value) && (range === undefined || (value >= range[0] && value <= range[1]));
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
