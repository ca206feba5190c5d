/**
 * A separate process that syncs a store file to a server, so a test can kill it with SIGKILL at an
 * awkward moment and start it again, as a phone OS kills an app.
 * Usage: node --import tsx syncWorker.ts <store file> <base url> <token>
 */
import { ApiClient } from '../../src/api/ApiClient';
import { SqlJsDatabase } from '../../src/sync/node/SqlJsDatabase';
import { SqlSyncStore } from '../../src/sync/SqlSyncStore';
import { SyncEngine } from '../../src/sync/SyncEngine';

async function main(): Promise<void> {
  const [storePath, baseUrl, token] = process.argv.slice(2);
  if (!storePath || !baseUrl || !token) throw new Error('usage: syncWorker <store file> <base url> <token>');
  const store = await SqlSyncStore.open(await SqlJsDatabase.open(storePath));
  const engine = new SyncEngine({
    api: new ApiClient({ baseUrl, token, timeoutMs: 5000 }),
    store,
    batchSize: 100,
    backoff: { baseMs: 20, maxMs: 200 },
  });
  await engine.syncOnce();
  await store.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
