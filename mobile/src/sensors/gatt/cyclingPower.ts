import { GattReader } from './GattReader';

/** Cycling Power Measurement, characteristic 0x2A63. */
export interface CyclingPowerMeasurement {
  instantaneousPower: number;
  /** Percent, of the reference pedal. */
  pedalPowerBalance: number | null;
  pedalPowerBalanceReference: 'left' | 'unknown' | null;
  /** N·m */
  accumulatedTorque: number | null;
  accumulatedTorqueSource: 'wheel' | 'crank' | null;
  cumulativeWheelRevolutions: number | null;
  /** 1/2048 s (the power service's wheel clock is twice as fine as the CSC one). */
  lastWheelEventTime: number | null;
  cumulativeCrankRevolutions: number | null;
  /** 1/1024 s */
  lastCrankEventTime: number | null;
  maximumForceMagnitude: number | null;
  minimumForceMagnitude: number | null;
  maximumTorqueMagnitude: number | null;
  minimumTorqueMagnitude: number | null;
  maximumAngle: number | null;
  minimumAngle: number | null;
  topDeadSpotAngle: number | null;
  bottomDeadSpotAngle: number | null;
  /** kJ */
  accumulatedEnergy: number | null;
  offsetCompensationIndicator: boolean;
}

export function decodeCyclingPower(payload: Uint8Array): CyclingPowerMeasurement {
  const reader = new GattReader(payload);
  const flags = reader.uint16('flags');
  const has = (bit: number) => (flags & (1 << bit)) !== 0;
  const m: CyclingPowerMeasurement = {
    instantaneousPower: reader.sint16('instantaneous power'),
    pedalPowerBalance: null,
    pedalPowerBalanceReference: null,
    accumulatedTorque: null,
    accumulatedTorqueSource: null,
    cumulativeWheelRevolutions: null,
    lastWheelEventTime: null,
    cumulativeCrankRevolutions: null,
    lastCrankEventTime: null,
    maximumForceMagnitude: null,
    minimumForceMagnitude: null,
    maximumTorqueMagnitude: null,
    minimumTorqueMagnitude: null,
    maximumAngle: null,
    minimumAngle: null,
    topDeadSpotAngle: null,
    bottomDeadSpotAngle: null,
    accumulatedEnergy: null,
    offsetCompensationIndicator: has(12),
  };
  if (has(0)) {
    m.pedalPowerBalance = reader.uint8('pedal power balance') / 2;
    m.pedalPowerBalanceReference = has(1) ? 'left' : 'unknown';
  }
  if (has(2)) {
    m.accumulatedTorque = reader.uint16('accumulated torque') / 32;
    m.accumulatedTorqueSource = has(3) ? 'crank' : 'wheel';
  }
  if (has(4)) {
    m.cumulativeWheelRevolutions = reader.uint32('cumulative wheel revolutions');
    m.lastWheelEventTime = reader.uint16('last wheel event time');
  }
  if (has(5)) {
    m.cumulativeCrankRevolutions = reader.uint16('cumulative crank revolutions');
    m.lastCrankEventTime = reader.uint16('last crank event time');
  }
  if (has(6)) {
    m.maximumForceMagnitude = reader.sint16('maximum force magnitude');
    m.minimumForceMagnitude = reader.sint16('minimum force magnitude');
  }
  if (has(7)) {
    m.maximumTorqueMagnitude = reader.sint16('maximum torque magnitude') / 32;
    m.minimumTorqueMagnitude = reader.sint16('minimum torque magnitude') / 32;
  }
  if (has(8)) {
    // Two 12-bit angles share three bytes, the maximum in the low bits.
    const packed = reader.uint24('extreme angles');
    m.maximumAngle = packed & 0xfff;
    m.minimumAngle = packed >> 12;
  }
  if (has(9)) m.topDeadSpotAngle = reader.uint16('top dead spot angle');
  if (has(10)) m.bottomDeadSpotAngle = reader.uint16('bottom dead spot angle');
  if (has(11)) m.accumulatedEnergy = reader.uint16('accumulated energy');
  return m;
}
