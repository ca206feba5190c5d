import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { useApp, useLoad } from '../AppContext';
import { GameProgress } from '../components/GameProgress';
import { ProgressBar } from '../components/ProgressBar';
import { colors, ui } from '../theme';

export function ProgressScreen() {
  const { services, notificationCount } = useApp();
  const { data: progress, error } = useLoad(() => services.api.getProgress(), [notificationCount]);
  // xpForNextLevel is the total at which the next level starts.
  const share = progress && progress.xpForNextLevel > 0 ? Math.min(1, progress.xp / progress.xpForNextLevel) : 0;
  return (
    <ScrollView contentContainerStyle={ui.screen} testID="progress-screen">
      <Text style={ui.title}>Progress</Text>
      {services.displayName ? <Text style={ui.subtitle}>{services.displayName}</Text> : null}
      {error ? <Text style={{ color: colors.bad }}>Could not load progress: {error}</Text> : null}
      {progress ? (
        <>
          <View style={[ui.card, { alignItems: 'center', gap: 8 }]}>
            <Text style={styles.levelLabel}>LEVEL</Text>
            <Text style={styles.level} testID="level">
              {progress.level}
            </Text>
            <ProgressBar share={share} label={`Level ${progress.level}: ${progress.xp} of ${progress.xpForNextLevel} XP`} />
            <Text style={ui.subtitle} testID="xp">
              {progress.xp} / {progress.xpForNextLevel} XP
            </Text>
          </View>
          <GameProgress />
          <Text style={[ui.text, { fontWeight: '700' }]}>Badges</Text>
          {progress.badges.length === 0 ? <Text style={ui.subtitle}>No badges yet — your first kilometre is waiting.</Text> : null}
          <View style={[ui.row, { flexWrap: 'wrap' }]}>
            {progress.badges.map((badge) => (
              <View key={badge.id} style={[ui.card, styles.badge]}>
                <Text style={styles.badgeIcon}>★</Text>
                <Text style={ui.text}>{badge.name}</Text>
                <Text style={ui.subtitle}>{new Date(badge.awardedAt).toLocaleDateString()}</Text>
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
