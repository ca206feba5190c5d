import { StyleSheet, Text, View } from 'react-native';
import type { Toast } from '../toastWords';
import { colors } from '../theme';

export { toastFor, celebrates, type Toast } from '../toastWords';

export function Toasts({ toasts }: { toasts: Toast[] }) {
  return (
    <View style={styles.stack} pointerEvents="none">
      {toasts.map((toast) => (
        <View key={toast.key} style={[styles.toast, toast.type === 'level-up' ? styles.levelUp : null, toast.type.endsWith('-at-risk') ? styles.atRisk : null]} testID={`toast-${toast.type}`}>
          <Text style={styles.title}>{toast.title}</Text>
          {toast.detail ? <Text style={styles.detail}>{toast.detail}</Text> : null}
        </View>
      ))}
    </View>
  );
}

const styles = StyleSheet.create({
  // Above the tab bar: the live numbers at the top stay readable while a toast shows.
  stack: { position: 'absolute', bottom: 64, left: 16, right: 16, gap: 8, alignItems: 'center' },
  toast: { backgroundColor: colors.card, borderColor: colors.accent, borderWidth: 1, borderRadius: 12, paddingVertical: 10, paddingHorizontal: 16, minWidth: 220, alignItems: 'center' },
  levelUp: { backgroundColor: colors.accent, borderColor: '#fff' },
  atRisk: { borderColor: colors.warn },
  title: { color: colors.text, fontWeight: '800', fontSize: 18 },
  detail: { color: colors.text, fontSize: 13, marginTop: 2 },
});
