import { GPS_DEVICE_ID } from '../sensors/deviceIds';
import { ApiError, NetworkError, parseRetryAfter } from './errors';
import type {
  ActivityStart,
  ActivitySummary,
  ActivityTrust,
  Athlete,
  AthleteLink,
  Club,
  ClubDraft,
  ClubLeaderboardEntry,
  ClubMember,
  FeedComment,
  FeedItem,
  GroupSession,
  Page,
  Relationship,
  Challenge,
  Channel,
  ChallengeDraft,
  GameSettings,
  GameSettingsUpdate,
  LeaderboardEntry,
  NotificationPage,
  Progress,
  Resolution,
  Sample,
  SegmentEffort,
  SegmentEffortList,
  SegmentLeaderboard,
  SegmentPeriod,
  Streaks,
  Streams,
} from './types';

export interface ApiClientOptions {
  /** e.g. `http://127.0.0.1:5080`; no trailing slash needed. */
  baseUrl: string;
  token?: string;
  fetch?: typeof fetch;
  /** A request that has not answered by then counts as a network failure. */
  timeoutMs?: number;
}

interface Answer {
  status: number;
  body: unknown;
}

/** Typed access to the public API v1. Throws ApiError (answered) or NetworkError (no answer). */
export class ApiClient {
  readonly baseUrl: string;
  private token: string | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  get hasToken(): boolean {
    return this.token !== undefined;
  }

  useToken(token: string): void {
    this.token = token;
  }

  async createAthlete(displayName: string, signal?: AbortSignal): Promise<Athlete> {
    const answer = await this.send('POST', '/v1/athletes', { displayName }, signal, false);
    const athlete = answer.body as Athlete;
    this.token = athlete.token;
    return athlete;
  }

  /** @returns true when the server created it now, false when it already had it. */
  async putActivity(activityId: string, start: ActivityStart, signal?: AbortSignal): Promise<boolean> {
    const answer = await this.send('PUT', `/v1/activities/${enc(activityId)}`, start, signal);
    return answer.status === 201;
  }

  /** Resolves only on `202`: the batch is durable on the server and the local copy may go. */
  async postSamples(activityId: string, deviceId: string, samples: Sample[], signal?: AbortSignal): Promise<number> {
    const deviceKind = deviceKindOf(deviceId);
    const body = deviceKind === undefined ? { deviceId, samples } : { deviceId, deviceKind, samples };
    const answer = await this.send('POST', `/v1/activities/${enc(activityId)}/samples`, body, signal);
    if (answer.status !== 202) {
      throw new ApiError(answer.status, `/v1/activities/${activityId}/samples`, 'expected 202 Accepted');
    }
    const accepted = (answer.body as { accepted?: unknown } | null)?.accepted;
    return typeof accepted === 'number' ? accepted : samples.length;
  }

  async finishActivity(activityId: string, finishedAt: string, signal?: AbortSignal): Promise<void> {
    await this.send('POST', `/v1/activities/${enc(activityId)}/finish`, { finishedAt }, signal);
  }

  async getActivity(activityId: string, signal?: AbortSignal): Promise<ActivitySummary> {
    return (await this.send('GET', `/v1/activities/${enc(activityId)}`, undefined, signal)).body as ActivitySummary;
  }

  async getTrust(activityId: string, signal?: AbortSignal): Promise<ActivityTrust> {
    return (await this.send('GET', `/v1/activities/${enc(activityId)}/trust`, undefined, signal)).body as ActivityTrust;
  }

  /**
   * An activity's streams; with `points`, the whole activity in at most that many points (the server keeps each span's
   * lowest and highest value of the first channel), which is what a chart needs of an activity of any length.
   */
  async getStreams(activityId: string, channels: Channel[], resolution: Resolution, signal?: AbortSignal, points?: number): Promise<Streams> {
    const query = `channels=${channels.join(',')}&resolution=${resolution}` + (points === undefined ? '' : `&points=${points}`);
    return (await this.send('GET', `/v1/activities/${enc(activityId)}/streams?${query}`, undefined, signal)).body as Streams;
  }

