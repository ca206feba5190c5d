import type { Sample } from '../src/api/types';
import type { LocationFix } from '../src/recording/BackgroundRecording';
import { haversineM } from '../src/sensors/geo';
import { WebStorageSyncStore, type KeyValueStorage } from '../src/sync/WebStorageSyncStore';
import type { SyncStore } from '../src/sync/SyncStore';

/*
 * The background location task, driven the way the OS drives it: only the Expo modules at the boundary are stand-ins
 * (the task registry and the location service); the task body, the checkpoint and the SQLite store (sql.js, in a file)
 * are the app's own.
 */
jest.mock('expo-task-manager', () => {
  const tasks = new Map<string, (body: { data: unknown; error: unknown }) => Promise<unknown>>();
  return { defineTask: jest.fn((name: string, run: (body: { data: unknown; error: unknown }) => Promise<unknown>) => tasks.set(name, run)), tasks };
});
jest.mock('expo-location', () => {
  const started = new Set<string>();
  return {
    PermissionStatus: { GRANTED: 'granted', DENIED: 'denied' },
    Accuracy: { BestForNavigation: 6 },
    ActivityType: { Fitness: 3 },
    requestForegroundPermissionsAsync: jest.fn(async () => ({ status: 'granted' })),
    requestBackgroundPermissionsAsync: jest.fn(async () => ({ status: 'granted' })),
    hasStartedLocationUpdatesAsync: jest.fn(async (name: string) => started.has(name)),
    startLocationUpdatesAsync: jest.fn(async (name: string) => void started.add(name)),
    stopLocationUpdatesAsync: jest.fn(async (name: string) => void started.delete(name)),
    started,
  };
});

type TaskRun = (body: { data: unknown; error: unknown }) => Promise<unknown>;

/** The app's modules as a fresh process loads them: nothing of an earlier "process" survives but the files. */
interface AppProcess {
  store: SyncStore;
  task: TaskRun;
  modules: {
    BackgroundRecording: typeof import('../src/recording/BackgroundRecording').BackgroundRecording;
    ActivityRecorder: typeof import('../src/recording/ActivityRecorder').ActivityRecorder;
    locationTask: typeof import('../src/recording/locationTask');
  };
  location: { startLocationUpdatesAsync: jest.Mock; started: Set<string> };
}

async function launch(openStore: () => Promise<SyncStore>): Promise<AppProcess> {
  let loaded: Omit<AppProcess, 'store' | 'task'> & { taskManager: { tasks: Map<string, TaskRun> } } = undefined!;
  jest.isolateModules(() => {
    loaded = {
      modules: {
        BackgroundRecording: (require('../src/recording/BackgroundRecording') as typeof import('../src/recording/BackgroundRecording')).BackgroundRecording,
        ActivityRecorder: (require('../src/recording/ActivityRecorder') as typeof import('../src/recording/ActivityRecorder')).ActivityRecorder,
        locationTask: require('../src/recording/locationTask') as typeof import('../src/recording/locationTask'),
      },
      taskManager: require('expo-task-manager') as { tasks: Map<string, TaskRun> },
      location: require('expo-location') as AppProcess['location'],
    };
  });
  const store = await openStore();
  // As platform.ts does when the bundle loads.
  loaded.modules.locationTask.defineLocationTask(async () => store);
  const task = loaded.taskManager.tasks.get(loaded.modules.locationTask.LOCATION_TASK);
  if (!task) throw new Error('the location task was not defined');
  return { store, task, modules: loaded.modules, location: loaded.location };
}

async function openFile(path: string): Promise<SyncStore> {
  const { openFileStore } = require('./support/recordRun') as typeof import('./support/recordRun');
  return openFileStore(path);
}

const T0 = Date.UTC(2026, 11, 2, 7, 0, 0);
const ACTIVITY = '7b0f3a9e-5c1d-4e8a-9f00-000000000001';
const DEVICE = 'phone-gps';

/** One fix a second, 137 ms into the second, walking north about 2.2 m a second. */
function fix(i: number, extra: Partial<LocationFix['coords']> & { ms?: number } = {}): LocationFix {
  const { ms = 137, ...coords } = extra;
  return { timestamp: T0 + i * 1000 + ms, coords: { latitude: 55.75 + i * 0.00002, longitude: 37.6, altitude: 150, accuracy: 5, speed: 2.2, ...coords } };
}
const fixes = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => fix(from + k));
const deliver = (task: TaskRun, locations: LocationFix[]) => task({ data: { locations }, error: null });

async function allPending(store: SyncStore): Promise<Sample[]> {
  return (await store.oldestSamples(ACTIVITY, 100_000)).map((p) => p.sample);
}

