import { challengeMetric, formatAmount, formatShare, hoursMinutes, kilometres, metricOfGoal } from '../src/ui/amounts';
import { challengeGoal, weeklyGoal } from '../src/ui/goalInput';

describe('amounts', () => {
  it('writes each metric in its unit', () => {
    expect(kilometres(12500.5)).toBe('12.5');
    expect(kilometres(20000)).toBe('20');
    expect(hoursMinutes(5400)).toBe('1:30');
    expect(hoursMinutes(59)).toBe('0:00');
    expect(formatAmount('distance', 42195)).toBe('42.2 km');
    expect(formatAmount('moving-time', 36_000)).toBe('10:00 h');
    expect(formatAmount('elevation-gain', 1234.6)).toBe('1235 m climbed');
    expect(formatAmount('active-days', 1)).toBe('1 day');
    expect(formatAmount('active-days', 5)).toBe('5 days');
    expect(formatShare('active-days', 0, 1)).toBe('0 of 1 day');
  });

  it('reads the metric from a goal or a challenge', () => {
    expect(metricOfGoal({ movingSeconds: 1 })).toBe('moving-time');
    expect(metricOfGoal({ elevationGainM: 1 })).toBe('elevation-gain');
    expect(metricOfGoal({ activeDays: 1 })).toBe('active-days');
    expect(metricOfGoal({ distanceM: 1 })).toBe('distance');
    expect(challengeMetric({ goal: { activeDays: 3 } })).toBe('active-days');
    expect(challengeMetric({ metric: 'moving-time', goal: { movingSeconds: 3 } })).toBe('moving-time');
    expect(challengeMetric({})).toBe('distance');
  });
});

describe('goal input', () => {
  it('turns what was typed in the metric unit into the goal the API takes', () => {
    expect(challengeGoal('distance', '42.195')).toEqual({ goal: { distanceM: 42195 } });
    expect(challengeGoal('distance', '21,1')).toEqual({ goal: { distanceM: 21100 } });
    expect(challengeGoal('moving-time', '1.5')).toEqual({ goal: { movingSeconds: 5400 } });
    expect(challengeGoal('elevation-gain', '1000')).toEqual({ goal: { elevationGainM: 1000 } });
    expect(challengeGoal('active-days', '20')).toEqual({ goal: { activeDays: 20 } });
  });

  it('refuses what is not a goal', () => {
    expect(challengeGoal('active-days', '2.5')).toEqual({ error: 'The goal must be a whole number of days.' });
    expect(challengeGoal('distance', '')).toEqual({ error: 'The goal must be a number of km above zero.' });
    expect(challengeGoal('moving-time', '-1')).toEqual({ error: 'The goal must be a number of hours above zero.' });
    expect(weeklyGoal('minutes', 'abc')).toEqual({ error: 'The goal must be a number of minutes above zero.' });
  });

  it('sets a weekly goal in kilometres or minutes', () => {
    expect(weeklyGoal('distance', '20')).toEqual({ goal: { distanceM: 20000 } });
    expect(weeklyGoal('minutes', '150')).toEqual({ goal: { movingSeconds: 9000 } });
  });
});
