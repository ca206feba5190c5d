import type { Reading } from '../recording/ActivityRecorder';

export type SensorKind = 'heart-rate' | 'cycling-power' | 'speed-cadence' | 'running' | 'indoor-bike';

export interface FoundSensor {
  id: string;
  name: string;
  kinds: SensorKind[];
  rssi?: number;
}

export interface PairedSensor extends FoundSensor {
  status: 'connecting' | 'connected' | 'disconnected';
  lastReading?: Reading;
}

/** Bluetooth sensors as the screens see them: scan, pair, and a stream of readings per device. */
export interface SensorHub {
  readonly available: boolean;
  /** Why `available` is false, in words for the athlete. */
  readonly unavailableReason?: string;
  scan(onFound: (sensor: FoundSensor) => void): Promise<() => void>;
  pair(sensor: FoundSensor): Promise<void>;
  unpair(sensorId: string): Promise<void>;
  paired(): PairedSensor[];
  onReading(listener: (sensorId: string, reading: Reading) => void): () => void;
  onChange(listener: () => void): () => void;
}

/** GATT services that identify each kind of sensor. */
export const SERVICE_BY_KIND: Record<SensorKind, { service: string; characteristic: string }> = {
  'heart-rate': { service: '180D', characteristic: '2A37' },
  'cycling-power': { service: '1818', characteristic: '2A63' },
  'speed-cadence': { service: '1816', characteristic: '2A5B' },
  running: { service: '1814', characteristic: '2A53' },
  'indoor-bike': { service: '1826', characteristic: '2AD2' },
};

export function fullUuid(short: string): string {
  return `0000${short.toLowerCase()}-0000-1000-8000-00805f9b34fb`;
}

export function kindsFromServices(serviceUuids: readonly string[] | null | undefined): SensorKind[] {
  const services = new Set((serviceUuids ?? []).map((u) => u.toLowerCase()));
  return (Object.keys(SERVICE_BY_KIND) as SensorKind[]).filter((kind) => {
    const short = SERVICE_BY_KIND[kind].service.toLowerCase();
    return services.has(short) || services.has(fullUuid(short));
  });
}

/** For platforms without Bluetooth access (the browser build). */
export class NoSensorHub implements SensorHub {
  readonly available = false;
  constructor(readonly unavailableReason: string) {}
  async scan(): Promise<() => void> {
    return () => undefined;
  }
  async pair(): Promise<void> {
    throw new Error(this.unavailableReason);
  }
  async unpair(): Promise<void> {}
  paired(): PairedSensor[] {
    return [];
  }
  onReading(): () => void {
    return () => undefined;
  }
  onChange(): () => void {
    return () => undefined;
  }
}
