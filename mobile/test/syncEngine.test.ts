import { ApiClient } from '../src/api/ApiClient';
import { SyncEngine, type SyncStatus } from '../src/sync/SyncEngine';
import { FakeApiServer } from './support/FakeApiServer';
import { openFileStore, recordRun, tempStorePath } from './support/recordRun';

describe('SyncEngine', () => {
  let server: FakeApiServer;
  let api: ApiClient;

  beforeEach(async () => {
    server = new FakeApiServer();
    api = new ApiClient({ baseUrl: await server.listen(), timeoutMs: 5000 });
    await api.createAthlete('Ann');
  });

  afterEach(() => server.close());

  it('creates the activity, sends its samples in time order, then finishes it, and empties the store', async () => {
    const store = await openFileStore(tempStorePath());
    const run = await recordRun(store, { seconds: 300 });
    const engine = new SyncEngine({ api, store, batchSize: 120 });

    await engine.syncOnce();

    expect(server.log[0]).toBe(`PUT ${run.activityId}`);
    expect(server.log[server.log.length - 1]).toBe(`FINISH ${run.activityId}`);
    const sampleLines = server.log.filter((line) => line.startsWith('SAMPLES'));
    expect(sampleLines.length).toBeGreaterThan(2);
    const perDeviceStarts = new Map<string, number>();
    for (const line of sampleLines) {
      const [, , device, range] = line.split(' ');
      const first = Number(range!.split('-')[0]);
      expect(first).toBeGreaterThan(perDeviceStarts.get(device!) ?? -1);
      perDeviceStarts.set(device!, first);
    }
    expect(server.storedSamples(run.activityId)).toHaveLength(run.samples.length);
    expect(await store.pendingSampleCount()).toBe(0);
    expect((await store.activities())[0]).toMatchObject({ created: true, finishAcknowledged: true });
    await store.close();
  });

  it('uploads older activities before newer ones', async () => {
    const store = await openFileStore(tempStorePath());
    const first = await recordRun(store, { seconds: 60, startMs: Date.now() - 3_600_000 });
    const second = await recordRun(store, { seconds: 60, startMs: Date.now() - 1_800_000 });

    await new SyncEngine({ api, store }).syncOnce();

    const order = server.log.map((line) => line.split(' ')[1]);
    expect(order.lastIndexOf(first.activityId)).toBeLessThan(order.indexOf(second.activityId));
    expect(server.log.filter((line) => line.startsWith('FINISH'))).toEqual([`FINISH ${first.activityId}`, `FINISH ${second.activityId}`]);
    await store.close();
  });

  it('waits at least as long as Retry-After when the server answers 503', async () => {
    const store = await openFileStore(tempStorePath());
    const run = await recordRun(store, { seconds: 30 });
    server.faults = { unavailableCount: 1, retryAfterSeconds: 1 };
    const statuses: SyncStatus[] = [];
    const engine = new SyncEngine({ api, store, backoff: { baseMs: 10 }, onStatus: (s) => statuses.push(s) });

    const started = Date.now();
    await engine.syncOnce();

    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(statuses.some((s) => s.state === 'retrying' && (s.retryInMs ?? 0) >= 1000)).toBe(true);
    expect(server.storedSamples(run.activityId)).toHaveLength(run.samples.length);
    await store.close();
  });

  it('keeps samples the server refuses as invalid aside and uploads the rest', async () => {
    const store = await openFileStore(tempStorePath());
    const run = await recordRun(store, { seconds: 40 });
    const t = run.samples[0]!.sample.t + 500;
    await store.appendSamples(run.activityId, 'faulty-strap', [{ t, hr: 19 }, { t: t + 1000, hr: 120 }, { t: t + 2000, hr: 121 }]);

    await new SyncEngine({ api, store }).syncOnce();

    expect(await store.setAsideCount()).toBe(1);
    expect(await store.pendingSampleCount()).toBe(0);
    expect(server.storedSamples(run.activityId)).toHaveLength(run.samples.length + 2);
    expect(server.log[server.log.length - 1]).toBe(`FINISH ${run.activityId}`);
    await store.close();
  });

  it('creates the activity again when the server has forgotten it', async () => {
    const store = await openFileStore(tempStorePath());
    const run = await recordRun(store, { seconds: 20 });
    await store.markActivityCreated(run.activityId);

    await new SyncEngine({ api, store }).syncOnce();

    expect(server.log.filter((l) => l === `PUT ${run.activityId}`)).toHaveLength(1);
    expect(server.storedSamples(run.activityId)).toHaveLength(run.samples.length);
    await store.close();
  });

  it('syncs in the background when poked and stops cleanly', async () => {
    const store = await openFileStore(tempStorePath());
    const engine = new SyncEngine({ api, store, idleCheckMs: 60_000 });
    const idle: SyncStatus[] = [];
    engine.start();
    const run = await recordRun(store, { seconds: 20 });
    const synced = new Promise<void>((resolve) => {
      const check = setInterval(async () => {
        if ((await store.activities()).every((a) => a.finishAcknowledged)) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    engine.poke();
    await synced;
    idle.push(await engine.refreshStatus());
    await engine.stop();

    expect(engine.currentStatus.state).toBe('stopped');
    expect(idle[0]?.pendingSamples).toBe(0);
    expect(server.storedSamples(run.activityId)).toHaveLength(run.samples.length);
    await store.close();
  });
});
