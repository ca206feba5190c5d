import type { Reading } from '../recording/ActivityRecorder';
import {
  Characteristic,
  CscCalculator,
  RevolutionRate,
  decodeCsc,
  decodeCyclingPower,
  decodeHeartRate,
  decodeIndoorBike,
  decodeRsc,
} from './gatt';

/** Turns one characteristic's notifications into readings; keeps whatever state the characteristic needs. */
export type ReadingSource = (payload: Uint8Array, t: number) => Omit<Reading, 't'>;

export interface SensorSettings {
  wheelCircumferenceMm?: number;
}

/** A counter of total distance that the device keeps: turns it into distance since the previous notification. */
function distanceCounter(): (total: number | null) => number | undefined {
  let previous: number | undefined;
  return (total) => {
    if (total === null) return undefined;
    const delta = previous === undefined || total < previous ? 0 : total - previous;
    previous = total;
    return delta;
  };
}

export function readingSource(characteristic: string, settings: SensorSettings = {}): ReadingSource {
  switch (characteristic.toUpperCase()) {
    case Characteristic.heartRateMeasurement:
      return (payload) => {
        const m = decodeHeartRate(payload);
        return { hr: m.heartRate, ...(m.rrIntervalsMs.length ? { rr: m.rrIntervalsMs.map(Math.round) } : {}) };
      };
    case Characteristic.cyclingPowerMeasurement: {
      const circumferenceM = (settings.wheelCircumferenceMm ?? 2105) / 1000;
      const crank = new RevolutionRate({ revolutionModulus: 2 ** 16, ticksPerSecond: 1024, maxRevolutionsPerSecond: 250 / 60, staleAfterRepeats: 3 });
      const wheel = new RevolutionRate({ revolutionModulus: 2 ** 32, ticksPerSecond: 2048, maxRevolutionsPerSecond: 40 / circumferenceM, staleAfterRepeats: 3 });
      return (payload) => {
        const m = decodeCyclingPower(payload);
        const reading: Omit<Reading, 't'> = { power: Math.max(0, m.instantaneousPower) };
        if (m.cumulativeCrankRevolutions !== null && m.lastCrankEventTime !== null) {
          const step = crank.update(m.cumulativeCrankRevolutions, m.lastCrankEventTime);
          if (step.rate !== null) reading.cadence = step.rate * 60;
        }
        if (m.cumulativeWheelRevolutions !== null && m.lastWheelEventTime !== null) {
          const step = wheel.update(m.cumulativeWheelRevolutions, m.lastWheelEventTime);
          if (step.rate !== null) reading.speed = step.rate * circumferenceM;
          reading.distanceDelta = step.revolutions * circumferenceM;
        }
        return reading;
      };
    }
    case Characteristic.cscMeasurement: {
      const calculator = new CscCalculator({ wheelCircumferenceMm: settings.wheelCircumferenceMm });
      let previousDistance = 0;
      return (payload) => {
        const r = calculator.update(decodeCsc(payload));
        const reading: Omit<Reading, 't'> = { distanceDelta: r.distance - previousDistance };
        previousDistance = r.distance;
        if (r.speed !== null) reading.speed = r.speed;
        if (r.cadence !== null) reading.cadence = r.cadence;
        return reading;
      };
    }
    case Characteristic.rscMeasurement: {
      const distance = distanceCounter();
      return (payload) => {
        const m = decodeRsc(payload);
        const delta = distance(m.totalDistance);
        return { speed: m.instantaneousSpeed, cadence: m.instantaneousCadence, ...(delta !== undefined ? { distanceDelta: delta } : {}) };
      };
    }
    case Characteristic.indoorBikeData: {
      const distance = distanceCounter();
      return (payload) => {
        const m = decodeIndoorBike(payload);
        const reading: Omit<Reading, 't'> = {};
        if (m.instantaneousSpeed !== null) reading.speed = m.instantaneousSpeed / 3.6;
        if (m.instantaneousCadence !== null) reading.cadence = m.instantaneousCadence;
        if (m.instantaneousPower !== null) reading.power = Math.max(0, m.instantaneousPower);
        if (m.heartRate !== null && m.heartRate > 0) reading.hr = m.heartRate;
        const delta = distance(m.totalDistance);
        if (delta !== undefined) reading.distanceDelta = delta;
        return reading;
      };
    }
    default:
      throw new Error(`no reading source for characteristic ${characteristic}`);
  }
}
