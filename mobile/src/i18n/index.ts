import { en } from './en';
import { interpolate, pickPlural, pluralCategory, type MessageKey, type Messages, type Params, type PluralKey, type PluralMessage } from './messages';
import { ru } from './ru';

export type { MessageKey, Messages, Params, PluralKey } from './messages';

/** The languages the app speaks. Adding one: a dictionary file typed `Messages`, and an entry here. */
export const LANGUAGES = { en, ru } satisfies Record<string, Messages>;
export type Language = keyof typeof LANGUAGES;
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ru: 'Русский' };

export type Units = 'metric' | 'imperial';

/** `system` follows the phone (or the browser). */
export type LanguageChoice = Language | 'system';

const METRES_PER_MILE = 1609.344;
const FEET_PER_METRE = 3.280839895;

/** The best language of the app for a BCP 47 tag such as `ru-RU` or `en-GB`; English for anything else. */
export function languageOf(tag: string | undefined): Language {
  const code = (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return code in LANGUAGES ? (code as Language) : 'en';
}

/** Miles and feet where the region measures so (the United States, Liberia, Myanmar); metric elsewhere. */
export function unitsOf(tag: string | undefined, measurementSystem?: string | null): Units {
  if (measurementSystem === 'us') return 'imperial';
  if (measurementSystem === 'metric' || measurementSystem === 'uk') return 'metric';
  const region = (tag ?? '').split(/[-_]/)[1]?.toUpperCase();
  return region === 'US' || region === 'LR' || region === 'MM' ? 'imperial' : 'metric';
}

/** Words, numbers, dates and units in one language and one system of units. */
export class I18n {
  private readonly messages: Messages;
  private readonly numberFormats = new Map<string, Intl.NumberFormat | null>();

  constructor(
    readonly language: Language,
    readonly units: Units = 'metric',
  ) {
    this.messages = LANGUAGES[language];
  }

  /** The message of `key` with its placeholders filled; plural messages take their form from `params.count`. */
  t(key: Exclude<MessageKey, PluralKey>, params?: Params): string;
  t(key: PluralKey, params: Params & { count: number }): string;
  t(key: MessageKey, params?: Params): string {
    const message = this.messages[key] as string | PluralMessage;
    if (typeof message === 'string') return interpolate(message, params);
    const count = Number(params?.count ?? 0);
    return interpolate(pickPlural(message, pluralCategory(this.language, count)), { ...params, count: this.number(count) });
  }

  /**
   * A number in this language: `12.5` or `12,5`. Groups of thousands only from five digits on (`10,000`, `10 000`),
   * as Russian typography does and English tables usually do; `1000` stays whole.
   */
  number(value: number, fractionDigits: { min?: number; max?: number } = {}): string {
    const max = fractionDigits.max ?? 2;
    const min = Math.min(fractionDigits.min ?? 0, max);
    const grouping = Math.abs(value) >= 10_000;
    const key = `${min}:${max}:${grouping ? 1 : 0}`;
    if (!this.numberFormats.has(key)) {
      let format: Intl.NumberFormat | null = null;
      try {
        format = new Intl.NumberFormat(this.language, { minimumFractionDigits: min, maximumFractionDigits: max, useGrouping: grouping });
      } catch {
        format = null;
      }
      this.numberFormats.set(key, format);
    }
    const format = this.numberFormats.get(key);
    if (format) return format.format(value);
    const fixed = value.toFixed(max).replace(new RegExp(`(\\.\\d{${min}}\\d*?)0+$`), '$1').replace(/\.$/, '');
    return this.language === 'ru' ? fixed.replace('.', ',') : fixed;
  }

  /** A date, a date and time, or a day and month, as people of this language write them. */
  date(value: Date | string | number, style: 'date' | 'dateTime' | 'dayMonth' = 'dateTime'): string {
    const date = value instanceof Date ? value : new Date(value);
    const options: Intl.DateTimeFormatOptions =
      style === 'date'
        ? { day: 'numeric', month: 'short', year: 'numeric' }
        : style === 'dayMonth'
          ? { day: 'numeric', month: 'short' }
          : { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' };
    try {
      return new Intl.DateTimeFormat(this.language, options).format(date);
    } catch {
      return date.toISOString().slice(0, style === 'dateTime' ? 16 : 10).replace('T', ' ');
    }
  }

  /** Kilometres or miles: the number (at most `digits` decimals) and its unit. */
  distance(metres: number, digits = 2, fixed = false): { value: string; unit: string } {
    const imperial = this.units === 'imperial';
    const amount = imperial ? metres / METRES_PER_MILE : metres / 1000;
    return { value: this.number(amount, { max: digits, min: fixed ? digits : 0 }), unit: this.t(imperial ? 'unit.mi' : 'unit.km') };
  }

  /** "12.5 km", "7.77 mi". */
  distanceText(metres: number, digits = 2, fixed = false): string {
    const { value, unit } = this.distance(metres, digits, fixed);
    return `${value} ${unit}`;
  }

  /** Distance as a screen reader says it: "5 kilometres", "5 километров", "3.1 miles". */
  distanceWords(metres: number, digits = 2): string {
    const imperial = this.units === 'imperial';
    const amount = round(imperial ? metres / METRES_PER_MILE : metres / 1000, digits);
    return this.t(imperial ? 'words.mi' : 'words.km', { count: amount });
  }

  /** The distance unit's size in metres, for what is typed in it. */
  get metresPerDistanceUnit(): number {
    return this.units === 'imperial' ? METRES_PER_MILE : 1000;
  }

  get distanceUnit(): string {
    return this.t(this.units === 'imperial' ? 'unit.mi' : 'unit.km');
  }

  /** Metres or feet, whole. */
  elevation(metres: number): { value: string; unit: string } {
    const imperial = this.units === 'imperial';
    return { value: this.number(Math.round(imperial ? metres * FEET_PER_METRE : metres), { max: 0 }), unit: this.t(imperial ? 'unit.ft' : 'unit.m') };
  }

  get metresPerElevationUnit(): number {
    return this.units === 'imperial' ? 1 / FEET_PER_METRE : 1;
  }

  get elevationUnit(): string {
    return this.t(this.units === 'imperial' ? 'unit.ft' : 'unit.m');
  }

  /** km/h or mph, one decimal. */
  speed(metresPerSecond: number | undefined): { value: string; unit: string } {
    const imperial = this.units === 'imperial';
    const unit = this.t(imperial ? 'unit.mph' : 'unit.kmh');
    if (metresPerSecond === undefined || !Number.isFinite(metresPerSecond)) return { value: this.t('common.none'), unit };
    const value = imperial ? (metresPerSecond * 3600) / METRES_PER_MILE : metresPerSecond * 3.6;
    return { value: this.number(value, { min: 1, max: 1 }), unit };
  }

  /** Minutes per kilometre or per mile, as runners read speed; a dash when standing still. */
  pace(metresPerSecond: number | undefined): { value: string; unit: string } {
    const imperial = this.units === 'imperial';
    const unit = this.t(imperial ? 'unit.perMi' : 'unit.perKm');
    if (!metresPerSecond || metresPerSecond < 0.3) return { value: this.t('common.none'), unit };
    return { value: clock((imperial ? METRES_PER_MILE : 1000) / metresPerSecond), unit };
  }
}

/** `h:mm:ss`, or `m:ss` under an hour: the same in every language. */
export function clock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mm = String(m).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${m}:${ss}`;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

let current = new I18n('en', 'metric');
const listeners = new Set<(i18n: I18n) => void>();

/** The language and units the app shows now. */
export function i18n(): I18n {
  return current;
}

/** Shorthand for `i18n().t(...)`. */
export const t: I18n['t'] = ((key: MessageKey, params?: Params) => (current.t as (k: MessageKey, p?: Params) => string)(key, params)) as I18n['t'];

/** Switches the whole app; screens re-render through `onI18nChange`. */
export function setI18n(language: Language, units: Units): I18n {
  if (current.language !== language || current.units !== units) {
    current = new I18n(language, units);
    for (const listener of listeners) listener(current);
  }
  return current;
}

export function onI18nChange(listener: (i18n: I18n) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
