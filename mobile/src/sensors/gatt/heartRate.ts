import { GattReader, GattDecodeError } from './GattReader';

/** Heart Rate Measurement, characteristic 0x2A37. */
export interface HeartRateMeasurement {
  heartRate: number;
  sensorContactSupported: boolean;
  /** null when the sensor does not report contact. */
  sensorContactDetected: boolean | null;
  /** kJ since the sensor's counter was last reset. */
  energyExpended: number | null;
  /** RR intervals in 1/1024 s, as sent. */
  rrIntervals: number[];
  rrIntervalsMs: number[];
}

export function decodeHeartRate(payload: Uint8Array): HeartRateMeasurement {
  const reader = new GattReader(payload);
  const flags = reader.uint8('flags');
  const heartRate = flags & 0x01 ? reader.uint16('heart rate') : reader.uint8('heart rate');
  const sensorContactSupported = (flags & 0x04) !== 0;
  const energyExpended = flags & 0x08 ? reader.uint16('energy expended') : null;
  const rrIntervals: number[] = [];
  if (flags & 0x10) {
    // The RR list fills the rest of the payload; half an interval means a broken packet, not a later field.
    if (reader.remaining % 2 !== 0) throw new GattDecodeError(payload.length - 1, 'RR interval cut short');
    while (reader.remaining > 0) rrIntervals.push(reader.uint16('RR interval'));
  }
  return {
    heartRate,
    sensorContactSupported,
    sensorContactDetected: sensorContactSupported ? (flags & 0x02) !== 0 : null,
    energyExpended,
    rrIntervals,
    rrIntervalsMs: rrIntervals.map((rr) => (rr * 1000) / 1024),
  };
}
