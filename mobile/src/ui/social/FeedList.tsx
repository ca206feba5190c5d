import { useCallback, useEffect, useRef, useState } from 'react';
import { Pressable, StyleSheet, Text, TextInput, View } from 'react-native';
import type { FeedComment, FeedItem, Page } from '../../api/types';
import { i18n, t } from '../../i18n';
import { EMPTY_FEED, applyFeedPage, countComment, replaceFeedItem, toggleKudos, type FeedState } from '../../social/feedPages';
import { Button } from '../components/Button';
import { useApp } from '../AppContext';
import { commentWords, feedItemWords, kudosWords } from '../socialWords';
import { colors, ui } from '../theme';
import { errorText } from './share';

/**
 * A feed (the athlete's, or a club's), newest first: refresh, older pages by the cursor, kudos and comments.
 * `reloadKey` changing refreshes it (pull to refresh in the screen around it).
 */
export function FeedList(props: {
  load: (cursor?: string) => Promise<Page<FeedItem>>;
  me: string | undefined;
  onOpenProfile: (athleteId: string) => void;
  reloadKey: number;
  testID: string;
}) {
  const { load } = props;
  const [feed, setFeed] = useState<FeedState>(EMPTY_FEED);
  const [loading, setLoading] = useState(true);
  const [message, setMessage] = useState<string>();
  const [open, setOpen] = useState<string>();
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  const fetchPage = useCallback(
    (kind: 'refresh' | 'more', cursor?: string) => {
      setLoading(true);
      setMessage(undefined);
      load(kind === 'more' ? cursor : undefined).then(
        (page) => {
          if (!live.current) return;
          setFeed((state) => applyFeedPage(state, page, kind));
          setLoading(false);
        },
        (e: unknown) => {
          if (!live.current) return;
          setMessage(errorText(e));
          setLoading(false);
        },
      );
    },
    [load],
  );
  useEffect(() => fetchPage('refresh'), [fetchPage, props.reloadKey]);

  const { services } = useApp();
  const kudos = (item: FeedItem) => {
    setFeed((state) => toggleKudos(state, item.itemId));
    services.api.setKudos(item.itemId, !item.kudosByMe).then(
      (answer) => live.current && setFeed((state) => replaceFeedItem(state, answer)),
      (e: unknown) => {
        if (!live.current) return;
        setFeed((state) => toggleKudos(state, item.itemId));
        setMessage(errorText(e));
      },
    );
  };

  return (
    <View style={{ gap: 12 }} testID={props.testID}>
      <View style={ui.row}>
        <Button title={t('feed.refresh')} accessibilityLabel={t('feed.refreshLabel')} kind="secondary" onPress={() => fetchPage('refresh')} testID={`${props.testID}-refresh`} />
        {loading ? <Text style={ui.subtitle}>{t('common.loading')}</Text> : null}
      </View>
      {message ? <Text style={{ color: colors.warn }}>{message}</Text> : null}
      {!loading && feed.items.length === 0 && !message ? <Text style={ui.subtitle}>{t('feed.empty')}</Text> : null}
      {feed.items.map((item) => (
        <FeedCard
          key={item.itemId}
          item={item}
          own={item.athleteId === props.me}
          open={open === item.itemId}
          onToggleComments={() => setOpen(open === item.itemId ? undefined : item.itemId)}
          onKudos={() => kudos(item)}
          onCommented={() => setFeed((state) => countComment(state, item.itemId))}
          onOpenProfile={() => props.onOpenProfile(item.athleteId)}
        />
      ))}
      {feed.more ? (
        <Button title={t('feed.more')} accessibilityLabel={t('feed.moreLabel')} kind="secondary" disabled={loading} onPress={() => fetchPage('more', feed.cursor)} testID={`${props.testID}-more`} />
      ) : null}
    </View>
  );
}

