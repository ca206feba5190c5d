export interface RevolutionRateOptions {
  /** The revolution counter wraps at this value: 2³² for wheels, 2¹⁶ for cranks. */
  revolutionModulus: number;
  /** Event-time ticks per second: 1024 for CSC and crank times, 2048 for the power service's wheel time. */
  ticksPerSecond: number;
  /** A faster rate than this cannot be real: the sensor restarted (new battery) and its counters jumped. */
  maxRevolutionsPerSecond: number;
  /** Identical notifications in a row after which the rate is taken to be 0 (wheel or crank stopped). */
  staleAfterRepeats: number;
}

export interface RevolutionStep {
  /** Revolutions per second; null until two measurements gave a rate. */
  rate: number | null;
  /** Revolutions counted by this measurement (0 for a baseline, repeat or restart). */
  revolutions: number;
}

const EVENT_TIME_MODULUS = 0x10000;

/**
 * Turns a sensor's cumulative revolution counter and last-event time into a rate. Both counters wrap,
 * so differences are taken modulo their width. The sensor repeats its last values while nothing turns;
 * the rate then holds for a few notifications and drops to 0.
 */
export class RevolutionRate {
  private previous: { revolutions: number; time: number } | undefined;
  private rate: number | null = null;
  private repeats = 0;

  constructor(private readonly options: RevolutionRateOptions) {}

  update(revolutions: number, eventTime: number): RevolutionStep {
    const previous = this.previous;
    this.previous = { revolutions, time: eventTime };
    if (previous === undefined) return { rate: this.rate, revolutions: 0 };

    const deltaRevolutions = modulo(revolutions - previous.revolutions, this.options.revolutionModulus);
    const deltaTicks = modulo(eventTime - previous.time, EVENT_TIME_MODULUS);
    if (deltaRevolutions === 0 && deltaTicks === 0) {
      this.repeats += 1;
      if (this.repeats >= this.options.staleAfterRepeats) this.rate = 0;
      return { rate: this.rate, revolutions: 0 };
    }
    this.repeats = 0;
    if (deltaTicks === 0) return { rate: this.rate, revolutions: 0 };
    const rate = deltaRevolutions / (deltaTicks / this.options.ticksPerSecond);
    if (rate > this.options.maxRevolutionsPerSecond) return { rate: this.rate, revolutions: 0 };
    this.rate = rate;
    return { rate, revolutions: deltaRevolutions };
  }
}

function modulo(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}
