import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AthleteNotification, Sample } from '../../src/api/types';

/**
 * An in-process stand-in for the backend with the API v1 semantics the app relies on: idempotent
 * activities, samples unique by (activity, device, t), 202 only after storing, 503 + Retry-After,
 * an inbox with a cursor and a WebSocket push. Its gamification is deliberately tiny (XP per km,
 * a level per XP_PER_LEVEL) — just enough to produce `xp` and `level-up` notifications.
 */

export interface Faults {
  /** Chance that the connection is cut before the request is handled. */
  dropBeforeHandling?: number;
  /** Chance that the request is handled (samples stored) and the connection is then cut instead of answering. */
  dropAfterHandling?: number;
  /** The next N sample requests answer 503 with Retry-After. */
  unavailableCount?: number;
  retryAfterSeconds?: number;
  random?: () => number;
}

interface StoredActivity {
  athleteId: string;
  sport: string;
  startedAt: string;
  finishedAt?: string;
  kmAwarded: number;
}

interface Athlete {
  athleteId: string;
  displayName: string;
  gameSettings: { timeZone: string; weeklyGoal: unknown };
  /** Whom the athlete follows (the stand-in has no private profiles: a follow is accepted at once). */
  following: Set<string>;
  xp: number;
  level: number;
  inbox: AthleteNotification[];
  sockets: Set<WebSocket>;
}

export const XP_PER_KM = 10;
export const XP_PER_LEVEL = 30;
const MAX_SAMPLES = 10_000;
const MAX_BODY_BYTES = 1024 * 1024;

export class FakeApiServer {
  readonly samples = new Map<string, { activityId: string; deviceId: string; sample: Sample }>();
  /** Every sample received, duplicates included, in arrival order. */
  readonly received: { activityId: string; deviceId: string; t: number }[] = [];
  /** Requests in the order they were handled: what the server saw first. */
  readonly log: string[] = [];
  faults: Faults = {};
  /** Called when a valid batch arrives, before it is stored; 'drop' cuts the connection unhandled. */
  onSamplesArrived: (activityId: string, deviceId: string, samples: Sample[]) => 'drop' | void = () => undefined;
  /** Called after a batch is stored and before its 202 goes out. */
  onSamplesStored: (accepted: number) => void = () => undefined;

  private readonly athletes = new Map<string, Athlete>();
  private readonly tokens = new Map<string, string>();
  private readonly activities = new Map<string, StoredActivity>();
  private readonly feedItems: FakeFeedItem[] = [];
  private readonly clubs = new Map<string, FakeClub>();
  private readonly groups = new Map<string, FakeGroup>();
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private notificationSeq = 0;

