import { GattReader } from './GattReader';

/** Cycling Speed and Cadence Measurement, characteristic 0x2A5B. */
export interface CscMeasurement {
  cumulativeWheelRevolutions: number | null;
  /** 1/1024 s */
  lastWheelEventTime: number | null;
  cumulativeCrankRevolutions: number | null;
  /** 1/1024 s */
  lastCrankEventTime: number | null;
}

export function decodeCsc(payload: Uint8Array): CscMeasurement {
  const reader = new GattReader(payload);
  const flags = reader.uint8('flags');
  const m: CscMeasurement = {
    cumulativeWheelRevolutions: null,
    lastWheelEventTime: null,
    cumulativeCrankRevolutions: null,
    lastCrankEventTime: null,
  };
  if (flags & 0x01) {
    m.cumulativeWheelRevolutions = reader.uint32('cumulative wheel revolutions');
    m.lastWheelEventTime = reader.uint16('last wheel event time');
  }
  if (flags & 0x02) {
    m.cumulativeCrankRevolutions = reader.uint16('cumulative crank revolutions');
    m.lastCrankEventTime = reader.uint16('last crank event time');
  }
  return m;
}
