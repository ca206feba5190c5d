import { useEffect, useState } from 'react';
import { ScrollView, Text, View } from 'react-native';
import type { FoundSensor, PairedSensor } from '../../sensors/SensorHub';
import { Button } from '../components/Button';
import { useApp } from '../AppContext';
import { t } from '../../i18n';
import { colors, ui } from '../theme';

const KINDS = ['heart-rate', 'cycling-power', 'speed-cadence', 'running', 'indoor-bike'] as const;
const kindName = (kind: string) => ((KINDS as readonly string[]).includes(kind) ? t(`sensors.kind.${kind as (typeof KINDS)[number]}`) : kind);

export function SensorsScreen() {
  const { services } = useApp();
  const hub = services.sensors;
  const [paired, setPaired] = useState<PairedSensor[]>(hub.paired());
  const [found, setFound] = useState<FoundSensor[]>([]);
  const [stopScan, setStopScan] = useState<() => void>();
  const [error, setError] = useState<string>();
  useEffect(() => hub.onChange(() => setPaired(hub.paired())), [hub]);
  useEffect(() => () => stopScan?.(), [stopScan]);

  const scan = async () => {
    setError(undefined);
    setFound([]);
    try {
      const stop = await hub.scan((sensor) => setFound((list) => (list.some((s) => s.id === sensor.id) ? list : [...list, sensor])));
      setStopScan(() => stop);
      setTimeout(() => {
        stop();
        setStopScan(undefined);
      }, 15_000);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <ScrollView contentContainerStyle={ui.screen} testID="sensors-screen">
      <Text style={ui.title} accessibilityRole="header">
        {t('sensors.title')}
      </Text>
      {!hub.available ? <Text style={ui.subtitle}>{hub.unavailableReason}</Text> : null}
      {paired.map((sensor) => (
        <View key={sensor.id} style={[ui.card, ui.row]}>
          <View style={{ flex: 1 }}>
            <Text style={ui.text}>{sensor.name}</Text>
            <Text style={ui.subtitle}>
              {sensor.kinds.map(kindName).join(', ')} · {sensor.status}
              {sensor.lastReading?.hr !== undefined ? ` · ${sensor.lastReading.hr} bpm` : ''}
              {sensor.lastReading?.power !== undefined ? ` · ${sensor.lastReading.power} W` : ''}
            </Text>
          </View>
          <Button title={t('sensors.forget')} accessibilityLabel={t('sensors.forgetLabel', { name: sensor.name })} kind="secondary" onPress={() => void hub.unpair(sensor.id)} />
        </View>
      ))}
      {hub.available ? <Button title={stopScan ? t('sensors.scanning') : t('sensors.scan')} disabled={stopScan !== undefined} onPress={() => void scan()} /> : null}
      {found
        .filter((f) => !paired.some((p) => p.id === f.id))
        .map((sensor) => (
          <View key={sensor.id} style={[ui.card, ui.row]}>
            <View style={{ flex: 1 }}>
              <Text style={ui.text}>{sensor.name}</Text>
              <Text style={ui.subtitle}>{sensor.kinds.map(kindName).join(', ')}</Text>
            </View>
            <Button title={t('sensors.pair')} accessibilityLabel={t('sensors.pairLabel', { name: sensor.name })} onPress={() => hub.pair(sensor).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))} />
          </View>
        ))}
      {error ? <Text style={{ color: colors.bad }}>{error}</Text> : null}
    </ScrollView>
  );
}
