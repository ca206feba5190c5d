import type { AthleteNotification, Progress, Sport } from '../api/types';
import { t } from '../i18n';
import { BADGES, badgesFor, levelFor, thresholdFor, wholeKm, xpPerKm } from './rules';

/** Where the engine keeps its state: the store's settings. */
export interface GameSettingsStore {
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
}

/** What the athlete sees as a toast; `provisional` until the server has confirmed it. */
export interface GameToast {
  key: string;
  type: string;
  title: string;
  detail?: string;
  provisional?: boolean;
}

/**
 * What the app does with its toasts: show a new one, or put new words on the one with `key` (only if it is still
 * shown: a confirmation never pops up a second toast).
 */
export type GameToastAction = { kind: 'show'; toast: GameToast } | { kind: 'replace'; key: string; toast: GameToast };

interface ProvisionalActivity {
  activityId: string;
  sport: Sport;
  /** Whole kilometres paid provisionally. */
  km: number;
  /** Levels reached provisionally, in order. */
  levels: number[];
  badges: string[];
  /** When the last kilometre was paid; settling waits for the server after that. */
  lastAwardAt: number;
  /** When the server's last notification about it came, once it has confirmed the last kilometre. */
  serverHeardAt?: number;
}

interface State {
  /** The athlete's progress as the server last said, before any provisional activity. */
  base: { xp: number; level: number; badges: string[] } | null;
  activities: ProvisionalActivity[];
  /** Match keys the server has confirmed (recent ones): a toast for them is never shown twice. */
  confirmed: string[];
}

const STATE_KEY = 'game.offline';
const CONFIRMED_KEPT = 500;
const PROVISIONAL_PREFIX = 'provisional:';

/** The key a provisional award and the server's award share. */
const kmKey = (activityId: string, km: number) => `km:${activityId}:${km}`;
const levelKey = (level: number) => `level:${level}`;
const badgeKey = (badgeId: string) => `badge:${badgeId}`;

/**
 * The game on the phone. While recording (online or not) it pays the same XP per kilometre, levels and distance badges
 * as the server (`rules.ts`, checked against the shared vectors) and shows them at once, marked provisional. The
 * server's own awards, arriving on the notification feed, take the provisional toasts' place without a second toast;
 * when an activity is settled against the server's progress, what the server did not award is corrected visibly.
 */
