import type { SyncStore } from '../src/sync/SyncStore';
import { WebStorageSyncStore, type KeyValueStorage } from '../src/sync/WebStorageSyncStore';
import { openFileStore, tempStorePath } from './support/recordRun';

class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

/** Each implementation, with a way to "restart the app": open the same storage again. */
const implementations: [string, () => { open: () => Promise<SyncStore> }][] = [
  [
    'SqlSyncStore (SQLite file)',
    () => {
      const path = tempStorePath();
      return { open: () => openFileStore(path) };
    },
  ],
  [
    'WebStorageSyncStore',
    () => {
      const storage = new MemoryStorage();
      return { open: async () => WebStorageSyncStore.open(storage) };
    },
  ],
];

describe.each(implementations)('%s', (_name, setup) => {
  it('keeps activities, samples and notification state across a restart', async () => {
    const place = setup();
    const store = await place.open();
    await store.addActivity({ id: 'b', sport: 'ride', startedAt: '2026-01-02T08:00:00.000Z' });
    await store.addActivity({ id: 'a', sport: 'run', startedAt: '2026-01-01T08:00:00.000Z', name: 'Morning' });
    await store.addActivity({ id: 'a', sport: 'walk', startedAt: '2026-01-01T09:00:00.000Z' });
    await store.appendSamples('a', 'hrm', [{ t: 2000, hr: 120 }, { t: 1000, hr: 110, rr: [500, 510] }]);
    await store.appendSamples('a', 'gps', [{ t: 1000, lat: 1, lon: 2, distance: 0 }]);
    await store.markActivityCreated('a');
    await store.finishActivity('a', '2026-01-01T09:00:00.000Z');
    await store.finishActivity('a', '2026-01-01T10:00:00.000Z');
    await store.setNotificationCursor('c-7');
    expect(await store.markNotificationSeen('n-1')).toBe(true);
    await store.setSetting('token', 'secret');
    await store.close();

    const reopened = await place.open();
    expect(await reopened.activities()).toEqual([
      { id: 'a', sport: 'run', startedAt: '2026-01-01T08:00:00.000Z', name: 'Morning', created: true, finishAcknowledged: false, finishedAt: '2026-01-01T09:00:00.000Z' },
      { id: 'b', sport: 'ride', startedAt: '2026-01-02T08:00:00.000Z', created: false, finishAcknowledged: false },
    ]);
    const oldest = await reopened.oldestSamples('a', 10);
    expect(oldest.map((s) => [s.deviceId, s.sample.t])).toEqual([
      ['hrm', 1000],
      ['gps', 1000],
      ['hrm', 2000],
    ]);
    expect(oldest[0]!.sample).toEqual({ t: 1000, hr: 110, rr: [500, 510] });
    expect(await reopened.notificationCursor()).toBe('c-7');
    expect(await reopened.markNotificationSeen('n-1')).toBe(false);
    expect(await reopened.markNotificationSeen('n-2')).toBe(true);
    expect(await reopened.getSetting('token')).toBe('secret');
    expect(await reopened.getSetting('missing')).toBeUndefined();
    await reopened.close();
  });

  it('keeps one sample per activity, device and instant, the latest', async () => {
    const store = await setup().open();
    await store.addActivity({ id: 'a', sport: 'run', startedAt: '2026-01-01T08:00:00.000Z' });
    await store.appendSamples('a', 'hrm', [{ t: 1000, hr: 110 }]);
    await store.appendSamples('a', 'hrm', [{ t: 1000, hr: 111 }]);
    expect(await store.pendingSampleCount('a')).toBe(1);
    expect((await store.oldestSamples('a', 5))[0]!.sample.hr).toBe(111);
    await store.close();
  });

  it('deletes and sets aside samples by their row', async () => {
    const store = await setup().open();
    await store.addActivity({ id: 'a', sport: 'run', startedAt: '2026-01-01T08:00:00.000Z' });
    await store.appendSamples('a', 'hrm', [1, 2, 3, 4].map((s) => ({ t: s * 1000, hr: 100 + s })));
    const rows = await store.oldestSamples('a', 2);
    await store.deleteSamples([rows[0]!.seq]);
    await store.setAsideSamples([rows[1]!.seq], '422 hr out of range');
    expect((await store.oldestSamples('a', 10)).map((r) => r.sample.t)).toEqual([3000, 4000]);
    expect(await store.setAsideCount()).toBe(1);
    expect(await store.pendingSampleCount()).toBe(2);
    await store.close();
  });
});
