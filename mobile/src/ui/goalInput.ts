import type { ChallengeGoal, ChallengeMetric, WeeklyGoal } from '../api/types';
import { i18n, t } from '../i18n';

export interface MetricChoice {
  metric: ChallengeMetric;
  label: string;
  /** What the goal field asks for, in the athlete's units. */
  unit: string;
  defaultGoal: string;
}

/** The metrics a challenge can count, with their goal field's unit and a first goal, in the current language and units. */
export function metricChoices(): MetricChoice[] {
  const imperial = i18n().units === 'imperial';
  return [
    { metric: 'distance', label: t('goal.distance'), unit: i18n().distanceUnit, defaultGoal: imperial ? '26.2' : '42.195' },
    { metric: 'moving-time', label: t('goal.movingTime'), unit: t('goal.unitHours'), defaultGoal: '10' },
    { metric: 'elevation-gain', label: t('goal.elevation'), unit: t('unit.climbed', { unit: i18n().elevationUnit }), defaultGoal: imperial ? '3000' : '1000' },
    { metric: 'active-days', label: t('goal.activeDays'), unit: t('goal.unitDays'), defaultGoal: '20' },
  ];
}

export type WeeklyGoalKind = 'distance' | 'minutes';

export type Parsed<T> = { goal: T } | { error: string };

/** A positive number as typed; decimal keyboards in many locales type a comma. */
function positive(text: string): number | undefined {
  const value = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The challenge goal for what was typed in the metric's unit (km or mi, hours, metres or feet, days). */
export function challengeGoal(metric: ChallengeMetric, text: string): Parsed<ChallengeGoal> {
  const value = positive(text);
  const unit = metricChoices().find((c) => c.metric === metric)?.unit ?? '';
  if (value === undefined) return { error: t('goal.notPositive', { unit }) };
  switch (metric) {
    case 'moving-time':
      return { goal: { movingSeconds: Math.round(value * 3600) } };
    case 'elevation-gain':
      return { goal: { elevationGainM: Math.round(value * i18n().metresPerElevationUnit) } };
    case 'active-days':
      return Number.isInteger(value) ? { goal: { activeDays: value } } : { error: t('goal.wholeDays') };
    default:
      return { goal: { distanceM: Math.round(value * i18n().metresPerDistanceUnit) } };
  }
}

/** The weekly goal for kilometres (miles) or minutes as typed. */
export function weeklyGoal(kind: WeeklyGoalKind, text: string): Parsed<WeeklyGoal> {
  const value = positive(text);
  if (value === undefined) return { error: t('goal.notPositive', { unit: kind === 'distance' ? i18n().distanceUnit : t('goal.unitMinutes') }) };
  return { goal: kind === 'distance' ? { distanceM: Math.round(value * i18n().metresPerDistanceUnit) } : { movingSeconds: Math.round(value * 60) } };
}