  /** The athlete's segment efforts of one activity, newest first. */
  async getSegmentEfforts(activityId: string, signal?: AbortSignal): Promise<SegmentEffort[]> {
    const page = (await this.send('GET', `/v1/me/segment-efforts?activityId=${enc(activityId)}`, undefined, signal)).body as SegmentEffortList;
    return page.items;
  }

  async getSegmentLeaderboard(segmentId: string, period: SegmentPeriod = 'all', limit = 10, signal?: AbortSignal): Promise<SegmentLeaderboard> {
    const path = `/v1/segments/${enc(segmentId)}/leaderboard?period=${period}&limit=${limit}&around=me`;
    return (await this.send('GET', path, undefined, signal)).body as SegmentLeaderboard;
  }

  async getProgress(signal?: AbortSignal): Promise<Progress> {
    return (await this.send('GET', '/v1/me/progress', undefined, signal)).body as Progress;
  }

  async getGameSettings(signal?: AbortSignal): Promise<GameSettings> {
    return (await this.send('GET', '/v1/me/game-settings', undefined, signal)).body as GameSettings;
  }

  /** Replaces the time zone and the weekly goal together. A `422` names the field it refused (`ApiError.fields`). */
  async putGameSettings(update: GameSettingsUpdate, signal?: AbortSignal): Promise<GameSettings> {
    return (await this.send('PUT', '/v1/me/game-settings', update, signal)).body as GameSettings;
  }

  async getStreaks(signal?: AbortSignal): Promise<Streaks> {
    return (await this.send('GET', '/v1/me/streaks', undefined, signal)).body as Streaks;
  }

  async getNotifications(after: string | undefined, signal?: AbortSignal): Promise<NotificationPage> {
    const query = after === undefined ? '' : `?after=${encodeURIComponent(after)}`;
    return (await this.send('GET', `/v1/me/notifications${query}`, undefined, signal)).body as NotificationPage;
  }

  /** WebSocket address of the notification stream; browsers cannot set headers, so the token rides in the query. */
  notificationStreamUrl(): string {
    const wsBase = this.baseUrl.replace(/^http/, 'ws');
    return `${wsBase}/v1/me/notifications/stream?access_token=${encodeURIComponent(this.token ?? '')}`;
  }

  async createChallenge(draft: ChallengeDraft, signal?: AbortSignal): Promise<string> {
    const answer = await this.send('POST', '/v1/challenges', draft, signal);
    return (answer.body as { challengeId: string }).challengeId;
  }

  async getChallenge(challengeId: string, signal?: AbortSignal): Promise<Challenge> {
    return (await this.send('GET', `/v1/challenges/${enc(challengeId)}`, undefined, signal)).body as Challenge;
  }

  async joinChallenge(challengeId: string, signal?: AbortSignal): Promise<Challenge> {
    return (await this.send('POST', `/v1/challenges/${enc(challengeId)}/join`, undefined, signal)).body as Challenge;
  }

  async getLeaderboard(challengeId: string, limit = 50, signal?: AbortSignal): Promise<LeaderboardEntry[]> {
    const path = `/v1/challenges/${enc(challengeId)}/leaderboard?limit=${limit}&around=me`;
    const body = (await this.send('GET', path, undefined, signal)).body;
    // The contract says "ranked entries"; accept both a bare array and an object wrapping it.
    const wrapped = body as { entries?: LeaderboardEntry[]; items?: LeaderboardEntry[] } | null;
    const entries = Array.isArray(body) ? (body as LeaderboardEntry[]) : (wrapped?.entries ?? wrapped?.items ?? []);
    // Servers that only know distance challenges send distanceM without value.
    return entries.map((entry) => (typeof entry.value === 'number' ? entry : { ...entry, value: entry.distanceM ?? 0 }));
  }

  // Social

  /** The signed-in athlete's own profile (`athleteId`, `displayName`). */
  async getMe(signal?: AbortSignal): Promise<{ athleteId: string; displayName: string }> {
    return (await this.send('GET', '/v1/me', undefined, signal)).body as { athleteId: string; displayName: string };
  }

