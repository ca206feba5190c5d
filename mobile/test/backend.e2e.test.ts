import WebSocket from 'ws';
import { ApiClient } from '../src/api/ApiClient';
import type { ActivitySummary, AthleteNotification } from '../src/api/types';
import { NotificationFeed, type WebSocketLike } from '../src/sync/NotificationFeed';
import { SyncEngine } from '../src/sync/SyncEngine';
import { BackendHost, repoRoot, skipReason } from './support/BackendHost';
import { FlakyProxy } from './support/FlakyProxy';
import { openFileStore, recordRun, tempStorePath } from './support/recordRun';
import { seededRandom } from '../src/recording/syntheticRun';
import { waitFor } from './support/waitFor';

/**
 * The app's sync engine against the real backend: a 30-minute run recorded with no network, then
 * synced through a connection that resets now and then. The server's summary must match what the
 * phone recorded, and the athlete must hear about the level they reached.
 */
const describeBackend = skipReason ? describe.skip : describe;

if (skipReason) {
  console.warn(`Skipping the real-backend end-to-end test: ${skipReason}.`);
  it.skip(`real-backend end-to-end test skipped: ${skipReason}`, () => undefined);
}

describeBackend(`against the real backend (${repoRoot})`, () => {
  let backend: BackendHost | undefined;
  let proxy: FlakyProxy | undefined;

  beforeAll(async () => {
    backend = await BackendHost.start();
  }, 900_000);

  afterAll(async () => {
    await proxy?.close();
    await backend?.stop();
  }, 60_000);

  it('a 30-minute offline run syncs through a flaky connection and earns a level-up', async () => {
    const direct = new ApiClient({ baseUrl: backend!.url });
    const { token } = await direct.createAthlete('Offline Runner');

    const store = await openFileStore(tempStorePath());
    const run = await recordRun(store, { seconds: 1800, seed: 2026 });
    expect(run.samples).toHaveLength(3600);
    expect(run.distanceM).toBeGreaterThan(5000);

    const backendUrl = new URL(backend!.url);
    proxy = new FlakyProxy({
      target: { host: backendUrl.hostname, port: Number(backendUrl.port) },
      resetRequestChance: 0.04,
      resetResponseChance: 0.08,
      maxResets: 25,
      random: seededRandom(31),
    });
    const flaky = new ApiClient({ baseUrl: await proxy.listen(), token, timeoutMs: 15_000 });

    const shown: AthleteNotification[] = [];
    const feed = new NotificationFeed({
      api: flaky,
      store,
      openWebSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      onNotification: (n) => shown.push(n),
      backoff: { baseMs: 200, maxMs: 2000 },
    });
    feed.start();

    try {
      const engine = new SyncEngine({ api: flaky, store, batchSize: 300, backoff: { baseMs: 100, maxMs: 2000 } });
      await engine.syncOnce();
      expect(await store.pendingSampleCount()).toBe(0);
      expect((await store.activities())[0]).toMatchObject({ finishAcknowledged: true });

      // The server's consumers catch up asynchronously after the 202s.
      const authorized = new ApiClient({ baseUrl: backend!.url, token });
      let summary: ActivitySummary | undefined;
      await waitFor(
        'the server summary to cover the whole run',
        async () => {
          summary = await authorized.getActivity(run.activityId);
          // Every device's samples: the strap's last batch may be stored after the phone's, whose distance is complete.
          return summary.status === 'finished' && summary.sampleCount === run.samples.length;
        },
        90_000,
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}; last summary: ${JSON.stringify(summary)}`);
      });

      const hrs = run.hrs;
      expect(Math.abs(summary!.distanceM - run.distanceM)).toBeLessThan(run.distanceM * 0.01);
      expect(summary!.sport).toBe('run');
      expect(summary!.elapsedS).toBeGreaterThanOrEqual(1795);
      expect(summary!.elapsedS).toBeLessThanOrEqual(1805);
      expect(summary!.maxHr).toBe(Math.max(...hrs));
      expect(Math.abs(summary!.avgHr! - hrs.reduce((a, b) => a + b, 0) / hrs.length)).toBeLessThan(1.5);
      expect(summary!.xpEarned).toBeGreaterThan(0);

      const trust = await authorized.getTrust(run.activityId);
      expect(trust).toMatchObject({ activityId: run.activityId, trust: 'phone-gps', refusedM: 0 });

      const streams = await authorized.getStreams(run.activityId, ['hr', 'speed'], '1m');
      expect(streams.t.length).toBeGreaterThanOrEqual(29);
      expect(streams.hr?.filter((v) => typeof v === 'number').length).toBeGreaterThanOrEqual(29);

      await waitFor('a level-up notification', () => shown.some((n) => n.type === 'level-up'), 90_000);
      const levelUp = shown.find((n) => n.type === 'level-up')!;
      expect(Number(levelUp.payload.level)).toBeGreaterThan(Number(levelUp.payload.previousLevel));
      expect(new Set(shown.map((n) => n.id)).size).toBe(shown.length);
      expect(proxy.resets).toBeGreaterThan(0);
    } finally {
      await feed.stop();
      await store.close();
    }
  }, 300_000);
});
