import type { FeedItem, GroupMember } from '../src/api/types';
import { setI18n, type Language, type Units } from '../src/i18n';
import { EMPTY_FEED, applyFeedPage, countComment, replaceFeedItem, toggleKudos } from '../src/social/feedPages';
import { applyGroupUpdate, groupUpdateOf, missesMembers, ranked, standingsOf } from '../src/social/groupStandings';
import { athleteIdFrom, clubEntryWords, commentWords, feedItemWords, groupMemberWords, groupPace, kudosWords } from '../src/ui/socialWords';
import { celebrates, toastFor } from '../src/ui/toastWords';

function inLanguage(language: Language, units: Units, check: () => void): void {
  setI18n(language, units);
  try {
    check();
  } finally {
    setI18n('en', 'metric');
  }
}

const feedItem = (itemId: string, extra: Partial<FeedItem> = {}): FeedItem => ({
  itemId,
  type: 'activity',
  athleteId: 'a2',
  displayName: 'Pat',
  occurredAt: '2026-12-01T08:00:00.000Z',
  details: { sport: 'run', distanceM: 5230, movingS: 1725, elapsedS: 1800 },
  kudos: 0,
  kudosByMe: false,
  comments: 0,
  ...extra,
});

const member = (athleteId: string, distanceM: number, extra: Partial<GroupMember> = {}): GroupMember => ({
  athleteId,
  displayName: athleteId.toUpperCase(),
  distanceM,
  finished: false,
  rank: 0,
  ...extra,
});

describe('feed pages', () => {
  it('replaces on refresh, appends older pages without repeats, and knows when there is more', () => {
    let feed = applyFeedPage(EMPTY_FEED, { items: [feedItem('3'), feedItem('2')], cursor: 'c1' }, 'refresh');
    expect(feed).toMatchObject({ cursor: 'c1', more: true });
    feed = applyFeedPage(feed, { items: [feedItem('2'), feedItem('1')], cursor: null }, 'more');
    expect(feed.items.map((i) => i.itemId)).toEqual(['3', '2', '1']);
    expect(feed.more).toBe(false);
    feed = applyFeedPage(feed, { items: [feedItem('4')] }, 'refresh');
    expect(feed.items.map((i) => i.itemId)).toEqual(['4']);
  });

  it('shows kudos at once, settles them from the server and counts comments', () => {
    let feed = applyFeedPage(EMPTY_FEED, { items: [feedItem('1', { kudos: 2 })] }, 'refresh');
    feed = toggleKudos(feed, '1');
    expect(feed.items[0]).toMatchObject({ kudos: 3, kudosByMe: true });
    feed = replaceFeedItem(feed, feedItem('1', { kudos: 5, kudosByMe: true }));
    expect(feed.items[0]!.kudos).toBe(5);
    feed = toggleKudos(feed, '1');
    expect(feed.items[0]).toMatchObject({ kudos: 4, kudosByMe: false });
    expect(countComment(feed, '1').items[0]!.comments).toBe(1);
  });
});

describe('group standings', () => {
  const session = { sessionId: 's1', name: 'Tempo', hostId: 'a', startedAt: '2026-12-01T08:00:00.000Z', members: [member('a', 100), member('b', 300), member('c', 100)] };

  it('ranks the whole list furthest first, ties sharing a rank', () => {
    expect(ranked(session.members).map((m) => `${m.athleteId}${m.rank}`)).toEqual(['b1', 'a2', 'c2']);
    expect(standingsOf(session)).toMatchObject({ sessionId: 's1', memberCount: 3 });
  });

  it('folds an update of the leaders and neighbours into the list, keeps the rest, and asks for the list when it misses members', () => {
    const before = standingsOf(session);
    const after = applyGroupUpdate(before, { sessionId: 's1', name: 'Tempo', memberCount: 4, members: [member('c', 450, { paceSPerKm: 300, hrZone: 4 })] })!;
    expect(after.members.map((m) => `${m.athleteId}${m.rank}:${m.distanceM}`)).toEqual(['c1:450', 'b2:300', 'a3:100']);
    expect(after.members[0]).toMatchObject({ paceSPerKm: 300, hrZone: 4, displayName: 'C' });
    expect(missesMembers(after)).toBe(true);
    expect(missesMembers(before)).toBe(false);
    expect(applyGroupUpdate(before, { sessionId: 'other', name: 'x', memberCount: 1, members: [] })).toBe(before);
  });

  it('reads a group-update payload and nothing else', () => {
    expect(groupUpdateOf('group-update', { sessionId: 's1', name: 'Tempo', memberCount: 2, members: [member('a', 10), { bad: true }] })).toEqual({
      sessionId: 's1',
      name: 'Tempo',
      memberCount: 2,
      members: [member('a', 10)],
    });
    expect(groupUpdateOf('group-passed', { sessionId: 's1', members: [] })).toBeUndefined();
    expect(groupUpdateOf('group-update', { members: [] })).toBeUndefined();
  });
});

