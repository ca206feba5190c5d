import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActivityRecorder } from '../../src/recording/ActivityRecorder';
import { SqlJsDatabase } from '../../src/sync/node/SqlJsDatabase';
import { SqlSyncStore } from '../../src/sync/SqlSyncStore';
import type { PendingSample, SyncStore } from '../../src/sync/SyncStore';
import { syntheticRun } from '../../src/recording/syntheticRun';

export const GPS_DEVICE = 'phone-gps';
export const HEART_DEVICE = 'hrm-chest-01';

export interface RecordedRun {
  activityId: string;
  /** Everything the recorder stored, by device and time: what the server must end up with. */
  samples: PendingSample[];
  distanceM: number;
  hrs: number[];
}

export function tempStorePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'fd-store-')), 'sync.sqlite');
}

export async function openFileStore(path: string): Promise<SqlSyncStore> {
  return SqlSyncStore.open(await SqlJsDatabase.open(path));
}

/** Records a synthetic run with no network at all, the way the phone does in the mountains. */
export async function recordRun(store: SyncStore, options: { seconds: number; startMs?: number; seed?: number }): Promise<RecordedRun> {
  const startMs = options.startMs ?? Date.now() - options.seconds * 1000 - 60_000;
  let clock = startMs;
  const recorder = new ActivityRecorder({ store, now: () => clock });
  const activityId = await recorder.start('run', 'Synthetic run');
  const hrs: number[] = [];
  for (const second of syntheticRun({ startMs, seconds: options.seconds, seed: options.seed })) {
    clock = second.t;
    void recorder.record(GPS_DEVICE, second.gps);
    void recorder.record(HEART_DEVICE, second.heart);
    if (second.heart.hr !== undefined) hrs.push(second.heart.hr);
  }
  clock += 1000;
  const distanceM = recorder.live.distanceM;
  await recorder.finish();
  return { activityId, samples: await store.oldestSamples(activityId, 1_000_000), distanceM, hrs };
}
