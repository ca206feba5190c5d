import { useState } from 'react';
import { ScrollView, Text, TextInput, View } from 'react-native';
import { ApiError } from '../../api/errors';
import type { Challenge, ChallengeMetric, LeaderboardEntry } from '../../api/types';
import { challengeMetric, formatAmount, formatShare, goalAmount } from '../amounts';
import { Button } from '../components/Button';
import { Choice } from '../components/Choice';
import { useApp, useLoad } from '../AppContext';
import { metricChoices, challengeGoal } from '../goalInput';
import { t } from '../../i18n';
import { colors, ui } from '../theme';

interface KnownChallenge {
  id: string;
  name: string;
  /** Missing for challenges remembered before challenges had metrics: those are distance. */
  metric?: ChallengeMetric;
}

interface Board {
  challenge: KnownChallenge;
  metric: ChallengeMetric;
  /** The caller's progress in words, once joined. */
  mine?: string;
  entries: LeaderboardEntry[];
}

function myProgress(view: Challenge | undefined, metric: ChallengeMetric): string | undefined {
  const value = view?.progress ?? view?.distanceM;
  return view?.joined && value !== undefined ? t('challenges.you', { share: formatShare(metric, value, goalAmount(view.goal)) }) : undefined;
}

const KNOWN_KEY = 'challenges.known';

