import { StyleSheet } from 'react-native';
import { clock } from '../i18n';

export const colors = {
  background: '#0f172a',
  card: '#1e293b',
  border: '#334155',
  text: '#f1f5f9',
  muted: '#94a3b8',
  accent: '#f97316',
  /** Text on an accent (or other bright) fill: the dark background colour reads there, white does not. */
  onAccent: '#0f172a',
  good: '#22c55e',
  warn: '#eab308',
  bad: '#f87171',
  hr: '#f87171',
  power: '#c084fc',
  speed: '#38bdf8',
  route: '#38bdf8',
  mapBackground: '#0b1222',
};

/**
 * Every text colour on every fill it is drawn on, checked for WCAG AA contrast (4.5:1 for normal text) by
 * test/contrast.test.ts. A new colour pair in a screen belongs here.
 */
export const textOnFill: readonly { text: keyof typeof colors; fill: keyof typeof colors; where: string }[] = [
  { text: 'text', fill: 'background', where: 'titles, body text' },
  { text: 'text', fill: 'card', where: 'cards, tiles, toasts' },
  { text: 'text', fill: 'border', where: 'secondary buttons' },
  { text: 'muted', fill: 'background', where: 'subtitles' },
  { text: 'muted', fill: 'card', where: 'labels, tab bar, units' },
  { text: 'accent', fill: 'background', where: 'brand, level number' },
  { text: 'accent', fill: 'card', where: 'active tab, links' },
  { text: 'onAccent', fill: 'accent', where: 'primary buttons, selected options, level-up toast' },
  { text: 'onAccent', fill: 'bad', where: 'danger button' },
  { text: 'good', fill: 'background', where: 'status' },
  { text: 'good', fill: 'card', where: 'trust, kept goal' },
  { text: 'warn', fill: 'background', where: 'warnings' },
  { text: 'warn', fill: 'card', where: 'sync waiting, provisional marker' },
  { text: 'bad', fill: 'background', where: 'errors' },
  { text: 'bad', fill: 'card', where: 'errors in cards, heart rate' },
  { text: 'hr', fill: 'card', where: 'heart-rate tile' },
  { text: 'power', fill: 'card', where: 'power tile' },
  { text: 'speed', fill: 'card', where: 'speed tile' },
  { text: 'muted', fill: 'mapBackground', where: 'map' },
];

export const ui = StyleSheet.create({
  screen: { flexGrow: 1, padding: 16, gap: 12 },
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

/** `h:mm:ss`, or `m:ss` under an hour. */
export function formatDuration(totalSeconds: number): string {
  return clock(totalSeconds);
}
