/** Shapes of the public API v1 (see docs/API.md in the repository root). */

export type Sport = 'run' | 'ride' | 'walk' | 'hike' | 'swim' | 'other';

/** One instant of telemetry from one device. `t` is epoch milliseconds; every channel is optional. */
export interface Sample {
  t: number;
  hr?: number;
  power?: number;
  cadence?: number;
  /** metres per second */
  speed?: number;
  /** cumulative metres since the activity started */
  distance?: number;
  lat?: number;
  lon?: number;
  alt?: number;
  /** RR intervals in milliseconds */
  rr?: number[];
}

export type Channel = 'hr' | 'power' | 'speed' | 'cadence' | 'distance' | 'alt' | 'lat' | 'lon';

export interface Athlete {
  athleteId: string;
  token: string;
}

export interface ActivityStart {
  sport: Sport;
  startedAt: string;
  name?: string;
}

/** How far the platform trusts an activity's distance, and why (`GET /v1/activities/{id}/trust`). */
export interface ActivityTrust {
  activityId: string;
  trust: 'sensor-verified' | 'phone-gps' | 'imported-file' | 'implausible';
  countedM: number;
  refusedM: number;
  reasons: string[];
}

export interface ActivitySummary {
  activityId: string;
  sport: Sport;
  status: 'recording' | 'finished';
  startedAt: string;
  finishedAt?: string | null;
  distanceM: number;
  elapsedS: number;
  movingS: number;
  avgHr?: number | null;
  maxHr?: number | null;
  avgPower?: number | null;
  xpEarned: number;
  /** Samples stored, every device's counted. */
  sampleCount: number;
  devices: unknown[];
}

export type Resolution = '1s' | '10s' | '1m';

export interface Streams {
  resolution: Resolution;
  t: number[];
  hr?: (number | null)[];
  power?: (number | null)[];
  speed?: (number | null)[];
  /** Positions; another athlete's view has null where their privacy settings hide them. */
  lat?: (number | null)[];
  lon?: (number | null)[];
  [channel: string]: unknown;
}

export interface Badge {
  id: string;
  name: string;
  awardedAt: string;
}

export interface Progress {
  xp: number;
  level: number;
  xpForNextLevel: number;
  badges: Badge[];
}

export type NotificationType =
  | 'xp'
  | 'level-up'
  | 'badge'
  | 'challenge-progress'
  | 'challenge-finished'
  | 'pr'
  | 'streak'
  | 'streak-at-risk'
  | 'weekly-goal'
  | 'weekly-goal-at-risk'
  | 'segment-finished'
  | 'follow'
  | 'follow-request'
  | 'follow-accepted'
  | 'kudos'
  | 'comment'
  | 'club-invite'
  | 'group-update'
  | 'group-passed'
  | 'group-finished';

export interface AthleteNotification {
  id: string;
  /** One of NotificationType; the server may add more, which the app shows generically. */
  type: string;
  occurredAt: string | number;
  payload: Record<string, unknown>;
}

export interface NotificationPage {
  items: AthleteNotification[];
  cursor: string | null;
}

/** What a challenge counts; its goal has exactly one of the matching fields. */
export type ChallengeMetric = 'distance' | 'moving-time' | 'elevation-gain' | 'active-days';

export type ChallengeGoal = { distanceM: number } | { movingSeconds: number } | { elevationGainM: number } | { activeDays: number };

export interface ChallengeDraft {
  name: string;
  sport: Sport;
  goal: ChallengeGoal;
  startsAt: string;
  endsAt: string;
}

/** A challenge as `GET /v1/challenges`, `GET /v1/challenges/{id}` and join show it. */
export interface Challenge {
  challengeId: string;
  name: string;
  sport: Sport;
  goal: ChallengeGoal;
  startsAt: string;
  endsAt: string;
  participants: number;
  joined: boolean;
  /** Missing from servers that only know distance challenges. */
  metric?: ChallengeMetric;
  /** The caller's amount in the goal's unit, once joined. */
  progress?: number;
  /** Only for distance challenges. */
  distanceM?: number;
  finishedAt?: string | null;
}

export interface LeaderboardEntry {
  rank: number;
  athleteId: string;
  displayName: string;
  /** In the goal's unit: metres, seconds, metres climbed or days. */
  value: number;
  /** Only for distance challenges. */
  distanceM?: number;
  finishedAt?: string | null;
}

/** A weekly goal has exactly one of the two. */
export type WeeklyGoal = { distanceM: number } | { movingSeconds: number };

export interface GameSettings {
  /** IANA name, e.g. `Europe/Moscow`; days and weeks end at its midnight. */
  timeZone: string;
  weeklyGoal?: WeeklyGoal | null;
}

/** `PUT /v1/me/game-settings` replaces both: `weeklyGoal: null` clears the goal. */
export interface GameSettingsUpdate {
  timeZone: string;
  weeklyGoal: WeeklyGoal | null;
}

