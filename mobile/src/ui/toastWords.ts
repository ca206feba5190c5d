import type { AthleteNotification } from '../api/types';
import { i18n, t } from '../i18n';
import { challengeToast, streakAtRiskToast, streakToast, weeklyGoalToast } from './gameToastWords';
import { segmentToast } from './segmentWords';

export interface Toast {
  key: string;
  title: string;
  detail?: string;
  type: string;
  /** Counted on the phone; the server's award replaces it. */
  provisional?: boolean;
}

/**
 * Whether a notification deserves a live toast: achievements of history imported from a file are only listed, and an
 * archive import's progress only updates its job; the import's end is the one toast it gets.
 */
export function celebrates(notification: AthleteNotification): boolean {
  // A live group session's standings come every 2 s: the group view shows them, a toast would not.
  return notification.payload.imported !== true && notification.type !== 'import-progress' && notification.type !== 'group-update';
}

/** Words for a notification; types the app does not know yet still show, plainly. */
export function toastFor(notification: AthleteNotification): Toast {
  const p = notification.payload;
  const base = { key: notification.id, type: notification.type };
  switch (notification.type) {
    case 'xp':
      return { ...base, title: t('toast.xp', { xp: String(p.xp ?? '') }), detail: xpDetail(p) };
    case 'level-up':
      return { ...base, title: t('toast.levelUp', { level: String(p.level) }), detail: t('toast.levelFrom', { level: String(p.previousLevel) }) };
    case 'badge':
      return { ...base, title: t('toast.badge'), detail: String(p.name ?? p.badgeId ?? '') };
    case 'challenge-progress':
      return { ...base, ...challengeToast(p, false) };
    case 'challenge-finished':
      return { ...base, ...challengeToast(p, true) };
    case 'streak':
      return { ...base, ...streakToast(p) };
    case 'streak-at-risk':
      return { ...base, ...streakAtRiskToast(p) };
    case 'weekly-goal':
      return { ...base, ...weeklyGoalToast(p, false) };
    case 'weekly-goal-at-risk':
      return { ...base, ...weeklyGoalToast(p, true) };
    case 'pr':
      return { ...base, title: t('toast.record', { name: String(p.name ?? p.record ?? '') }), detail: p.display !== undefined ? String(p.display) : undefined };
    case 'segment-finished':
      return { ...base, ...segmentToast(p) };
    case 'import-finished': {
      const files = (p.files ?? {}) as Record<string, unknown>;
      const title = p.status === 'finished' ? t('toast.imported') : p.status === 'undone' ? t('toast.importUndone') : t('toast.importFailed');
      const count = (value: unknown) => (typeof value === 'number' ? value : 0);
      return {
        ...base,
        title,
        detail: t('toast.importDetail', {
          activities: t('words.activities', { count: count(files.imported) }),
          merged: i18n().number(count(files.merged)),
          failed: i18n().number(count(files.failed)),
        }),
      };
    }
    case 'group-passed':
      return { ...base, title: t('toast.groupPassed', { name: String(p.displayName ?? '') }) };
    case 'group-finished':
      return {
        ...base,
        title: t('toast.groupFinished', { name: String(p.displayName ?? '') }),
        detail: typeof p.distanceM === 'number' ? t('toast.groupFinishedDetail', { distance: i18n().distanceText(p.distanceM), rank: String(p.rank ?? '') }) : undefined,
      };
    case 'follow':
      return { ...base, title: t('toast.follow', { name: String(p.displayName ?? '') }) };
    case 'follow-request':
      return { ...base, title: t('toast.followRequest', { name: String(p.displayName ?? '') }) };
    case 'follow-accepted':
      return { ...base, title: t('toast.followAccepted', { name: String(p.displayName ?? '') }) };
    case 'kudos':
      return { ...base, title: t('toast.kudos', { name: String(p.displayName ?? '') }) };
    case 'comment':
      return { ...base, title: t('toast.comment', { name: String(p.displayName ?? '') }) };
    case 'club-invite':
      return { ...base, title: t('toast.clubInvite', { name: String(p.displayName ?? ''), club: String(p.name ?? '') }) };
    default:
      return { ...base, title: notification.type };
  }
}

/** What earned the XP: a kilometre, or effort (minutes in heart-rate or power zones). */
function xpDetail(p: Record<string, unknown>): string | undefined {
  const total = t('toast.xpTotal', { xp: String(p.totalXp ?? '') });
  if (p.km !== undefined) return t('toast.xpKm', { km: String(p.km), total });
  return p.effort === true ? t('toast.xpEffort', { total }) : undefined;
}