/** The API has no "list challenges" yet, so the app lists the ones it created or joined. */
export function ChallengesScreen() {
  const { services } = useApp();
  const [known, setKnown] = useState<KnownChallenge[]>([]);
  const choices = metricChoices();
  const [name, setName] = useState(t('challenges.defaultName'));
  const [metric, setMetric] = useState<ChallengeMetric>('distance');
  const [goalText, setGoalText] = useState(choices[0]!.defaultGoal);
  const [joinId, setJoinId] = useState('');
  const [message, setMessage] = useState<string>();
  const [board, setBoard] = useState<Board>();
  const choice = choices.find((c) => c.metric === metric) ?? choices[0]!;
  const metricOptions = choices.map((c) => ({ value: c.metric, label: c.label }));

  useLoad(async () => {
    const text = await services.store.getSetting(KNOWN_KEY);
    setKnown(text ? (JSON.parse(text) as KnownChallenge[]) : []);
  }, []);

  const remember = async (challenge: KnownChallenge) => {
    const next = [challenge, ...known.filter((c) => c.id !== challenge.id)];
    setKnown(next);
    await services.store.setSetting(KNOWN_KEY, JSON.stringify(next));
  };
  const attempt = (work: () => Promise<void>) => () => {
    setMessage(undefined);
    work().catch((e: unknown) => setMessage(e instanceof ApiError && e.status === 404 ? t('challenges.unavailable') : e instanceof Error ? e.message : String(e)));
  };

  const chooseMetric = (next: ChallengeMetric) => {
    setMetric(next);
    setGoalText(choices.find((c) => c.metric === next)?.defaultGoal ?? '');
  };
  const create = attempt(async () => {
    const parsed = challengeGoal(metric, goalText);
    if ('error' in parsed) throw new Error(parsed.error);
    const now = new Date();
    const challengeId = await services.api.createChallenge({
      name,
      sport: 'run',
      goal: parsed.goal,
      startsAt: now.toISOString(),
      endsAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    });
    await services.api.joinChallenge(challengeId);
    await remember({ id: challengeId, name, metric });
  });
  const join = attempt(async () => {
    const id = joinId.trim();
    const view = (await services.api.joinChallenge(id)) as Challenge | null;
    await remember({ id, name: view?.name ?? t('challenges.fallbackName', { id: id.slice(0, 8) }), metric: view ? challengeMetric(view) : undefined });
    setJoinId('');
  });
  const open = (challenge: KnownChallenge) =>
    attempt(async () => {
      // The board still shows when the challenge itself cannot be read; the remembered metric then gives the unit.
      const [view, entries] = await Promise.all([services.api.getChallenge(challenge.id).catch(() => undefined), services.api.getLeaderboard(challenge.id, 50)]);
      const shown = view ? challengeMetric(view) : (challenge.metric ?? 'distance');
      setBoard({ challenge, metric: shown, mine: myProgress(view, shown), entries });
    });

  if (board) {
    return (
      <ScrollView contentContainerStyle={ui.screen} testID="leaderboard">
        <Button title={t('challenges.back')} accessibilityLabel={t('challenges.backLabel')} kind="secondary" onPress={() => setBoard(undefined)} />
        <Text style={ui.title} accessibilityRole="header">
          {board.challenge.name}
        </Text>
        {board.mine ? (
          <Text style={ui.subtitle} testID="leaderboard-mine">
            {board.mine}
          </Text>
        ) : null}
        {board.entries.length === 0 ? <Text style={ui.subtitle}>{t('challenges.nobody')}</Text> : null}
        {board.entries.map((entry) => (
          <View
            key={entry.athleteId}
            style={[ui.card, ui.row]}
            accessible
            accessibilityLabel={t(entry.finishedAt ? 'challenges.entryDone' : 'challenges.entry', {
              rank: entry.rank,
              name: entry.displayName,
              amount: formatAmount(board.metric, entry.value),
            })}
          >
            <Text style={[ui.text, { width: 40, fontWeight: '700' }]}>#{entry.rank}</Text>
            <Text style={[ui.text, { flex: 1 }]}>{entry.displayName}</Text>
            <Text style={ui.text}>{formatAmount(board.metric, entry.value)}</Text>
            {entry.finishedAt ? <Text style={{ color: colors.good }}>✓</Text> : null}
          </View>
        ))}
      </ScrollView>
    );
  }

  return (
    <ScrollView contentContainerStyle={ui.screen} testID="challenges-screen">
      <Text style={ui.title} accessibilityRole="header">
        {t('challenges.title')}
      </Text>
      {message ? <Text style={{ color: colors.warn }}>{message}</Text> : null}
      {known.map((challenge) => (
        <View key={challenge.id} style={[ui.card, ui.row]}>
          <Text style={[ui.text, { flex: 1 }]}>{challenge.name}</Text>
          <Button title={t('challenges.leaderboard')} accessibilityLabel={t('challenges.leaderboardOf', { name: challenge.name })} kind="secondary" onPress={open(challenge)} />
        </View>
      ))}
      <View style={[ui.card, { gap: 8 }]}>
        <Text style={[ui.text, { fontWeight: '700' }]} accessibilityRole="header">
          {t('challenges.start')}
        </Text>
        <TextInput style={ui.input} value={name} onChangeText={setName} accessibilityLabel={t('challenges.name')} placeholder={t('challenges.namePlaceholder')} placeholderTextColor={colors.muted} />
        <Choice label={t('challenges.counts')} options={metricOptions} value={metric} onChange={chooseMetric} testID="challenge-metric" />
        <TextInput
          style={ui.input}
          value={goalText}
          onChangeText={setGoalText}
          keyboardType="decimal-pad"
          accessibilityLabel={t('challenges.goalIn', { unit: choice.unit })}
          placeholder={t('challenges.goalPlaceholder', { unit: choice.unit })}
          placeholderTextColor={colors.muted}
          testID="challenge-goal"
        />
        <Button title={t('challenges.create')} onPress={create} />
      </View>
      <View style={[ui.card, { gap: 8 }]}>
        <Text style={[ui.text, { fontWeight: '700' }]} accessibilityRole="header">
          {t('challenges.joinTitle')}
        </Text>
        <TextInput style={ui.input} value={joinId} onChangeText={setJoinId} autoCapitalize="none" accessibilityLabel={t('challenges.joinId')} placeholder={t('challenges.joinPlaceholder')} placeholderTextColor={colors.muted} />
        <Button title={t('challenges.join')} kind="secondary" disabled={joinId.trim() === ''} onPress={join} />
      </View>
    </ScrollView>
  );
}
