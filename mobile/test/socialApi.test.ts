import WebSocket from 'ws';
import { ApiClient } from '../src/api/ApiClient';
import type { AthleteNotification } from '../src/api/types';
import { NotificationFeed, type WebSocketLike } from '../src/sync/NotificationFeed';
import { fakeFetch } from './support/fakeFetch';
import { FakeApiServer } from './support/FakeApiServer';
import { openFileStore, tempStorePath } from './support/recordRun';
import { waitFor } from './support/waitFor';

const item = { itemId: 'i1', type: 'activity', athleteId: 'a2', displayName: 'Pat', occurredAt: '2026-12-01T08:00:00.000Z', details: {}, kudos: 1, kudosByMe: true, comments: 0 };

describe('ApiClient social endpoints', () => {
  it('sends each call to its route, with the token, cursor and body the API names', async () => {
    const fake = fakeFetch((r) => {
      if (r.method === 'DELETE' && r.path.endsWith('/follow')) return { status: 204 };
      if (r.path.endsWith('/leave')) return { status: 204 };
      if (r.path.startsWith('/v1/clubs/c1/leaderboard')) return { status: 200, body: [{ rank: 1, athleteId: 'a2', displayName: 'Pat', distanceM: 5000, movingS: 1500, activities: 1 }] };
      if (r.path === '/v1/clubs' && r.method === 'GET') return { status: 200, body: { items: [{ clubId: 'c1' }] } };
      if (r.path === '/v1/group-sessions' && r.method === 'GET') return { status: 200, body: { items: [{ sessionId: 's1' }] } };
      if (r.path.endsWith('/comments') && r.method === 'GET') return { status: 200, body: { items: [{ commentId: 'k1' }] } };
      return { status: r.method === 'POST' && (r.path === '/v1/clubs' || r.path === '/v1/group-sessions' || r.path.endsWith('/comments')) ? 201 : 200, body: item };
    });
    const api = new ApiClient({ baseUrl: 'http://api.test', token: 't1', fetch: fake.fetch });
    await api.follow('a 2');
    await api.unfollow('a2');
    await api.getRelationship('a2');
    await api.getFollowers('a2');
    await api.getFollowing('a2', 'c/2');
    await api.getFeed();
    await api.getFeed('next page');
    expect((await api.setKudos('i1', true)).kudos).toBe(1);
    await api.setKudos('i1', false);
    expect(await api.getComments('i1')).toEqual([{ commentId: 'k1' }]);
    await api.addComment('i1', 'Nice run!');
    await api.createClub({ name: 'Morning runners', access: 'public' });
    expect(await api.getMyClubs()).toEqual([{ clubId: 'c1' }]);
    await api.joinClub('c1');
    await api.getClubMembers('c1');
    expect((await api.getClubLeaderboard('c1'))[0]!.distanceM).toBe(5000);
    await api.getClubFeed('c1', '30');
    await api.createGroupSession('Tuesday tempo');
    await api.createGroupSession('Club run', 'c1');
    await api.joinGroupSession('s1');
    await api.joinGroupSession('s1', 'act-1');
    await api.getGroupSession('s1');
    expect(await api.getMyGroupSessions()).toEqual([{ sessionId: 's1' }]);
    await api.leaveGroupSession('s1');
    expect(fake.requests.map((r) => `${r.method} ${r.path}${r.body === undefined ? '' : ' ' + JSON.stringify(r.body)}`)).toEqual([
      'POST /v1/athletes/a%202/follow',
      'DELETE /v1/athletes/a2/follow',
      'GET /v1/athletes/a2/relationship',
      'GET /v1/athletes/a2/followers',
      'GET /v1/athletes/a2/following?cursor=c%2F2',
      'GET /v1/feed',
      'GET /v1/feed?cursor=next%20page',
      'POST /v1/feed/i1/kudos',
      'DELETE /v1/feed/i1/kudos',
      'GET /v1/feed/i1/comments',
      'POST /v1/feed/i1/comments {"text":"Nice run!"}',
      'POST /v1/clubs {"name":"Morning runners","access":"public"}',
      'GET /v1/clubs',
      'POST /v1/clubs/c1/join',
      'GET /v1/clubs/c1/members',
      'GET /v1/clubs/c1/leaderboard',
      'GET /v1/clubs/c1/feed?cursor=30',
      'POST /v1/group-sessions {"name":"Tuesday tempo"}',
      'POST /v1/group-sessions {"name":"Club run","clubId":"c1"}',
      'POST /v1/group-sessions/s1/join',
      'POST /v1/group-sessions/s1/join {"activityId":"act-1"}',
      'GET /v1/group-sessions/s1',
      'GET /v1/group-sessions',
      'POST /v1/group-sessions/s1/leave',
    ]);
    expect(fake.requests.every((r) => r.headers.Authorization === 'Bearer t1')).toBe(true);
  });
});

