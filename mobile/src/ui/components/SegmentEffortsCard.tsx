import { useState } from 'react';
import { Pressable, Text, View } from 'react-native';
import type { SegmentEffort } from '../../api/types';
import { useApp, useLoad } from '../AppContext';
import { effortLines, leaderboardLines } from '../segmentWords';
import { colors, ui } from '../theme';

/** The segments an activity passed, each with its time; tapping one shows that segment's leaderboard around the athlete. */
export function SegmentEffortsCard({ efforts }: { efforts: SegmentEffort[] }) {
  const [open, setOpen] = useState<string>();
  if (efforts.length === 0) return null;
  return (
    <View style={ui.card} testID="segment-efforts">
      <Text style={ui.text}>Segments</Text>
      {effortLines(efforts).map((line) => (
        <View key={line.key}>
          <Pressable
            onPress={() => setOpen(open === line.segmentId ? undefined : line.segmentId)}
            accessibilityRole="button"
            accessibilityLabel={`${line.text}. ${open === line.segmentId ? 'Hide' : 'Show'} the leaderboard`}
          >
            <Text style={[ui.subtitle, { color: colors.accent }]}>{line.text}</Text>
          </Pressable>
          {open === line.segmentId ? <Leaderboard segmentId={line.segmentId} /> : null}
        </View>
      ))}
    </View>
  );
}

function Leaderboard({ segmentId }: { segmentId: string }) {
  const { services } = useApp();
  const { data, error } = useLoad(() => services.api.getSegmentLeaderboard(segmentId), [segmentId]);
  if (error) return <Text style={{ color: colors.bad }}>{error}</Text>;
  if (!data) return <Text style={ui.subtitle}>Loading…</Text>;
  return (
    <View testID="segment-leaderboard" accessible accessibilityLabel={`Leaderboard, ${data.athletes} athletes`}>
      {leaderboardLines(data).map((line) => (
        <Text key={line.key} style={ui.subtitle}>
          {line.text}
        </Text>
      ))}
    </View>
  );
}
