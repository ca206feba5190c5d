import type { ActivityTrust } from '../api/types';

export interface TrustWords {
  title: string;
  detail?: string;
  reasons: string[];
  counted: boolean;
}

const titles: Record<ActivityTrust['trust'], string> = {
  'sensor-verified': 'Sensor verified',
  'phone-gps': 'Phone GPS',
  'imported-file': 'Imported file',
  implausible: 'Not counted in challenges',
};

const km = (metres: number) => (metres / 1000).toFixed(2);

/** What the activity detail says about how far the game trusts an activity, and why it did not count all of it. */
export function trustWords(trust: ActivityTrust): TrustWords {
  const counted = trust.trust !== 'implausible';
  const detail =
    trust.refusedM > 0
      ? `${km(trust.countedM)} km counted, ${km(trust.refusedM)} km not: faster than the sport allows`
      : undefined;
  return { title: titles[trust.trust] ?? trust.trust, detail, reasons: trust.refusedM > 0 ? trust.reasons : [], counted };
}
