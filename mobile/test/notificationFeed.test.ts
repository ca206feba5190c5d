import WebSocket from 'ws';
import { ApiClient } from '../src/api/ApiClient';
import type { AthleteNotification } from '../src/api/types';
import { NotificationFeed, type WebSocketLike } from '../src/sync/NotificationFeed';
import type { SyncStore } from '../src/sync/SyncStore';
import { FakeApiServer } from './support/FakeApiServer';
import { openFileStore, tempStorePath } from './support/recordRun';
import { waitFor } from './support/waitFor';

describe('NotificationFeed', () => {
  let server: FakeApiServer;
  let api: ApiClient;
  let athleteId: string;
  let storePath: string;
  let store: SyncStore;
  let shown: AthleteNotification[];
  let feed: NotificationFeed;
  let connections: string[];

  const openFeed = () =>
    new NotificationFeed({
      api,
      store,
      openWebSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      onNotification: (n) => shown.push(n),
      onConnection: (c) => connections.push(c),
      backoff: { baseMs: 20, maxMs: 100 },
    });

  beforeEach(async () => {
    server = new FakeApiServer();
    api = new ApiClient({ baseUrl: await server.listen() });
    athleteId = (await api.createAthlete('Ann')).athleteId;
    storePath = tempStorePath();
    store = await openFileStore(storePath);
    shown = [];
    connections = [];
  });

  afterEach(async () => {
    await feed?.stop();
    await store.close();
    await server.close();
  });

  it('catches up with the inbox on connect, then takes pushes over the socket', async () => {
    server.notify(athleteId, 'xp', { xp: 10, totalXp: 10, km: 1 });
    server.notify(athleteId, 'badge', { badgeId: 'first-km', name: 'First kilometre' });
    feed = openFeed();
    feed.start();
    await waitFor('live feed', () => feed.connection === 'live');
    expect(shown.map((n) => n.type)).toEqual(['xp', 'badge']);

    server.notify(athleteId, 'level-up', { level: 2, previousLevel: 1, xp: 30 });
    await waitFor('pushed level-up', () => shown.length === 3);
    expect(shown[2]).toMatchObject({ type: 'level-up', payload: { level: 2 } });
  });

  it('shows what was missed while the connection was down, and nothing twice', async () => {
    feed = openFeed();
    feed.start();
    await waitFor('live feed', () => feed.connection === 'live');
    server.notify(athleteId, 'xp', { xp: 10, km: 1 });
    await waitFor('first push', () => shown.length === 1);

    // The feed reconnects within milliseconds, so watch the transitions rather than poll for the offline state.
    const before = connections.length;
    server.dropSockets();
    await waitFor('offline', () => connections.slice(before).some((c) => c !== 'live'));
    server.notify(athleteId, 'xp', { xp: 10, km: 2 });
    server.notify(athleteId, 'level-up', { level: 2, previousLevel: 1 });
    await waitFor('reconnected', () => feed.connection === 'live');
    await waitFor('missed ones', () => shown.length === 3);

    // The inbox still holds everything: catching up again must not show anything a second time.
    await feed.catchUp();
    expect(shown.map((n) => n.payload.km ?? n.type)).toEqual([1, 2, 'level-up']);
    expect(new Set(shown.map((n) => n.id)).size).toBe(3);
  });

  it('remembers shown notifications across a restart, even if the cursor was lost', async () => {
    server.notify(athleteId, 'level-up', { level: 2, previousLevel: 1 });
    feed = openFeed();
    await feed.catchUp();
    expect(shown).toHaveLength(1);
    await store.close();

    store = await openFileStore(storePath);
    await store.setNotificationCursor('0');
    server.notify(athleteId, 'badge', { badgeId: 'b', name: 'Badge' });
    feed = openFeed();
    await feed.catchUp();
    expect(shown.map((n) => n.type)).toEqual(['level-up', 'badge']);
  });
});