describe('background recording', () => {
  it('writes what the OS delivers straight to the store, with an Android foreground service', async () => {
    const { tempStorePath } = require('./support/recordRun') as typeof import('./support/recordRun');
    const app = await launch(() => openFile(tempStorePath()));
    await app.store.addActivity({ id: ACTIVITY, sport: 'run', startedAt: new Date(T0).toISOString() });
    await app.modules.BackgroundRecording.begin(app.store, { activityId: ACTIVITY, sport: 'run', deviceId: DEVICE, startedAt: T0 });
    await app.modules.locationTask.startBackgroundLocation({ title: 'Recording', body: 'Run · 0.00 km' });
    expect(app.location.startLocationUpdatesAsync).toHaveBeenCalledWith(
      app.modules.locationTask.LOCATION_TASK,
      expect.objectContaining({ timeInterval: 1000, foregroundService: expect.objectContaining({ notificationTitle: 'Recording', notificationBody: 'Run · 0.00 km' }) }),
    );

    await deliver(app.task, [fix(0), fix(1), fix(2, { accuracy: 80 }), fix(3), fix(3, { ms: 900 })]);
    // An error from the OS, or a delivery without positions, changes nothing.
    await app.task({ data: undefined, error: { code: 1, message: 'location unavailable' } });
    await deliver(app.task, []);
    const samples = await allPending(app.store);
    expect(samples.map((s) => s.t)).toEqual([T0, T0 + 1000, T0 + 3000]);
    expect(samples[2]).toMatchObject({ lat: 55.75 + 3 * 0.00002, lon: 37.6, alt: 150, speed: 2.2 });
    expect(samples[2]!.distance).toBeCloseTo(haversineM({ lat: 55.75, lon: 37.6 }, { lat: 55.75 + 3 * 0.00002, lon: 37.6 }), 1);

    // Paused: positions are dropped, and the first one after resuming adds no distance for the pause.
    await app.modules.BackgroundRecording.pause(app.store, T0 + 4000);
    await deliver(app.task, fixes(4, 10));
    await app.modules.BackgroundRecording.resume(app.store, T0 + 10_000);
    await deliver(app.task, [fix(10), fix(11)]);
    const after = await allPending(app.store);
    expect(after.map((s) => (s.t - T0) / 1000)).toEqual([0, 1, 3, 10, 11]);
    expect(after[3]!.distance).toBe(after[2]!.distance);

    await app.modules.BackgroundRecording.end(app.store);
    await deliver(app.task, [fix(12)]);
    expect(await app.store.pendingSampleCount(ACTIVITY)).toBe(5);
  });

  it('survives the process being killed mid-recording: every sample is stored exactly once', async () => {
    const { tempStorePath } = require('./support/recordRun') as typeof import('./support/recordRun');
    const path = tempStorePath();
    const uploaded: Sample[] = [];

    // First life: start, take two overlapping deliveries, upload the oldest samples, take a third.
    let app = await launch(() => openFile(path));
    await app.store.addActivity({ id: ACTIVITY, sport: 'run', startedAt: new Date(T0).toISOString() });
    await app.modules.BackgroundRecording.begin(app.store, { activityId: ACTIVITY, sport: 'run', deviceId: DEVICE, startedAt: T0 });
    await deliver(app.task, fixes(0, 60));
    await deliver(app.task, [...fixes(55, 120), fix(100, { ms: 800 })]);
    const sent = await app.store.oldestSamples(ACTIVITY, 50);
    uploaded.push(...sent.map((p) => p.sample));
    await app.store.deleteSamples(sent.map((p) => p.seq));
    const third = fixes(120, 180);
    await deliver(app.task, third);
    const distanceBeforeDeath = (await app.modules.BackgroundRecording.current(app.store))!.distanceM;

    // The OS kills the app: every object in memory is gone; only the database file remains.
    app = undefined!;

    // Next launch: the abandoned-activity sweep leaves the background recording alone; the OS delivers the last batch
    // again (it was never acknowledged), with positions older still (some uploaded and gone from the store), and
    // carries on.
    app = await launch(() => openFile(path));
    expect(await app.modules.ActivityRecorder.finishAbandoned(app.store)).toBe(0);
    const resumed = await app.modules.BackgroundRecording.current(app.store);
    expect(resumed).toMatchObject({ activityId: ACTIVITY, state: 'recording', lastT: T0 + 179_000 });
    expect(resumed!.distanceM).toBeCloseTo(distanceBeforeDeath, 6);
    // The Record screen's recorder carries on from the checkpoint: distance, splits and moving time so far.
    const recorder = new app.modules.ActivityRecorder({ store: app.store, now: () => T0 + 200_000 });
    recorder.resumeFrom(resumed!);
    expect(recorder.live).toMatchObject({ state: 'recording', activityId: ACTIVITY, sport: 'run', distanceM: resumed!.distanceM, elapsedS: 200 });
    await deliver(app.task, [...fixes(40, 60), ...third, ...fixes(180, 240)]);
    await app.modules.BackgroundRecording.end(app.store);
    await app.store.finishActivity(ACTIVITY, new Date(T0 + 240_000).toISOString());

    const all = [...uploaded, ...(await allPending(app.store))];
    const seconds = all.map((s) => (s.t - T0) / 1000);
    expect(seconds).toEqual(Array.from({ length: 240 }, (_, i) => i));
    // Distance carried on across the restart: it grows the whole way, by what the track measures.
    const distances = all.map((s) => s.distance!);
    expect(distances.every((d, i) => i === 0 || d >= distances[i - 1]!)).toBe(true);
    expect(distances[239]).toBeCloseTo(haversineM({ lat: 55.75, lon: 37.6 }, { lat: 55.75 + 239 * 0.00002, lon: 37.6 }), 0);
    expect(await app.modules.ActivityRecorder.finishAbandoned(app.store)).toBe(0);
    expect((await app.store.activities())[0]!.finishedAt).toBeDefined();
  });

  it('keeps the checkpoint and the samples together in the browser store too', async () => {
    const items = new Map<string, string>();
    const storage: KeyValueStorage = { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
    let app = await launch(async () => WebStorageSyncStore.open(storage));
    await app.store.addActivity({ id: ACTIVITY, sport: 'walk', startedAt: new Date(T0).toISOString() });
    await app.modules.BackgroundRecording.begin(app.store, { activityId: ACTIVITY, sport: 'walk', deviceId: DEVICE, startedAt: T0 });
    await deliver(app.task, fixes(0, 10));
    app = await launch(async () => WebStorageSyncStore.open(storage));
    await deliver(app.task, fixes(5, 20));
    expect((await allPending(app.store)).map((s) => (s.t - T0) / 1000)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
