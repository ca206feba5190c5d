import { useState } from 'react';
import { Pressable, ScrollView, Text, View, useWindowDimensions } from 'react-native';
import { ApiError } from '../../api/errors';
import { i18n, t } from '../../i18n';
import type { LocalActivity } from '../../sync/SyncStore';
import { Button } from '../components/Button';
import { LineChart } from '../components/LineChart';
import { SegmentEffortsCard } from '../components/SegmentEffortsCard';
import { useApp, useLoad } from '../AppContext';
import { RouteMap } from '../map/RouteMap';
import { routeSegments } from '../map/projection';
import { colors, formatDuration, ui } from '../theme';
import { trustWords } from '../trustWords';

const activityName = (activity: LocalActivity) => activity.name ?? t(`sport.${activity.sport}`);

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
      <Text style={ui.title} accessibilityRole="header">
        {t('history.title')}
      </Text>
      {data?.length === 0 ? <Text style={ui.subtitle}>{t('history.empty')}</Text> : null}
      {data?.map(({ activity, pending }) => {
        const status = activity.finishAcknowledged ? t('history.onServer') : activity.finishedAt ? t('history.waiting', { count: pending }) : t('history.recording');
        const date = i18n().date(activity.startedAt);
        return (
          <Pressable
            key={activity.id}
            onPress={() => setSelected(activity)}
            style={ui.card}
            testID={`activity-${activity.id}`}
            accessibilityRole="button"
            accessibilityLabel={`${t('history.open', { name: activityName(activity), date })}. ${status}`}
          >
            <Text style={ui.text}>
              {activityName(activity)} · {date}
            </Text>
            <Text style={[ui.subtitle, { color: activity.finishAcknowledged ? colors.good : colors.warn }]}>{status}</Text>
          </Pressable>
        );
      })}
    </ScrollView>
  );
}

/** Points a chart or the route is drawn from, whatever the activity's length. */
const CHART_POINTS = 600;

function ActivityDetail({ activity, onBack }: { activity: LocalActivity; onBack: () => void }) {
  const { services } = useApp();
  const { width } = useWindowDimensions();
  const chartWidth = Math.min(width, 720) - 56;
  const { data, error } = useLoad(async () => {
    const [summary, streams, route, trust, efforts] = await Promise.all([
      services.api.getActivity(activity.id),
      services.api.getStreams(activity.id, ['hr', 'power', 'speed'], '10s', undefined, CHART_POINTS),
      // The owner's view of the track: the server applies privacy zones only to what others see.
      services.api.getStreams(activity.id, ['lat', 'lon'], '10s', undefined, CHART_POINTS).catch(() => undefined),
      // Without samples there is nothing to trust yet (404); the rest of the detail still shows.
      services.api.getTrust(activity.id).catch(() => undefined),
      services.api.getSegmentEfforts(activity.id).catch(() => []),
    ]);
    return { summary, streams, route: route ? routeSegments(route.lat ?? [], route.lon ?? []) : [], trust: trust ? trustWords(trust) : undefined, efforts };
  }, [activity.id]);
  const notOnServer = error !== undefined && /^404/.test(error);
  const speed = i18n().speed(1);
  const perSpeedUnit = i18n().units === 'imperial' ? 3600 / 1609.344 : 3.6;
  return (
    <ScrollView contentContainerStyle={ui.screen} testID="activity-detail">
      <Button title={t('history.back')} accessibilityLabel={t('history.backLabel')} kind="secondary" onPress={onBack} />
      <Text style={ui.title} accessibilityRole="header">
        {activityName(activity)}
      </Text>
      <Text style={ui.subtitle}>{i18n().date(activity.startedAt)}</Text>
      {notOnServer ? <Text style={ui.subtitle}>{t('detail.notOnServer')}</Text> : null}
      {error && !notOnServer ? <Text style={{ color: colors.bad }}>{error}</Text> : null}
      {data ? (
        <>
          <View style={[ui.card, ui.row, { justifyContent: 'space-around', flexWrap: 'wrap' }]}>
            <Stat label={i18n().distanceUnit} value={i18n().distance(data.summary.distanceM, 2, true).value} spoken={i18n().distanceWords(data.summary.distanceM)} />
            <Stat label={t('detail.time')} value={formatDuration(data.summary.movingS || data.summary.elapsedS)} />
            <Stat label={t('detail.avgBpm')} value={data.summary.avgHr ? String(Math.round(data.summary.avgHr)) : t('common.none')} />
            <Stat label={t('unit.xp')} value={i18n().number(data.summary.xpEarned)} />
          </View>
          <RouteMap segments={data.route} width={chartWidth + 24} distanceM={data.summary.distanceM} tileUrl={services.tileUrl} testID="activity-route" />
          {data.trust ? (
            <View style={ui.card} testID="activity-trust" accessible accessibilityLabel={`${data.trust.title}. ${data.trust.detail ?? ''}`}>
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
          <LineChart title={t('detail.heartRate')} unit={t('unit.bpm')} values={data.streams.hr ?? []} color={colors.hr} width={chartWidth} testID="chart-hr" />
          <LineChart title={t('detail.power')} unit={t('unit.w')} values={data.streams.power ?? []} color={colors.power} width={chartWidth} testID="chart-power" />
          <LineChart
            title={t('detail.speed')}
            unit={speed.unit}
            digits={1}
            values={(data.streams.speed ?? []).map((v) => (typeof v === 'number' ? v * perSpeedUnit : v))}
            color={colors.speed}
            width={chartWidth}
            testID="chart-speed"
          />
        </>
      ) : null}
    </ScrollView>
  );
}

function Stat({ label, value, spoken }: { label: string; value: string; spoken?: string }) {
  return (
    <View style={{ alignItems: 'center', padding: 4 }} accessible accessibilityLabel={`${label}: ${spoken ?? value}`}>
      <Text style={[ui.text, { fontSize: 22, fontWeight: '700' }]}>{value}</Text>
      <Text style={ui.subtitle}>{label}</Text>
    </View>
  );
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
