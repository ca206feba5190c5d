import { StyleSheet, View } from 'react-native';
import { colors } from '../theme';

/** A horizontal bar filled to `share` (0 to 1). */
export function ProgressBar(props: { share: number; label: string; color?: string; testID?: string }) {
  const percent = Math.round(Math.min(1, Math.max(0, props.share)) * 100);
  return (
    <View
      style={styles.track}
      accessibilityRole="progressbar"
      accessibilityLabel={props.label}
      accessibilityValue={{ min: 0, max: 100, now: percent }}
      testID={props.testID}
    >
      <View style={[styles.fill, { width: `${percent}%`, backgroundColor: props.color ?? colors.accent }]} />
    </View>
  );
}

const styles = StyleSheet.create({
  track: { alignSelf: 'stretch', height: 14, backgroundColor: colors.border, borderRadius: 7, overflow: 'hidden' },
  fill: { height: 14 },
});
