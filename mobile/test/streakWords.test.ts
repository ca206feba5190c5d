import type { Streaks } from '../src/api/types';
import { localDay, streakWords, weeklyGoalLabel, weeklyGoalWords } from '../src/ui/streakWords';

const streaks = (daily: Partial<Streaks['daily']>, weekly = { current: 2, longest: 5 }): Streaks => ({
  timeZone: 'Europe/Moscow',
  today: '2026-12-02',
  daily: { current: 3, longest: 9, freezes: 1, atRisk: false, ...daily },
  weekly,
});

describe('streak words', () => {
  it('tells the current and longest streak, freezes and the weekly streak', () => {
    expect(streakWords(streaks({}))).toEqual({
      headline: '3-day streak',
      longest: 'Longest 9 days',
      freezes: '1 freeze to spare',
      atRisk: undefined,
      weekly: 'Weekly streak: 2 weeks · longest 5 weeks',
    });
  });

  it('warns while today is not active yet, and starts from nothing', () => {
    expect(streakWords(streaks({ atRisk: true })).atRisk).toBe('At risk today: 10 minutes on the move keep it going');
    const none = streakWords(streaks({ current: 0, longest: 1, freezes: 0 }, { current: 1, longest: 1 }));
    expect(none).toMatchObject({ headline: 'No streak yet', longest: 'Longest 1 day', freezes: 'No freezes to spare', weekly: 'Weekly streak: 1 week · longest 1 week' });
  });

  it('shows the weekly goal as a bar share and in its unit', () => {
    expect(weeklyGoalLabel({ distanceM: 20000 })).toBe('20 km a week');
    expect(weeklyGoalLabel({ movingSeconds: 9000 })).toBe('2:30 h a week');
    const week = { goal: { distanceM: 20000 }, progress: 12500.5, weekStart: '2026-11-30', kept: false };
    expect(weeklyGoalWords(week)).toEqual({ share: 0.625025, amount: '12.5 of 20 km', status: 'Not reached yet this week' });
    expect(weeklyGoalWords({ ...week, progress: 25000, kept: true })).toMatchObject({ share: 1, status: 'Kept this week' });
  });

  it('reads a server day as that calendar day wherever the phone is', () => {
    const day = localDay('2026-11-30')!;
    expect([day.getFullYear(), day.getMonth(), day.getDate(), day.getHours()]).toEqual([2026, 10, 30, 0]);
    expect(localDay('30.11.2026')).toBeUndefined();
  });
});
