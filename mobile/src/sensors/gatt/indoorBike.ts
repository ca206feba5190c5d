import { GattReader } from './GattReader';

/** Fitness Machine Service Indoor Bike Data, characteristic 0x2AD2. */
export interface IndoorBikeData {
  /** Set when the machine split its data over several notifications; speed is only in the ones where it is clear. */
  moreData: boolean;
  /** km/h */
  instantaneousSpeed: number | null;
  averageSpeed: number | null;
  /** rpm */
  instantaneousCadence: number | null;
  averageCadence: number | null;
  /** m */
  totalDistance: number | null;
  resistanceLevel: number | null;
  /** W */
  instantaneousPower: number | null;
  averagePower: number | null;
  /** kcal */
  totalEnergy: number | null;
  energyPerHour: number | null;
  energyPerMinute: number | null;
  heartRate: number | null;
  metabolicEquivalent: number | null;
  /** s */
  elapsedTime: number | null;
  remainingTime: number | null;
}

export function decodeIndoorBike(payload: Uint8Array): IndoorBikeData {
  const reader = new GattReader(payload);
  const flags = reader.uint16('flags');
  const has = (bit: number) => (flags & (1 << bit)) !== 0;
  const moreData = has(0);
  const data: IndoorBikeData = {
    moreData,
    instantaneousSpeed: moreData ? null : reader.uint16('instantaneous speed') / 100,
    averageSpeed: null,
    instantaneousCadence: null,
    averageCadence: null,
    totalDistance: null,
    resistanceLevel: null,
    instantaneousPower: null,
    averagePower: null,
    totalEnergy: null,
    energyPerHour: null,
    energyPerMinute: null,
    heartRate: null,
    metabolicEquivalent: null,
    elapsedTime: null,
    remainingTime: null,
  };
  if (has(1)) data.averageSpeed = reader.uint16('average speed') / 100;
  if (has(2)) data.instantaneousCadence = reader.uint16('instantaneous cadence') / 2;
  if (has(3)) data.averageCadence = reader.uint16('average cadence') / 2;
  if (has(4)) data.totalDistance = reader.uint24('total distance');
  if (has(5)) data.resistanceLevel = reader.sint16('resistance level');
  if (has(6)) data.instantaneousPower = reader.sint16('instantaneous power');
  if (has(7)) data.averagePower = reader.sint16('average power');
  if (has(8)) {
    // All ones is the machine's way of saying it does not know.
    data.totalEnergy = notAvailable(reader.uint16('total energy'), 0xffff);
    data.energyPerHour = notAvailable(reader.uint16('energy per hour'), 0xffff);
    data.energyPerMinute = notAvailable(reader.uint8('energy per minute'), 0xff);
  }
  if (has(9)) data.heartRate = reader.uint8('heart rate');
  if (has(10)) data.metabolicEquivalent = reader.uint8('metabolic equivalent') / 10;
  if (has(11)) data.elapsedTime = reader.uint16('elapsed time');
  if (has(12)) data.remainingTime = reader.uint16('remaining time');
  return data;
}

function notAvailable(value: number, marker: number): number | null {
  return value === marker ? null : value;
}
