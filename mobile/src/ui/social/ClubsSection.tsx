import { useCallback, useEffect, useState } from 'react';
import { Text, TextInput, View } from 'react-native';
import { ApiError } from '../../api/errors';
import type { Club, ClubAccess, ClubLeaderboardEntry, ClubMember } from '../../api/types';
import { t } from '../../i18n';
import { Button } from '../components/Button';
import { Choice } from '../components/Choice';
import { useApp } from '../AppContext';
import { clubEntryWords } from '../socialWords';
import { colors, ui } from '../theme';
import { FeedList } from './FeedList';
import { copyOrShare, errorText } from './share';

/** The athlete's clubs and invitations; create one, join a public one by id, open one. */
export function ClubsSection({ me, onOpenProfile, reloadKey }: { me: string | undefined; onOpenProfile: (athleteId: string) => void; reloadKey: number }) {
  const { services } = useApp();
  const [clubs, setClubs] = useState<Club[]>();
  const [opened, setOpened] = useState<Club>();
  const [name, setName] = useState(t('clubs.defaultName'));
  const [access, setAccess] = useState<ClubAccess>('public');
  const [joinId, setJoinId] = useState('');
  const [message, setMessage] = useState<string>();

  useEffect(() => {
    let live = true;
    services.api.getMyClubs().then(
      (list) => live && setClubs(list),
      (e: unknown) => live && setMessage(e instanceof ApiError && e.status === 404 ? t('social.unavailable') : errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [services, reloadKey]);

  const attempt = (work: () => Promise<void>) => () => {
    setMessage(undefined);
    work().catch((e: unknown) => setMessage(e instanceof ApiError && e.status === 404 ? t('social.unavailable') : errorText(e)));
  };
  const remember = (club: Club) => setClubs((list) => [club, ...(list ?? []).filter((c) => c.clubId !== club.clubId)]);
  const create = attempt(async () => {
    const club = await services.api.createClub({ name: name.trim(), access });
    remember(club);
    setOpened(club);
  });
  const join = attempt(async () => {
    const club = await services.api.joinClub(joinId.trim());
    remember(club);
    setJoinId('');
    setOpened(club);
  });

  if (opened) return <ClubView club={opened} me={me} onBack={() => setOpened(undefined)} onOpenProfile={onOpenProfile} />;

  return (
    <View style={{ gap: 12 }} testID="clubs-list">
      <Text style={ui.title} accessibilityRole="header">
        {t('clubs.title')}
      </Text>
      {message ? <Text style={{ color: colors.warn }}>{message}</Text> : null}
      {clubs === undefined && message === undefined ? <Text style={ui.subtitle}>{t('common.loading')}</Text> : null}
      {clubs?.length === 0 ? <Text style={ui.subtitle}>{t('clubs.none')}</Text> : null}
      {clubs?.map((club) => (
        <View key={club.clubId} style={[ui.card, ui.row]} testID={`club-${club.clubId}`}>
          <View style={{ flex: 1 }}>
            <Text style={[ui.text, { fontWeight: '700' }]}>{club.name}</Text>
            <Text style={ui.subtitle}>{club.role ? t('words.members', { count: club.members }) : t('clubs.invited')}</Text>
          </View>
          <Button title={t('clubs.open')} accessibilityLabel={t('clubs.openLabel', { name: club.name })} kind="secondary" onPress={() => setOpened(club)} />
        </View>
      ))}
      <View style={[ui.card, { gap: 8 }]}>
        <Text style={[ui.text, { fontWeight: '700' }]} accessibilityRole="header">
          {t('clubs.create')}
        </Text>
        <TextInput style={ui.input} value={name} onChangeText={setName} maxLength={100} accessibilityLabel={t('clubs.name')} placeholder={t('clubs.namePlaceholder')} placeholderTextColor={colors.muted} testID="club-name" />
        <Choice
          label={t('clubs.access')}
          options={[
            { value: 'public' as const, label: t('clubs.access.public') },
            { value: 'invite-only' as const, label: t('clubs.access.invite-only') },
          ]}
          value={access}
          onChange={setAccess}
          testID="club-access"
        />
        <Button title={t('clubs.createButton')} accessibilityLabel={t('clubs.create')} disabled={name.trim() === ''} onPress={create} testID="club-create" />
      </View>
      <View style={[ui.card, { gap: 8 }]}>
        <Text style={[ui.text, { fontWeight: '700' }]} accessibilityRole="header">
          {t('clubs.joinTitle')}
        </Text>
        <TextInput style={ui.input} value={joinId} onChangeText={setJoinId} autoCapitalize="none" autoCorrect={false} accessibilityLabel={t('clubs.joinId')} placeholder={t('clubs.joinId')} placeholderTextColor={colors.muted} testID="club-join-id" />
        <Button title={t('clubs.join')} accessibilityLabel={t('clubs.joinLabel')} kind="secondary" disabled={joinId.trim() === ''} onPress={join} testID="club-join" />
      </View>
    </View>
  );
}

/** One club: its id to share, this week's leaderboard, members and the club's feed. */
function ClubView({ club, me, onBack, onOpenProfile }: { club: Club; me: string | undefined; onBack: () => void; onOpenProfile: (athleteId: string) => void }) {
  const { services } = useApp();
  const [board, setBoard] = useState<ClubLeaderboardEntry[]>();
  const [members, setMembers] = useState<ClubMember[]>();
  const [message, setMessage] = useState<string>();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    let live = true;
    Promise.all([services.api.getClubLeaderboard(club.clubId), services.api.getClubMembers(club.clubId)]).then(
      ([entries, page]) => {
        if (!live) return;
        setBoard(entries);
        setMembers(page.items);
      },
      (e: unknown) => live && setMessage(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [services, club.clubId]);
  const loadFeed = useCallback((cursor?: string) => services.api.getClubFeed(club.clubId, cursor), [services, club.clubId]);

  return (
    <View style={{ gap: 12 }} testID="club-view">
      <Button title={t('clubs.back')} accessibilityLabel={t('clubs.backLabel')} kind="secondary" onPress={onBack} testID="club-back" />
      <Text style={ui.title} accessibilityRole="header">
        {club.name}
      </Text>
      {club.description ? <Text style={ui.subtitle}>{club.description}</Text> : null}
      <View style={[ui.card, ui.row]}>
        <Text style={[ui.text, { flex: 1 }]} selectable accessibilityLabel={t('clubs.idLabel', { id: club.clubId })} testID="club-id">
          {t('clubs.id', { id: club.clubId })}
        </Text>
        <Button title={copied ? t('feed.copied') : t('feed.copy')} accessibilityLabel={t('clubs.idLabel', { id: club.clubId })} kind="secondary" onPress={() => copyOrShare(club.clubId).then(() => setCopied(true), () => undefined)} />
      </View>
      {message ? <Text style={{ color: colors.warn }}>{message}</Text> : null}
      <Text style={[ui.text, { fontWeight: '700' }]} accessibilityRole="header">
        {t('clubs.week')}
      </Text>
      {board === undefined && message === undefined ? <Text style={ui.subtitle}>{t('common.loading')}</Text> : null}
      {board?.length === 0 ? <Text style={ui.subtitle}>{t('clubs.weekEmpty')}</Text> : null}
      {board?.map((entry) => {
        const words = clubEntryWords(entry);
        return (
          <Text key={entry.athleteId} style={ui.text} accessibilityLabel={words.label} testID="club-leader">
            {words.text}
          </Text>
        );
      })}
      <Text style={[ui.text, { fontWeight: '700' }]} accessibilityRole="header">
        {t('clubs.members')}
      </Text>
      {members?.map((member) => (
        <Button
          key={member.athleteId}
          title={`${member.displayName ?? ''} · ${t(`clubs.role.${member.role ?? 'member'}`)}`}
          accessibilityLabel={t('feed.openProfile', { name: member.displayName ?? '' })}
          kind="secondary"
          onPress={() => onOpenProfile(member.athleteId)}
          testID="club-member"
        />
      ))}
      <Text style={[ui.text, { fontWeight: '700' }]} accessibilityRole="header">
        {t('clubs.feed')}
      </Text>
      <FeedList load={loadFeed} me={me} onOpenProfile={onOpenProfile} reloadKey={0} testID="club-feed" />
    </View>
  );
}
