import { ActivityRecorder, type LiveStats } from '../src/recording/ActivityRecorder';
import { destination } from '../src/sensors/geo';
import { openFileStore, tempStorePath } from './support/recordRun';

describe('ActivityRecorder', () => {
  it('writes one sample per device per second, the last reading of the second winning', async () => {
    const store = await openFileStore(tempStorePath());
    let now = 1_000_000;
    const recorder = new ActivityRecorder({ store, now: () => now });
    const id = await recorder.start('ride');
    await recorder.record('power', { t: now + 100, power: 200, cadence: 80 });
    await recorder.record('power', { t: now + 600, power: 260 });
    await recorder.record('hrm', { t: now + 700, hr: 130, rr: [460] });
    await recorder.record('hrm', { t: now + 900, hr: 131, rr: [458] });
    await recorder.record('power', { t: now + 1100, power: 5000 });
    now += 2000;
    await recorder.finish();

    const rows = await store.oldestSamples(id, 10);
    expect(rows.map((r) => [r.deviceId, r.sample])).toEqual([
      ['power', { t: 1_000_000, power: 260, cadence: 80 }],
      ['hrm', { t: 1_000_000, hr: 131, rr: [460, 458] }],
      // 5000 W is out of the contract's range: the channel is left out, the instant kept.
      ['power', { t: 1_001_000 }],
    ]);
    expect((await store.activities())[0]?.finishedAt).toBe(new Date(1_002_000).toISOString());
    await store.close();
  });

  it('measures GPS distance, closes kilometre splits and ignores ground covered while paused', async () => {
    const store = await openFileStore(tempStorePath());
    let now = 0;
    const updates: LiveStats[] = [];
    const recorder = new ActivityRecorder({ store, now: () => now, onChange: (s) => updates.push(s) });
    await recorder.start('run');
    let position = { lat: 45, lon: 7 };
    const step = async (metres: number, hr: number) => {
      now += 1000;
      position = destination(position, 90, metres);
      await recorder.record('gps', { t: now, ...position });
      await recorder.record('hrm', { t: now, hr });
    };
    await step(0, 120);
    for (let i = 0; i < 250; i++) await step(4.01, 140); // crosses 1000 m on the 250th step
    await recorder.pause();
    for (let i = 0; i < 100; i++) {
      now += 1000;
      position = destination(position, 90, 10);
      await recorder.record('gps', { t: now, ...position });
    }
    recorder.resume();
    for (let i = 0; i < 125; i++) await step(4.01, 150); // the first fix after the pause only sets the start
    const live = recorder.live;
    expect(live.distanceM).toBeGreaterThan(1495);
    expect(live.distanceM).toBeLessThan(1505);
    expect(live.splits).toHaveLength(1);
    expect(live.splits[0]).toMatchObject({ km: 1, durationS: 251, avgHr: 140 });
    expect(live.elapsedS).toBe(376);
    expect(updates.some((u) => u.state === 'paused')).toBe(true);
    await recorder.finish();
    await store.close();
  });

  it('finishes activities a killed app left open, so later ones can upload', async () => {
    const store = await openFileStore(tempStorePath());
    const recorder = new ActivityRecorder({ store, now: () => 5000 });
    await recorder.start('walk');
    expect(await ActivityRecorder.finishAbandoned(store, () => 9000)).toBe(1);
    expect((await store.activities())[0]?.finishedAt).toBe(new Date(9000).toISOString());
    await store.close();
  });
});
