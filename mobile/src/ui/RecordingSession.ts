import type { Sport } from '../api/types';
import { t } from '../i18n';
import { ActivityRecorder, type LiveStats } from '../recording/ActivityRecorder';
import { BackgroundRecording } from '../recording/BackgroundRecording';
import { syntheticRun } from '../recording/syntheticRun';
import { GPS_DEVICE_ID, watchPhoneGps } from '../sensors/PhoneGps';
import type { AppServices } from './AppServices';
import { backgroundLocation, randomBytes, supportsPhoneGps } from './platform';

export const DEMO_HEART_ID = 'demo-hrm';
export const DEMO_GPS_ID = 'demo-gps';

/** Live uploads while recording go at most this often, so a second's sample is not a request of its own. */
const LIVE_UPLOAD_EVERY_MS = 3000;

/** A track point for the live route map. */
export interface TrackPoint {
  lat: number;
  lon: number;
}

/**
 * One recording as the Record screen drives it: the recorder plus its sources (phone GPS, paired
 * sensors, or a demo run). On a phone the GPS comes through the background location task, which writes
 * to the store itself, so the recording goes on with the screen off and carries on after the app was
 * killed (`restore`). A demo replays a synthetic run, sped up, whose last second is now, so every
 * sample time is in the past as the server requires.
 */
export class RecordingSession {
  private recorder: ActivityRecorder | undefined;
  private stopSources: (() => void)[] = [];
  private lastPoke = 0;
  private listeners = new Set<(stats: LiveStats) => void>();
  private usesBackground = false;
  stats: LiveStats = { state: 'idle', elapsedS: 0, distanceM: 0, splits: [] };
  sourceError: string | undefined;
  /** Set when the recording was found running after the app had been closed or killed. */
  resumedAfterRestart = false;
  /** The positions recorded in this session, for the live route map. */
  track: TrackPoint[] = [];

  constructor(private readonly services: AppServices) {}

