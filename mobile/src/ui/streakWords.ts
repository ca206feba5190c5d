import type { Streaks, WeeklyGoal, WeeklyGoalProgress } from '../api/types';
import { t } from '../i18n';
import { formatAmount, formatShare, goalAmount, metricOfGoal, shareOf } from './amounts';

export interface StreakWords {
  headline: string;
  longest: string;
  freezes: string;
  /** Only while today is not active yet and the streak would end. */
  atRisk?: string;
  weekly: string;
}

/** What the streak card says. */
export function streakWords(streaks: Streaks): StreakWords {
  const { daily, weekly } = streaks;
  return {
    headline: daily.current > 0 ? t('streak.days', { count: daily.current }) : t('streak.none'),
    longest: t('streak.longest', { days: t('words.days', { count: daily.longest }) }),
    freezes: daily.freezes > 0 ? t('streak.freezes', { freezes: t('words.freezes', { count: daily.freezes }) }) : t('streak.noFreezes'),
    atRisk: daily.atRisk ? t('streak.atRisk') : undefined,
    weekly: t('streak.weekly', { current: t('words.weeks', { count: weekly.current }), longest: t('words.weeks', { count: weekly.longest }) }),
  };
}

/** "20 km a week", "2:30 h a week". */
export function weeklyGoalLabel(goal: WeeklyGoal): string {
  return t('amount.perWeek', { amount: formatAmount(metricOfGoal(goal), goalAmount(goal)) });
}

export interface WeeklyGoalWords {
  /** 0 to 1, for the bar. */
  share: number;
  amount: string;
  status: string;
}

export function weeklyGoalWords(week: WeeklyGoalProgress): WeeklyGoalWords {
  const goal = goalAmount(week.goal);
  return {
    share: week.kept ? 1 : shareOf(week.progress, goal),
    amount: formatShare(metricOfGoal(week.goal), week.progress, goal),
    status: week.kept ? t('weekly.kept') : t('weekly.notYet'),
  };
}

/**
 * A server date (`2026-11-30`, a day in the athlete's time zone) as a local Date at its midnight. `new Date('2026-11-30')`
 * would be UTC midnight, which west of Greenwich shows as the day before.
 */
export function localDay(day: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}
