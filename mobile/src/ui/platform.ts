import * as Crypto from 'expo-crypto';
import * as Localization from 'expo-localization';
import { backgroundLocationRunning, defineLocationTask, startBackgroundLocation, stopBackgroundLocation, type ForegroundNotice } from '../recording/locationTask';
import { BleSensorHub } from '../sensors/BleSensorHub';
import type { SensorHub } from '../sensors/SensorHub';
import { ExpoSqliteDatabase } from '../sync/ExpoSqliteDatabase';
import { SqlSyncStore } from '../sync/SqlSyncStore';
import type { SyncStore } from '../sync/SyncStore';

/** The phone build. The browser build replaces this file with platform.web.ts. */
export const platformName = 'phone';

let store: Promise<SyncStore> | undefined;

/** One store per process: the screens and the background location task share it. */
export function openStore(): Promise<SyncStore> {
  store ??= ExpoSqliteDatabase.open('fitness-driver.db').then((db) => SqlSyncStore.open(db));
  return store;
}

// The OS may start the app only to hand positions to the task: it is defined as the bundle loads.
defineLocationTask(openStore);

/** Positions while the screen is off: expo-location's background updates with an Android foreground service. */
export interface BackgroundLocation {
  start(notice: ForegroundNotice): Promise<void>;
  stop(): Promise<void>;
  running(): Promise<boolean>;
}

export const backgroundLocation: BackgroundLocation | undefined = {
  start: startBackgroundLocation,
  stop: stopBackgroundLocation,
  running: backgroundLocationRunning,
};

export function randomBytes(count: number): Uint8Array {
  return Crypto.getRandomBytes(count);
}

export function createSensorHub(): SensorHub {
  return new BleSensorHub();
}

/** What the app was started with; a phone has no address bar, so only the build-time default. */
export function launchOptions(): { apiUrl?: string; token?: string; demo: boolean } {
  const apiUrl = process.env.EXPO_PUBLIC_FD_API_URL;
  return { ...(apiUrl ? { apiUrl } : {}), demo: false };
}

/** The phone's language and measurement system, as its settings say. */
export function deviceLocale(): { languageTag: string; measurementSystem?: string | null } {
  const first = Localization.getLocales()[0];
  return { languageTag: first?.languageTag ?? 'en', measurementSystem: first?.measurementSystem ?? null };
}

export const supportsPhoneGps = true;
