import type { Sport } from '../api/types';
import { ActivityRecorder, type LiveStats } from '../recording/ActivityRecorder';
import { syntheticRun } from '../recording/syntheticRun';
import { GPS_DEVICE_ID, watchPhoneGps } from '../sensors/PhoneGps';
import type { AppServices } from './AppServices';
import { randomBytes, supportsPhoneGps } from './platform';

export const DEMO_HEART_ID = 'demo-hrm';
export const DEMO_GPS_ID = 'demo-gps';

/** Live uploads while recording go at most this often, so a second's sample is not a request of its own. */
const LIVE_UPLOAD_EVERY_MS = 3000;

/**
 * One recording as the Record screen drives it: the recorder plus its sources (phone GPS, paired
 * sensors, or a demo run). A demo replays a synthetic run, sped up, whose last second is now, so
 * every sample time is in the past as the server requires.
 */
export class RecordingSession {
  private recorder: ActivityRecorder | undefined;
  private stopSources: (() => void)[] = [];
  private lastPoke = 0;
  private listeners = new Set<(stats: LiveStats) => void>();
  stats: LiveStats = { state: 'idle', elapsedS: 0, distanceM: 0, splits: [] };
  sourceError: string | undefined;

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

  async start(sport: Sport): Promise<void> {
    this.recorder = this.newRecorder(Date.now);
    await this.recorder.start(sport);
    const recorder = this.recorder;
    this.stopSources.push(this.services.sensors.onReading((sensorId, reading) => void recorder.record(sensorId, reading)));
    if (supportsPhoneGps) {
      watchPhoneGps((reading) => void recorder.record(GPS_DEVICE_ID, reading)).then(
        (stop) => this.stopSources.push(stop),
        (error: unknown) => {
          this.sourceError = error instanceof Error ? error.message : String(error);
          this.emit(recorder.live);
        },
      );
    }
  }

  /** Replays a `minutes`-long run `speedup` times faster than real time, then finishes it. */
  async startDemo(minutes: number, speedup: number): Promise<void> {
    const durationMs = minutes * 60_000;
    const wallStart = Date.now();
    const runStart = wallStart - durationMs - 1000;
    const clock = () => Math.min(runStart + (Date.now() - wallStart) * speedup, runStart + durationMs);
    this.recorder = this.newRecorder(clock);
    const recorder = this.recorder;
    await recorder.start('run', 'Demo run');
    const seconds = syntheticRun({ startMs: runStart, seconds: minutes * 60, seed: Date.now() % 1000 });
    let next = seconds.next();
    const timer = setInterval(() => {
      const now = clock();
      while (!next.done && next.value.t <= now) {
        void recorder.record(DEMO_GPS_ID, next.value.gps);
        void recorder.record(DEMO_HEART_ID, next.value.heart);
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
  }

  resume(): void {
    this.recorder?.resume();
  }

  async finish(): Promise<void> {
    for (const stop of this.stopSources.splice(0)) stop();
    await this.recorder?.finish();
    this.services.pokeSync();
  }

  private newRecorder(now: () => number): ActivityRecorder {
    return new ActivityRecorder({
      store: this.services.store,
      now,
      randomBytes,
      onChange: (stats) => this.emit(stats),
      onSamplesStored: () => {
        if (Date.now() - this.lastPoke < LIVE_UPLOAD_EVERY_MS) return;
        this.lastPoke = Date.now();
        this.services.pokeSync();
      },
    });
  }

  private emit(stats: LiveStats): void {
    this.stats = stats;
    for (const listener of this.listeners) listener(stats);
  }
}