function FeedCard(props: {
  item: FeedItem;
  own: boolean;
  open: boolean;
  onToggleComments: () => void;
  onKudos: () => void;
  onCommented: () => void;
  onOpenProfile: () => void;
}) {
  const { item } = props;
  const words = feedItemWords(item);
  const kudos = kudosWords(item);
  const comments = commentWords(item, props.open);
  const name = item.displayName ?? '';
  return (
    <View style={[ui.card, { gap: 6 }]} testID={`feed-item-${item.itemId}`}>
      <View style={ui.row}>
        <Pressable onPress={props.onOpenProfile} accessibilityRole="link" accessibilityLabel={t('feed.openProfile', { name })} testID="feed-athlete" style={styles.nameTarget}>
          <Text style={[ui.text, { fontWeight: '700', color: colors.accent }]}>{name}</Text>
        </Pressable>
        <Text style={[ui.subtitle, { marginLeft: 'auto' }]}>{i18n().date(item.occurredAt)}</Text>
      </View>
      <Text style={ui.text} accessibilityLabel={words.label} testID="feed-text">
        {words.text}
      </Text>
      <View style={ui.row}>
        <Pressable
          onPress={props.onKudos}
          disabled={props.own}
          accessibilityRole="button"
          accessibilityLabel={kudos.label}
          accessibilityState={{ selected: item.kudosByMe, disabled: props.own }}
          testID="feed-kudos"
          style={[styles.action, item.kudosByMe ? styles.actionOn : null]}
        >
          <Text style={[styles.actionText, item.kudosByMe ? { color: colors.onAccent } : null]} testID="feed-kudos-count">
            {kudos.text}
          </Text>
        </Pressable>
        <Pressable
          onPress={props.onToggleComments}
          accessibilityRole="button"
          accessibilityLabel={comments.label}
          accessibilityState={{ expanded: props.open }}
          testID="feed-comments"
          style={styles.action}
        >
          <Text style={styles.actionText}>{comments.text}</Text>
        </Pressable>
      </View>
      {props.open ? <Comments itemId={item.itemId} onCommented={props.onCommented} /> : null}
    </View>
  );
}

function Comments({ itemId, onCommented }: { itemId: string; onCommented: () => void }) {
  const { services } = useApp();
  const [comments, setComments] = useState<FeedComment[]>();
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string>();
  useEffect(() => {
    let live = true;
    services.api.getComments(itemId).then(
      (list) => live && setComments(list),
      (e: unknown) => live && setMessage(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [services, itemId]);
  const send = () => {
    const body = text.trim();
    if (body === '') return;
    setMessage(undefined);
    services.api.addComment(itemId, body).then(
      (comment) => {
        setComments((list) => [...(list ?? []), comment]);
        setText('');
        onCommented();
      },
      (e: unknown) => setMessage(errorText(e)),
    );
  };
  return (
    <View style={{ gap: 6 }} testID="feed-comment-list">
      {comments === undefined ? <Text style={ui.subtitle}>{t('common.loading')}</Text> : null}
      {comments?.length === 0 ? <Text style={ui.subtitle}>{t('feed.noComments')}</Text> : null}
      {comments?.map((comment) => (
        <Text key={comment.commentId} style={ui.text} testID="feed-comment">
          {t('feed.comment', { name: comment.displayName ?? '', text: comment.text })}
        </Text>
      ))}
      {message ? <Text style={{ color: colors.warn }}>{message}</Text> : null}
      <View style={ui.row}>
        <TextInput
          style={[ui.input, { flex: 1 }]}
          value={text}
          onChangeText={setText}
          accessibilityLabel={t('feed.commentField')}
          placeholder={t('feed.commentField')}
          placeholderTextColor={colors.muted}
          maxLength={1000}
          testID="feed-comment-field"
        />
        <Button title={t('feed.commentSend')} accessibilityLabel={t('feed.commentSendLabel')} disabled={text.trim() === ''} onPress={send} testID="feed-comment-send" />
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  nameTarget: { minHeight: 44, justifyContent: 'center', flexShrink: 1 },
  action: { minHeight: 44, minWidth: 64, justifyContent: 'center', alignItems: 'center', paddingHorizontal: 12, borderRadius: 10, borderWidth: 1, borderColor: colors.border },
  actionOn: { backgroundColor: colors.accent, borderColor: colors.accent },
  actionText: { color: colors.text, fontWeight: '700', fontSize: 16 },
});
