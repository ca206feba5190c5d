import type { SegmentEffort, SegmentLeaderboard } from '../api/types';
import { t } from '../i18n';

/** The toast of a `segment-finished` notification: the segment and the time, then the rank and a personal best. */
export function segmentToast(p: Record<string, unknown>): { title: string; detail?: string } {
  const title = t('toast.segmentTime', { name: String(p.name ?? t('toast.segment')), time: String(p.display ?? '') });
  const parts: string[] = [];
  if (typeof p.rank === 'number') parts.push(t('toast.rank', { rank: p.rank, athletes: String(p.athletes ?? p.rank) }));
  if (p.personalBest === true) parts.push(t('toast.personalBest'));
  return parts.length > 0 ? { title, detail: parts.join(' · ') } : { title };
}

/** One line per effort of an activity, the best time of each segment marked when it passed a segment twice. */
export function effortLines(efforts: SegmentEffort[]): { key: string; segmentId: string; text: string }[] {
  const best = new Map<string, number>();
  for (const effort of efforts) best.set(effort.segmentId, Math.min(best.get(effort.segmentId) ?? Infinity, effort.elapsedS));
  const counts = new Map<string, number>();
  for (const effort of efforts) counts.set(effort.segmentId, (counts.get(effort.segmentId) ?? 0) + 1);
  return [...efforts]
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
    .map((effort) => ({
      key: `${effort.segmentId}:${effort.startedAt}`,
      segmentId: effort.segmentId,
      text:
        t('segment.effort', { name: effort.name || t('toast.segment'), time: effort.display }) +
        ((counts.get(effort.segmentId) ?? 0) > 1 && best.get(effort.segmentId) === effort.elapsedS ? t('segment.best') : ''),
    }));
}

/** The leaderboard lines as read: `1. Ann 4:31`. */
export function leaderboardLines(board: SegmentLeaderboard): { key: string; text: string }[] {
  return board.entries.map((entry) => ({
    key: entry.athleteId,
    text: t('segment.leaderLine', { rank: entry.rank, name: entry.displayName ?? t('segment.athlete'), time: entry.display }),
  }));
}