  constructor() {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) problem(res, 500, String(error));
      });
    });
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const athlete = this.athleteForToken(url.searchParams.get('access_token') ?? bearer(req));
      if (url.pathname !== '/v1/me/notifications/stream' || athlete === undefined) {
        socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        athlete.sockets.add(ws);
        ws.on('close', () => athlete.sockets.delete(ws));
      });
    });
  }

  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    return this.url;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Pushes a notification as the backend would after an achievement. */
  notify(athleteId: string, type: string, payload: Record<string, unknown>): AthleteNotification {
    const athlete = this.athletes.get(athleteId);
    if (!athlete) throw new Error(`unknown athlete ${athleteId}`);
    const notification: AthleteNotification = {
      id: `n-${++this.notificationSeq}`,
      type,
      occurredAt: new Date().toISOString(),
      payload,
    };
    athlete.inbox.push(notification);
    for (const socket of athlete.sockets) socket.send(JSON.stringify(notification));
    return notification;
  }

  /** Cuts every live notification socket, as a lost mobile connection would. */
  dropSockets(): void {
    for (const client of this.wss.clients) client.terminate();
  }

  storedSamples(activityId: string): Sample[] {
    return [...this.samples.values()].filter((s) => s.activityId === activityId).map((s) => s.sample).sort((a, b) => a.t - b.t);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const random = this.faults.random ?? Math.random;
    if (random() < (this.faults.dropBeforeHandling ?? 0)) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readBody(req);
    if (body === undefined) return problem(res, 413, 'body over 1 MiB');
    const path = url.pathname;
    const method = req.method ?? 'GET';

    if (path === '/health/ready') return json(res, 200, { status: 'ready' });

    if (method === 'POST' && path === '/v1/athletes') {
      const { displayName } = parse(body) as { displayName?: string };
      const athleteId = randomUUID();
      const token = randomUUID();
      this.athletes.set(athleteId, { athleteId, displayName: displayName ?? 'Athlete', gameSettings: { timeZone: 'UTC', weeklyGoal: null }, following: new Set(), xp: 0, level: 1, inbox: [], sockets: new Set() });
      this.tokens.set(token, athleteId);
      return json(res, 201, { athleteId, token });
    }

    const athlete = this.athleteForToken(bearer(req));
    if (athlete === undefined) return problem(res, 401, 'missing or unknown token');

    let match: RegExpMatchArray | null;
    if ((match = path.match(/^\/v1\/activities\/([^/]+)$/)) && method === 'PUT') {
      const id = match[1]!;
      const { sport, startedAt } = parse(body) as { sport?: string; startedAt?: string };
      if (!sport || !startedAt) return problem(res, 400, 'sport and startedAt are required');
      const existing = this.activities.get(id);
      if (existing && existing.athleteId !== athlete.athleteId) return problem(res, 404, 'no such activity');
      this.log.push(`PUT ${id}`);
      if (existing) return json(res, 200, {});
      this.activities.set(id, { athleteId: athlete.athleteId, sport, startedAt, kmAwarded: 0 });
      return json(res, 201, {});
    }

    if ((match = path.match(/^\/v1\/activities\/([^/]+)\/samples$/)) && method === 'POST') {
      const id = match[1]!;
      const activity = this.ownActivity(id, athlete);
      if (!activity) return problem(res, 404, 'no such activity');
      const { deviceId, samples } = parse(body) as { deviceId?: string; samples?: Sample[] };
      if (!deviceId || !Array.isArray(samples)) return problem(res, 400, 'deviceId and samples are required');
      if (samples.length > MAX_SAMPLES) return problem(res, 413, 'too many samples');
      const invalid = samples.find((s) => s.hr !== undefined && (s.hr < 20 || s.hr > 250));
      if (invalid) return problem(res, 422, `hr ${invalid.hr} out of range`);
      if (this.onSamplesArrived(id, deviceId, samples) === 'drop') {
        req.socket.destroy();
        return;
      }
      if ((this.faults.unavailableCount ?? 0) > 0) {
        this.faults.unavailableCount! -= 1;
        res.setHeader('Retry-After', String(this.faults.retryAfterSeconds ?? 1));
        return problem(res, 503, 'log full');
      }
      for (const sample of samples) {
        this.received.push({ activityId: id, deviceId, t: sample.t });
        const key = `${id}|${deviceId}|${sample.t}`;
        if (!this.samples.has(key)) this.samples.set(key, { activityId: id, deviceId, sample });
      }
      const first = samples[0]?.t ?? 0;
      const last = samples[samples.length - 1]?.t ?? 0;
      this.log.push(`SAMPLES ${id} ${deviceId} ${first}-${last}`);
      this.award(athlete, id, activity);
      this.groupMoved(athlete, id);
      this.onSamplesStored(samples.length);
      if (random() < (this.faults.dropAfterHandling ?? 0)) {
        req.socket.destroy();
        return;
      }
      return json(res, 202, { accepted: samples.length });
    }

    if ((match = path.match(/^\/v1\/activities\/([^/]+)\/finish$/)) && method === 'POST') {
      const activity = this.ownActivity(match[1]!, athlete);
      if (!activity) return problem(res, 404, 'no such activity');
      const firstFinish = activity.finishedAt === undefined;
      activity.finishedAt ??= (parse(body) as { finishedAt?: string }).finishedAt ?? new Date().toISOString();
      this.log.push(`FINISH ${match[1]}`);
      if (firstFinish) this.activityFinished(athlete, match[1]!, activity);
      if (random() < (this.faults.dropAfterHandling ?? 0)) {
        req.socket.destroy();
        return;
      }
      return json(res, 202, {});
    }

    if ((match = path.match(/^\/v1\/activities\/([^/]+)$/)) && method === 'GET') {
      const id = match[1]!;
      const activity = this.ownActivity(id, athlete);
      if (!activity) return problem(res, 404, 'no such activity');
      return json(res, 200, this.summary(id, activity));
    }

    if ((match = path.match(/^\/v1\/activities\/([^/]+)\/streams$/)) && method === 'GET') {
      const id = match[1]!;
      if (!this.ownActivity(id, athlete)) return problem(res, 404, 'no such activity');
      return json(res, 200, this.streams(id, url.searchParams.get('channels') ?? 'hr,power,speed', url.searchParams.get('resolution') ?? '10s'));
    }

    if (path === '/v1/me/progress' && method === 'GET') {
      return json(res, 200, { xp: athlete.xp, level: athlete.level, xpForNextLevel: athlete.level * XP_PER_LEVEL, badges: [] });
    }

    if (path === '/v1/me/notifications' && method === 'GET') {
      const after = Number(url.searchParams.get('after') ?? '0');
      const items = athlete.inbox.filter((n) => Number(n.id.slice(2)) > after).slice(0, 50);
      const last = items[items.length - 1];
      return json(res, 200, { items, cursor: last ? last.id.slice(2) : String(after) });
    }

    if (path === '/v1/me/game-settings' && method === 'GET') return json(res, 200, athlete.gameSettings);
    if (path === '/v1/me/game-settings' && method === 'PUT') {
      const { timeZone, weeklyGoal } = parse(body) as { timeZone?: string; weeklyGoal?: unknown };
      if (!timeZone) return problem(res, 422, 'timeZone is required');
      athlete.gameSettings = { timeZone, weeklyGoal: weeklyGoal ?? null };
      return json(res, 200, athlete.gameSettings);
    }
    if (path === '/v1/me/streaks' && method === 'GET') return json(res, 200, this.streaks(athlete));

    if (this.social(method, path, url, body, athlete, res)) return;

    return problem(res, 404, `${method} ${path} is not here`);
  }

  /**
   * The Social service's routes the app uses: follows (accepted at once), the feed (own and followed athletes'
   * finished activities, kudos, comments), clubs (public or invite-only, weekly leaderboard, club feed) and live group
   * sessions (standings pushed as `group-update` whenever a member's samples arrive). Answers and returns true when
   * the route is one of them.
   */
  private social(method: string, path: string, url: URL, body: string, athlete: Athlete, res: ServerResponse): boolean {
    let match: RegExpMatchArray | null;
    const limit = Math.min(200, Number(url.searchParams.get('limit') ?? '30') || 30);
    const offset = Number(url.searchParams.get('cursor') ?? '0') || 0;
    const paged = <T>(all: T[]) => {
      const items = all.slice(offset, offset + limit);
      return { items, cursor: offset + limit < all.length ? String(offset + limit) : null };
    };

    if (path === '/v1/me' && method === 'GET') {
      json(res, 200, { athleteId: athlete.athleteId, displayName: athlete.displayName, region: 'default', createdAt: new Date().toISOString() });
      return true;
    }
    if ((match = path.match(/^\/v1\/athletes\/([^/]+)\/(follow|relationship|followers|following)$/))) {
      const other = this.athletes.get(match[1]!);
      if (!other) return problem(res, 404, 'no such athlete'), true;
      const what = match[2];
      if (what === 'follow' && method === 'POST') {
        if (other.athleteId === athlete.athleteId) return problem(res, 422, 'cannot follow oneself'), true;
        if (!athlete.following.has(other.athleteId)) {
          athlete.following.add(other.athleteId);
          this.notify(other.athleteId, 'follow', { athleteId: athlete.athleteId, displayName: athlete.displayName });
        }
        json(res, 200, this.relationship(athlete, other));
        return true;
      }
      if (what === 'follow' && method === 'DELETE') {
        athlete.following.delete(other.athleteId);
        res.writeHead(204).end();
        return true;
      }
      if (what === 'relationship' && method === 'GET') return json(res, 200, this.relationship(athlete, other)), true;
      if (method === 'GET') {
        const ids = what === 'followers' ? [...this.athletes.values()].filter((a) => a.following.has(other.athleteId)).map((a) => a.athleteId) : [...other.following];
        json(res, 200, paged(ids.map((id) => ({ athleteId: id, displayName: this.athletes.get(id)?.displayName, since: new Date().toISOString() }))));
        return true;
      }
    }

    if (path === '/v1/feed' && method === 'GET') {
      const channels = new Set([athlete.athleteId, ...athlete.following]);
      json(res, 200, paged(this.feedItems.filter((item) => channels.has(item.athleteId)).reverse().map((item) => this.itemView(item, athlete))));
      return true;
    }
    if ((match = path.match(/^\/v1\/feed\/([^/]+)(\/kudos|\/comments)?$/))) {
      const item = this.feedItems.find((i) => i.itemId === match![1]);
      if (!item) return problem(res, 404, 'no such item'), true;
      if (!match[2] && method === 'GET') return json(res, 200, this.itemView(item, athlete)), true;
      if (match[2] === '/kudos' && (method === 'POST' || method === 'DELETE')) {
        if (item.athleteId === athlete.athleteId) return problem(res, 422, 'kudos to oneself'), true;
        if (method === 'POST' && !item.kudos.has(athlete.athleteId)) {
          item.kudos.add(athlete.athleteId);
          this.notify(item.athleteId, 'kudos', { itemId: item.itemId, athleteId: athlete.athleteId, displayName: athlete.displayName });
        }
        if (method === 'DELETE') item.kudos.delete(athlete.athleteId);
        return json(res, 200, this.itemView(item, athlete)), true;
      }
      if (match[2] === '/comments' && method === 'GET') return json(res, 200, { items: item.comments }), true;
      if (match[2] === '/comments' && method === 'POST') {
        const { text } = parse(body) as { text?: string };
        if (!text || text.trim() === '' || text.length > 1000) return problem(res, 422, 'text is 1–1,000 characters'), true;
        const comment = { commentId: randomUUID(), athleteId: athlete.athleteId, displayName: athlete.displayName, text: text.trim(), createdAt: new Date().toISOString() };
        item.comments.push(comment);
        return json(res, 201, comment), true;
      }
    }

    if (path === '/v1/clubs' && method === 'POST') {
      const { name, description, access } = parse(body) as { name?: string; description?: string; access?: string };
      if (!name || name.trim() === '' || name.length > 100) return problem(res, 422, 'name is 1–100 characters'), true;
      const club: FakeClub = { clubId: randomUUID(), name: name.trim(), description: description ?? null, access: access === 'invite-only' ? 'invite-only' : 'public', members: new Map([[athlete.athleteId, 'owner']]), createdAt: new Date().toISOString() };
      this.clubs.set(club.clubId, club);
      return json(res, 201, this.clubView(club, athlete)), true;
    }
    if (path === '/v1/clubs' && method === 'GET') {
      json(res, 200, { items: [...this.clubs.values()].filter((c) => c.members.has(athlete.athleteId)).map((c) => this.clubView(c, athlete)) });
      return true;
    }
    if ((match = path.match(/^\/v1\/clubs\/([^/]+)(\/join|\/members|\/leaderboard|\/feed)?$/))) {
      const club = this.clubs.get(match[1]!);
      const member = club?.members.has(athlete.athleteId) ?? false;
      if (!club || (club.access === 'invite-only' && !member)) return problem(res, 404, 'no such club'), true;
      const what = match[2];
      if (!what && method === 'GET') return json(res, 200, this.clubView(club, athlete)), true;
      if (what === '/join' && method === 'POST') {
        if (!member) club.members.set(athlete.athleteId, 'member');
        return json(res, 200, this.clubView(club, athlete)), true;
      }
      if (what === '/members' && method === 'GET') {
        json(res, 200, paged([...club.members].map(([id, role]) => ({ athleteId: id, displayName: this.athletes.get(id)?.displayName, since: club.createdAt, role }))));
        return true;
      }
      if (what === '/leaderboard' && method === 'GET') {
        const weekStart = mondayUtc(new Date());
        const rows = [...club.members.keys()].map((id) => {
          const items = this.feedItems.filter((i) => i.athleteId === id && i.type === 'activity' && Date.parse(i.occurredAt) >= weekStart);
          const sum = (key: string) => items.reduce((total, i) => total + Number(i.details[key] ?? 0), 0);
          return { athleteId: id, displayName: this.athletes.get(id)?.displayName, distanceM: sum('distanceM'), movingS: sum('movingS'), activities: items.length };
        });
        rows.sort((a, b) => b.distanceM - a.distanceM);
        return json(res, 200, rows.filter((r) => r.activities > 0).map((r, i) => ({ rank: i + 1, ...r }))), true;
      }
      if (what === '/feed' && method === 'GET') {
        json(res, 200, paged(this.feedItems.filter((i) => club.members.has(i.athleteId)).reverse().map((i) => this.itemView(i, athlete))));
        return true;
      }
    }

    if (path === '/v1/group-sessions' && method === 'POST') {
      const { name } = parse(body) as { name?: string };
      if (!name || name.trim() === '' || name.length > 100) return problem(res, 422, 'name is 1–100 characters'), true;
      if (this.groupOf(athlete.athleteId)) return problem(res, 409, 'already in another live session'), true;
      const group: FakeGroup = { sessionId: randomUUID(), name: name.trim(), hostId: athlete.athleteId, startedAt: new Date().toISOString(), members: new Map() };
      group.members.set(athlete.athleteId, newMember(athlete));
      this.groups.set(group.sessionId, group);
      res.setHeader('Location', `/v1/group-sessions/${group.sessionId}`);
      return json(res, 201, this.groupView(group)), true;
    }
    if (path === '/v1/group-sessions' && method === 'GET') {
      json(res, 200, { items: [...this.groups.values()].filter((g) => g.members.get(athlete.athleteId)?.present).map((g) => this.groupView(g)) });
      return true;
    }
    if ((match = path.match(/^\/v1\/group-sessions\/([^/]+)(\/join|\/leave)?$/))) {
      const group = this.groups.get(match[1]!);
      if (!group) return problem(res, 404, 'no such session'), true;
      const mine = group.members.get(athlete.athleteId);
      const what = match[2];
      if (what === '/join' && method === 'POST') {
        const other = this.groupOf(athlete.athleteId);
        if (other && other !== group) return problem(res, 409, 'already in another live session'), true;
        if (!mine) group.members.set(athlete.athleteId, newMember(athlete));
        else mine.present = true;
        this.pushGroup(group);
        return json(res, 200, this.groupView(group)), true;
      }
      if (what === '/leave' && method === 'POST') {
        if (!mine?.present) return problem(res, 404, 'not in this session'), true;
        mine.present = false;
        res.writeHead(204).end();
        return true;
      }
      if (!what && method === 'GET') {
        if (!mine) return problem(res, 404, 'no such session'), true;
        return json(res, 200, this.groupView(group)), true;
      }
    }
    return false;
  }

  /** A day (UTC here) is active once the athlete's samples span 10 minutes in it; the stand-in knows only today. */
  private streaks(athlete: Athlete): Record<string, unknown> {
    const today = new Date().toISOString().slice(0, 10);
    const seconds = new Set<string>();
    for (const { activityId, sample } of this.samples.values()) {
      if (this.activities.get(activityId)?.athleteId === athlete.athleteId && new Date(sample.t).toISOString().startsWith(today)) {
        seconds.add(`${activityId}|${Math.floor(sample.t / 1000)}`);
      }
    }
    const active = seconds.size >= 600;
    return {
      timeZone: athlete.gameSettings.timeZone,
      today,
      daily: { current: active ? 1 : 0, longest: active ? 1 : 0, lastActiveDay: active ? today : null, freezes: 1, atRisk: !active },
      weekly: { current: active ? 1 : 0, longest: active ? 1 : 0 },
      weeklyGoal: null,
    };
  }

  private relationship(caller: Athlete, other: Athlete): Record<string, unknown> {
    return {
      athleteId: other.athleteId,
      displayName: other.displayName,
      following: caller.following.has(other.athleteId) ? 'following' : 'none',
      followsYou: other.following.has(caller.athleteId),
      blocking: false,
      privateProfile: false,
      followers: [...this.athletes.values()].filter((a) => a.following.has(other.athleteId)).length,
      followingCount: other.following.size,
    };
  }

  private itemView(item: FakeFeedItem, viewer: Athlete): Record<string, unknown> {
    const { kudos, comments, ...rest } = item;
    return { ...rest, displayName: this.athletes.get(item.athleteId)?.displayName, kudos: kudos.size, kudosByMe: kudos.has(viewer.athleteId), comments: comments.length };
  }

  private clubView(club: FakeClub, viewer: Athlete): Record<string, unknown> {
    return { clubId: club.clubId, name: club.name, description: club.description, access: club.access, members: club.members.size, role: club.members.get(viewer.athleteId) ?? null, invited: false, createdAt: club.createdAt };
  }

  private activityFinished(athlete: Athlete, activityId: string, activity: StoredActivity): void {
    const summary = this.summary(activityId, activity);
    this.feedItems.push({
      itemId: randomUUID(),
      type: 'activity',
      athleteId: athlete.athleteId,
      occurredAt: activity.finishedAt!,
      activityId,
      details: { sport: activity.sport, startedAt: activity.startedAt, finishedAt: activity.finishedAt, distanceM: summary.distanceM, movingS: summary.movingS, elapsedS: summary.elapsedS },
      kudos: new Set(),
      comments: [],
    });
    const group = this.groupOf(athlete.athleteId);
    const member = group?.members.get(athlete.athleteId);
    if (group && member && member.activityId === activityId) {
      member.finished = true;
      this.pushGroup(group);
      for (const other of group.members.values()) {
        if (other.athleteId !== athlete.athleteId && other.present) {
          this.notify(other.athleteId, 'group-finished', { sessionId: group.sessionId, athleteId: athlete.athleteId, displayName: athlete.displayName, distanceM: member.distanceM, rank: this.ranked(group).find((m) => m.athleteId === athlete.athleteId)?.rank ?? 1 });
        }
      }
    }
  }

  /** A member's samples arrived: the first activity with samples after joining is theirs in the session. */
  private groupMoved(athlete: Athlete, activityId: string): void {
    const group = this.groupOf(athlete.athleteId);
    const member = group?.members.get(athlete.athleteId);
    if (!group || !member) return;
    member.activityId ??= activityId;
    if (member.activityId !== activityId) return;
    const samples = this.storedSamples(activityId);
    const last = samples[samples.length - 1];
    const before = this.ranked(group).map((m) => String(m.athleteId));
    member.distanceM = Math.max(0, ...samples.map((s) => s.distance ?? 0));
    member.paceSPerKm = last?.speed ? 1000 / last.speed : null;
    member.hrZone = last?.hr ? (last.hr / 190 < 0.6 ? 1 : Math.min(5, Math.floor((last.hr / 190) * 10) - 4)) : null;
    const after = this.ranked(group).map((m) => String(m.athleteId));
    // Whoever this member overtook hears of it.
    for (const passed of before.slice(0, before.indexOf(athlete.athleteId))) {
      if (after.indexOf(passed) > after.indexOf(athlete.athleteId)) {
        this.notify(passed, 'group-passed', { sessionId: group.sessionId, athleteId: athlete.athleteId, displayName: athlete.displayName });
      }
    }
    this.pushGroup(group);
  }

  private groupOf(athleteId: string): FakeGroup | undefined {
    return [...this.groups.values()].find((g) => g.members.get(athleteId)?.present);
  }

  private ranked(group: FakeGroup): Record<string, unknown>[] {
    const members = [...group.members.values()].sort((a, b) => b.distanceM - a.distanceM);
    let rank = 0;
    return members.map((m, i) => {
      if (i === 0 || members[i - 1]!.distanceM !== m.distanceM) rank = i + 1;
      const { present: _present, ...view } = m;
      return { ...view, rank };
    });
  }

  private groupView(group: FakeGroup): Record<string, unknown> {
    return { sessionId: group.sessionId, name: group.name, clubId: null, hostId: group.hostId, startedAt: group.startedAt, members: this.ranked(group) };
  }

  /** `group-update` goes over the socket only, as the backend's does: it is not kept in the inbox. */
  private pushGroup(group: FakeGroup): void {
    const members = this.ranked(group);
    for (const member of group.members.values()) {
      if (!member.present) continue;
      const update = { id: `live-${randomUUID()}`, type: 'group-update', occurredAt: new Date().toISOString(), payload: { sessionId: group.sessionId, name: group.name, memberCount: members.length, members } };
      for (const socket of this.athletes.get(member.athleteId)?.sockets ?? []) socket.send(JSON.stringify(update));
    }
  }

  private award(athlete: Athlete, activityId: string, activity: StoredActivity): void {
    const distance = Math.max(0, ...this.storedSamples(activityId).map((s) => s.distance ?? 0));
    while (activity.kmAwarded < Math.floor(distance / 1000)) {
      activity.kmAwarded += 1;
      athlete.xp += XP_PER_KM;
      this.notify(athlete.athleteId, 'xp', { xp: XP_PER_KM, totalXp: athlete.xp, activityId, km: activity.kmAwarded });
      const level = 1 + Math.floor(athlete.xp / XP_PER_LEVEL);
      if (level > athlete.level) {
        const previousLevel = athlete.level;
        athlete.level = level;
        this.notify(athlete.athleteId, 'level-up', { level, previousLevel, xp: athlete.xp, activityId });
      }
    }
  }

  private summary(id: string, activity: StoredActivity): Record<string, unknown> {
    const samples = this.storedSamples(id);
    const hrs = samples.map((s) => s.hr).filter((v): v is number => v !== undefined);
    const powers = samples.map((s) => s.power).filter((v): v is number => v !== undefined);
    const first = samples[0]?.t ?? 0;
    const last = samples[samples.length - 1]?.t ?? 0;
    return {
      activityId: id,
      sport: activity.sport,
      status: activity.finishedAt ? 'finished' : 'recording',
      startedAt: activity.startedAt,
      finishedAt: activity.finishedAt ?? null,
      distanceM: Math.max(0, ...samples.map((s) => s.distance ?? 0)),
      elapsedS: Math.round((last - first) / 1000),
      movingS: Math.round((last - first) / 1000),
      avgHr: hrs.length ? hrs.reduce((a, b) => a + b, 0) / hrs.length : null,
      maxHr: hrs.length ? Math.max(...hrs) : null,
      avgPower: powers.length ? powers.reduce((a, b) => a + b, 0) / powers.length : null,
      xpEarned: activity.kmAwarded * XP_PER_KM,
      devices: [...new Set([...this.samples.values()].filter((s) => s.activityId === id).map((s) => s.deviceId))],
    };
  }

  private streams(id: string, channels: string, resolution: string): Record<string, unknown> {
    const step = resolution === '1m' ? 60_000 : resolution === '1s' ? 1000 : 10_000;
    const buckets = new Map<number, Sample[]>();
    for (const sample of this.storedSamples(id)) {
      const bucket = Math.floor(sample.t / step) * step;
      buckets.set(bucket, [...(buckets.get(bucket) ?? []), sample]);
    }
    const times = [...buckets.keys()].sort((a, b) => a - b);
    const result: Record<string, unknown> = { resolution, t: times };
    for (const channel of channels.split(',') as (keyof Sample)[]) {
      result[channel] = times.map((t) => {
        const values = buckets.get(t)!.map((s) => s[channel]).filter((v): v is number => typeof v === 'number');
        return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
      });
    }
    return result;
  }

  private ownActivity(id: string, athlete: Athlete): StoredActivity | undefined {
    const activity = this.activities.get(id);
    return activity && activity.athleteId === athlete.athleteId ? activity : undefined;
  }

  private athleteForToken(token: string | undefined | null): Athlete | undefined {
    const athleteId = token ? this.tokens.get(token) : undefined;
    return athleteId ? this.athletes.get(athleteId) : undefined;
  }
}

