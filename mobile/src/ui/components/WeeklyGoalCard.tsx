import { useState } from 'react';
import { Text, TextInput, View } from 'react-native';
import { isRefusalOf } from '../../api/errors';
import type { GameSettings, WeeklyGoal, WeeklyGoalProgress } from '../../api/types';
import { useApp } from '../AppContext';
import { weeklyGoal, type WeeklyGoalKind } from '../goalInput';
import { localDay, weeklyGoalLabel, weeklyGoalWords } from '../streakWords';
import { i18n, t } from '../../i18n';
import { colors, ui } from '../theme';
import { Button } from './Button';
import { Choice } from './Choice';
import { ProgressBar } from './ProgressBar';


function typedGoal(goal: WeeklyGoal | null | undefined): { kind: WeeklyGoalKind; text: string } {
  if (goal && 'movingSeconds' in goal) return { kind: 'minutes', text: String(Math.round(goal.movingSeconds / 60)) };
  if (goal && 'distanceM' in goal) return { kind: 'distance', text: i18n().number(goal.distanceM / i18n().metresPerDistanceUnit) };
  return { kind: 'distance', text: i18n().units === 'imperial' ? '12' : '20' };
}

/** This week's progress toward the weekly goal, and the form that sets or clears it. */
export function WeeklyGoalCard(props: { settings: GameSettings; week?: WeeklyGoalProgress | null; onSaved: (settings: GameSettings) => void }) {
  const { services } = useApp();
  const kinds = [
    { value: 'distance', label: t('weekly.distance') },
    { value: 'minutes', label: t('weekly.minutes') },
  ] as const;
  const goal = props.settings.weeklyGoal ?? null;
  const [kind, setKind] = useState(typedGoal(goal).kind);
  const [text, setText] = useState(typedGoal(goal).text);
  const [message, setMessage] = useState<string>();
  const [saving, setSaving] = useState(false);

  const save = (next: WeeklyGoal | null) => {
    setMessage(undefined);
    setSaving(true);
    services.api
      .putGameSettings({ timeZone: props.settings.timeZone, weeklyGoal: next })
      .then(props.onSaved, (e: unknown) =>
        setMessage(isRefusalOf(e, 'weeklyGoal') ? t('weekly.outOfRange') : e instanceof Error ? e.message : String(e)),
      )
      .finally(() => setSaving(false));
  };
  const saveTyped = () => {
    const parsed = weeklyGoal(kind, text);
    if ('error' in parsed) setMessage(parsed.error);
    else save(parsed.goal);
  };

  const week = props.week && goal ? weeklyGoalWords(props.week) : undefined;
  const weekOf = props.week ? localDay(props.week.weekStart) : undefined;
  return (
    <View style={[ui.card, { gap: 8 }]} testID="weekly-goal-card">
      <Text style={[ui.text, { fontWeight: '700' }]} accessibilityRole="header">
        {t('weekly.title')}
      </Text>
      <Text style={ui.subtitle} testID="weekly-goal-label">
        {goal ? weeklyGoalLabel(goal) : t('weekly.none')}
        {goal && weekOf ? t('weekly.weekOf', { date: i18n().date(weekOf, 'dayMonth') }) : ''}
      </Text>
      {week ? (
        <>
          <ProgressBar share={week.share} label={t('weekly.bar', { amount: week.amount })} color={props.week?.kept ? colors.good : colors.accent} testID="weekly-goal-bar" />
          <Text style={ui.text} testID="weekly-goal-progress">
            {week.amount}
          </Text>
          <Text style={{ color: props.week?.kept ? colors.good : colors.muted }}>{week.status}</Text>
        </>
      ) : null}
      <Choice label={t('weekly.goalIn')} options={kinds} value={kind} onChange={setKind} testID="weekly-goal-kind" />
      <TextInput
        style={ui.input}
        value={text}
        onChangeText={setText}
        keyboardType="decimal-pad"
        accessibilityLabel={kind === 'distance' ? t('weekly.inputDistance', { unit: i18n().distanceUnit }) : t('weekly.inputMinutes')}
        placeholder={kind === 'distance' ? t('weekly.placeholderDistance', { unit: i18n().distanceUnit }) : t('weekly.placeholderMinutes')}
        placeholderTextColor={colors.muted}
        testID="weekly-goal-input"
      />
      {message ? <Text style={{ color: colors.warn }}>{message}</Text> : null}
      <View style={ui.row}>
        <Button title={goal ? t('weekly.change') : t('weekly.set')} onPress={saveTyped} disabled={saving} testID="weekly-goal-save" />
        {goal ? <Button title={t('weekly.clear')} kind="secondary" onPress={() => save(null)} disabled={saving} testID="weekly-goal-clear" /> : null}
      </View>
    </View>
  );
}
