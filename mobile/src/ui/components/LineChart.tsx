import { StyleSheet, Text, View } from 'react-native';
import Svg, { Line, Polyline } from 'react-native-svg';
import { i18n, t } from '../../i18n';
import { colors } from '../theme';

const HEIGHT = 110;

/** A channel over time; gaps (nulls) break the line rather than being drawn as zero. */
export function LineChart(props: { title: string; unit: string; digits?: number; values: (number | null | undefined)[]; color: string; width: number; testID?: string }) {
  const numbers = props.values.filter((v): v is number => typeof v === 'number');
  if (numbers.length < 2) {
    return (
      <View style={styles.box} testID={props.testID} accessible accessibilityLabel={`${props.title}: ${t('chart.noData')}`}>
        <Text style={styles.title}>{props.title}</Text>
        <Text style={styles.empty}>{t('chart.noData')}</Text>
      </View>
    );
  }
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  const span = max - min || 1;
  const step = props.width / Math.max(1, props.values.length - 1);
  const segments: string[] = [];
  let current: string[] = [];
  props.values.forEach((value, i) => {
    if (typeof value !== 'number') {
      if (current.length > 1) segments.push(current.join(' '));
      current = [];
      return;
    }
    const x = i * step;
    const y = HEIGHT - 4 - ((value - min) / span) * (HEIGHT - 8);
    current.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  });
  if (current.length > 1) segments.push(current.join(' '));
  const average = numbers.reduce((a, b) => a + b, 0) / numbers.length;
  const digits = props.digits ?? 0;
  const words = { avg: i18n().number(average, { min: digits, max: digits }), max: i18n().number(max, { min: digits, max: digits }), unit: props.unit };
  return (
    <View style={styles.box} testID={props.testID} accessible accessibilityRole="image" accessibilityLabel={t('chart.label', { title: props.title, ...words })}>
      <Text style={styles.title}>
        {props.title} <Text style={styles.range}>{t('chart.summary', words)}</Text>
      </Text>
      <Svg width={props.width} height={HEIGHT}>
        <Line x1={0} x2={props.width} y1={HEIGHT - 1} y2={HEIGHT - 1} stroke={colors.border} strokeWidth={1} />
        {segments.map((points, i) => (
          <Polyline key={i} points={points} fill="none" stroke={props.color} strokeWidth={2} />
        ))}
      </Svg>
    </View>
  );
}

const styles = StyleSheet.create({
  box: { backgroundColor: colors.card, borderRadius: 12, padding: 12, gap: 6, borderWidth: 1, borderColor: colors.border },
  title: { color: colors.text, fontWeight: '700', fontSize: 15 },
  range: { color: colors.muted, fontWeight: '400', fontSize: 13 },
  empty: { color: colors.muted },
});
