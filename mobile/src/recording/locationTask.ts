import * as Location from 'expo-location';
import * as TaskManager from 'expo-task-manager';
import type { SyncStore } from '../sync/SyncStore';
import { BackgroundRecording, type LocationFix } from './BackgroundRecording';

/**
 * Phone only (platform.ts): the OS delivers positions to this task while the screen is off or the app is in the
 * background, on Android through a foreground service with its notification. The browser build never imports it.
 */
export const LOCATION_TASK = 'fitness-driver-location';

export interface ForegroundNotice {
  title: string;
  body: string;
}

let storeForTask: (() => Promise<SyncStore>) | undefined;

/**
 * Defines the task. Must run when the JavaScript bundle loads (module scope), also when the OS starts the app in the
 * background only to deliver positions: the task then opens the store itself.
 */
export function defineLocationTask(openStore: () => Promise<SyncStore>): void {
  storeForTask = openStore;
  TaskManager.defineTask<{ locations?: LocationFix[] }>(LOCATION_TASK, async ({ data, error }) => {
    if (error || !data?.locations?.length || !storeForTask) return;
    await BackgroundRecording.handleLocations(await storeForTask(), data.locations);
  });
}

/** Asks for the permissions and starts the updates; throws when location is refused. */
export async function startBackgroundLocation(notice: ForegroundNotice): Promise<void> {
  const foreground = await Location.requestForegroundPermissionsAsync();
  if (foreground.status !== Location.PermissionStatus.GRANTED) throw new Error('Location permission was not granted');
  // Without "always" the updates still come while the app is open or its foreground service runs.
  await Location.requestBackgroundPermissionsAsync().catch(() => undefined);
  if (await Location.hasStartedLocationUpdatesAsync(LOCATION_TASK)) return;
  await Location.startLocationUpdatesAsync(LOCATION_TASK, {
    accuracy: Location.Accuracy.BestForNavigation,
    timeInterval: 1000,
    distanceInterval: 0,
    activityType: Location.ActivityType.Fitness,
    pausesUpdatesAutomatically: false,
    showsBackgroundLocationIndicator: true,
    foregroundService: { notificationTitle: notice.title, notificationBody: notice.body, notificationColor: '#f97316', killServiceOnDestroy: false },
  });
}

export async function stopBackgroundLocation(): Promise<void> {
  if (await Location.hasStartedLocationUpdatesAsync(LOCATION_TASK)) await Location.stopLocationUpdatesAsync(LOCATION_TASK);
}

export function backgroundLocationRunning(): Promise<boolean> {
  return Location.hasStartedLocationUpdatesAsync(LOCATION_TASK);
}
