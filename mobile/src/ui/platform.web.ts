import type { ForegroundNotice } from '../recording/locationTask';
import { NoSensorHub, type SensorHub } from '../sensors/SensorHub';
import type { SyncStore } from '../sync/SyncStore';
import { WebStorageSyncStore } from '../sync/WebStorageSyncStore';
import { webCryptoBytes } from '../recording/uuid';
import { t } from '../i18n';

/** The browser build: same screens and sync engine, storage in localStorage, no Bluetooth. */
export const platformName = 'browser';

export async function openStore(): Promise<SyncStore> {
  return WebStorageSyncStore.open(window.localStorage);
}

export function randomBytes(count: number): Uint8Array {
  return webCryptoBytes(count);
}

export function createSensorHub(): SensorHub {
  return new NoSensorHub(t('sensors.browser'));
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

/** The browser's preferred language; the region in it decides the units. */
export function deviceLocale(): { languageTag: string; measurementSystem?: string | null } {
  const languages = typeof navigator !== 'undefined' ? (navigator.languages ?? [navigator.language]) : [];
  return { languageTag: languages[0] ?? 'en' };
}

export interface BackgroundLocation {
  start(notice: ForegroundNotice): Promise<void>;
  stop(): Promise<void>;
  running(): Promise<boolean>;
}

/** A browser cannot record with the screen off: no background location (expo-task-manager is phone only). */
export const backgroundLocation: BackgroundLocation | undefined = undefined;

export const supportsPhoneGps = false;
