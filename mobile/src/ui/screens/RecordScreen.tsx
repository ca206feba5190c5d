import { useEffect, useState } from 'react';
import { ScrollView, Text, View } from 'react-native';
import type { Sport } from '../../api/types';
import type { LiveStats } from '../../recording/ActivityRecorder';
import { Button } from '../components/Button';
import { Tile } from '../components/Tile';
import { useApp } from '../AppContext';
import { colors, formatDuration, formatKm, formatPace, ui } from '../theme';

const SPORTS: Sport[] = ['run', 'ride', 'walk', 'hike'];

export function RecordScreen() {
  const { services, session } = useApp();
  const [stats, setStats] = useState<LiveStats>(session.stats);
  const [sport, setSport] = useState<Sport>('run');
  const [error, setError] = useState<string>();
  useEffect(() => session.onChange(setStats), [session]);
  // The clock keeps moving between readings.
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    return () => clearInterval(timer);
  }, []);

  const act = (action: () => Promise<void> | void) => () => {
    setError(undefined);
    Promise.resolve(action()).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const active = stats.state === 'recording' || stats.state === 'paused';
  const speedLabel = (stats.sport ?? sport) === 'ride' ? 'Speed' : 'Pace';
  const speedValue = (stats.sport ?? sport) === 'ride' ? (stats.speed !== undefined ? (stats.speed * 3.6).toFixed(1) : '–') : formatPace(stats.speed);

  return (
    <ScrollView contentContainerStyle={ui.screen} testID="record-screen">
      <View style={ui.row}>
        <Text style={ui.title}>Record</Text>
        <Text style={[ui.subtitle, { marginLeft: 'auto' }]} testID="record-state">
          {stats.state === 'idle' ? 'Ready' : stats.state === 'recording' ? 'Recording' : stats.state === 'paused' ? 'Paused' : 'Finished'}
        </Text>
      </View>
      {!active ? (
        <View style={[ui.row, { flexWrap: 'wrap' }]}>
          {SPORTS.map((s) => (
            <Button key={s} title={s} kind={s === sport ? 'primary' : 'secondary'} onPress={() => setSport(s)} />
          ))}
        </View>
      ) : null}
      <View style={[ui.row, { flexWrap: 'wrap' }]}>
        <Tile label="Time" value={formatDuration(active ? session.elapsedS : stats.elapsedS)} testID="tile-time" />
        <Tile label="Distance" value={formatKm(stats.distanceM)} unit="km" testID="tile-distance" />
        <Tile label="Heart rate" value={stats.hr !== undefined ? String(Math.round(stats.hr)) : '–'} unit="bpm" color={colors.hr} testID="tile-hr" />
        <Tile label="Power" value={stats.power !== undefined ? String(Math.round(stats.power)) : '–'} unit="W" color={colors.power} testID="tile-power" />
        <Tile label={speedLabel} value={speedValue} unit={speedLabel === 'Speed' ? 'km/h' : '/km'} color={colors.speed} testID="tile-speed" />
        <Tile label="Cadence" value={stats.cadence !== undefined ? String(Math.round(stats.cadence)) : '–'} unit="rpm" />
      </View>
      <View style={[ui.row, { flexWrap: 'wrap' }]}>
        {!active ? <Button testID="start" title="Start" onPress={act(() => session.start(sport))} /> : null}
        {!active && services.demo ? <Button testID="start-demo" title="Demo run (30 min, 60×)" kind="secondary" onPress={act(() => session.startDemo(30, 60))} /> : null}
        {stats.state === 'recording' ? <Button testID="pause" title="Pause" kind="secondary" onPress={act(() => session.pause())} /> : null}
        {stats.state === 'paused' ? <Button testID="resume" title="Resume" onPress={act(() => session.resume())} /> : null}
        {active ? <Button testID="finish" title="Finish" kind="danger" onPress={act(() => session.finish())} /> : null}
      </View>
      {error || session.sourceError ? <Text style={{ color: colors.warn }}>{error ?? session.sourceError}</Text> : null}
      {stats.splits.length > 0 ? (
        <View style={ui.card} testID="splits">
          <Text style={[ui.text, { fontWeight: '700', marginBottom: 6 }]}>Splits</Text>
          {stats.splits.map((split) => (
            <View key={split.km} style={[ui.row, { justifyContent: 'space-between' }]}>
              <Text style={ui.text}>km {split.km}</Text>
              <Text style={ui.text}>{formatDuration(split.durationS)}</Text>
              <Text style={[ui.text, { color: colors.hr }]}>{split.avgHr !== undefined ? `${split.avgHr} bpm` : ''}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </ScrollView>
  );
}
