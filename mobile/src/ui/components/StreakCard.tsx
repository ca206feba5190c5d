import { StyleSheet, Text, View } from 'react-native';
import type { Streaks } from '../../api/types';
import { streakWords } from '../streakWords';
import { colors, ui } from '../theme';

/** The daily streak, with its record, freezes and whether today still needs doing; the weekly streak below it. */
export function StreakCard({ streaks }: { streaks: Streaks }) {
  const words = streakWords(streaks);
  return (
    <View style={[ui.card, styles.card]} testID="streak-card" accessible accessibilityLabel={[words.headline, words.longest, words.freezes, words.atRisk, words.weekly].filter(Boolean).join('. ')}>
      <Text style={styles.flame} importantForAccessibility="no" accessibilityElementsHidden>
        {streaks.daily.current > 0 ? '🔥' : '○'}
      </Text>
      <Text style={styles.headline} testID="streak-current">
        {words.headline}
      </Text>
      <Text style={ui.subtitle}>
        {words.longest} · {words.freezes}
      </Text>
      {words.atRisk ? (
        <Text style={styles.atRisk} testID="streak-at-risk">
          {words.atRisk}
        </Text>
      ) : null}
      <Text style={ui.text} testID="streak-weekly">
        {words.weekly}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  card: { alignItems: 'center', gap: 4 },
  flame: { fontSize: 28, color: colors.accent },
  headline: { color: colors.accent, fontSize: 28, fontWeight: '800' },
  atRisk: { color: colors.warn, fontWeight: '700', textAlign: 'center' },
});
