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
      this.athletes.set(athleteId, { athleteId, displayName: displayName ?? 'Athlete', xp: 0, level: 1, inbox: [], sockets: new Set() });
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
      activity.finishedAt ??= (parse(body) as { finishedAt?: string }).finishedAt ?? new Date().toISOString();
      this.log.push(`FINISH ${match[1]}`);
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

    return problem(res, 404, `${method} ${path} is not here`);
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
