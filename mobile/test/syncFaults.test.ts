import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ApiClient } from '../src/api/ApiClient';
import { FakeApiServer } from './support/FakeApiServer';
import { openFileStore, recordRun, tempStorePath, type RecordedRun } from './support/recordRun';
import { seededRandom } from '../src/recording/syntheticRun';

const WORKER = join(__dirname, 'support', 'syncWorker.ts');

function startWorker(storePath: string, baseUrl: string, token: string): { child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, storePath, baseUrl, token], {
    cwd: join(__dirname, '..'),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exited };
}

function expectEverySampleExactlyOnce(server: FakeApiServer, run: RecordedRun): void {
  const stored = [...server.samples.values()].filter((s) => s.activityId === run.activityId);
  expect(stored).toHaveLength(run.samples.length);
  const byKey = new Map(stored.map((s) => [`${s.deviceId}|${s.sample.t}`, s.sample]));
  for (const recorded of run.samples) {
    expect(byKey.get(`${recorded.deviceId}|${recorded.sample.t}`)).toEqual(recorded.sample);
  }
}

describe('sync under faults', () => {
  let server: FakeApiServer;
  let baseUrl: string;
  let token: string;

  beforeEach(async () => {
    server = new FakeApiServer();
    baseUrl = await server.listen();
    token = (await new ApiClient({ baseUrl }).createAthlete('Ann')).token;
  });

  afterEach(() => server.close());

  it('delivers every sample exactly once through random drops, 503s and two killed processes', async () => {
    const storePath = tempStorePath();
    const recordingStore = await openFileStore(storePath);
    const run = await recordRun(recordingStore, { seconds: 600, seed: 7 });
    await recordingStore.close();
    expect(run.samples.length).toBe(1200);

    server.faults = { dropBeforeHandling: 0.15, dropAfterHandling: 0.15, unavailableCount: 2, retryAfterSeconds: 1, random: seededRandom(99) };

    // First killed while a batch is on its way (the server never sees it): samples deleted too early
    // would be lost. Then killed after the server stored a batch and before the 202 left: the phone
    // still holds samples the server already has.
    let current: ReturnType<typeof startWorker> | undefined;
    let killedOnArrival = false;
    server.onSamplesArrived = (activityId, deviceId, samples) => {
      const unseen = samples.every((s) => !server.samples.has(`${activityId}|${deviceId}|${s.t}`));
      if (killedOnArrival || storedBatches < 2 || !unseen) return;
      killedOnArrival = true;
      current?.child.kill('SIGKILL');
      return 'drop';
    };
    let storedBatches = 0;
    server.onSamplesStored = () => {
      storedBatches += 1;
      if (storedBatches === 9) current?.child.kill('SIGKILL');
    };

    const outcomes = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      current = startWorker(storePath, baseUrl, token);
      const outcome = await current.exited;
      outcomes.push(outcome);
      if (outcome.code === 0) break;
      expect(outcome.signal).toBe('SIGKILL');
    }

    expect(outcomes.map((o) => o.signal ?? o.code)).toEqual(['SIGKILL', 'SIGKILL', 0]);
    expectEverySampleExactlyOnce(server, run);
    // The kills and the dropped answers made the phone send some samples twice; the server kept one of each.
    expect(server.received.length).toBeGreaterThan(run.samples.length);
    expect(server.log[server.log.length - 1]).toBe(`FINISH ${run.activityId}`);

    const store = await openFileStore(storePath);
    expect(await store.pendingSampleCount()).toBe(0);
    expect((await store.activities())[0]).toMatchObject({ finishAcknowledged: true });
    await store.close();
  }, 90_000);
});
