import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { useApp, useLoad } from '../AppContext';
import { GameProgress } from '../components/GameProgress';
import { ProgressBar } from '../components/ProgressBar';
import { i18n, t } from '../../i18n';
import { colors, ui } from '../theme';

export function ProgressScreen() {
  const { services, notificationCount } = useApp();
  const { data: progress, error } = useLoad(() => services.loadProgress(), [notificationCount]);
  // xpForNextLevel is the total at which the next level starts.
  const share = progress && progress.xpForNextLevel > 0 ? Math.min(1, progress.xp / progress.xpForNextLevel) : 0;
  return (
    <ScrollView contentContainerStyle={ui.screen} testID="progress-screen">
      <Text style={ui.title} accessibilityRole="header">
        {t('progress.title')}
      </Text>
      {services.displayName ? <Text style={ui.subtitle}>{services.displayName}</Text> : null}
      {error ? <Text style={{ color: colors.bad }}>{t('progress.loadFailed', { error })}</Text> : null}
      {progress ? (
        <>
          <View style={[ui.card, { alignItems: 'center', gap: 8 }]}>
            <Text style={styles.levelLabel}>{t('progress.level')}</Text>
            <Text style={styles.level} testID="level">
              {progress.level}
            </Text>
            <ProgressBar share={share} label={t('progress.levelBar', { level: progress.level, xp: progress.xp, next: progress.xpForNextLevel })} />
            <Text style={ui.subtitle} testID="xp">
              {t('progress.xp', { xp: i18n().number(progress.xp), next: i18n().number(progress.xpForNextLevel) })}
            </Text>
          </View>
          <GameProgress />
          <Text style={[ui.text, { fontWeight: '700' }]} accessibilityRole="header">
            {t('progress.badges')}
          </Text>
          {progress.badges.length === 0 ? <Text style={ui.subtitle}>{t('progress.noBadges')}</Text> : null}
          <View style={[ui.row, { flexWrap: 'wrap' }]}>
            {progress.badges.map((badge) => (
              <View key={badge.id} style={[ui.card, styles.badge]} accessible accessibilityLabel={t('progress.badgeLabel', { name: badge.name, date: i18n().date(badge.awardedAt, 'date') })}>
                <Text style={styles.badgeIcon}>★</Text>
                <Text style={ui.text}>{badge.name}</Text>
                <Text style={ui.subtitle}>{i18n().date(badge.awardedAt, 'date')}</Text>
              </View>
            ))}
          </View>
        </>
      ) : null}
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  levelLabel: { color: colors.muted, letterSpacing: 3 },
  level: { color: colors.accent, fontSize: 64, fontWeight: '800' },
  badge: { alignItems: 'center', minWidth: 120 },
  badgeIcon: { color: colors.warn, fontSize: 28 },
});
