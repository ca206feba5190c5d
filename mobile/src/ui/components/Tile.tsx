import { StyleSheet, Text, View } from 'react-native';
import { colors } from '../theme';

/** One big live number with its unit, as read at a glance while moving; read out as "label, value unit" (or `spoken`). */
export function Tile(props: { label: string; value: string; unit?: string; color?: string; testID?: string; spoken?: string }) {
  return (
    <View style={styles.tile} testID={props.testID} accessible accessibilityRole="text" accessibilityLabel={`${props.label}: ${props.spoken ?? `${props.value} ${props.unit ?? ''}`.trim()}`}>
      <Text style={styles.label}>{props.label}</Text>
      <Text style={[styles.value, props.color ? { color: props.color } : null]}>
        {props.value}
        {props.unit ? <Text style={styles.unit}> {props.unit}</Text> : null}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  tile: { flexBasis: '47%', flexGrow: 1, backgroundColor: colors.card, borderRadius: 12, padding: 12, borderWidth: 1, borderColor: colors.border },
  label: { color: colors.muted, fontSize: 13, textTransform: 'uppercase', letterSpacing: 1 },
  value: { color: colors.text, fontSize: 32, fontWeight: '700', marginTop: 4 },
  unit: { color: colors.muted, fontSize: 16, fontWeight: '400' },
});
