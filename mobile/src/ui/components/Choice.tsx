import { Pressable, StyleSheet, Text, View } from 'react-native';
import { colors } from '../theme';

export interface ChoiceOption<T extends string> {
  value: T;
  label: string;
}

/** A row of mutually exclusive options, read out as radio buttons. */
export function Choice<T extends string>(props: { label: string; options: readonly ChoiceOption<T>[]; value: T; onChange: (value: T) => void; testID?: string }) {
  return (
    <View style={styles.row} accessibilityRole="radiogroup" accessibilityLabel={props.label} testID={props.testID}>
      {props.options.map((option) => {
        const selected = option.value === props.value;
        return (
          <Pressable
            key={option.value}
            accessibilityRole="radio"
            accessibilityLabel={`${props.label}: ${option.label}`}
            accessibilityState={{ checked: selected }}
            testID={props.testID ? `${props.testID}-${option.value}` : undefined}
            onPress={() => props.onChange(option.value)}
            style={[styles.option, selected ? styles.selected : null]}
          >
            <Text style={[styles.label, selected ? styles.selectedLabel : null]}>{option.label}</Text>
          </Pressable>
        );
      })}
    </View>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', flexWrap: 'wrap', gap: 6 },
  option: { minHeight: 44, justifyContent: 'center', paddingVertical: 8, paddingHorizontal: 12, borderRadius: 8, borderWidth: 1, borderColor: colors.border },
  selected: { backgroundColor: colors.accent, borderColor: colors.accent },
  label: { color: colors.muted, fontWeight: '600' },
  selectedLabel: { color: colors.onAccent },
});
