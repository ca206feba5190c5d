import { useCallback, useEffect, useState } from 'react';
import { RefreshControl, ScrollView, Text, TextInput, View } from 'react-native';
import { t } from '../../i18n';
import { Button } from '../components/Button';
import { Choice } from '../components/Choice';
import { useApp } from '../AppContext';
import { ClubsSection } from '../social/ClubsSection';
import { FeedList } from '../social/FeedList';
import { GroupSection } from '../social/GroupSection';
import { ProfileView } from '../social/ProfileView';
import { copyOrShare } from '../social/share';
import { athleteIdFrom } from '../socialWords';
import { colors, ui } from '../theme';

type Section = 'feed' | 'clubs' | 'group';

/** The Feed tab: what friends did (kudos, comments), following by athlete id, clubs and live group sessions. */
export function SocialScreen() {
  const { services } = useApp();
  const [section, setSection] = useState<Section>(initialSection());
  const [profile, setProfile] = useState<string>();
  const [me, setMe] = useState<string | undefined>(services.athleteId);
  const [reloadKey, setReloadKey] = useState(0);
  useEffect(() => {
    let live = true;
    services.myAthleteId().then(
      (id) => live && setMe(id),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [services]);

  if (profile) return <ProfileView athleteId={profile} me={me} onBack={() => setProfile(undefined)} />;

  const sections = [
    { value: 'feed' as const, label: t('social.feed') },
    { value: 'clubs' as const, label: t('social.clubs') },
    { value: 'group' as const, label: t('social.group') },
  ];
  return (
    <ScrollView
      contentContainerStyle={ui.screen}
      testID="social-screen"
      refreshControl={<RefreshControl refreshing={false} onRefresh={() => setReloadKey((n) => n + 1)} tintColor={colors.accent} />}
    >
      <Choice label={t('social.sections')} options={sections} value={section} onChange={setSection} testID="social-section" />
      {section === 'feed' ? <FeedSection me={me} onOpenProfile={setProfile} reloadKey={reloadKey} /> : null}
      {section === 'clubs' ? <ClubsSection me={me} onOpenProfile={setProfile} reloadKey={reloadKey} /> : null}
      {section === 'group' ? <GroupSection me={me} /> : null}
    </ScrollView>
  );
}

function FeedSection({ me, onOpenProfile, reloadKey }: { me: string | undefined; onOpenProfile: (athleteId: string) => void; reloadKey: number }) {
  const { services } = useApp();
  const [followText, setFollowText] = useState('');
  const [message, setMessage] = useState<string>();
  const [copied, setCopied] = useState(false);
  const load = useCallback((cursor?: string) => services.api.getFeed(cursor), [services]);
  const open = () => {
    const id = athleteIdFrom(followText);
    if (id === undefined) {
      setMessage(t('feed.badId'));
      return;
    }
    setMessage(undefined);
    setFollowText('');
    onOpenProfile(id);
  };
  return (
    <>
      <Text style={ui.title} accessibilityRole="header">
        {t('feed.title')}
      </Text>
      {me ? (
        <View style={[ui.card, ui.row]}>
          <Text style={[ui.subtitle, { flex: 1 }]} selectable accessibilityLabel={t('feed.myIdLabel', { id: me })} testID="my-athlete-id">
            {t('feed.myId', { id: me })}
          </Text>
          <Button title={copied ? t('feed.copied') : t('feed.copy')} accessibilityLabel={t('feed.copyLabel')} kind="secondary" onPress={() => copyOrShare(me).then(() => setCopied(true), () => undefined)} testID="copy-athlete-id" />
        </View>
      ) : null}
      <View style={[ui.card, { gap: 8 }]}>
        <Text style={[ui.text, { fontWeight: '700' }]} accessibilityRole="header">
          {t('feed.followTitle')}
        </Text>
        <Text style={ui.subtitle}>{t('feed.followHelp')}</Text>
        <TextInput
          style={ui.input}
          value={followText}
          onChangeText={setFollowText}
          onSubmitEditing={open}
          autoCapitalize="none"
          autoCorrect={false}
          accessibilityLabel={t('feed.followField')}
          placeholder={t('feed.followField')}
          placeholderTextColor={colors.muted}
          testID="follow-id"
        />
        {message ? <Text style={{ color: colors.warn }}>{message}</Text> : null}
        <Button title={t('feed.followOpen')} accessibilityLabel={t('feed.followOpenLabel')} kind="secondary" disabled={followText.trim() === ''} onPress={open} testID="follow-open" />
      </View>
      <FeedList load={load} me={me} onOpenProfile={onOpenProfile} reloadKey={reloadKey} testID="feed" />
    </>
  );
}

/** The browser build can open a section directly (`?tab=feed&section=group`). */
function initialSection(): Section {
  const search = typeof window !== 'undefined' && window.location ? window.location.search : '';
  const requested = new URLSearchParams(search).get('section');
  return requested === 'clubs' || requested === 'group' ? requested : 'feed';
}
