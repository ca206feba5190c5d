import { ApiClient } from '../src/api/ApiClient';
import type { GameSettings } from '../src/api/types';
import { TimeZoneSync, deviceTimeZone, timeZoneUpdate } from '../src/sync/TimeZoneSync';
import { fakeFetch, validationProblem, type FakeAnswer, type RecordedRequest } from './support/fakeFetch';

/** Game settings on a fake server; `put` decides how a PUT is answered. */
function gameServer(stored: GameSettings, put: (body: GameSettings) => FakeAnswer = (body) => ({ status: 200, body })) {
  const fake = fakeFetch((request: RecordedRequest) => {
    if (request.method === 'GET') return { status: 200, body: stored };
    const answer = put(request.body as GameSettings);
    if (answer.status === 200) stored = answer.body as GameSettings;
    return answer;
  });
  const api = new ApiClient({ baseUrl: 'http://api.test', token: 't1', fetch: fake.fetch });
  const puts = () => fake.requests.filter((r) => r.method === 'PUT').map((r) => r.body);
  return { api, puts, requests: fake.requests };
}

describe('time zone sync', () => {
  it('wants an update only when the phone is elsewhere, keeping the goal', () => {
    const goal = { distanceM: 20000 };
    expect(timeZoneUpdate({ timeZone: 'UTC', weeklyGoal: goal }, 'Europe/Moscow')).toEqual({ timeZone: 'Europe/Moscow', weeklyGoal: goal });
    expect(timeZoneUpdate({ timeZone: 'UTC' }, 'Asia/Tokyo')).toEqual({ timeZone: 'Asia/Tokyo', weeklyGoal: null });
    expect(timeZoneUpdate({ timeZone: 'Europe/Moscow' }, 'Europe/Moscow')).toBeUndefined();
    expect(timeZoneUpdate({ timeZone: 'UTC' }, undefined)).toBeUndefined();
  });

  it('reads the phone time zone from Intl', () => {
    expect(deviceTimeZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('puts the phone time zone with the goal it read, then answers the saved settings', async () => {
    const server = gameServer({ timeZone: 'UTC', weeklyGoal: { movingSeconds: 7200 } });
    const sync = new TimeZoneSync(server.api, () => 'Europe/Moscow');
    expect(await sync.load()).toEqual({ timeZone: 'Europe/Moscow', weeklyGoal: { movingSeconds: 7200 } });
    expect(server.puts()).toEqual([{ timeZone: 'Europe/Moscow', weeklyGoal: { movingSeconds: 7200 } }]);
    await sync.load();
    expect(server.puts()).toHaveLength(1);
  });

  it('sends nothing when the zones already agree', async () => {
    const server = gameServer({ timeZone: 'Europe/Moscow' });
    expect(await new TimeZoneSync(server.api, () => 'Europe/Moscow').load()).toEqual({ timeZone: 'Europe/Moscow' });
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('keeps the server zone when it refuses the phone zone, and does not send that zone again', async () => {
    const server = gameServer({ timeZone: 'UTC' }, () => validationProblem('timeZone', 'unknown time zone'));
    const sync = new TimeZoneSync(server.api, () => 'Mars/Olympus_Mons');
    expect(await sync.load()).toEqual({ timeZone: 'UTC' });
    expect(await sync.load()).toEqual({ timeZone: 'UTC' });
    expect(server.puts()).toHaveLength(1);
  });

  it('tries again on the next load when the update failed for another reason', async () => {
    let failures = 1;
    const server = gameServer({ timeZone: 'UTC' }, (body) => (failures-- > 0 ? { status: 503, body: { title: 'busy' } } : { status: 200, body }));
    const sync = new TimeZoneSync(server.api, () => 'Asia/Tokyo');
    expect(await sync.load()).toEqual({ timeZone: 'UTC' });
    expect(await sync.load()).toEqual({ timeZone: 'Asia/Tokyo', weeklyGoal: null });
    expect(server.puts()).toHaveLength(2);
  });

  it('accepts a zone the server stores under another name instead of sending it on every load', async () => {
    const server = gameServer({ timeZone: 'UTC' }, (body) => ({ status: 200, body: { ...body, timeZone: body.timeZone === 'Europe/Kiev' ? 'Europe/Kyiv' : body.timeZone } }));
    const sync = new TimeZoneSync(server.api, () => 'Europe/Kiev');
    expect((await sync.load()).timeZone).toBe('Europe/Kyiv');
    expect((await sync.load()).timeZone).toBe('Europe/Kyiv');
    expect(server.puts()).toHaveLength(1);
  });

  it('shares one load between callers that ask at once', async () => {
    const server = gameServer({ timeZone: 'UTC' });
    const sync = new TimeZoneSync(server.api, () => 'America/New_York');
    const [first, second] = await Promise.all([sync.load(), sync.load()]);
    expect(first).toBe(second);
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
  });

  it('fails the load when the settings cannot be read', async () => {
    const fake = fakeFetch(() => ({ status: 500, body: { title: 'down' } }));
    const sync = new TimeZoneSync(new ApiClient({ baseUrl: 'http://api.test', token: 't', fetch: fake.fetch }), () => 'UTC');
    await expect(sync.load()).rejects.toThrow(/500/);
  });
});
