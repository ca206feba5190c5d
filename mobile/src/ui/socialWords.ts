import type { ClubLeaderboardEntry, FeedItem, GroupMember, Sport } from '../api/types';
import { clock, i18n, t } from '../i18n';

const METRES_PER_MILE = 1609.344;
const SPORTS: readonly Sport[] = ['run', 'ride', 'walk', 'hike', 'swim', 'other'];

function sportName(value: unknown): string {
  return t(`sport.${SPORTS.includes(value as Sport) ? (value as Sport) : 'other'}`);
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function str(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** What a feed item says, by its type: the line shown and the line a screen reader reads. */
export function feedItemWords(item: FeedItem): { text: string; label: string } {
  const d = item.details ?? {};
  switch (item.type) {
    case 'activity': {
      const params = { sport: sportName(d.sport), distance: i18n().distanceText(num(d.distanceM)), time: clock(num(d.movingS)) };
      return {
        text: t('feed.activity', params),
        label: t('feed.activityLabel', { ...params, distance: i18n().distanceWords(num(d.distanceM)) }),
      };
    }
    case 'pr':
      return same(t('feed.pr', { name: str(d.name ?? d.record), display: str(d.display) }));
    case 'level-up':
      return same(t('feed.levelUp', { level: str(d.level) }));
    case 'badge':
      return same(t('feed.badge', { name: str(d.name ?? d.badgeId) }));
    case 'challenge-finished':
      return same(t('feed.challengeFinished', { name: str(d.name) }));
    default:
      return same(t('feed.other', { type: item.type }));
  }
}

function same(text: string): { text: string; label: string } {
  return { text, label: text };
}

/** The kudos button: its face and what it does, with the count in words. */
export function kudosWords(item: Pick<FeedItem, 'kudos' | 'kudosByMe'>): { text: string; label: string } {
  const kudos = t('words.kudos', { count: item.kudos });
  return { text: t('feed.kudos', { count: i18n().number(item.kudos) }), label: t(item.kudosByMe ? 'feed.takeKudos' : 'feed.giveKudos', { kudos }) };
}

export function commentWords(item: Pick<FeedItem, 'comments'>, open: boolean): { text: string; label: string } {
  const comments = t('words.comments', { count: item.comments });
  return { text: t('feed.comments', { count: i18n().number(item.comments) }), label: t(open ? 'feed.hideComments' : 'feed.showComments', { comments }) };
}

/**
 * An athlete id from what a friend shared: the id itself, or any link or text holding it (`…/athletes/<id>`,
 * `?athlete=<id>`). Undefined when there is none.
 */
export function athleteIdFrom(text: string): string | undefined {
  const match = text.trim().match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
  return match ? match[0].toLowerCase() : undefined;
}

/** Pace in the athlete's units (`5:30 /km`, `8:51 /mi`); a word while standing still. */
export function groupPace(paceSPerKm: number | null | undefined): string {
  if (paceSPerKm === undefined || paceSPerKm === null || !Number.isFinite(paceSPerKm) || paceSPerKm <= 0) return t('group.standing');
  const imperial = i18n().units === 'imperial';
  const seconds = imperial ? (paceSPerKm * METRES_PER_MILE) / 1000 : paceSPerKm;
  return `${clock(seconds)} ${t(imperial ? 'unit.perMi' : 'unit.perKm')}`;
}

/** One member's line in the live group view, and what a screen reader says of it. */
export function groupMemberWords(member: GroupMember, me: string | undefined): { name: string; distance: string; pace: string; zone: string; label: string } {
  const name = member.athleteId === me ? t('group.you', { name: member.displayName }) : member.displayName;
  const distance = i18n().distanceText(member.distanceM);
  const pace = member.finished ? t('group.finished') : groupPace(member.paceSPerKm);
  const zone = typeof member.hrZone === 'number' ? t('group.zone', { zone: member.hrZone }) : t('common.none');
  const zoneWords = typeof member.hrZone === 'number' ? t('group.zoneLabel', { zone: member.hrZone }) : t('group.noZone');
  return {
    name,
    distance,
    pace,
    zone,
    label: t('group.memberLabel', { rank: member.rank, name, distance: i18n().distanceWords(member.distanceM), pace, zone: zoneWords }),
  };
}

export function clubEntryWords(entry: ClubLeaderboardEntry): { text: string; label: string } {
  const name = entry.displayName ?? '';
  return {
    text: t('clubs.entry', { rank: entry.rank, name, distance: i18n().distanceText(entry.distanceM), time: clock(entry.movingS) }),
    label: t('clubs.entryLabel', { rank: entry.rank, name, distance: i18n().distanceWords(entry.distanceM), activities: t('words.activities', { count: entry.activities }) }),
  };
}