interface FakeFeedItem {
  itemId: string;
  type: string;
  athleteId: string;
  occurredAt: string;
  activityId?: string;
  details: Record<string, unknown>;
  kudos: Set<string>;
  comments: { commentId: string; athleteId: string; displayName: string; text: string; createdAt: string }[];
}

interface FakeClub {
  clubId: string;
  name: string;
  description: string | null;
  access: 'public' | 'invite-only';
  members: Map<string, 'owner' | 'admin' | 'member'>;
  createdAt: string;
}

interface FakeGroupMember {
  athleteId: string;
  displayName: string;
  activityId?: string;
  distanceM: number;
  paceSPerKm: number | null;
  hrZone: number | null;
  finished: boolean;
  present: boolean;
}

interface FakeGroup {
  sessionId: string;
  name: string;
  hostId: string;
  startedAt: string;
  members: Map<string, FakeGroupMember>;
}

function newMember(athlete: Athlete): FakeGroupMember {
  return { athleteId: athlete.athleteId, displayName: athlete.displayName, distanceM: 0, paceSPerKm: null, hrZone: null, finished: false, present: true };
}

/** Monday 00:00 UTC of the week of `now`, epoch milliseconds. */
function mondayUtc(now: Date): number {
  const day = (now.getUTCDay() + 6) % 7;
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day);
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parse(body: string): unknown {
  try {
    return body ? JSON.parse(body) : {};
  } catch {
    return {};
  }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(value));
}

function problem(res: ServerResponse, status: number, detail: string): void {
  res.writeHead(status, { 'Content-Type': 'application/problem+json' });
  res.end(JSON.stringify({ title: `HTTP ${status}`, detail }));
}
