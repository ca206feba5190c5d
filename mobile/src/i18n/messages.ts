import { en } from './en';

/** The forms of a plural message, by Intl.PluralRules category; `other` is required, the rest as the language needs. */
export interface PluralMessage {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export type MessageKey = keyof typeof en;

/** Keys whose message has plural forms: `t` needs `count` for them. */
export type PluralKey = { [K in MessageKey]: (typeof en)[K] extends string ? never : K }[MessageKey];

/** A language's dictionary: every key of the English one, a plural message wherever English has one. */
export type Messages = { [K in MessageKey]: (typeof en)[K] extends string ? string : PluralMessage };

export type Params = Record<string, string | number>;

/** Replaces `{name}` with `params.name`; placeholders without a value stay as they are. */
export function interpolate(text: string, params: Params = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/**
 * The plural category of `count` in `language`. Intl.PluralRules where the engine has it; otherwise the CLDR rules of
 * the app's languages (Hermes on some phones has no PluralRules).
 */
export function pluralCategory(language: string, count: number): PluralCategory {
  const rules = pluralRules(language);
  return rules ? (rules.select(count) as PluralCategory) : cldrPluralCategory(language, count);
}

/** The CLDR plural rules of the app's languages, for engines without Intl.PluralRules. */
export function cldrPluralCategory(language: string, count: number): PluralCategory {
  const integer = Number.isInteger(count);
  if (language === 'ru') {
    if (!integer) return 'other';
    const n = Math.abs(count);
    if (n % 10 === 1 && n % 100 !== 11) return 'one';
    if (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14)) return 'few';
    return 'many';
  }
  return integer && Math.abs(count) === 1 ? 'one' : 'other';
}

const rulesCache = new Map<string, Intl.PluralRules | null>();

function pluralRules(language: string): Intl.PluralRules | null {
  if (!rulesCache.has(language)) {
    let rules: Intl.PluralRules | null = null;
    try {
      rules = typeof Intl !== 'undefined' && typeof Intl.PluralRules === 'function' ? new Intl.PluralRules(language) : null;
    } catch {
      rules = null;
    }
    rulesCache.set(language, rules);
  }
  return rulesCache.get(language) ?? null;
}

export function pickPlural(message: PluralMessage, category: PluralCategory): string {
  return message[category] ?? message.other;
}
