import type { ChallengeGoal, ChallengeMetric, WeeklyGoal } from '../api/types';
import { i18n, t } from '../i18n';

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

/** Kilometres (or miles in imperial units) with at most two decimals and no trailing zeros: 12500.5 m → "12.5", "12,5". */
export function kilometres(metres: number): string {
  const perUnit = i18n().metresPerDistanceUnit;
  return i18n().number(Math.round((metres / perUnit) * 100) / 100);
}

/** Hours and minutes, `h:mm`: 5400 s → "1:30". */
export function hoursMinutes(seconds: number): string {
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

function number(metric: ChallengeMetric, value: number): string {
  switch (metric) {
    case 'moving-time':
      return hoursMinutes(value);
    case 'elevation-gain':
      return i18n().elevation(value).value;
    case 'active-days':
      return i18n().number(Math.round(value), { max: 0 });
    default:
      return kilometres(value);
  }
}

function unit(metric: ChallengeMetric, count: number): string {
  switch (metric) {
    case 'moving-time':
      return t('unit.h');
    case 'elevation-gain':
      return t('unit.climbed', { unit: i18n().elevationUnit });
    case 'active-days':
      return t('unit.days', { count: Math.round(count) });
    default:
      return i18n().distanceUnit;
  }
}

/** An amount with its unit: "20 km", "1:30 h", "350 m climbed", "5 days"; "20 км", "5 дней". */
export function formatAmount(metric: ChallengeMetric, value: number): string {
  return `${number(metric, value)} ${unit(metric, value)}`;
}

/** How far along a goal is: "12.5 of 20 km", "1:05 of 2:00 h", "3 of 10 days"; "3 из 10 дней". */
export function formatShare(metric: ChallengeMetric, value: number, goal: number): string {
  return t('amount.share', { value: number(metric, value), goal: number(metric, goal), unit: unit(metric, goal) });
}

/** Progress as a share of the goal, 0 to 1. */
export function shareOf(value: number, goal: number): number {
  return goal > 0 ? Math.min(1, Math.max(0, value / goal)) : 0;
}

/** A challenge's metric, read from its goal where the server does not name it. */
export function challengeMetric(challenge: { metric?: ChallengeMetric; goal?: ChallengeGoal | null }): ChallengeMetric {
  return challenge.metric ?? (challenge.goal ? metricOfGoal(challenge.goal) : 'distance');
}
