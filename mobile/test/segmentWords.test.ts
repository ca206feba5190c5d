import { effortLines, leaderboardLines, segmentToast } from '../src/ui/segmentWords';
import { toastFor } from '../src/ui/toastWords';

describe('segment words', () => {
  it('toasts the time, the rank among the athletes and a personal best', () => {
    const toast = toastFor({
      id: 'n1',
      type: 'segment-finished',
      occurredAt: 0,
      payload: { segmentId: 's', name: 'Riverside', elapsedS: 271.4, display: '4:31', personalBest: true, rank: 3, athletes: 41, activityId: 'a' },
    });
    expect(toast).toMatchObject({ title: 'Riverside: 4:31', detail: 'Rank 3 of 41 · Personal best', type: 'segment-finished' });
  });

  it('leaves the rank out for an activity that is not on the leaderboard', () => {
    expect(segmentToast({ name: 'Hill', display: '1:02:05', personalBest: false })).toEqual({ title: 'Hill: 1:02:05' });
  });

  it('lists efforts in the order they were ridden and marks the best of a segment passed twice', () => {
    const lines = effortLines([
      { segmentId: 'loop', name: 'Loop', activityId: 'a', startedAt: '2026-12-01T10:20:00.000Z', elapsedS: 290, display: '4:50' },
      { segmentId: 'hill', name: 'Hill', activityId: 'a', startedAt: '2026-12-01T10:05:00.000Z', elapsedS: 100, display: '1:40' },
      { segmentId: 'loop', name: 'Loop', activityId: 'a', startedAt: '2026-12-01T10:10:00.000Z', elapsedS: 280, display: '4:40' },
    ]);
    expect(lines.map((l) => l.text)).toEqual(['Hill · 1:40', 'Loop · 4:40 · best of this activity', 'Loop · 4:50']);
  });

  it('reads the leaderboard as ranks, names and times', () => {
    const lines = leaderboardLines({
      segmentId: 's',
      period: 'all',
      athletes: 2,
      entries: [
        { rank: 1, athleteId: 'a', displayName: 'Ann', elapsedS: 250, display: '4:10', activityId: 'x', startedAt: '' },
        { rank: 2, athleteId: 'b', displayName: null, elapsedS: 260, display: '4:20', activityId: 'y', startedAt: '' },
      ],
    });
    expect(lines.map((l) => l.text)).toEqual(['1. Ann 4:10', '2. Athlete 4:20']);
  });
});
