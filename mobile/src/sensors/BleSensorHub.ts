import { PermissionsAndroid, Platform } from 'react-native';
import { BleManager, State, type Device, type Subscription } from 'react-native-ble-plx';
import type { Reading } from '../recording/ActivityRecorder';
import { base64ToBytes } from './gatt';
import { readingSource, type SensorSettings } from './readings';
import { SERVICE_BY_KIND, fullUuid, kindsFromServices, type FoundSensor, type PairedSensor, type SensorHub } from './SensorHub';

/** Bluetooth LE sensors through react-native-ble-plx (needs a development build: Expo Go has no BLE). */
export class BleSensorHub implements SensorHub {
  readonly available = true;
  private readonly manager = new BleManager();
  private readonly sensors = new Map<string, { sensor: PairedSensor; subscriptions: Subscription[] }>();
  private readonly readingListeners = new Set<(id: string, reading: Reading) => void>();
  private readonly changeListeners = new Set<() => void>();

  constructor(private readonly settings: SensorSettings = {}) {}

  async scan(onFound: (sensor: FoundSensor) => void): Promise<() => void> {
    if (Platform.OS === 'android') {
      const granted = await PermissionsAndroid.requestMultiple([
        PermissionsAndroid.PERMISSIONS.BLUETOOTH_SCAN,
        PermissionsAndroid.PERMISSIONS.BLUETOOTH_CONNECT,
      ]);
      if (Object.values(granted).some((g) => g !== PermissionsAndroid.RESULTS.GRANTED)) throw new Error('Bluetooth permission was not granted');
    }
    await this.poweredOn();
    const services = Object.values(SERVICE_BY_KIND).map((k) => fullUuid(k.service));
    const seen = new Set<string>();
    await this.manager.startDeviceScan(services, { allowDuplicates: false }, (error, device) => {
      if (error || !device || seen.has(device.id)) return;
      const kinds = kindsFromServices(device.serviceUUIDs);
      if (kinds.length === 0) return;
      seen.add(device.id);
      onFound({ id: device.id, name: device.name ?? device.localName ?? 'Sensor', kinds, ...(device.rssi !== null ? { rssi: device.rssi } : {}) });
    });
    return () => void this.manager.stopDeviceScan();
  }

  async pair(found: FoundSensor): Promise<void> {
    await this.manager.stopDeviceScan();
    const entry: { sensor: PairedSensor; subscriptions: Subscription[] } = { sensor: { ...found, status: 'connecting' }, subscriptions: [] };
    this.sensors.set(found.id, entry);
    this.changed();
    const device: Device = await (await this.manager.connectToDevice(found.id, { autoConnect: true })).discoverAllServicesAndCharacteristics();
    entry.sensor.status = 'connected';
    for (const kind of found.kinds) {
      const { service, characteristic } = SERVICE_BY_KIND[kind];
      const toReading = readingSource(characteristic, this.settings);
      entry.subscriptions.push(
        device.monitorCharacteristicForService(fullUuid(service), fullUuid(characteristic), (error, value) => {
          if (error || !value?.value) return;
          try {
            const t = Date.now();
            const reading: Reading = { t, ...toReading(base64ToBytes(value.value), t) };
            entry.sensor.lastReading = reading;
            for (const listener of this.readingListeners) listener(found.id, reading);
            this.changed();
          } catch {
            // A malformed notification is skipped; the next one usually decodes.
          }
        }),
      );
    }
    entry.subscriptions.push(
      this.manager.onDeviceDisconnected(found.id, () => {
        entry.sensor.status = 'disconnected';
        this.changed();
      }),
    );
    this.changed();
  }

  async unpair(sensorId: string): Promise<void> {
    const entry = this.sensors.get(sensorId);
    if (!entry) return;
    for (const subscription of entry.subscriptions) subscription.remove();
    this.sensors.delete(sensorId);
    await this.manager.cancelDeviceConnection(sensorId).catch(() => undefined);
    this.changed();
  }

  paired(): PairedSensor[] {
    return [...this.sensors.values()].map((e) => ({ ...e.sensor }));
  }

  onReading(listener: (sensorId: string, reading: Reading) => void): () => void {
    this.readingListeners.add(listener);
    return () => this.readingListeners.delete(listener);
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private async poweredOn(): Promise<void> {
    if ((await this.manager.state()) === State.PoweredOn) return;
    await new Promise<void>((resolve) => {
      const subscription = this.manager.onStateChange((state) => {
        if (state === State.PoweredOn) {
          subscription.remove();
          resolve();
        }
      }, true);
    });
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }
}