  /** Follows an athlete (a request when their profile is private); idempotent. */
  async follow(athleteId: string, signal?: AbortSignal): Promise<Relationship> {
    return (await this.send('POST', `/v1/athletes/${enc(athleteId)}/follow`, undefined, signal)).body as Relationship;
  }

  /** Ends a follow or a request. */
  async unfollow(athleteId: string, signal?: AbortSignal): Promise<void> {
    await this.send('DELETE', `/v1/athletes/${enc(athleteId)}/follow`, undefined, signal);
  }

  async getRelationship(athleteId: string, signal?: AbortSignal): Promise<Relationship> {
    return (await this.send('GET', `/v1/athletes/${enc(athleteId)}/relationship`, undefined, signal)).body as Relationship;
  }

  async getFollowers(athleteId: string, cursor?: string, signal?: AbortSignal): Promise<Page<AthleteLink>> {
    return (await this.send('GET', `/v1/athletes/${enc(athleteId)}/followers${pageQuery(cursor)}`, undefined, signal)).body as Page<AthleteLink>;
  }

  async getFollowing(athleteId: string, cursor?: string, signal?: AbortSignal): Promise<Page<AthleteLink>> {
    return (await this.send('GET', `/v1/athletes/${enc(athleteId)}/following${pageQuery(cursor)}`, undefined, signal)).body as Page<AthleteLink>;
  }

  /** The caller's feed, newest first; pass the page's `cursor` back for the next (older) page. */
  async getFeed(cursor?: string, signal?: AbortSignal): Promise<Page<FeedItem>> {
    return (await this.send('GET', `/v1/feed${pageQuery(cursor)}`, undefined, signal)).body as Page<FeedItem>;
  }

  /** Gives kudos to a feed item (`give`) or takes them back; answers with the item as it is now. */
  async setKudos(itemId: string, give: boolean, signal?: AbortSignal): Promise<FeedItem> {
    return (await this.send(give ? 'POST' : 'DELETE', `/v1/feed/${enc(itemId)}/kudos`, undefined, signal)).body as FeedItem;
  }

  /** A feed item's comments, oldest first. */
  async getComments(itemId: string, signal?: AbortSignal): Promise<FeedComment[]> {
    return itemsOf<FeedComment>((await this.send('GET', `/v1/feed/${enc(itemId)}/comments`, undefined, signal)).body);
  }

  async addComment(itemId: string, text: string, signal?: AbortSignal): Promise<FeedComment> {
    return (await this.send('POST', `/v1/feed/${enc(itemId)}/comments`, { text }, signal)).body as FeedComment;
  }

  async createClub(draft: ClubDraft, signal?: AbortSignal): Promise<Club> {
    return (await this.send('POST', '/v1/clubs', draft, signal)).body as Club;
  }

  /** The caller's clubs and the ones they are invited to. */
  async getMyClubs(signal?: AbortSignal): Promise<Club[]> {
    return itemsOf<Club>((await this.send('GET', '/v1/clubs', undefined, signal)).body);
  }

  async getClub(clubId: string, signal?: AbortSignal): Promise<Club> {
    return (await this.send('GET', `/v1/clubs/${enc(clubId)}`, undefined, signal)).body as Club;
  }

  async joinClub(clubId: string, signal?: AbortSignal): Promise<Club> {
    return (await this.send('POST', `/v1/clubs/${enc(clubId)}/join`, undefined, signal)).body as Club;
  }

  async getClubMembers(clubId: string, cursor?: string, signal?: AbortSignal): Promise<Page<ClubMember>> {
    return (await this.send('GET', `/v1/clubs/${enc(clubId)}/members${pageQuery(cursor)}`, undefined, signal)).body as Page<ClubMember>;
  }

  /** This week's distances of the club's members (from Monday 00:00 UTC), furthest first. */
  async getClubLeaderboard(clubId: string, signal?: AbortSignal): Promise<ClubLeaderboardEntry[]> {
    return itemsOf<ClubLeaderboardEntry>((await this.send('GET', `/v1/clubs/${enc(clubId)}/leaderboard`, undefined, signal)).body);
  }

  async getClubFeed(clubId: string, cursor?: string, signal?: AbortSignal): Promise<Page<FeedItem>> {
    return (await this.send('GET', `/v1/clubs/${enc(clubId)}/feed${pageQuery(cursor)}`, undefined, signal)).body as Page<FeedItem>;
  }