export class OfflineGame {
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly store: GameSettingsStore,
    private state: State,
    private readonly now: () => number,
  ) {}

  static async load(store: GameSettingsStore, now: () => number = Date.now): Promise<OfflineGame> {
    const text = await store.getSetting(STATE_KEY);
    const state = text ? (JSON.parse(text) as State) : { base: null, activities: [], confirmed: [] };
    return new OfflineGame(store, state, now);
  }

  /** The level and total XP the athlete has now, counting the provisional activities. */
  get standing(): { xp: number; level: number; provisional: boolean } {
    const base = this.state.base ?? { xp: 0, level: 1, badges: [] };
    const extra = this.state.activities.reduce((sum, a) => sum + a.km * xpPerKm(a.sport), 0);
    return { xp: base.xp + extra, level: Math.max(base.level, levelFor(base.xp + extra)), provisional: this.state.activities.length > 0 };
  }

  get hasProvisional(): boolean {
    return this.state.activities.length > 0;
  }

  /** Activities paid provisionally and not settled yet. */
  provisionalActivities(): { activityId: string; km: number; lastAwardAt: number }[] {
    return this.state.activities.map(({ activityId, km, lastAwardAt }) => ({ activityId, km, lastAwardAt }));
  }

  /** When the server last spoke of an activity after confirming its last provisional kilometre; undefined before. */
  serverHeard(activityId: string): number | undefined {
    const activity = this.state.activities.find((a) => a.activityId === activityId);
    return activity && this.state.confirmed.includes(kmKey(activityId, activity.km)) ? activity.serverHeardAt : undefined;
  }

  /**
   * The server's progress, as a base for provisional awards. Taken only while nothing is provisional: during an
   * activity the server's figures may already hold part of it.
   */
  async setBase(progress: Progress): Promise<void> {
    if (this.state.activities.length > 0) return;
    this.state.base = { xp: progress.xp, level: progress.level, badges: progress.badges.map((b) => b.id) };
    await this.save();
  }

  /** The activity's distance so far: the awards it newly earned, as provisional toasts. */
  async observe(activityId: string, sport: Sport, distanceM: number): Promise<GameToastAction[]> {
    let activity = this.state.activities.find((a) => a.activityId === activityId);
    const km = wholeKm(distanceM);
    const newBadges = badgesFor(sport, distanceM).filter((b) => !this.holds(b.id));
    if ((activity?.km ?? 0) >= km && newBadges.length === 0) return [];
    if (!activity) {
      activity = { activityId, sport, km: 0, levels: [], badges: [], lastAwardAt: this.now() };
      this.state.activities.push(activity);
    }
    const actions: GameToastAction[] = [];
    const rate = xpPerKm(sport);
    let running = this.standing.xp;
    let level = this.standing.level;
    // As the server pays them: each kilometre's XP, then every level it reached.
    while (activity.km < km) {
      activity.km++;
      activity.lastAwardAt = this.now();
      running += rate;
      actions.push(this.provisional(kmKey(activityId, activity.km), 'xp', t('toast.xp', { xp: rate }), t('toast.xpKm', { km: activity.km, total: t('toast.xpTotal', { xp: running }) })));
      while (thresholdFor(level + 1) <= running) {
        level++;
        activity.levels.push(level);
        actions.push(this.provisional(levelKey(level), 'level-up', t('toast.levelUp', { level }), t('toast.levelFrom', { level: level - 1 })));
      }
    }
    for (const badge of newBadges) {
      activity.badges.push(badge.id);
      actions.push(this.provisional(badgeKey(badge.id), 'badge', t('toast.badge'), badge.name));
    }
    await this.save();
    return actions.filter((action): action is GameToastAction => action !== undefined);
  }

  /**
   * A notification from the server. An award the phone already showed provisionally puts the confirmed words on that
   * toast (`replace`); anything else is for the usual toast (`undefined`).
   */
  async onServerNotification(notification: AthleteNotification): Promise<GameToastAction | undefined> {
    const key = matchKey(notification);
    if (key === undefined) return undefined;
    const shown = this.state.activities.some((a) => this.provisionalKeys(a).includes(key)) || this.state.confirmed.includes(key);
    this.confirm(key);
    const activity = this.state.activities.find((a) => a.activityId === notification.payload.activityId);
    if (activity && this.state.confirmed.includes(kmKey(activity.activityId, activity.km))) activity.serverHeardAt = this.now();
    await this.save();
    if (!shown) return undefined;
    const p = notification.payload;
    switch (notification.type) {
      case 'level-up':
        return { kind: 'replace', key: PROVISIONAL_PREFIX + key, toast: { key: PROVISIONAL_PREFIX + key, type: 'level-up', title: t('toast.levelUp', { level: String(p.level) }), detail: t('game.confirmedLevel', { level: String(p.level) }) } };
      case 'badge': {
        const name = String(p.name ?? p.badgeId ?? '');
        return { kind: 'replace', key: PROVISIONAL_PREFIX + key, toast: { key: PROVISIONAL_PREFIX + key, type: 'badge', title: t('toast.badge'), detail: t('game.confirmedBadge', { name }) } };
      }
      default:
        return {
          kind: 'replace',
          key: PROVISIONAL_PREFIX + key,
          toast: { key: PROVISIONAL_PREFIX + key, type: 'xp', title: t('toast.xp', { xp: String(p.xp ?? '') }), detail: t('toast.xpKm', { km: String(p.km), total: t('toast.xpTotal', { xp: String(p.totalXp ?? '') }) }) },
        };
    }
  }

  /**
   * Settles an activity the server has all of: its progress is the truth. Provisional levels and badges it confirms
   * are marked so quietly; those it does not hold are corrected with a toast of their own. The server's progress
   * becomes the base once nothing is provisional any more.
   */
  async settle(activityId: string, progress: Progress): Promise<GameToastAction[]> {
    const activity = this.state.activities.find((a) => a.activityId === activityId);
    if (!activity) return [];
    const actions: GameToastAction[] = [];
    const unconfirmedLevels = activity.levels.filter((level) => !this.state.confirmed.includes(levelKey(level)));
    const predicted = activity.levels.length > 0 ? activity.levels[activity.levels.length - 1]! : undefined;
    if (predicted !== undefined && progress.level < predicted) {
      actions.push({
        kind: 'show',
        toast: { key: `correction:level:${activityId}`, type: 'game-correction', title: t('game.correctedLevel', { level: progress.level }), detail: t('toast.levelFrom', { level: predicted }) },
      });
    } else {
      for (const level of unconfirmedLevels) {
        const key = PROVISIONAL_PREFIX + levelKey(level);
        actions.push({ kind: 'replace', key, toast: { key, type: 'level-up', title: t('toast.levelUp', { level }), detail: t('game.confirmedLevel', { level }) } });
      }
    }
    const held = new Set(progress.badges.map((b) => b.id));
    for (const badgeId of activity.badges.filter((id) => !this.state.confirmed.includes(badgeKey(id)))) {
      const name = BADGES.find((b) => b.id === badgeId)?.name ?? badgeId;
      if (held.has(badgeId)) {
        const key = PROVISIONAL_PREFIX + badgeKey(badgeId);
        actions.push({ kind: 'replace', key, toast: { key, type: 'badge', title: t('toast.badge'), detail: t('game.confirmedBadge', { name }) } });
      } else {
        actions.push({ kind: 'show', toast: { key: `correction:badge:${badgeId}:${activityId}`, type: 'game-correction', title: t('game.correctedBadge', { name }) } });
      }
    }
    for (const key of this.provisionalKeys(activity)) this.confirm(key);
    this.state.activities = this.state.activities.filter((a) => a !== activity);
    if (this.state.activities.length === 0) this.state.base = { xp: progress.xp, level: progress.level, badges: progress.badges.map((b) => b.id) };
    await this.save();
    return actions;
  }

  private holds(badgeId: string): boolean {
    return (this.state.base?.badges ?? []).includes(badgeId) || this.state.activities.some((a) => a.badges.includes(badgeId));
  }

  private provisionalKeys(activity: ProvisionalActivity): string[] {
    const keys: string[] = [];
    for (let km = 1; km <= activity.km; km++) keys.push(kmKey(activity.activityId, km));
    return [...keys, ...activity.levels.map(levelKey), ...activity.badges.map(badgeKey)];
  }

  /** A provisional toast, unless the server got there first. */
  private provisional(key: string, type: string, title: string, detail: string): GameToastAction {
    const toast: GameToast = { key: PROVISIONAL_PREFIX + key, type, title, detail, provisional: true };
    return this.state.confirmed.includes(key) ? { kind: 'replace', key: toast.key, toast: { ...toast, provisional: false } } : { kind: 'show', toast };
  }

  private confirm(key: string): void {
    if (this.state.confirmed.includes(key)) return;
    this.state.confirmed.push(key);
    if (this.state.confirmed.length > CONFIRMED_KEPT) this.state.confirmed.splice(0, this.state.confirmed.length - CONFIRMED_KEPT);
  }

  private save(): Promise<void> {
    const text = JSON.stringify(this.state);
    this.writes = this.writes.then(() => this.store.setSetting(STATE_KEY, text));
    return this.writes;
  }
}

/** The key of the server award a notification announces; undefined for notifications the offline game does not pay. */
export function matchKey(notification: AthleteNotification): string | undefined {
  const p = notification.payload;
  if (p.imported === true) return undefined;
  switch (notification.type) {
    case 'xp':
      return typeof p.km === 'number' && typeof p.activityId === 'string' ? kmKey(p.activityId, p.km) : undefined;
    case 'level-up':
      return typeof p.level === 'number' ? levelKey(p.level) : undefined;
    case 'badge':
      return typeof p.badgeId === 'string' ? badgeKey(p.badgeId) : undefined;
    default:
      return undefined;
  }
}

/** The toasts after an action: a new one on top (at most `keep`), or new words on one still shown. */
export function applyToastAction<T extends GameToast>(toasts: T[], action: GameToastAction, keep = 3): (T | GameToast)[] {
  if (action.kind === 'replace') return toasts.map((toast) => (toast.key === action.key ? action.toast : toast));
  if (toasts.some((toast) => toast.key === action.toast.key)) return toasts;
  return [...toasts.slice(-(keep - 1)), action.toast];
}