describe('social against the in-repository API stand-in', () => {
  let server: FakeApiServer;
  let me: ApiClient;
  let friend: ApiClient;
  let meId: string;
  let friendId: string;

  beforeEach(async () => {
    server = new FakeApiServer();
    const url = await server.listen();
    me = new ApiClient({ baseUrl: url });
    friend = new ApiClient({ baseUrl: url });
    meId = (await me.createAthlete('Ann')).athleteId;
    friendId = (await friend.createAthlete('Pat')).athleteId;
  });

  afterEach(async () => {
    await server.close();
  });

  const run = async (api: ApiClient, activityId: string, startMs: number, metres: number[], finish: boolean) => {
    await api.putActivity(activityId, { sport: 'run', startedAt: new Date(startMs).toISOString() });
    await api.postSamples(activityId, 'watch-1', metres.map((distance, i) => ({ t: startMs + i * 1000, distance, speed: 3, hr: 150 })));
    if (finish) await api.finishActivity(activityId, new Date(startMs + metres.length * 1000).toISOString());
  };

  it('follows a friend by id, shows their finished activity in the feed, takes kudos and comments', async () => {
    await run(friend, 'f-run-1', Date.now() - 600_000, [0, 1000, 2500], true);
    expect((await me.getFeed()).items).toEqual([]);
    const relationship = await me.follow(friendId);
    expect(relationship).toMatchObject({ athleteId: friendId, displayName: 'Pat', following: 'following', followers: 1 });
    expect((await me.getFollowing(meId)).items.map((a) => a.athleteId)).toEqual([friendId]);
    const page = await me.getFeed();
    expect(page.items).toHaveLength(1);
    const [shown] = page.items;
    expect(shown).toMatchObject({ type: 'activity', athleteId: friendId, displayName: 'Pat', kudos: 0, kudosByMe: false, comments: 0 });
    expect(shown!.details).toMatchObject({ sport: 'run', distanceM: 2500 });
    expect(await me.setKudos(shown!.itemId, true)).toMatchObject({ kudos: 1, kudosByMe: true });
    await me.addComment(shown!.itemId, 'Strong finish');
    expect((await me.getComments(shown!.itemId)).map((c) => c.text)).toEqual(['Strong finish']);
    expect((await me.getFeed()).items[0]).toMatchObject({ kudos: 1, comments: 1 });
    await me.unfollow(friendId);
    expect((await me.getFeed()).items).toEqual([]);
  });

  it('runs clubs: create, join by id, members, this week’s leaderboard and the club feed', async () => {
    const club = await friend.createClub({ name: 'Morning runners', access: 'public' });
    expect(club).toMatchObject({ role: 'owner', members: 1 });
    expect(await me.joinClub(club.clubId)).toMatchObject({ role: 'member', members: 2 });
    expect((await me.getMyClubs()).map((c) => c.clubId)).toEqual([club.clubId]);
    expect((await me.getClubMembers(club.clubId)).items.map((m) => m.role)).toEqual(['owner', 'member']);
    await run(friend, 'f-run-2', Date.now() - 600_000, [0, 1200], true);
    expect(await me.getClubLeaderboard(club.clubId)).toEqual([expect.objectContaining({ rank: 1, athleteId: friendId, distanceM: 1200, activities: 1 })]);
    expect((await me.getClubFeed(club.clubId)).items.map((i) => i.athleteId)).toEqual([friendId]);
  });

  it('pushes group standings to members over the WebSocket, delivered every time and never kept as seen', async () => {
    const storePath = tempStorePath();
    const store = await openFileStore(storePath);
    const shown: AthleteNotification[] = [];
    const feed = new NotificationFeed({
      api: me,
      store,
      openWebSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      onNotification: (n) => shown.push(n),
      backoff: { baseMs: 20, maxMs: 100 },
    });
    try {
      const session = await friend.createGroupSession('Tuesday tempo');
      expect(session.hostId).toBe(friendId);
      feed.start();
      await waitFor('the socket', () => feed.connection === 'live');
      const joined = await me.joinGroupSession(session.sessionId);
      expect(joined.members.map((m) => m.athleteId).sort()).toEqual([meId, friendId].sort());
      expect((await me.getMyGroupSessions()).map((s) => s.sessionId)).toEqual([session.sessionId]);
      const start = Date.now() - 60_000;
      await run(friend, 'f-live', start, [0, 10, 20], false);
      await friend.postSamples('f-live', 'watch-1', [{ t: start + 3000, distance: 31, speed: 3.2, hr: 160 }]);
      await waitFor('three group updates', () => shown.filter((n) => n.type === 'group-update').length >= 3);
      const last = shown.filter((n) => n.type === 'group-update').pop()!;
      const members = last.payload.members as { athleteId: string; distanceM: number; hrZone: number; rank: number }[];
      expect(members[0]).toMatchObject({ athleteId: friendId, distanceM: 31, hrZone: 4, rank: 1 });
      expect(await store.markNotificationSeen(last.id)).toBe(true);
      expect((await me.getGroupSession(session.sessionId)).members[0]!.distanceM).toBe(31);
      await me.leaveGroupSession(session.sessionId);
      expect(await me.getMyGroupSessions()).toEqual([]);
    } finally {
      await feed.stop();
      await store.close();
    }
  });
});