  onChange(listener: (stats: LiveStats) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Moving time now, not at the last reading. */
  get elapsedS(): number {
    return this.recorder?.live.elapsedS ?? 0;
  }

  get isActive(): boolean {
    return this.stats.state === 'recording' || this.stats.state === 'paused';
  }

  /** Picks up a recording the background task kept going while the app was closed or after it was killed. */
  async restore(): Promise<boolean> {
    if (this.isActive || !backgroundLocation) return false;
    const checkpoint = await BackgroundRecording.current(this.services.store);
    if (!checkpoint) return false;
    const activity = (await this.services.store.activities()).find((a) => a.id === checkpoint.activityId);
    if (!activity || activity.finishedAt !== undefined) {
      await BackgroundRecording.end(this.services.store);
      return false;
    }
    this.recorder = this.newRecorder(Date.now);
    this.recorder.resumeFrom(checkpoint);
    this.resumedAfterRestart = true;
    this.track = checkpoint.lastFix ? [checkpoint.lastFix] : [];
    this.listenToSensors(this.recorder);
    this.usesBackground = true;
    this.followBackground(this.recorder);
    if (checkpoint.state === 'recording') await this.startBackground(checkpoint.sport);
    return true;
  }

  async start(sport: Sport): Promise<void> {
    this.recorder = this.newRecorder(Date.now);
    const activityId = await this.recorder.start(sport);
    const recorder = this.recorder;
    this.track = [];
    this.resumedAfterRestart = false;
    this.listenToSensors(recorder);
    if (!supportsPhoneGps) return;
    if (backgroundLocation) {
      await BackgroundRecording.begin(this.services.store, { activityId, sport, deviceId: GPS_DEVICE_ID, startedAt: Date.now() });
      this.usesBackground = true;
      this.followBackground(recorder);
      await this.startBackground(sport);
      return;
    }
    this.watchForeground(recorder);
  }

  /** Replays a `minutes`-long run `speedup` times faster than real time, then finishes it. */
  async startDemo(minutes: number, speedup: number): Promise<void> {
    const durationMs = minutes * 60_000;
    const wallStart = Date.now();
    const runStart = wallStart - durationMs - 1000;
    const clock = () => Math.min(runStart + (Date.now() - wallStart) * speedup, runStart + durationMs);
    this.recorder = this.newRecorder(clock);
    this.track = [];
    this.resumedAfterRestart = false;
    const recorder = this.recorder;
    await recorder.start('run', 'Demo run');
    const seconds = syntheticRun({ startMs: runStart, seconds: minutes * 60, seed: Date.now() % 1000 });
    let next = seconds.next();
    const timer = setInterval(() => {
      const now = clock();
      while (!next.done && next.value.t <= now) {
        void recorder.record(DEMO_GPS_ID, next.value.gps);
        void recorder.record(DEMO_HEART_ID, next.value.heart);
        if (next.value.gps.lat !== undefined && next.value.gps.lon !== undefined) this.track.push({ lat: next.value.gps.lat, lon: next.value.gps.lon });
        next = seconds.next();
      }
      if (next.done) {
        clearInterval(timer);
        void this.finish();
      }
    }, 50);
    this.stopSources.push(() => clearInterval(timer));
  }

  async pause(): Promise<void> {
    await this.recorder?.pause();
    if (this.usesBackground) await BackgroundRecording.pause(this.services.store, Date.now());
  }

  async resume(): Promise<void> {
    this.recorder?.resume();
    if (this.usesBackground) await BackgroundRecording.resume(this.services.store, Date.now());
  }

  async finish(): Promise<void> {
    for (const stop of this.stopSources.splice(0)) stop();
    if (this.usesBackground) {
      await backgroundLocation?.stop().catch(() => undefined);
      await BackgroundRecording.end(this.services.store);
      this.usesBackground = false;
    }
    await this.recorder?.finish();
    this.services.pokeSync();
  }

  private listenToSensors(recorder: ActivityRecorder): void {
    this.stopSources.push(this.services.sensors.onReading((sensorId, reading) => void recorder.record(sensorId, reading)));
  }

  /** The background task writes the GPS samples; the recorder only moves the live numbers with them. */
  private followBackground(recorder: ActivityRecorder): void {
    this.stopSources.push(
      BackgroundRecording.onSamples((checkpoint, samples) => {
        if (checkpoint.activityId !== recorder.live.activityId) return;
        for (const sample of samples) {
          if (sample.lat === undefined || sample.lon === undefined) continue;
          void recorder.record(GPS_DEVICE_ID, { t: sample.t, lat: sample.lat, lon: sample.lon, speed: sample.speed, alt: sample.alt }, { stored: true });
          this.track.push({ lat: sample.lat, lon: sample.lon });
        }
        this.pokeSoon();
      }),
    );
  }

  private async startBackground(sport: Sport): Promise<void> {
    try {
      await backgroundLocation!.start({ title: t('record.state.recording'), body: `${t(`sport.${sport}`)} · ${t('record.background')}` });
    } catch (error) {
      this.sourceError = error instanceof Error ? error.message : String(error);
      if (this.recorder) this.emit(this.recorder.live);
    }
  }

  private watchForeground(recorder: ActivityRecorder): void {
    watchPhoneGps((reading) => {
      void recorder.record(GPS_DEVICE_ID, reading);
      if (reading.lat !== undefined && reading.lon !== undefined) this.track.push({ lat: reading.lat, lon: reading.lon });
    }).then(
      (stop) => this.stopSources.push(stop),
      (error: unknown) => {
        this.sourceError = error instanceof Error ? error.message : String(error);
        this.emit(recorder.live);
      },
    );
  }

  private newRecorder(now: () => number): ActivityRecorder {
    return new ActivityRecorder({
      store: this.services.store,
      now,
      randomBytes,
      onChange: (stats) => {
        this.emit(stats);
        if (stats.state === 'recording' && stats.activityId && stats.sport) this.services.observeGame(stats.activityId, stats.sport, stats.distanceM);
      },
      onSamplesStored: () => this.pokeSoon(),
    });
  }

  private pokeSoon(): void {
    if (Date.now() - this.lastPoke < LIVE_UPLOAD_EVERY_MS) return;
    this.lastPoke = Date.now();
    this.services.pokeSync();
  }

  private emit(stats: LiveStats): void {
    this.stats = stats;
    for (const listener of this.listeners) listener(stats);
  }
}
