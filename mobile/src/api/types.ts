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

export type Channel = 'hr' | 'power' | 'speed' | 'cadence' | 'distance' | 'alt';

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
  devices: unknown[];
}

export type Resolution = '1s' | '10s' | '1m';

export interface Streams {
  resolution: Resolution;
  t: number[];
  hr?: (number | null)[];
  power?: (number | null)[];
  speed?: (number | null)[];
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

export type NotificationType = 'xp' | 'level-up' | 'badge' | 'challenge-progress' | 'challenge-finished' | 'pr';

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

export interface ChallengeDraft {
  name: string;
  sport: Sport;
  goal: { distanceM: number };
  startsAt: string;
  endsAt: string;
}

export interface LeaderboardEntry {
  rank: number;
  athleteId: string;
  displayName: string;
  distanceM: number;
  finishedAt?: string | null;
}
