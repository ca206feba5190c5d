import { useEffect, useState } from 'react';
import { ScrollView, Text, View, useWindowDimensions } from 'react-native';
import type { Sport } from '../../api/types';
import { i18n, t } from '../../i18n';
import type { LiveStats } from '../../recording/ActivityRecorder';
import { Button } from '../components/Button';
import { Tile } from '../components/Tile';
import { useApp } from '../AppContext';
import { RouteMap } from '../map/RouteMap';
import { colors, formatDuration, ui } from '../theme';

const SPORTS: Sport[] = ['run', 'ride', 'walk', 'hike'];

export function RecordScreen() {
  const { services, session } = useApp();
  const { width } = useWindowDimensions();
  const [stats, setStats] = useState<LiveStats>(session.stats);
  const [sport, setSport] = useState<Sport>('run');
  const [error, setError] = useState<string>();
  useEffect(() => {
    // Readings can come many times a second (a sped-up demo, several sensors): the screen redraws at most four times.
    let latest: LiveStats | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = session.onChange((next) => {
      latest = next;
      timer ??= setTimeout(() => {
        timer = undefined;
        if (latest) setStats(latest);
      }, 250);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [session]);
  // The clock keeps moving between readings.
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);

  const act = (action: () => Promise<void> | void) => () => {
    setError(undefined);
    Promise.resolve(action()).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const active = stats.state === 'recording' || stats.state === 'paused';
  const riding = (stats.sport ?? sport) === 'ride';
  const speed = riding ? i18n().speed(stats.speed) : i18n().pace(stats.speed);
  const distance = i18n().distance(stats.distanceM, 2, true);
  const time = formatDuration(active ? session.elapsedS : stats.elapsedS);
  const game = services.game.standing;
  const stateWords = t(`record.state.${stats.state}`);

  return (
    <ScrollView contentContainerStyle={ui.screen} testID="record-screen">
      <View style={[ui.row, { flexWrap: 'wrap' }]}>
        <Text style={ui.title} accessibilityRole="header">
          {t('record.title')}
        </Text>
        <Text style={[ui.subtitle, { marginLeft: 'auto' }]} testID="record-state" accessibilityLiveRegion="polite">
          {stateWords}
        </Text>
      </View>
      {session.resumedAfterRestart && active ? (
        <Text style={{ color: colors.warn }} testID="record-resumed">
          {t('record.resumed')}
        </Text>
      ) : null}
      {!active ? (
        <View style={[ui.row, { flexWrap: 'wrap' }]} accessibilityRole="radiogroup" accessibilityLabel={t('record.sport')}>
          {SPORTS.map((s) => (
            <Button key={s} title={t(`sport.${s}`)} kind={s === sport ? 'primary' : 'secondary'} selected={s === sport} testID={`sport-${s}`} onPress={() => setSport(s)} />
          ))}
        </View>
      ) : null}
      <View style={[ui.row, { flexWrap: 'wrap' }]}>
        <Tile label={t('record.time')} value={time} testID="tile-time" />
        <Tile label={t('record.distance')} value={distance.value} unit={distance.unit} spoken={i18n().distanceWords(stats.distanceM)} testID="tile-distance" />
        <Tile label={t('record.heartRate')} value={stats.hr !== undefined ? String(Math.round(stats.hr)) : t('common.none')} unit={t('unit.bpm')} color={colors.hr} testID="tile-hr" />
        <Tile label={t('record.power')} value={stats.power !== undefined ? String(Math.round(stats.power)) : t('common.none')} unit={t('unit.w')} color={colors.power} testID="tile-power" />
        <Tile label={riding ? t('record.speed') : t('record.pace')} value={speed.value} unit={speed.unit} color={colors.speed} testID="tile-speed" />
        <Tile label={t('record.cadence')} value={stats.cadence !== undefined ? String(Math.round(stats.cadence)) : t('common.none')} unit={t('unit.rpm')} />
      </View>
      {active && game.provisional ? (
        <View style={ui.card} testID="game-live" accessible accessibilityLabel={`${t('game.liveXp', { xp: game.xp, level: game.level })}. ${t('game.provisionalNote')}`}>
          <Text style={ui.text}>{t('game.liveXp', { xp: i18n().number(game.xp), level: game.level })}</Text>
          <Text style={{ color: colors.warn, fontSize: 13 }}>{t('game.provisionalNote')}</Text>
        </View>
      ) : null}
      <View style={[ui.row, { flexWrap: 'wrap' }]}>
        {!active ? <Button testID="start" title={t('record.start')} onPress={act(() => session.start(sport))} /> : null}
        {!active && services.demo ? <Button testID="start-demo" title={t('record.demo')} kind="secondary" onPress={act(() => session.startDemo(30, 60))} /> : null}
        {stats.state === 'recording' ? <Button testID="pause" title={t('record.pause')} kind="secondary" onPress={act(() => session.pause())} /> : null}
        {stats.state === 'paused' ? <Button testID="resume" title={t('record.resume')} onPress={act(() => session.resume())} /> : null}
        {active ? <Button testID="finish" title={t('record.finish')} kind="danger" onPress={act(() => session.finish())} /> : null}
      </View>
      {error || session.sourceError ? (
        <Text style={{ color: colors.warn }} accessibilityRole="alert">
          {error ?? session.sourceError}
        </Text>
      ) : null}
      {stats.state !== 'idle' && session.track.length > 1 ? (
        <RouteMap segments={[session.track]} width={Math.min(width, 720) - 32} height={200} distanceM={stats.distanceM} tileUrl={services.tileUrl} live={active} testID="record-route" />
      ) : null}
      {stats.splits.length > 0 ? (
        <View style={ui.card} testID="splits">
          <Text style={[ui.text, { fontWeight: '700', marginBottom: 6 }]} accessibilityRole="header">
            {t('record.splits')}
          </Text>
          {stats.splits.map((split) => (
            <View
              key={split.km}
              style={[ui.row, { justifyContent: 'space-between', flexWrap: 'wrap' }]}
              accessible
              accessibilityLabel={t('record.splitLabel', { n: split.km, time: formatDuration(split.durationS) }) + (split.avgHr !== undefined ? `, ${split.avgHr} ${t('unit.bpm')}` : '')}
            >
              <Text style={ui.text}>{t('record.split', { unit: t('unit.km'), n: split.km })}</Text>
              <Text style={ui.text}>{formatDuration(split.durationS)}</Text>
              <Text style={[ui.text, { color: colors.hr }]}>{split.avgHr !== undefined ? `${split.avgHr} ${t('unit.bpm')}` : ''}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </ScrollView>
  );
}
