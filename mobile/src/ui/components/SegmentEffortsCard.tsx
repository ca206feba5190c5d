import { useState } from 'react';
import { Pressable, Text, View } from 'react-native';
import type { SegmentEffort } from '../../api/types';
import { useApp, useLoad } from '../AppContext';
import { effortLines, leaderboardLines } from '../segmentWords';
import { t } from '../../i18n';
import { colors, ui } from '../theme';

/** The segments an activity passed, each with its time; tapping one shows that segment's leaderboard around the athlete. */
export function SegmentEffortsCard({ efforts }: { efforts: SegmentEffort[] }) {
  const [open, setOpen] = useState<string>();
  if (efforts.length === 0) return null;
  return (
    <View style={ui.card} testID="segment-efforts">
      <Text style={ui.text} accessibilityRole="header">
        {t('segment.title')}
      </Text>
      {effortLines(efforts).map((line) => (
        <View key={line.key}>
          <Pressable
            onPress={() => setOpen(open === line.segmentId ? undefined : line.segmentId)}
            accessibilityRole="button"
            accessibilityLabel={t(open === line.segmentId ? 'segment.hide' : 'segment.show', { line: line.text })}
            accessibilityState={{ expanded: open === line.segmentId }}
            style={{ minHeight: 44, justifyContent: 'center' }}
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
  if (!data) return <Text style={ui.subtitle}>{t('common.loading')}</Text>;
  return (
    <View testID="segment-leaderboard" accessible accessibilityLabel={`${t('segment.board', { athletes: t('words.athletes', { count: data.athletes }) })}. ${leaderboardLines(data).map((l) => l.text).join('. ')}`}>
      {leaderboardLines(data).map((line) => (
        <Text key={line.key} style={ui.subtitle}>
          {line.text}
        </Text>
      ))}
    </View>
  );
}
