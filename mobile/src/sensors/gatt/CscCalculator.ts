import type { CscMeasurement } from './csc';
import { RevolutionRate } from './RevolutionRate';

export const DEFAULT_WHEEL_CIRCUMFERENCE_MM = 2105;
const MAX_SPEED_MPS = 40;
const MAX_CADENCE_RPM = 250;

export interface CscReading {
  /** m/s; null until two wheel measurements */
  speed: number | null;
  /** rpm; null until two crank measurements */
  cadence: number | null;
  /** metres since the first wheel measurement */
  distance: number;
}

export interface CscCalculatorOptions {
  wheelCircumferenceMm?: number;
  staleAfterRepeats?: number;
}

/** Speed, cadence and distance from consecutive CSC measurements of one sensor. */
export class CscCalculator {
  private readonly circumferenceM: number;
  private readonly wheel: RevolutionRate;
  private readonly crank: RevolutionRate;
  private reading: CscReading = { speed: null, cadence: null, distance: 0 };

  constructor(options: CscCalculatorOptions = {}) {
    this.circumferenceM = (options.wheelCircumferenceMm ?? DEFAULT_WHEEL_CIRCUMFERENCE_MM) / 1000;
    const staleAfterRepeats = options.staleAfterRepeats ?? 3;
    this.wheel = new RevolutionRate({
      revolutionModulus: 2 ** 32,
      ticksPerSecond: 1024,
      maxRevolutionsPerSecond: MAX_SPEED_MPS / this.circumferenceM,
      staleAfterRepeats,
    });
    this.crank = new RevolutionRate({
      revolutionModulus: 2 ** 16,
      ticksPerSecond: 1024,
      maxRevolutionsPerSecond: MAX_CADENCE_RPM / 60,
      staleAfterRepeats,
    });
  }

  update(measurement: CscMeasurement): CscReading {
    const next = { ...this.reading };
    if (measurement.cumulativeWheelRevolutions !== null && measurement.lastWheelEventTime !== null) {
      const step = this.wheel.update(measurement.cumulativeWheelRevolutions, measurement.lastWheelEventTime);
      // Multiply before dividing so the numbers match a plain Δrev × circumference / Δt.
      next.speed = step.rate === null ? null : step.rate * this.circumferenceM;
      next.distance += step.revolutions * this.circumferenceM;
    }
    if (measurement.cumulativeCrankRevolutions !== null && measurement.lastCrankEventTime !== null) {
      const step = this.crank.update(measurement.cumulativeCrankRevolutions, measurement.lastCrankEventTime);
      next.cadence = step.rate === null ? null : step.rate * 60;
    }
    this.reading = next;
    return { ...next };
  }
}
