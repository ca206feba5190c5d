import type { ChallengeGoal, ChallengeMetric, WeeklyGoal } from '../api/types';

export interface MetricChoice {
  metric: ChallengeMetric;
  label: string;
  /** What the goal field asks for. */
  unit: string;
  defaultGoal: string;
}

export const METRIC_CHOICES: readonly MetricChoice[] = [
  { metric: 'distance', label: 'Distance', unit: 'km', defaultGoal: '42.195' },
  { metric: 'moving-time', label: 'Moving time', unit: 'hours', defaultGoal: '10' },
  { metric: 'elevation-gain', label: 'Elevation', unit: 'm climbed', defaultGoal: '1000' },
  { metric: 'active-days', label: 'Active days', unit: 'days', defaultGoal: '20' },
];

export type WeeklyGoalKind = 'distance' | 'minutes';

export type Parsed<T> = { goal: T } | { error: string };

/** A positive number as typed; decimal keyboards in many locales type a comma. */
function positive(text: string): number | undefined {
  const value = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The challenge goal for what was typed in the metric's unit (km, hours, metres, days). */
export function challengeGoal(metric: ChallengeMetric, text: string): Parsed<ChallengeGoal> {
  const value = positive(text);
  const unit = METRIC_CHOICES.find((c) => c.metric === metric)?.unit ?? '';
  if (value === undefined) return { error: `The goal must be a number of ${unit} above zero.` };
  switch (metric) {
    case 'moving-time':
      return { goal: { movingSeconds: Math.round(value * 3600) } };
    case 'elevation-gain':
      return { goal: { elevationGainM: Math.round(value) } };
    case 'active-days':
      return Number.isInteger(value) ? { goal: { activeDays: value } } : { error: 'The goal must be a whole number of days.' };
    default:
      return { goal: { distanceM: Math.round(value * 1000) } };
  }
}

/** The weekly goal for kilometres or minutes as typed. */
export function weeklyGoal(kind: WeeklyGoalKind, text: string): Parsed<WeeklyGoal> {
  const value = positive(text);
  if (value === undefined) return { error: `The goal must be a number of ${kind === 'distance' ? 'km' : 'minutes'} above zero.` };
  return { goal: kind === 'distance' ? { distanceM: Math.round(value * 1000) } : { movingSeconds: Math.round(value * 60) } };
}