describe('social words', () => {
  it('says what each feed item is, with units and plural forms, in English and Russian', () => {
    inLanguage('en', 'metric', () => {
      expect(feedItemWords(feedItem('1'))).toEqual({ text: 'Run · 5.23 km · 28:45', label: 'Run, 5.23 kilometres, moving time 28:45' });
      expect(feedItemWords(feedItem('2', { type: 'pr', details: { name: '5K', display: '24:31' } })).text).toBe('New 5K record: 24:31');
      expect(feedItemWords(feedItem('3', { type: 'level-up', details: { level: 4 } })).text).toBe('Reached level 4');
      expect(feedItemWords(feedItem('4', { type: 'badge', details: { name: 'First kilometre' } })).text).toBe('Earned a badge: First kilometre');
      expect(feedItemWords(feedItem('5', { type: 'challenge-finished', details: { name: 'December 100' } })).text).toBe('Finished the challenge December 100');
      expect(kudosWords({ kudos: 1, kudosByMe: false })).toEqual({ text: 'Kudos · 1', label: 'Give kudos, 1 kudos' });
      expect(kudosWords({ kudos: 2, kudosByMe: true }).label).toBe('Take back your kudos, 2 kudos');
      expect(commentWords({ comments: 1 }, false).label).toBe('Show comments, 1 comment');
    });
    inLanguage('en', 'imperial', () => expect(feedItemWords(feedItem('1')).text).toBe('Run · 3.25 mi · 28:45'));
    inLanguage('ru', 'metric', () => {
      expect(feedItemWords(feedItem('1'))).toEqual({ text: 'Бег · 5,23 км · 28:45', label: 'Бег, 5,23 километра, время в движении 28:45' });
      expect(kudosWords({ kudos: 1, kudosByMe: false }).label).toBe('Поставить лайк, 1 лайк');
      expect(kudosWords({ kudos: 3, kudosByMe: true }).label).toBe('Убрать лайк, 3 лайка');
      expect(kudosWords({ kudos: 5, kudosByMe: false }).label).toBe('Поставить лайк, 5 лайков');
      expect(commentWords({ comments: 2 }, true).label).toBe('Скрыть комментарии, 2 комментария');
      expect(feedItemWords(feedItem('2', { type: 'level-up', details: { level: 4 } })).text).toBe('Достигнут уровень 4');
    });
  });

  it('writes pace per kilometre or mile and the heart-rate zone', () => {
    inLanguage('en', 'metric', () => {
      expect(groupPace(330)).toBe('5:30 /km');
      expect(groupPace(undefined)).toBe('standing still');
      const words = groupMemberWords(member('a', 2500, { paceSPerKm: 330, hrZone: 3, rank: 1 }), 'a');
      expect(words).toMatchObject({ name: 'A (you)', distance: '2.5 km', pace: '5:30 /km', zone: 'Zone 3' });
      expect(words.label).toBe('Place 1, A (you), 2.5 kilometres, 5:30 /km, heart-rate zone 3');
      expect(groupMemberWords(member('b', 0, { rank: 2 }), 'a').label).toBe('Place 2, B, 0 kilometres, standing still, no heart rate');
    });
    inLanguage('en', 'imperial', () => expect(groupPace(330)).toBe('8:51 /mi'));
    inLanguage('ru', 'metric', () => {
      const words = groupMemberWords(member('b', 1500, { paceSPerKm: 300, hrZone: 2, rank: 2, finished: true }), 'a');
      expect(words).toMatchObject({ name: 'B', distance: '1,5 км', pace: 'финишировал(а)', zone: 'Зона 2' });
      expect(words.label).toBe('Место 2, B, 1,5 километра, финишировал(а), пульсовая зона 2');
    });
  });

  it('finds the athlete id in what a friend shared', () => {
    const id = '0b9f3c2e-1d4a-4e5b-9c8d-7e6f5a4b3c2d';
    expect(athleteIdFrom(id)).toBe(id);
    expect(athleteIdFrom(` https://fitness.example/athletes/${id.toUpperCase()}?ref=x `)).toBe(id);
    expect(athleteIdFrom('not an id')).toBeUndefined();
  });

  it('words the club leaderboard', () => {
    const entry = { rank: 1, athleteId: 'a', displayName: 'Pat', distanceM: 12000, movingS: 4000, activities: 2 };
    inLanguage('en', 'metric', () => expect(clubEntryWords(entry)).toEqual({ text: '#1 Pat: 12 km · 1:06:40', label: 'Place 1, Pat, 12 kilometres, 2 activities' }));
    inLanguage('ru', 'metric', () => expect(clubEntryWords(entry).label).toBe('Место 1, Pat, 12 километров, 2 тренировки'));
  });

  it('toasts "passed you" and "finished", never the standings themselves', () => {
    const n = (type: string, payload: Record<string, unknown>) => ({ id: 'n1', type, occurredAt: '2026-12-01T08:00:00.000Z', payload });
    inLanguage('en', 'metric', () => {
      expect(toastFor(n('group-passed', { sessionId: 's', athleteId: 'b', displayName: 'Pat' })).title).toBe('Pat passed you');
      expect(toastFor(n('group-finished', { displayName: 'Pat', distanceM: 5000, rank: 1 }))).toMatchObject({ title: 'Pat finished', detail: '5 km · place 1' });
      expect(toastFor(n('kudos', { displayName: 'Pat' })).title).toBe('Pat gave you kudos');
      expect(celebrates(n('group-update', { members: [] }))).toBe(false);
      expect(celebrates(n('group-passed', {}))).toBe(true);
    });
    inLanguage('ru', 'metric', () => expect(toastFor(n('group-passed', { displayName: 'Пётр' })).title).toBe('Пётр обогнал(а) вас'));
  });
});
