import { StyleSheet, Text, View } from 'react-native';
import type { AthleteNotification } from '../../api/types';
import { colors } from '../theme';

export interface Toast {
  key: string;
  title: string;
  detail?: string;
  type: string;
}

/** Words for a notification; types the app does not know yet still show, plainly. */
export function toastFor(notification: AthleteNotification): Toast {
  const p = notification.payload;
  const base = { key: notification.id, type: notification.type };
  switch (notification.type) {
    case 'xp':
      return { ...base, title: `+${String(p.xp ?? '')} XP`, detail: p.km !== undefined ? `Kilometre ${String(p.km)} · ${String(p.totalXp ?? '')} XP in total` : undefined };
    case 'level-up':
      return { ...base, title: `Level ${String(p.level)}!`, detail: `Up from level ${String(p.previousLevel)}` };
    case 'badge':
      return { ...base, title: 'New badge', detail: String(p.name ?? p.badgeId ?? '') };
    case 'challenge-progress':
      return { ...base, title: 'Challenge progress', detail: String(p.name ?? p.challengeId ?? '') };
    case 'challenge-finished':
      return { ...base, title: 'Challenge finished', detail: String(p.name ?? p.challengeId ?? '') };
    default:
      return { ...base, title: notification.type };
  }
}

export function Toasts({ toasts }: { toasts: Toast[] }) {
  return (
    <View style={styles.stack} pointerEvents="none">
      {toasts.map((toast) => (
        <View key={toast.key} style={[styles.toast, toast.type === 'level-up' ? styles.levelUp : null]} testID={`toast-${toast.type}`}>
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
  title: { color: colors.text, fontWeight: '800', fontSize: 18 },
  detail: { color: colors.text, fontSize: 13, marginTop: 2 },
});
