import type { AthleteNotification, Progress } from '../src/api/types';
import { applyToastAction, OfflineGame, type GameToast, type GameToastAction, type GameSettingsStore } from '../src/game/OfflineGame';
import { setI18n } from '../src/i18n';

class MemorySettings implements GameSettingsStore {
  readonly values = new Map<string, string>();
  async getSetting(key: string) {
    return this.values.get(key);
  }
  async setSetting(key: string, value: string) {
    this.values.set(key, value);
  }
}

const progress = (xp: number, level: number, badges: string[] = []): Progress => ({
  xp,
  level,
  xpForNextLevel: 0,
  badges: badges.map((id) => ({ id, name: id, awardedAt: '2026-12-01T08:00:00Z' })),
});

let nextId = 1;
const note = (type: string, payload: Record<string, unknown>): AthleteNotification => ({ id: `n${nextId++}`, type, occurredAt: '2026-12-01T08:00:00Z', payload });

/** The app's toast list as App.tsx keeps it: provisional actions, then the server's notifications through the game. */
class ToastScreen {
  toasts: GameToast[] = [];
  shown: GameToast[] = [];
  constructor(private readonly game: OfflineGame) {}
  apply(actions: (GameToastAction | undefined)[]): void {
    for (const action of actions) {
      if (!action) continue;
      const before = this.toasts.length;
      this.toasts = applyToastAction(this.toasts, action, 10);
      if (this.toasts.length > before) this.shown.push(action.toast);
    }
  }
  async server(notification: AthleteNotification, usualToast: () => GameToast): Promise<void> {
    const action = await this.game.onServerNotification(notification);
    this.apply([action ?? { kind: 'show', toast: usualToast() }]);
  }
}

