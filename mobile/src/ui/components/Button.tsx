import { Pressable, StyleSheet, Text } from 'react-native';
import { colors } from '../theme';

export function Button(props: {
  title: string;
  onPress: () => void;
  kind?: 'primary' | 'secondary' | 'danger';
  disabled?: boolean;
  selected?: boolean;
  testID?: string;
  accessibilityLabel?: string;
  accessibilityHint?: string;
}) {
  const background = props.kind === 'danger' ? colors.bad : props.kind === 'secondary' ? colors.border : colors.accent;
  const label = props.kind === 'secondary' ? colors.text : colors.onAccent;
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={props.accessibilityLabel ?? props.title}
      accessibilityHint={props.accessibilityHint}
      accessibilityState={{ disabled: props.disabled === true, ...(props.selected !== undefined ? { selected: props.selected } : {}) }}
      testID={props.testID}
      disabled={props.disabled}
      onPress={props.onPress}
      style={({ pressed }) => [styles.button, { backgroundColor: background, opacity: props.disabled ? 0.4 : pressed ? 0.7 : 1 }]}
    >
      <Text style={[styles.label, { color: label }]}>{props.title}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  // No fixed height: the label grows with the system font size. 44 points is the smallest target to tap.
  button: { minHeight: 44, justifyContent: 'center', paddingVertical: 10, paddingHorizontal: 18, borderRadius: 10, alignItems: 'center' },
  label: { fontWeight: '700', fontSize: 16, textAlign: 'center' },
});
