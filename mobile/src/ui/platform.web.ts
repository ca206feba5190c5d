import { NoSensorHub, type SensorHub } from '../sensors/SensorHub';
import type { SyncStore } from '../sync/SyncStore';
import { WebStorageSyncStore } from '../sync/WebStorageSyncStore';
import { webCryptoBytes } from '../recording/uuid';

/** The browser build: same screens and sync engine, storage in localStorage, no Bluetooth. */
export const platformName = 'browser';

export async function openStore(): Promise<SyncStore> {
  return WebStorageSyncStore.open(window.localStorage);
}

export function randomBytes(count: number): Uint8Array {
  return webCryptoBytes(count);
}

export function createSensorHub(): SensorHub {
  return new NoSensorHub('Bluetooth sensors are paired in the phone app; the browser can record a demo run instead.');
}

/**
 * `?api=<backend url>&token=<bearer>&demo=1`. Without `api` the page's own origin is used, which is how
 * the app is served next to the API (same origin, so the backend needs no CORS).
 */
export function launchOptions(): { apiUrl?: string; token?: string; demo: boolean } {
  const query = new URLSearchParams(window.location.search);
  const token = query.get('token');
  return {
    apiUrl: query.get('api') ?? window.location.origin,
    ...(token ? { token } : {}),
    demo: query.get('demo') === '1',
  };
}

export const supportsPhoneGps = false;