describe('offline game', () => {
  afterEach(() => setI18n('en', 'metric'));

  it('pays kilometres, levels and badges at once, marked provisional', async () => {
    const game = await OfflineGame.load(new MemorySettings());
    await game.setBase(progress(15, 1));
    expect(await game.observe('a1', 'run', 900)).toEqual([]);
    const actions = await game.observe('a1', 'run', 1200);
    expect(actions.map((a) => [a.kind, a.toast.type, a.toast.title, a.toast.provisional])).toEqual([
      ['show', 'xp', '+10 XP', true],
      ['show', 'level-up', 'Level 2!', true],
      ['show', 'badge', 'New badge', true],
    ]);
    expect(actions[2]!.toast.detail).toBe('First kilometre');
    expect(game.standing).toEqual({ xp: 25, level: 2, provisional: true });
    // The same distance again pays nothing twice.
    expect(await game.observe('a1', 'run', 1500)).toEqual([]);
  });

  it('takes the server awards in place of the provisional toasts, without a second toast', async () => {
    const game = await OfflineGame.load(new MemorySettings());
    await game.setBase(progress(15, 1));
    const screen = new ToastScreen(game);
    screen.apply(await game.observe('a1', 'run', 1100));
    screen.apply(await game.observe('a1', 'run', 2050));
    expect(screen.shown.map((t) => t.title)).toEqual(['+10 XP', 'Level 2!', 'New badge', '+10 XP']);

    const usual = (title: string) => () => ({ key: `n${nextId}`, type: 'usual', title });
    await screen.server(note('xp', { xp: 10, km: 1, totalXp: 25, sport: 'run', activityId: 'a1' }), usual('server +10 XP'));
    await screen.server(note('level-up', { level: 2, previousLevel: 1, xp: 25, activityId: 'a1' }), usual('server Level 2!'));
    await screen.server(note('badge', { badgeId: 'first-km', name: 'First kilometre', activityId: 'a1' }), usual('server badge'));
    await screen.server(note('xp', { xp: 10, km: 2, totalXp: 35, sport: 'run', activityId: 'a1' }), usual('server +10 XP'));
    // Effort XP was not provisional: it is the usual toast.
    await screen.server(note('xp', { xp: 5, effort: true, totalXp: 40, activityId: 'a1' }), usual('effort'));

    expect(screen.shown.map((t) => t.title)).toEqual(['+10 XP', 'Level 2!', 'New badge', '+10 XP', 'effort']);
    const level = screen.toasts.find((t) => t.type === 'level-up')!;
    expect(level).toMatchObject({ title: 'Level 2!', detail: 'Level 2 confirmed' });
    expect(level.provisional).toBeFalsy();
    expect(screen.toasts.filter((t) => t.provisional)).toEqual([]);

    // Settling confirms quietly: the server holds what the phone showed.
    screen.apply(await game.settle('a1', progress(40, 2, ['first-km'])));
    expect(screen.shown).toHaveLength(5);
    expect(game.standing).toEqual({ xp: 40, level: 2, provisional: false });

    // A notification delivered late (after settling) still does not toast again.
    await screen.server(note('level-up', { level: 2, previousLevel: 1, xp: 25, activityId: 'a1' }), usual('late'));
    expect(screen.shown).toHaveLength(5);
  });

  it('does not toast a provisional award the server announced first', async () => {
    const game = await OfflineGame.load(new MemorySettings());
    await game.setBase(progress(0, 1, ['first-km']));
    const screen = new ToastScreen(game);
    await screen.server(note('xp', { xp: 10, km: 1, totalXp: 10, activityId: 'a1' }), () => ({ key: 's1', type: 'xp', title: 'server +10 XP' }));
    screen.apply(await game.observe('a1', 'run', 1000));
    expect(screen.shown.map((t) => t.title)).toEqual(['server +10 XP']);
  });

  it('corrects visibly what the server did not award', async () => {
    setI18n('ru', 'metric');
    const settings = new MemorySettings();
    let game = await OfflineGame.load(settings);
    await game.setBase(progress(70, 3));
    const screen = new ToastScreen(game);
    screen.apply(await game.observe('a1', 'walk', 5010));
    expect(screen.shown.map((t) => t.title)).toEqual(['+8 XP', '+8 XP', '+8 XP', '+8 XP', '+8 XP', 'Уровень 4!', 'Новый значок', 'Новый значок']);
    expect(screen.shown.every((t) => t.provisional)).toBe(true);

    // The app is closed and opened again before the server is reached: the provisional state survives.
    game = await OfflineGame.load(settings);
    expect(game.standing).toEqual({ xp: 110, level: 4, provisional: true });

    // The server measured 4.9 km (its GPS filter dropped a jump): level 3 and no 5K badge.
    screen.apply(await game.settle('a1', progress(102, 3, ['first-km'])));
    const corrections = screen.shown.filter((t) => t.type === 'game-correction').map((t) => t.title);
    expect(corrections).toEqual(['Исправлено: уровень 3', 'Исправлено: без значка «5K»']);
    expect(game.standing).toEqual({ xp: 102, level: 3, provisional: false });
  });

  it('says "Level 5 confirmed" or "Corrected: level 6" in English', async () => {
    const game = await OfflineGame.load(new MemorySettings());
    await game.setBase(progress(150, 4, ['first-km']));
    const first = await game.observe('a1', 'hike', 2000);
    expect(first.map((a) => a.toast.title)).toContain('Level 5!');
    const confirmed = await game.settle('a1', progress(174, 5, ['first-km']));
    expect(confirmed).toEqual([{ kind: 'replace', key: 'provisional:level:5', toast: expect.objectContaining({ detail: 'Level 5 confirmed' }) }]);

    expect((await game.observe('a2', 'hike', 12_000)).map((a) => a.toast.title)).toEqual(expect.arrayContaining(['Level 6!', 'Level 7!']));
    const corrected = await game.settle('a2', progress(290, 6, ['first-km', '5k', '10k']));
    expect(corrected.filter((a) => a.kind === 'show').map((a) => a.toast.title)).toEqual(['Corrected: level 6']);
    expect(corrected.filter((a) => a.kind === 'replace').map((a) => a.toast.detail)).toEqual(['5K confirmed', '10K confirmed']);
  });
});
