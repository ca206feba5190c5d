import { useState } from 'react';
import { Pressable, ScrollView, Text, View, useWindowDimensions } from 'react-native';
import { ApiError } from '../../api/errors';
import type { LocalActivity } from '../../sync/SyncStore';
import { Button } from '../components/Button';
import { LineChart } from '../components/LineChart';
import { useApp, useLoad } from '../AppContext';
import { colors, formatDuration, formatKm, ui } from '../theme';
import { trustWords } from '../trustWords';
import { SegmentEffortsCard } from '../components/SegmentEffortsCard';

export function HistoryScreen() {
  const { services } = useApp();
  const [selected, setSelected] = useState<LocalActivity>();
  const { data } = useLoad(async () => {
    const activities = (await services.store.activities()).reverse();
    const pending = await Promise.all(activities.map((a) => services.store.pendingSampleCount(a.id)));
    return activities.map((activity, i) => ({ activity, pending: pending[i] ?? 0 }));
  }, [services.syncStatus.pendingSamples]);
  if (selected) return <ActivityDetail activity={selected} onBack={() => setSelected(undefined)} />;
  return (
    <ScrollView contentContainerStyle={ui.screen} testID="history-screen">
      <Text style={ui.title}>History</Text>
      {data?.length === 0 ? <Text style={ui.subtitle}>Nothing recorded on this device yet.</Text> : null}
      {data?.map(({ activity, pending }) => (
        <Pressable key={activity.id} onPress={() => setSelected(activity)} style={ui.card} testID={`activity-${activity.id}`}>
          <Text style={ui.text}>
            {activity.name ?? activity.sport} · {new Date(activity.startedAt).toLocaleString()}
          </Text>
          <Text style={[ui.subtitle, { color: activity.finishAcknowledged ? colors.good : colors.warn }]}>
            {activity.finishAcknowledged ? 'On the server' : activity.finishedAt ? `${pending} samples waiting to sync` : 'Recording'}
          </Text>
        </Pressable>
      ))}
    </ScrollView>
  );
}

/** Points a chart is drawn from, whatever the activity's length. */
const CHART_POINTS = 600;

function ActivityDetail({ activity, onBack }: { activity: LocalActivity; onBack: () => void }) {
  const { services } = useApp();
  const { width } = useWindowDimensions();
  const chartWidth = Math.min(width, 720) - 56;
  const { data, error } = useLoad(async () => {
    const [summary, streams, trust, efforts] = await Promise.all([
      services.api.getActivity(activity.id),
      services.api.getStreams(activity.id, ['hr', 'power', 'speed'], '10s', undefined, CHART_POINTS),
      // Without samples there is nothing to trust yet (404); the rest of the detail still shows.
      services.api.getTrust(activity.id).catch(() => undefined),
      services.api.getSegmentEfforts(activity.id).catch(() => []),
    ]);
    return { summary, streams, trust: trust ? trustWords(trust) : undefined, efforts };
  }, [activity.id]);
  const notOnServer = error !== undefined && /^404/.test(error);
  return (
    <ScrollView contentContainerStyle={ui.screen} testID="activity-detail">
      <Button title="← History" kind="secondary" onPress={onBack} />
      <Text style={ui.title}>{activity.name ?? activity.sport}</Text>
      <Text style={ui.subtitle}>{new Date(activity.startedAt).toLocaleString()}</Text>
      {notOnServer ? <Text style={ui.subtitle}>Not on the server yet: it appears here once synced.</Text> : null}
      {error && !notOnServer ? <Text style={{ color: colors.bad }}>{error}</Text> : null}
      {data ? (
        <>
          <View style={[ui.card, ui.row, { justifyContent: 'space-around' }]}>
            <Stat label="km" value={formatKm(data.summary.distanceM)} />
            <Stat label="time" value={formatDuration(data.summary.movingS || data.summary.elapsedS)} />
            <Stat label="avg bpm" value={data.summary.avgHr ? String(Math.round(data.summary.avgHr)) : '–'} />
            <Stat label="XP" value={String(data.summary.xpEarned)} />
          </View>
          {data.trust ? (
            <View style={ui.card} testID="activity-trust" accessibilityLabel={`${data.trust.title}. ${data.trust.detail ?? ''}`}>
              <Text style={[ui.text, { color: data.trust.counted ? colors.good : colors.bad }]}>{data.trust.title}</Text>
              {data.trust.detail ? <Text style={ui.subtitle}>{data.trust.detail}</Text> : null}
              {data.trust.reasons.map((reason) => (
                <Text key={reason} style={ui.subtitle}>
                  · {reason}
                </Text>
              ))}
            </View>
          ) : null}
          <SegmentEffortsCard efforts={data.efforts} />
          <LineChart title="Heart rate" unit="bpm" values={data.streams.hr ?? []} color={colors.hr} width={chartWidth} testID="chart-hr" />
          <LineChart title="Power" unit="W" values={data.streams.power ?? []} color={colors.power} width={chartWidth} testID="chart-power" />
          <LineChart
            title="Speed"
            unit="km/h"
            values={(data.streams.speed ?? []).map((v) => (typeof v === 'number' ? v * 3.6 : v))}
            color={colors.speed}
            width={chartWidth}
            testID="chart-speed"
          />
        </>
      ) : null}
    </ScrollView>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <View style={{ alignItems: 'center' }}>
      <Text style={[ui.text, { fontSize: 22, fontWeight: '700' }]}>{value}</Text>
      <Text style={ui.subtitle}>{label}</Text>
    </View>
  );
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
