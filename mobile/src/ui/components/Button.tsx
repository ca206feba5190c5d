import { Pressable, StyleSheet, Text } from 'react-native';
import { colors } from '../theme';

export function Button(props: { title: string; onPress: () => void; kind?: 'primary' | 'secondary' | 'danger'; disabled?: boolean; testID?: string; accessibilityLabel?: string }) {
  const background = props.kind === 'danger' ? colors.bad : props.kind === 'secondary' ? colors.border : colors.accent;
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={props.accessibilityLabel ?? props.title}
      accessibilityState={{ disabled: props.disabled === true }}
      testID={props.testID}
      disabled={props.disabled}
      onPress={props.onPress}
      style={({ pressed }) => [styles.button, { backgroundColor: background, opacity: props.disabled ? 0.4 : pressed ? 0.7 : 1 }]}
    >
      <Text style={styles.label}>{props.title}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  button: { paddingVertical: 12, paddingHorizontal: 18, borderRadius: 10, alignItems: 'center' },
  label: { color: '#fff', fontWeight: '700', fontSize: 16 },
});