export interface DailyStreak {
  current: number;
  longest: number;
  /** Local date, `2026-12-01`. */
  lastActiveDay?: string | null;
  /** Missed days the streak can still survive. */
  freezes: number;
  /** Today is not active yet and the streak ends if it stays so. */
  atRisk: boolean;
}

export interface WeeklyGoalProgress {
  goal: WeeklyGoal;
  /** In the goal's unit: metres or seconds. */
  progress: number;
  /** Local date of the week's first day. */
  weekStart: string;
  kept: boolean;
}

export interface Streaks {
  timeZone: string;
  /** Local date in `timeZone`. */
  today: string;
  daily: DailyStreak;
  weekly: { current: number; longest: number };
  weeklyGoal?: WeeklyGoalProgress | null;
}

/** One pass of a segment: from its start gate to its end gate. */
export interface SegmentEffort {
  segmentId: string;
  name: string;
  activityId: string;
  startedAt: string;
  elapsedS: number;
  display: string;
}

export interface SegmentEffortList {
  items: SegmentEffort[];
  cursor?: string | null;
}

/** A segment's best effort of one athlete. */
export interface SegmentLeaderboardEntry {
  rank: number;
  athleteId: string;
  displayName?: string | null;
  elapsedS: number;
  display: string;
  activityId: string;
  startedAt: string;
}

export type SegmentPeriod = 'all' | 'year' | 'month' | 'week' | 'today';

export interface SegmentLeaderboard {
  segmentId: string;
  period: SegmentPeriod;
  from?: string | null;
  athletes: number;
  entries: SegmentLeaderboardEntry[];
}

// Social (see "Social (added)" in docs/api.md)

/** Whether the caller follows an athlete: `requested` until an athlete with a private profile accepts. */
export type FollowState = 'none' | 'requested' | 'following';

/** `GET /v1/athletes/{id}/relationship`, and the answer of follow. */
export interface Relationship {
  athleteId: string;
  displayName: string;
  following: FollowState;
  followsYou: boolean;
  blocking: boolean;
  privateProfile: boolean;
  /** How many follow the athlete. */
  followers: number;
  /** How many the athlete follows. */
  followingCount: number;
}

export interface AthleteLink {
  athleteId: string;
  displayName: string;
  since: string;
}

/** A page of a social list; `cursor` is absent (or null) on the last page. */
export interface Page<T> {
  items: T[];
  cursor?: string | null;
}

export type FeedItemType = 'activity' | 'pr' | 'level-up' | 'badge' | 'challenge-finished';

/** Details of a finished activity in the feed. */
export interface FeedActivityDetails {
  sport: Sport;
  startedAt: string;
  finishedAt: string;
  distanceM: number;
  movingS: number;
  elapsedS: number;
}

export interface FeedItem {
  itemId: string;
  /** One of FeedItemType; the server may add more, which the app shows plainly. */
  type: string;
  athleteId: string;
  displayName: string;
  occurredAt: string;
  activityId?: string | null;
  /** `FeedActivityDetails` for activities, the notification's payload for achievements. */
  details: Record<string, unknown>;
  kudos: number;
  kudosByMe: boolean;
  comments: number;
}

export interface FeedComment {
  commentId: string;
  athleteId: string;
  displayName: string;
  text: string;
  createdAt: string;
}

export type ClubAccess = 'public' | 'invite-only';

export interface Club {
  clubId: string;
  name: string;
  description?: string | null;
  access: ClubAccess;
  members: number;
  /** The caller's role; absent when only invited. */
  role?: 'owner' | 'admin' | 'member' | null;
  invited: boolean;
  createdAt: string;
}

export interface ClubDraft {
  name: string;
  description?: string;
  access: ClubAccess;
}

export interface ClubMember {
  athleteId: string;
  displayName: string;
  role: 'owner' | 'admin' | 'member';
  since?: string;
}

/** This week's (from Monday 00:00 UTC) standing of one member. */
export interface ClubLeaderboardEntry {
  rank: number;
  athleteId: string;
  displayName: string;
  distanceM: number;
  movingS: number;
  activities: number;
}

/** One member of a live group session, as the session's GET and `group-update` show them. */
export interface GroupMember {
  athleteId: string;
  displayName: string;
  activityId?: string | null;
  distanceM: number;
  /** Over the last 15–30 s; absent while standing still. */
  paceSPerKm?: number | null;
  /** 1–5; absent without a recent heart rate. */
  hrZone?: number | null;
  finished: boolean;
  rank: number;
}

export interface GroupSession {
  sessionId: string;
  name: string;
  clubId?: string | null;
  hostId: string;
  startedAt: string;
  members: GroupMember[];
}

/** The payload of a `group-update` notification: the leaders and the members around the recipient. */
export interface GroupUpdate {
  sessionId: string;
  name: string;
  memberCount: number;
  members: GroupMember[];
}
