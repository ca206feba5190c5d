import { GattReader } from './GattReader';

/** Running Speed and Cadence Measurement, characteristic 0x2A53. */
export interface RscMeasurement {
  /** m/s */
  instantaneousSpeed: number;
  /** steps per minute */
  instantaneousCadence: number;
  /** m */
  instantaneousStrideLength: number | null;
  /** m, as counted by the sensor */
  totalDistance: number | null;
  isRunning: boolean;
}

export function decodeRsc(payload: Uint8Array): RscMeasurement {
  const reader = new GattReader(payload);
  const flags = reader.uint8('flags');
  const instantaneousSpeed = reader.uint16('instantaneous speed') / 256;
  const instantaneousCadence = reader.uint8('instantaneous cadence');
  const instantaneousStrideLength = flags & 0x01 ? reader.uint16('instantaneous stride length') / 100 : null;
  const totalDistance = flags & 0x02 ? reader.uint32('total distance') / 10 : null;
  return { instantaneousSpeed, instantaneousCadence, instantaneousStrideLength, totalDistance, isRunning: (flags & 0x04) !== 0 };
}
