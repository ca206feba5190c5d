import type { SegmentEffort, SegmentLeaderboard } from '../api/types';

/** The toast of a `segment-finished` notification: the segment and the time, then the rank and a personal best. */
export function segmentToast(p: Record<string, unknown>): { title: string; detail?: string } {
  const title = `${String(p.name ?? 'Segment')}: ${String(p.display ?? '')}`;
  const parts: string[] = [];
  if (typeof p.rank === 'number') parts.push(`Rank ${p.rank} of ${String(p.athletes ?? p.rank)}`);
  if (p.personalBest === true) parts.push('Personal best');
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
        `${effort.name || 'Segment'} · ${effort.display}` +
        ((counts.get(effort.segmentId) ?? 0) > 1 && best.get(effort.segmentId) === effort.elapsedS ? ' · best of this activity' : ''),
    }));
}

/** The leaderboard lines as read: `1. Ann 4:31`. */
export function leaderboardLines(board: SegmentLeaderboard): { key: string; text: string }[] {
  return board.entries.map((entry) => ({ key: entry.athleteId, text: `${entry.rank}. ${entry.displayName ?? 'Athlete'} ${entry.display}` }));
}
