import * as Location from 'expo-location';
import type { Reading } from '../recording/ActivityRecorder';

export { GPS_DEVICE_ID } from './deviceIds';

/** Fixes worse than this would add zig-zag distance while standing still. */
const MAX_ACCURACY_M = 30;

/** The phone's own position, speed and altitude, once a second while watched. */
export async function watchPhoneGps(onReading: (reading: Reading) => void): Promise<() => void> {
  const permission = await Location.requestForegroundPermissionsAsync();
  if (permission.status !== Location.PermissionStatus.GRANTED) throw new Error('Location permission was not granted');
  const subscription = await Location.watchPositionAsync(
    { accuracy: Location.Accuracy.BestForNavigation, timeInterval: 1000, distanceInterval: 0 },
    (fix) => {
      if (fix.coords.accuracy !== null && fix.coords.accuracy > MAX_ACCURACY_M) return;
      const reading: Reading = { t: fix.timestamp, lat: fix.coords.latitude, lon: fix.coords.longitude };
      if (fix.coords.altitude !== null) reading.alt = fix.coords.altitude;
      if (fix.coords.speed !== null && fix.coords.speed >= 0) reading.speed = fix.coords.speed;
      onReading(reading);
    },
  );
  return () => subscription.remove();
}
