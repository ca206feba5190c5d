import * as Crypto from 'expo-crypto';
import { BleSensorHub } from '../sensors/BleSensorHub';
import type { SensorHub } from '../sensors/SensorHub';
import { ExpoSqliteDatabase } from '../sync/ExpoSqliteDatabase';
import { SqlSyncStore } from '../sync/SqlSyncStore';
import type { SyncStore } from '../sync/SyncStore';

/** The phone build. The browser build replaces this file with platform.web.ts. */
export const platformName = 'phone';

export async function openStore(): Promise<SyncStore> {
  return SqlSyncStore.open(await ExpoSqliteDatabase.open('fitness-driver.db'));
}

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

export const supportsPhoneGps = true;
