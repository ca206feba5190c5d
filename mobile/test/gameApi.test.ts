import { ApiClient } from '../src/api/ApiClient';
import { ApiError, isRefusalOf } from '../src/api/errors';
import { fakeFetch, validationProblem } from './support/fakeFetch';

const streaks = {
  timeZone: 'Europe/Moscow',
  today: '2026-12-02',
  daily: { current: 3, longest: 9, lastActiveDay: '2026-12-01', freezes: 1, atRisk: true },
  weekly: { current: 2, longest: 5 },
  weeklyGoal: { goal: { distanceM: 20000 }, progress: 12500.5, weekStart: '2026-11-30', kept: false },
};

describe('ApiClient game endpoints', () => {
  it('reads the game settings and the streaks with the token', async () => {
    const fake = fakeFetch((r) => ({ status: 200, body: r.path === '/v1/me/streaks' ? streaks : { timeZone: 'UTC' } }));
    const api = new ApiClient({ baseUrl: 'http://api.test/', token: 't1', fetch: fake.fetch });
    expect(await api.getGameSettings()).toEqual({ timeZone: 'UTC' });
    expect(await api.getStreaks()).toEqual(streaks);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/me/game-settings', 'GET /v1/me/streaks']);
    expect(fake.requests[0]!.headers.Authorization).toBe('Bearer t1');
  });

  it('puts the time zone and the goal together, null clearing the goal', async () => {
    const fake = fakeFetch((r) => ({ status: 200, body: r.body }));
    const api = new ApiClient({ baseUrl: 'http://api.test', token: 't1', fetch: fake.fetch });
    const saved = await api.putGameSettings({ timeZone: 'Europe/Moscow', weeklyGoal: null });
    expect(saved).toEqual({ timeZone: 'Europe/Moscow', weeklyGoal: null });
    expect(fake.requests[0]).toMatchObject({ method: 'PUT', path: '/v1/me/game-settings', body: { timeZone: 'Europe/Moscow', weeklyGoal: null } });
    expect(fake.requests[0]!.headers['Content-Type']).toBe('application/json');
  });

  it('names the refused field of a 422', async () => {
    const fake = fakeFetch(() => validationProblem('weeklyGoal.distanceM', 'out of range'));
    const api = new ApiClient({ baseUrl: 'http://api.test', token: 't1', fetch: fake.fetch });
    const error = await api.putGameSettings({ timeZone: 'UTC', weeklyGoal: { distanceM: 1e12 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).fields).toEqual(['weeklyGoal.distanceM']);
    expect(isRefusalOf(error, 'weeklyGoal')).toBe(true);
    expect(isRefusalOf(error, 'timeZone')).toBe(false);
    expect(isRefusalOf(new ApiError(422, '/p', 'x', undefined, ['WeeklyGoal']), 'weeklyGoal')).toBe(true);
    expect(isRefusalOf(new ApiError(400, '/p', 'x', undefined, ['weeklyGoal']), 'weeklyGoal')).toBe(false);
  });

  it('reads leaderboard values, and distance from servers that send no value', async () => {
    const fake = fakeFetch((r) =>
      r.path.startsWith('/v1/challenges/new/')
        ? { status: 200, body: [{ rank: 1, athleteId: 'a', displayName: 'Ann', value: 7 }] }
        : { status: 200, body: { entries: [{ rank: 1, athleteId: 'a', displayName: 'Ann', distanceM: 5000 }] } },
    );
    const api = new ApiClient({ baseUrl: 'http://api.test', token: 't1', fetch: fake.fetch });
    expect((await api.getLeaderboard('new'))[0]!.value).toBe(7);
    expect((await api.getLeaderboard('old'))[0]).toEqual({ rank: 1, athleteId: 'a', displayName: 'Ann', distanceM: 5000, value: 5000 });
  });

  it('gives back the challenge it joined', async () => {
    const view = { challengeId: 'c1', name: 'Climb', metric: 'elevation-gain', goal: { elevationGainM: 1000 }, joined: true, progress: 0 };
    const fake = fakeFetch(() => ({ status: 200, body: view }));
    const api = new ApiClient({ baseUrl: 'http://api.test', token: 't1', fetch: fake.fetch });
    expect(await api.joinChallenge('c1')).toEqual(view);
    expect(await api.getChallenge('c1')).toEqual(view);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/challenges/c1/join', 'GET /v1/challenges/c1']);
  });

  it('reads an activity\'s segment efforts and a segment\'s leaderboard around the athlete', async () => {
    const effort = { segmentId: 's/1', name: 'Hill', activityId: 'a1', startedAt: '2026-12-01T10:05:00.000Z', elapsedS: 100, display: '1:40' };
    const board = { segmentId: 's/1', period: 'all', athletes: 1, entries: [{ rank: 1, athleteId: 'a', displayName: 'Ann', elapsedS: 100, display: '1:40', activityId: 'a1', startedAt: '' }] };
    const fake = fakeFetch((r) => ({ status: 200, body: r.path.startsWith('/v1/me/') ? { items: [effort], cursor: null } : board }));
    const api = new ApiClient({ baseUrl: 'http://api.test', token: 't1', fetch: fake.fetch });
    expect(await api.getSegmentEfforts('a1')).toEqual([effort]);
    expect(await api.getSegmentLeaderboard('s/1')).toEqual(board);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/me/segment-efforts?activityId=a1',
      'GET /v1/segments/s%2F1/leaderboard?period=all&limit=10&around=me',
    ]);
  });

  it('asks for a chart\'s worth of points when given, and for every bucket otherwise', async () => {
    const fake = fakeFetch(() => ({ status: 200, body: { resolution: '10s', t: [] } }));
    const api = new ApiClient({ baseUrl: 'http://api.test', token: 't1', fetch: fake.fetch });
    await api.getStreams('a1', ['hr', 'speed'], '10s', undefined, 600);
    await api.getStreams('a1', ['hr'], '1m');
    expect(fake.requests.map((r) => r.path)).toEqual([
      '/v1/activities/a1/streams?channels=hr,speed&resolution=10s&points=600',
      '/v1/activities/a1/streams?channels=hr&resolution=1m',
    ]);
  });
});
