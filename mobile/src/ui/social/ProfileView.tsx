import { useEffect, useState } from 'react';
import { ScrollView, Text, View } from 'react-native';
import { ApiError } from '../../api/errors';
import type { Relationship } from '../../api/types';
import { i18n, t } from '../../i18n';
import { Button } from '../components/Button';
import { useApp } from '../AppContext';
import { colors, ui } from '../theme';
import { errorText } from './share';

/** Another athlete's page: name, whether the athlete follows them (or asked to), followers and following. */
export function ProfileView({ athleteId, me, onBack }: { athleteId: string; me: string | undefined; onBack: () => void }) {
  const { services } = useApp();
  const [relationship, setRelationship] = useState<Relationship>();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    services.api.getRelationship(athleteId).then(
      (answer) => live && setRelationship(answer),
      (e: unknown) => live && setMessage(e instanceof ApiError && e.status === 404 ? t('profile.notFound') : errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [services, athleteId]);

  const change = (follow: boolean) => {
    setBusy(true);
    setMessage(undefined);
    const work = follow ? services.api.follow(athleteId) : services.api.unfollow(athleteId).then(() => services.api.getRelationship(athleteId));
    work.then(
      (answer) => {
        setRelationship(answer);
        setBusy(false);
      },
      (e: unknown) => {
        setMessage(errorText(e));
        setBusy(false);
      },
    );
  };

  const name = relationship?.displayName ?? '';
  const self = athleteId === me;
  return (
    <ScrollView contentContainerStyle={ui.screen} testID="profile-screen">
      <Button title={t('profile.back')} accessibilityLabel={t('profile.backLabel')} kind="secondary" onPress={onBack} testID="profile-back" />
      {relationship ? (
        <>
          <Text style={ui.title} accessibilityRole="header" testID="profile-name">
            {name}
          </Text>
          <Text style={ui.subtitle} selectable>
            {athleteId}
          </Text>
          <View style={[ui.card, { gap: 6 }]}>
            <Text style={ui.text} testID="profile-followers">
              {t('words.followers', { count: relationship.followers })}
            </Text>
            <Text style={ui.text} testID="profile-following">
              {t('profile.following', { count: i18n().number(relationship.followingCount) })}
            </Text>
            {relationship.followsYou ? <Text style={{ color: colors.good }}>{t('profile.followsYou')}</Text> : null}
            {relationship.privateProfile ? <Text style={ui.subtitle}>{t('profile.private')}</Text> : null}
          </View>
          {self ? (
            <Text style={ui.subtitle}>{t('profile.you')}</Text>
          ) : (
            <>
              <Text style={[ui.text, { fontWeight: '700' }]} testID="profile-state" accessibilityLiveRegion="polite">
                {t(`profile.state.${relationship.following}`)}
              </Text>
              {relationship.following === 'none' ? (
                <Button title={t('profile.follow')} accessibilityLabel={t('profile.followLabel', { name })} disabled={busy} onPress={() => change(true)} testID="profile-follow" />
              ) : (
                <Button
                  title={t(relationship.following === 'requested' ? 'profile.cancelRequest' : 'profile.unfollow')}
                  accessibilityLabel={t(relationship.following === 'requested' ? 'profile.cancelRequestLabel' : 'profile.unfollowLabel', { name })}
                  kind="secondary"
                  disabled={busy}
                  onPress={() => change(false)}
                  testID="profile-unfollow"
                />
              )}
            </>
          )}
        </>
      ) : message === undefined ? (
        <Text style={ui.subtitle}>{t('common.loading')}</Text>
      ) : null}
      {message ? <Text style={{ color: colors.warn }}>{message}</Text> : null}
    </ScrollView>
  );
}
