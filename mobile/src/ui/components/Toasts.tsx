import { StyleSheet, Text, View } from 'react-native';
import { t } from '../../i18n';
import type { Toast } from '../toastWords';
import { colors } from '../theme';

export { toastFor, celebrates, type Toast } from '../toastWords';

/** Toasts above the tab bar; provisional ones (counted on the phone, not confirmed yet) say so. Announced politely. */
export function Toasts({ toasts }: { toasts: Toast[] }) {
  return (
    <View style={styles.stack} pointerEvents="none" accessibilityLiveRegion="polite">
      {toasts.map((toast) => {
        const levelUp = toast.type === 'level-up';
        const textColor = levelUp ? colors.onAccent : colors.text;
        return (
          <View
            key={toast.key}
            style={[styles.toast, levelUp ? styles.levelUp : null, toast.type.endsWith('-at-risk') ? styles.atRisk : null, toast.type === 'game-correction' ? styles.correction : null, toast.provisional ? styles.provisional : null]}
            testID={`toast-${toast.type}`}
            accessible
            accessibilityRole="alert"
            accessibilityLabel={[toast.title, toast.detail, toast.provisional ? t('game.provisional') : undefined].filter(Boolean).join('. ')}
          >
            <Text style={[styles.title, { color: textColor }]}>{toast.title}</Text>
            {toast.detail ? <Text style={[styles.detail, { color: textColor }]}>{toast.detail}</Text> : null}
            {toast.provisional ? (
              <Text style={[styles.marker, levelUp ? { color: colors.onAccent } : null]} testID="toast-provisional">
                {t('game.provisional')}
              </Text>
            ) : null}
          </View>
        );
      })}
    </View>
  );
}

const styles = StyleSheet.create({
  // Above the tab bar: the live numbers at the top stay readable while a toast shows.
  stack: { position: 'absolute', bottom: 64, left: 16, right: 16, gap: 8, alignItems: 'center' },
  toast: { backgroundColor: colors.card, borderColor: colors.accent, borderWidth: 1, borderRadius: 12, paddingVertical: 10, paddingHorizontal: 16, minWidth: 220, alignItems: 'center' },
  levelUp: { backgroundColor: colors.accent, borderColor: colors.text },
  atRisk: { borderColor: colors.warn },
  correction: { borderColor: colors.warn, borderWidth: 2 },
  provisional: { borderStyle: 'dashed' },
  title: { fontWeight: '800', fontSize: 18, textAlign: 'center' },
  detail: { fontSize: 13, marginTop: 2, textAlign: 'center' },
  marker: { color: colors.warn, fontSize: 12, fontWeight: '700', marginTop: 2, textTransform: 'uppercase', letterSpacing: 1 },
});
