import { celebrates, toastFor } from '../src/ui/toastWords';

const notification = (type: string, payload: Record<string, unknown>) => ({ id: 'n1', type, occurredAt: '2026-12-01T08:00:00.000Z', payload });

describe('toast words', () => {
  it('announces a personal record with its value', () => {
    expect(toastFor(notification('pr', { record: '5k', name: '5 km', value: 1471, display: '24:31' }))).toEqual({
      key: 'n1',
      type: 'pr',
      title: 'New 5 km record',
      detail: '24:31',
    });
  });

  it('lists history imported from a file without a live toast', () => {
    expect(celebrates(notification('xp', { xp: 10, km: 3, imported: true }))).toBe(false);
    expect(celebrates(notification('xp', { xp: 10, km: 3 }))).toBe(true);
  });

  it('toasts an archive import once, when it ends, and not its progress', () => {
    const files = { total: 12, done: 12, imported: 10, merged: 1, failed: 1, skipped: 40 };
    expect(celebrates(notification('import-progress', { importId: 'i1', status: 'running', files }))).toBe(false);
    const ended = notification('import-finished', { importId: 'i1', status: 'finished', files });
    expect(celebrates(ended)).toBe(true);
    expect(toastFor(ended)).toEqual({ key: 'n1', type: 'import-finished', title: 'History imported', detail: '10 activities · 1 merged · 1 failed' });
  });

  it('still shows a type it does not know', () => {
    expect(toastFor(notification('rematch', {})).title).toBe('rematch');
  });

  it('counts the days of a streak and warns the evening it would end', () => {
    expect(toastFor(notification('streak', { days: 5, day: '2026-12-02' }))).toMatchObject({ type: 'streak', title: '5-day streak' });
    expect(toastFor(notification('streak-at-risk', { days: 5, day: '2026-12-02' }))).toEqual({
      key: 'n1',
      type: 'streak-at-risk',
      title: 'Your 5-day streak ends tonight',
      detail: '10 minutes on the move today keep it going',
    });
    expect(celebrates(notification('streak', { days: 5, day: '2026-12-02', imported: true }))).toBe(false);
  });

  it('names the weekly goal in its unit, reached or at risk', () => {
    const week = { weekStart: '2026-11-30' };
    expect(toastFor(notification('weekly-goal', { ...week, goal: { distanceM: 20000 }, progress: 21400 }))).toMatchObject({
      title: 'Weekly goal reached · 20 km',
      detail: '21.4 km this week',
    });
    expect(toastFor(notification('weekly-goal-at-risk', { ...week, goal: { distanceM: 20000 }, progress: 12500.5 }))).toMatchObject({
      title: 'Weekly goal at risk · 12.5 of 20 km',
      detail: 'Last day of the week',
    });
    expect(toastFor(notification('weekly-goal-at-risk', { ...week, goal: { movingSeconds: 7200 }, progress: 3900 })).title).toBe(
      'Weekly goal at risk · 1:05 of 2:00 h',
    );
    expect(toastFor(notification('weekly-goal', { ...week })).title).toBe('Weekly goal reached');
  });

  it('gives challenge milestones in the unit of their metric', () => {
    const progress = (payload: Record<string, unknown>) => toastFor(notification('challenge-progress', { challengeId: 'c1', name: 'December', percent: 50, ...payload }));
    expect(progress({ metric: 'distance', value: 21100, goal: { distanceM: 42195 }, distanceM: 21100, goalM: 42195 }).detail).toBe('December · 50% · 21.1 of 42.2 km');
    expect(progress({ metric: 'moving-time', value: 18000, goal: { movingSeconds: 36000 } }).detail).toBe('December · 50% · 5:00 of 10:00 h');
    expect(progress({ metric: 'elevation-gain', value: 500.4, goal: { elevationGainM: 1000 } }).detail).toBe('December · 50% · 500 of 1000 m climbed');
    expect(progress({ metric: 'active-days', value: 10, goal: { activeDays: 20 } }).detail).toBe('December · 50% · 10 of 20 days');
    expect(progress({ distanceM: 5000, goalM: 10000 }).detail).toBe('December · 50% · 5 of 10 km');
    const finished = toastFor(notification('challenge-finished', { challengeId: 'c1', name: 'Every day', metric: 'active-days', value: 20, goal: { activeDays: 20 } }));
    expect(finished).toMatchObject({ title: 'Challenge finished', detail: 'Every day · 20 days' });
    expect(toastFor(notification('challenge-finished', { challengeId: 'c1' })).detail).toBe('c1');
  });

  it('says whether XP came from a kilometre or from effort', () => {
    expect(toastFor(notification('xp', { xp: 10, km: 3, totalXp: 40 })).detail).toBe('Kilometre 3 · 40 XP in total');
    expect(toastFor(notification('xp', { xp: 5, effort: true, totalXp: 45 })).detail).toBe('Effort · 45 XP in total');
  });
});
