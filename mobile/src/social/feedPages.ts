import type { FeedItem, Page } from '../api/types';

/** A feed as the screen holds it: items newest first and the cursor of the next (older) page, if any. */
export interface FeedState {
  items: FeedItem[];
  cursor?: string;
  /** Whether an older page may still come. */
  more: boolean;
}

export const EMPTY_FEED: FeedState = { items: [], more: false };

/**
 * Folds a page into the feed: a refresh (the first page) replaces what was shown, a page asked with the cursor adds
 * the older items after it. An item already shown (the feed moved on between two pages) is kept once, newest copy wins.
 */
export function applyFeedPage(state: FeedState, page: Page<FeedItem>, kind: 'refresh' | 'more'): FeedState {
  const cursor = page.cursor ?? undefined;
  if (kind === 'refresh') return { items: dedupe(page.items), cursor, more: cursor !== undefined };
  const shown = new Set(state.items.map((item) => item.itemId));
  return { items: [...state.items, ...page.items.filter((item) => !shown.has(item.itemId))], cursor, more: cursor !== undefined };
}

/** The item as the server answered a kudos or comment: counts and `kudosByMe` from it, in place. */
export function replaceFeedItem(state: FeedState, item: FeedItem): FeedState {
  return { ...state, items: state.items.map((shown) => (shown.itemId === item.itemId ? { ...shown, ...item } : shown)) };
}

/** Kudos shown at once, before the server answers; `replaceFeedItem` then settles the count. */
export function toggleKudos(state: FeedState, itemId: string): FeedState {
  return {
    ...state,
    items: state.items.map((item) =>
      item.itemId === itemId ? { ...item, kudosByMe: !item.kudosByMe, kudos: Math.max(0, item.kudos + (item.kudosByMe ? -1 : 1)) } : item,
    ),
  };
}

/** One more comment on an item (after the server stored it). */
export function countComment(state: FeedState, itemId: string): FeedState {
  return { ...state, items: state.items.map((item) => (item.itemId === itemId ? { ...item, comments: item.comments + 1 } : item)) };
}

function dedupe(items: FeedItem[]): FeedItem[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.itemId) ? false : (seen.add(item.itemId), true)));
}
