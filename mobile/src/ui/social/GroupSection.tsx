import { useCallback, useEffect, useRef, useState } from 'react';
import { Text, TextInput, View } from 'react-native';
import { ApiError } from '../../api/errors';
import { t } from '../../i18n';
import { applyGroupUpdate, groupUpdateOf, missesMembers, standingsOf, type GroupStandings } from '../../social/groupStandings';
import { Button } from '../components/Button';
import { useApp } from '../AppContext';
import { groupMemberWords } from '../socialWords';
import { colors, ui } from '../theme';
import { copyOrShare, errorText } from './share';

/** While the push is quiet (nobody moving, or the socket reconnecting), the whole session is read again this often. */
const RELOAD_MS = 15_000;

/**
 * A live group session: start one (its id is the link to share) or join one by id; then every member's distance,
 * pace and heart-rate zone, ranked, as `group-update` pushes bring them. "Passed" and "finished" moments are toasts
 * (App shows them wherever the athlete is).
 */
export function GroupSection({ me }: { me: string | undefined }) {
  const { services } = useApp();
  const [standings, setStandings] = useState<GroupStandings>();
  const [checked, setChecked] = useState(false);
  const [name, setName] = useState(t('group.defaultName'));
  const [joinId, setJoinId] = useState('');
  const [message, setMessage] = useState<string>();
  const [copied, setCopied] = useState(false);
  const current = useRef<GroupStandings | undefined>(undefined);
  const reading = useRef(false);
  current.current = standings;

  const show = useCallback((next: GroupStandings | undefined) => {
    current.current = next;
    setStandings(next);
  }, []);

  const reload = useCallback(
    (sessionId: string) => {
      if (reading.current) return;
      reading.current = true;
      services.api
        .getGroupSession(sessionId)
        .then(
          (session) => {
            if (current.current?.sessionId === sessionId) show(standingsOf(session));
          },
          (e: unknown) => {
            if (e instanceof ApiError && e.status === 404 && current.current?.sessionId === sessionId) {
              show(undefined);
              setMessage(t('group.over'));
            }
          },
        )
        .finally(() => (reading.current = false));
    },
    [services, show],
  );

  // The session the athlete is in already (opened from another tab, or after a restart).
  useEffect(() => {
    let live = true;
    services.api.getMyGroupSessions().then(
      (sessions) => {
        if (!live) return;
        if (sessions[0] && current.current === undefined) show(standingsOf(sessions[0]));
        setChecked(true);
      },
      () => live && setChecked(true),
    );
    return () => {
      live = false;
    };
  }, [services, show]);

  useEffect(
    () =>
      services.onNotification((notification) => {
        const update = groupUpdateOf(notification.type, notification.payload);
        if (!update || current.current?.sessionId !== update.sessionId) return;
        const next = applyGroupUpdate(current.current, update);
        show(next);
        if (next && missesMembers(next)) reload(next.sessionId);
      }),
    [services, show, reload],
  );

  const sessionId = standings?.sessionId;
  useEffect(() => {
    if (sessionId === undefined) return;
    const timer = setInterval(() => reload(sessionId), RELOAD_MS);
    return () => clearInterval(timer);
  }, [sessionId, reload]);

  const attempt = (work: () => Promise<void>) => () => {
    setMessage(undefined);
    work().catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 409) setMessage(/over|ended/i.test(e.message) ? t('group.over') : t('group.elsewhere'));
      else if (e instanceof ApiError && e.status === 404) setMessage(t('social.unavailable'));
      else setMessage(errorText(e));
    });
  };
  const create = attempt(async () => show(standingsOf(await services.api.createGroupSession(name.trim() || t('group.defaultName')))));
  const join = attempt(async () => {
    show(standingsOf(await services.api.joinGroupSession(joinId.trim())));
    setJoinId('');
  });
  const leave = (id: string) =>
    attempt(async () => {
      await services.api.leaveGroupSession(id);
      show(undefined);
    });

  if (standings) {
    return (
      <View style={{ gap: 12 }} testID="group-live">
        <Text style={ui.title} accessibilityRole="header" testID="group-name">
          {standings.name}
        </Text>
        <View style={[ui.card, { gap: 6 }]}>
          <Text style={ui.text} selectable accessibilityLabel={t('group.sessionIdLabel', { id: standings.sessionId })} testID="group-session-id">
            {t('group.sessionId', { id: standings.sessionId })}
          </Text>
          <View style={ui.row}>
            <Button
              title={copied ? t('feed.copied') : t('group.copy')}
              accessibilityLabel={t('group.copyLabel')}
              kind="secondary"
              onPress={() => copyOrShare(standings.sessionId).then(() => setCopied(true), () => undefined)}
              testID="group-copy"
            />
          </View>
          <Text style={ui.subtitle}>{t('group.startHint')}</Text>
        </View>
        <Text style={ui.subtitle} testID="group-count">
          {t('group.members', { count: Math.max(standings.memberCount, standings.members.length) })}
        </Text>
        {message ? (
          <Text style={{ color: colors.warn }} testID="group-message">
            {message}
          </Text>
        ) : null}
        <View accessibilityLiveRegion="polite" style={{ gap: 8 }}>
          {standings.members.map((member) => {
            const words = groupMemberWords(member, me);
            return (
              <View key={member.athleteId} style={[ui.card, ui.row, member.athleteId === me ? { borderColor: colors.accent } : null]} accessible accessibilityLabel={words.label} testID={`group-member-${member.athleteId}`}>
                <Text style={[ui.text, { width: 36, fontWeight: '700' }]}>#{member.rank}</Text>
                <View style={{ flex: 1 }}>
                  <Text style={[ui.text, { fontWeight: '700' }]} testID="group-member-name">
                    {words.name}
                  </Text>
                  <Text style={ui.subtitle} testID="group-member-pace">
                    {words.pace}
                  </Text>
                </View>
                <Text style={[ui.text, { fontWeight: '700' }]} testID="group-member-distance">
                  {words.distance}
                </Text>
                <Text style={[ui.text, { color: colors.hr, minWidth: 56, textAlign: 'right' }]} testID="group-member-zone">
                  {words.zone}
                </Text>
              </View>
            );
          })}
        </View>
        <View style={ui.row}>
          <Button title={t('group.refresh')} accessibilityLabel={t('group.refreshLabel')} kind="secondary" onPress={() => reload(standings.sessionId)} testID="group-refresh" />
          <Button title={t('group.leave')} accessibilityLabel={t('group.leaveLabel')} kind="danger" onPress={leave(standings.sessionId)} testID="group-leave" />
        </View>
      </View>
    );
  }

  return (
    <View style={{ gap: 12 }} testID="group-start">
      <Text style={ui.title} accessibilityRole="header">
        {t('group.title')}
      </Text>
      <Text style={ui.subtitle}>{t('group.help')}</Text>
      {!checked ? <Text style={ui.subtitle}>{t('common.loading')}</Text> : null}
      {message ? <Text style={{ color: colors.warn }}>{message}</Text> : null}
      <View style={[ui.card, { gap: 8 }]}>
        <TextInput style={ui.input} value={name} onChangeText={setName} maxLength={100} accessibilityLabel={t('group.name')} placeholder={t('group.name')} placeholderTextColor={colors.muted} testID="group-create-name" />
        <Button title={t('group.create')} accessibilityLabel={t('group.createLabel')} onPress={create} testID="group-create" />
      </View>
      <View style={[ui.card, { gap: 8 }]}>
        <TextInput
          style={ui.input}
          value={joinId}
          onChangeText={setJoinId}
          autoCapitalize="none"
          autoCorrect={false}
          accessibilityLabel={t('group.joinId')}
          placeholder={t('group.joinId')}
          placeholderTextColor={colors.muted}
          testID="group-join-id"
        />
        <Button title={t('group.join')} accessibilityLabel={t('group.joinLabel')} kind="secondary" disabled={joinId.trim() === ''} onPress={join} testID="group-join" />
      </View>
    </View>
  );
}
