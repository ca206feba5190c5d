import { StyleSheet } from 'react-native';

export const colors = {
  background: '#0f172a',
  card: '#1e293b',
  border: '#334155',
  text: '#f1f5f9',
  muted: '#94a3b8',
  accent: '#f97316',
  good: '#22c55e',
  warn: '#eab308',
  bad: '#ef4444',
  hr: '#ef4444',
  power: '#a855f7',
  speed: '#38bdf8',
};

export const ui = StyleSheet.create({
  screen: { flex: 1, padding: 16, gap: 12 },
  title: { color: colors.text, fontSize: 22, fontWeight: '700' },
  subtitle: { color: colors.muted, fontSize: 14 },
  text: { color: colors.text, fontSize: 16 },
  card: { backgroundColor: colors.card, borderRadius: 12, padding: 12, borderWidth: 1, borderColor: colors.border },
  row: { flexDirection: 'row', alignItems: 'center', gap: 8 },
  input: {
    backgroundColor: colors.card,
    color: colors.text,
    borderColor: colors.border,
    borderWidth: 1,
    borderRadius: 8,
    paddingHorizontal: 12,
    paddingVertical: 10,
    fontSize: 16,
  },
});

export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${m}:${ss}`;
}

export function formatKm(metres: number): string {
  return (metres / 1000).toFixed(2);
}

/** Minutes per kilometre, as runners read speed. */
export function formatPace(speedMps: number | undefined): string {
  if (!speedMps || speedMps < 0.3) return '–';
  return formatDuration(1000 / speedMps);
}
