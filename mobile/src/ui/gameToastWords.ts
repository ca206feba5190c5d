import type { ChallengeMetric } from '../api/types';
import { i18n, t } from '../i18n';
import { formatAmount, formatShare, goalAmount, metricOfGoal } from './amounts';

export interface ToastWords {
  title: string;
  detail?: string;
}

type Payload = Record<string, unknown>;

const METRICS: readonly string[] = ['distance', 'moving-time', 'elevation-gain', 'active-days'];

const numberIn = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const goalIn = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const joined = (...parts: (string | undefined)[]) => parts.filter((p) => p !== undefined && p !== '').join(' · ');

export function streakToast(p: Payload): ToastWords {
  const days = numberIn(p.days);
  return { title: days === undefined ? t('toast.streak') : t('toast.streakDays', { count: days }) };
}

export function streakAtRiskToast(p: Payload): ToastWords {
  const days = numberIn(p.days);
  return {
    title: days === undefined ? t('toast.streakEnds') : t('toast.streakDaysEnds', { count: days }),
    detail: t('toast.streakKeep'),
  };
}

/** `weekly-goal` when reached, `weekly-goal-at-risk` on the last day of a week short of it. */
export function weeklyGoalToast(p: Payload, atRisk: boolean): ToastWords {
  const goal = goalIn(p.goal);
  const progress = numberIn(p.progress);
  if (goal === undefined) return { title: atRisk ? t('toast.weeklyAtRisk') : t('toast.weeklyReached') };
  const metric = metricOfGoal(goal);
  if (atRisk) {
    const share = progress === undefined ? formatAmount(metric, goalAmount(goal)) : formatShare(metric, progress, goalAmount(goal));
    return { title: t('toast.weeklyAtRiskShare', { share }), detail: t('toast.weeklyLastDay') };
  }
  return {
    title: t('toast.weeklyReachedGoal', { amount: formatAmount(metric, goalAmount(goal)) }),
    detail: progress === undefined ? undefined : t('toast.weeklyThisWeek', { amount: formatAmount(metric, progress) }),
  };
}

/** The metric, the caller's value and the goal of a challenge payload; older payloads carry distanceM and goalM only. */
export function challengeAmounts(p: Payload): { metric: ChallengeMetric; value?: number; goal?: number } {
  const goal = goalIn(p.goal);
  const metric = typeof p.metric === 'string' && METRICS.includes(p.metric) ? (p.metric as ChallengeMetric) : goal ? metricOfGoal(goal) : 'distance';
  return { metric, value: numberIn(p.value) ?? numberIn(p.distanceM), goal: goal ? goalAmount(goal) : numberIn(p.goalM) };
}

export function challengeToast(p: Payload, finished: boolean): ToastWords {
  const name = String(p.name ?? p.challengeId ?? '');
  const { metric, value, goal } = challengeAmounts(p);
  if (finished) {
    return { title: t('toast.challengeFinished'), detail: joined(name, goal === undefined ? undefined : formatAmount(metric, goal)) };
  }
  const percent = numberIn(p.percent);
  const share =
    value !== undefined && goal !== undefined ? formatShare(metric, value, goal) : value !== undefined ? formatAmount(metric, value) : undefined;
  return { title: t('toast.challengeProgress'), detail: joined(name, percent === undefined ? undefined : `${i18n().number(percent, { max: 0 })}%`, share) };
}
