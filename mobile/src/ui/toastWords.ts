import type { AthleteNotification } from '../api/types';
import { challengeToast, streakAtRiskToast, streakToast, weeklyGoalToast } from './gameToastWords';
import { segmentToast } from './segmentWords';

export interface Toast {
  key: string;
  title: string;
  detail?: string;
  type: string;
}

/**
 * Whether a notification deserves a live toast: achievements of history imported from a file are only listed, and an
 * archive import's progress only updates its job; the import's end is the one toast it gets.
 */
export function celebrates(notification: AthleteNotification): boolean {
  return notification.payload.imported !== true && notification.type !== 'import-progress';
}

/** Words for a notification; types the app does not know yet still show, plainly. */
export function toastFor(notification: AthleteNotification): Toast {
  const p = notification.payload;
  const base = { key: notification.id, type: notification.type };
  switch (notification.type) {
    case 'xp':
      return { ...base, title: `+${String(p.xp ?? '')} XP`, detail: xpDetail(p) };
    case 'level-up':
      return { ...base, title: `Level ${String(p.level)}!`, detail: `Up from level ${String(p.previousLevel)}` };
    case 'badge':
      return { ...base, title: 'New badge', detail: String(p.name ?? p.badgeId ?? '') };
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
      return { ...base, title: `New ${String(p.name ?? p.record ?? '')} record`, detail: p.display !== undefined ? String(p.display) : undefined };
    case 'segment-finished':
      return { ...base, ...segmentToast(p) };
    case 'import-finished': {
      const files = (p.files ?? {}) as Record<string, unknown>;
      const title = p.status === 'finished' ? 'History imported' : p.status === 'undone' ? 'Import undone' : 'Import failed';
      return { ...base, title, detail: `${String(files.imported ?? 0)} activities · ${String(files.merged ?? 0)} merged · ${String(files.failed ?? 0)} failed` };
    }
    default:
      return { ...base, title: notification.type };
  }
}

/** What earned the XP: a kilometre, or effort (minutes in heart-rate or power zones). */
function xpDetail(p: Record<string, unknown>): string | undefined {
  const total = `${String(p.totalXp ?? '')} XP in total`;
  if (p.km !== undefined) return `Kilometre ${String(p.km)} · ${total}`;
  return p.effort === true ? `Effort · ${total}` : undefined;
}
