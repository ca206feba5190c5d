import type { Reading } from './ActivityRecorder';
import { destination, type LatLon } from '../sensors/geo';

/** Small deterministic PRNG (mulberry32) so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RunSecond {
  t: number;
  gps: Reading;
  heart: Reading;
}

/**
 * A plausible run, one second at a time: ~3.2 m/s with surges and easy stretches, a slowly turning
 * route, gentle hills, and a heart rate that climbs from warm-up towards a steady effort.
 */
export function* syntheticRun(options: { startMs: number; seconds: number; seed?: number; start?: LatLon }): Generator<RunSecond> {
  const random = seededRandom(options.seed ?? 42);
  let position: LatLon = options.start ?? { lat: 43.2567, lon: 76.9286 };
  let bearing = 40;
  let hr = 96;
  for (let i = 0; i < options.seconds; i++) {
    const t = options.startMs + i * 1000;
    const speed = Math.max(1.5, 3.2 + 0.4 * Math.sin(i / 97) + 0.25 * Math.sin(i / 23) + (random() - 0.5) * 0.3);
    bearing = (bearing + (random() - 0.5) * 6 + 0.4) % 360;
    if (i > 0) position = destination(position, bearing, speed);
    const alt = 820 + 15 * Math.sin(i / 300) + 4 * Math.sin(i / 61);
    const target = 118 + 40 * (1 - Math.exp(-i / 240)) + 8 * Math.sin(i / 150) + (speed - 3.2) * 10;
    hr += (target - hr) * 0.05 + (random() - 0.5) * 1.5;
    const bpm = Math.round(hr);
    yield {
      t,
      gps: { t, lat: round(position.lat, 7), lon: round(position.lon, 7), alt: round(alt, 1), speed: round(speed, 2) },
      heart: { t, hr: bpm, rr: [Math.round(60000 / bpm)] },
    };
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
