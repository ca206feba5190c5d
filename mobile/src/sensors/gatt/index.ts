import { decodeCsc } from './csc';
import { decodeCyclingPower } from './cyclingPower';
import { decodeHeartRate } from './heartRate';
import { decodeIndoorBike } from './indoorBike';
import { decodeRsc } from './rsc';

export * from './csc';
export * from './CscCalculator';
export * from './cyclingPower';
export * from './GattReader';
export * from './heartRate';
export * from './indoorBike';
export * from './RevolutionRate';
export * from './rsc';

/** 16-bit characteristic ids, upper-case hex, as the Bluetooth SIG assigns them. */
export const Characteristic = {
  heartRateMeasurement: '2A37',
  cyclingPowerMeasurement: '2A63',
  cscMeasurement: '2A5B',
  rscMeasurement: '2A53',
  indoorBikeData: '2AD2',
} as const;

export const decoders: Record<string, (payload: Uint8Array) => object> = {
  [Characteristic.heartRateMeasurement]: decodeHeartRate,
  [Characteristic.cyclingPowerMeasurement]: decodeCyclingPower,
  [Characteristic.cscMeasurement]: decodeCsc,
  [Characteristic.rscMeasurement]: decodeRsc,
  [Characteristic.indoorBikeData]: decodeIndoorBike,
};
