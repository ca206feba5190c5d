import type { ChallengeGoal, ChallengeMetric, WeeklyGoal } from '../api/types';

type AnyGoal = ChallengeGoal | WeeklyGoal;

/** The metric a goal object measures; a goal without a known field is read as distance, the oldest kind. */
export function metricOfGoal(goal: AnyGoal | Record<string, unknown>): ChallengeMetric {
  if ('movingSeconds' in goal) return 'moving-time';
  if ('elevationGainM' in goal) return 'elevation-gain';
  if ('activeDays' in goal) return 'active-days';
  return 'distance';
}

/** The goal's number, in its own unit: metres, seconds, metres climbed or days. */
export function goalAmount(goal: AnyGoal | Record<string, unknown>): number {
  const fields = goal as Record<string, unknown>;
  const value = fields.distanceM ?? fields.movingSeconds ?? fields.elevationGainM ?? fields.activeDays;
  return typeof value === 'number' ? value : 0;
}

/** Kilometres with at most two decimals and no trailing zeros: 12500.5 m → "12.5". */
export function kilometres(metres: number): string {
  return String(Math.round(metres / 10) / 100);
}

/** Hours and minutes, `h:mm`: 5400 s → "1:30". */
export function hoursMinutes(seconds: number): string {
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function number(metric: ChallengeMetric, value: number): string {
  switch (metric) {
    case 'moving-time':
      return hoursMinutes(value);
    case 'elevation-gain':
    case 'active-days':
      return String(Math.round(value));
    default:
      return kilometres(value);
  }
}

function unit(metric: ChallengeMetric, count: number): string {
  switch (metric) {
    case 'moving-time':
      return 'h';
    case 'elevation-gain':
      return 'm climbed';
    case 'active-days':
      return Math.round(count) === 1 ? 'day' : 'days';
    default:
      return 'km';
  }
}

/** An amount with its unit: "20 km", "1:30 h", "350 m climbed", "5 days". */
export function formatAmount(metric: ChallengeMetric, value: number): string {
  return `${number(metric, value)} ${unit(metric, value)}`;
}

/** How far along a goal is: "12.5 of 20 km", "1:05 of 2:00 h", "3 of 10 days". */
export function formatShare(metric: ChallengeMetric, value: number, goal: number): string {
  return `${number(metric, value)} of ${number(metric, goal)} ${unit(metric, goal)}`;
}

/** Progress as a share of the goal, 0 to 1. */
export function shareOf(value: number, goal: number): number {
  return goal > 0 ? Math.min(1, Math.max(0, value / goal)) : 0;
}

/** A challenge's metric, read from its goal where the server does not name it. */
export function challengeMetric(challenge: { metric?: ChallengeMetric; goal?: ChallengeGoal | null }): ChallengeMetric {
  return challenge.metric ?? (challenge.goal ? metricOfGoal(challenge.goal) : 'distance');
}
