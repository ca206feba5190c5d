import { useState } from 'react';
import { ScrollView, Text, TextInput, View } from 'react-native';
import { ApiError } from '../../api/errors';
import type { LeaderboardEntry } from '../../api/types';
import { Button } from '../components/Button';
import { useApp, useLoad } from '../AppContext';
import { colors, formatKm, ui } from '../theme';

interface KnownChallenge {
  id: string;
  name: string;
}

const KNOWN_KEY = 'challenges.known';
const UNAVAILABLE = 'Challenges are not available on this server yet.';

/** The API has no "list challenges" yet, so the app lists the ones it created or joined. */
export function ChallengesScreen() {
  const { services } = useApp();
  const [known, setKnown] = useState<KnownChallenge[]>([]);
  const [name, setName] = useState('New Year marathon');
  const [goalKm, setGoalKm] = useState('42.195');
  const [joinId, setJoinId] = useState('');
  const [message, setMessage] = useState<string>();
  const [board, setBoard] = useState<{ challenge: KnownChallenge; entries: LeaderboardEntry[] }>();

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
    work().catch((e: unknown) => setMessage(e instanceof ApiError && e.status === 404 ? UNAVAILABLE : e instanceof Error ? e.message : String(e)));
  };

  const create = attempt(async () => {
    const now = new Date();
    const challengeId = await services.api.createChallenge({
      name,
      sport: 'run',
      goal: { distanceM: Math.round(Number(goalKm) * 1000) },
      startsAt: now.toISOString(),
      endsAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    });
    await services.api.joinChallenge(challengeId);
    await remember({ id: challengeId, name });
  });
  const join = attempt(async () => {
    await services.api.joinChallenge(joinId.trim());
    await remember({ id: joinId.trim(), name: `Challenge ${joinId.trim().slice(0, 8)}` });
    setJoinId('');
  });
  const open = (challenge: KnownChallenge) =>
    attempt(async () => setBoard({ challenge, entries: await services.api.getLeaderboard(challenge.id, 50) }));

  if (board) {
    return (
      <ScrollView contentContainerStyle={ui.screen} testID="leaderboard">
        <Button title="← Challenges" kind="secondary" onPress={() => setBoard(undefined)} />
        <Text style={ui.title}>{board.challenge.name}</Text>
        {board.entries.length === 0 ? <Text style={ui.subtitle}>Nobody on the board yet.</Text> : null}
        {board.entries.map((entry) => (
          <View key={entry.athleteId} style={[ui.card, ui.row]}>
            <Text style={[ui.text, { width: 40, fontWeight: '700' }]}>#{entry.rank}</Text>
            <Text style={[ui.text, { flex: 1 }]}>{entry.displayName}</Text>
            <Text style={ui.text}>{formatKm(entry.distanceM)} km</Text>
            {entry.finishedAt ? <Text style={{ color: colors.good }}>✓</Text> : null}
          </View>
        ))}
      </ScrollView>
    );
  }

  return (
    <ScrollView contentContainerStyle={ui.screen} testID="challenges-screen">
      <Text style={ui.title}>Challenges</Text>
      {message ? <Text style={{ color: colors.warn }}>{message}</Text> : null}
      {known.map((challenge) => (
        <View key={challenge.id} style={[ui.card, ui.row]}>
          <Text style={[ui.text, { flex: 1 }]}>{challenge.name}</Text>
          <Button title="Leaderboard" kind="secondary" onPress={open(challenge)} />
        </View>
      ))}
      <View style={[ui.card, { gap: 8 }]}>
        <Text style={[ui.text, { fontWeight: '700' }]}>Start a challenge</Text>
        <TextInput style={ui.input} value={name} onChangeText={setName} placeholder="Name" placeholderTextColor={colors.muted} />
        <TextInput style={ui.input} value={goalKm} onChangeText={setGoalKm} keyboardType="decimal-pad" placeholder="Goal (km)" placeholderTextColor={colors.muted} />
        <Button title="Create and join" onPress={create} />
      </View>
      <View style={[ui.card, { gap: 8 }]}>
        <Text style={[ui.text, { fontWeight: '700' }]}>Join with a code</Text>
        <TextInput style={ui.input} value={joinId} onChangeText={setJoinId} autoCapitalize="none" placeholder="Challenge id" placeholderTextColor={colors.muted} />
        <Button title="Join" kind="secondary" disabled={joinId.trim() === ''} onPress={join} />
      </View>
    </ScrollView>
  );
}
