import type { ActivityTrust } from '../api/types';
import { i18n, t } from '../i18n';

export interface TrustWords {
  title: string;
  detail?: string;
  reasons: string[];
  counted: boolean;
}

const TRUST_LEVELS: readonly ActivityTrust['trust'][] = ['sensor-verified', 'phone-gps', 'imported-file', 'implausible'];

/** Two decimals, without groups of thousands: how far in the athlete's unit. */
const amount = (metres: number) => {
  const value = metres / i18n().metresPerDistanceUnit;
  const text = value.toFixed(2);
  return i18n().language === 'ru' ? text.replace('.', ',') : text;
};

/** What the activity detail says about how far the game trusts an activity, and why it did not count all of it. */
export function trustWords(trust: ActivityTrust): TrustWords {
  const counted = trust.trust !== 'implausible';
  const detail =
    trust.refusedM > 0 ? t('trust.refused', { counted: amount(trust.countedM), refused: amount(trust.refusedM), unit: i18n().distanceUnit }) : undefined;
  const title = TRUST_LEVELS.includes(trust.trust) ? t(`trust.${trust.trust}`) : trust.trust;
  return { title, detail, reasons: trust.refusedM > 0 ? trust.reasons : [], counted };
}