  /** Starts a live group session with the caller as its host and first member. */
  async createGroupSession(name: string, clubId?: string, signal?: AbortSignal): Promise<GroupSession> {
    const body = clubId === undefined ? { name } : { name, clubId };
    return (await this.send('POST', '/v1/group-sessions', body, signal)).body as GroupSession;
  }

  /** Joins a session by its id; the member's activity is `activityId`, or the first one they start after joining. */
  async joinGroupSession(sessionId: string, activityId?: string, signal?: AbortSignal): Promise<GroupSession> {
    const body = activityId === undefined ? undefined : { activityId };
    return (await this.send('POST', `/v1/group-sessions/${enc(sessionId)}/join`, body, signal)).body as GroupSession;
  }

  async leaveGroupSession(sessionId: string, signal?: AbortSignal): Promise<void> {
    await this.send('POST', `/v1/group-sessions/${enc(sessionId)}/leave`, undefined, signal);
  }

  async getGroupSession(sessionId: string, signal?: AbortSignal): Promise<GroupSession> {
    return (await this.send('GET', `/v1/group-sessions/${enc(sessionId)}`, undefined, signal)).body as GroupSession;
  }

  /** The live sessions the caller is in. */
  async getMyGroupSessions(signal?: AbortSignal): Promise<GroupSession[]> {
    return itemsOf<GroupSession>((await this.send('GET', '/v1/group-sessions', undefined, signal)).body);
  }

  private async send(method: string, path: string, body: unknown, outer?: AbortSignal, authorized = true): Promise<Answer> {
    const controller = new AbortController();
    const onOuterAbort = () => controller.abort();
    if (outer?.aborted) controller.abort();
    outer?.addEventListener('abort', onOuterAbort);
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (authorized && this.token !== undefined) headers.Authorization = `Bearer ${this.token}`;
    try {
      let response: Response;
      try {
        response = await this.fetchImpl(this.baseUrl + path, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: controller.signal,
        });
      } catch (error) {
        throw new NetworkError(path, outer?.aborted ? 'aborted' : describe(error));
      }
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        // The connection dropped while the body was on its way: the outcome is unknown.
        throw new NetworkError(path, describe(error));
      }
      const parsed = parseBody(text);
      if (response.status >= 400) {
        const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
        throw new ApiError(response.status, path, problemDetail(parsed, text), retryAfterMs, problemFields(parsed));
      }
      return { status: response.status, body: parsed };
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    }
  }
}

function pageQuery(cursor: string | undefined): string {
  return cursor === undefined || cursor === '' ? '' : `?cursor=${encodeURIComponent(cursor)}`;
}

/** Lists come as `{ items }`; a bare array is taken as it is. */
function itemsOf<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  const items = (body as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? (items as T[]) : [];
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function problemDetail(parsed: unknown, text: string): string {
  if (parsed !== null && typeof parsed === 'object') {
    const problem = parsed as { title?: unknown; detail?: unknown; errors?: unknown };
    const parts = [problem.title, problem.detail].filter((p): p is string => typeof p === 'string');
    if (problem.errors !== undefined) parts.push(JSON.stringify(problem.errors));
    if (parts.length > 0) return parts.join(' — ');
  }
  return text.slice(0, 200);
}

/** The field paths a validation problem names (`weeklyGoal.distanceM`, `timeZone`). */
function problemFields(parsed: unknown): string[] {
  const errors = parsed !== null && typeof parsed === 'object' ? (parsed as { errors?: unknown }).errors : undefined;
  return errors !== null && typeof errors === 'object' && !Array.isArray(errors) ? Object.keys(errors) : [];
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

/**
 * The server ranks devices by kind when it fuses channels (a chest strap beats optical heart rate, a wheel sensor beats
 * GPS speed). Only the phone's own GPS is known for sure here; Bluetooth sensors are left to rank as unknown.
 */
export function deviceKindOf(deviceId: string): string | undefined {
  return deviceId === GPS_DEVICE_ID ? 'phone' : undefined;
}
