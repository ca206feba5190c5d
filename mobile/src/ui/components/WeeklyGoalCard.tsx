import { useState } from 'react';
import { Text, TextInput, View } from 'react-native';
import { isRefusalOf } from '../../api/errors';
import type { GameSettings, WeeklyGoal, WeeklyGoalProgress } from '../../api/types';
import { useApp } from '../AppContext';
import { weeklyGoal, type WeeklyGoalKind } from '../goalInput';
import { localDay, weeklyGoalLabel, weeklyGoalWords } from '../streakWords';
import { colors, ui } from '../theme';
import { Button } from './Button';
import { Choice } from './Choice';
import { ProgressBar } from './ProgressBar';

const KINDS = [
  { value: 'distance', label: 'Kilometres' },
  { value: 'minutes', label: 'Minutes' },
] as const;

function typedGoal(goal: WeeklyGoal | null | undefined): { kind: WeeklyGoalKind; text: string } {
  if (goal && 'movingSeconds' in goal) return { kind: 'minutes', text: String(Math.round(goal.movingSeconds / 60)) };
  if (goal && 'distanceM' in goal) return { kind: 'distance', text: String(goal.distanceM / 1000) };
  return { kind: 'distance', text: '20' };
}

/** This week's progress toward the weekly goal, and the form that sets or clears it. */
export function WeeklyGoalCard(props: { settings: GameSettings; week?: WeeklyGoalProgress | null; onSaved: (settings: GameSettings) => void }) {
  const { services } = useApp();
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
        setMessage(isRefusalOf(e, 'weeklyGoal') ? 'The server does not take that goal: it is out of range.' : e instanceof Error ? e.message : String(e)),
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
      <Text style={[ui.text, { fontWeight: '700' }]}>Weekly goal</Text>
      <Text style={ui.subtitle} testID="weekly-goal-label">
        {goal ? weeklyGoalLabel(goal) : 'No weekly goal set'}
        {goal && weekOf ? ` · week of ${weekOf.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}` : ''}
      </Text>
      {week ? (
        <>
          <ProgressBar share={week.share} label={`Weekly goal: ${week.amount}`} color={props.week?.kept ? colors.good : colors.accent} testID="weekly-goal-bar" />
          <Text style={ui.text} testID="weekly-goal-progress">
            {week.amount}
          </Text>
          <Text style={{ color: props.week?.kept ? colors.good : colors.muted }}>{week.status}</Text>
        </>
      ) : null}
      <Choice label="Goal in" options={KINDS} value={kind} onChange={setKind} testID="weekly-goal-kind" />
      <TextInput
        style={ui.input}
        value={text}
        onChangeText={setText}
        keyboardType="decimal-pad"
        accessibilityLabel={kind === 'distance' ? 'Weekly goal in kilometres' : 'Weekly goal in minutes'}
        placeholder={kind === 'distance' ? 'km a week' : 'minutes a week'}
        placeholderTextColor={colors.muted}
        testID="weekly-goal-input"
      />
      {message ? <Text style={{ color: colors.warn }}>{message}</Text> : null}
      <View style={ui.row}>
        <Button title={goal ? 'Change goal' : 'Set goal'} onPress={saveTyped} disabled={saving} testID="weekly-goal-save" />
        {goal ? <Button title="Clear goal" kind="secondary" onPress={() => save(null)} disabled={saving} testID="weekly-goal-clear" /> : null}
      </View>
    </View>
  );
}
