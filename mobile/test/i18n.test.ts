import { I18n, clock, languageOf, setI18n, unitsOf, type Language, type Units } from '../src/i18n';
import { en } from '../src/i18n/en';
import { cldrPluralCategory, pluralCategory } from '../src/i18n/messages';
import { ru } from '../src/i18n/ru';
import { formatAmount, formatShare } from '../src/ui/amounts';
import { challengeGoal, weeklyGoal } from '../src/ui/goalInput';
import { streakWords, weeklyGoalLabel } from '../src/ui/streakWords';
import { toastFor } from '../src/ui/toastWords';
import { trustWords } from '../src/ui/trustWords';
import { effortLines, segmentToast } from '../src/ui/segmentWords';

/** Runs `check` with the app switched to `language` and `units`, then back to English and metric. */
function inLanguage(language: Language, units: Units, check: () => void): void {
  setI18n(language, units);
  try {
    check();
  } finally {
    setI18n('en', 'metric');
  }
}

const notification = (type: string, payload: Record<string, unknown>) => ({ id: 'n1', type, occurredAt: '2026-12-01T08:00:00.000Z', payload });

describe('i18n', () => {
  it('has every English key in Russian, with plural forms where English has them', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    for (const [key, message] of Object.entries(en)) {
      expect([key, typeof (ru as Record<string, unknown>)[key]]).toEqual([key, typeof message]);
    }
  });

  it('picks the Russian plural form: one, few, many, and other for fractions', () => {
    const ruText = new I18n('ru');
    expect(ruText.t('words.km', { count: 1 })).toBe('1 километр');
    expect(ruText.t('words.km', { count: 2 })).toBe('2 километра');
    expect(ruText.t('words.km', { count: 5 })).toBe('5 километров');
    expect(ruText.t('words.km', { count: 11 })).toBe('11 километров');
    expect(ruText.t('words.km', { count: 21 })).toBe('21 километр');
    expect(ruText.t('words.km', { count: 22 })).toBe('22 километра');
    expect(ruText.t('words.km', { count: 2.5 })).toBe('2,5 километра');
    expect(new I18n('en').t('words.km', { count: 1 })).toBe('1 kilometre');
    expect(new I18n('en').t('words.km', { count: 5 })).toBe('5 kilometres');
  });

  it('has the CLDR rules where the engine has no Intl.PluralRules', () => {
    const counts = [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1.5, 0.5];
    for (const language of ['ru', 'en']) {
      expect(counts.map((n) => cldrPluralCategory(language, n))).toEqual(counts.map((n) => pluralCategory(language, n)));
    }
  });

  it('writes numbers, dates and units per language and per system of units', () => {
    const ruMetric = new I18n('ru', 'metric');
    const enImperial = new I18n('en', 'imperial');
    expect(ruMetric.number(12.5)).toBe('12,5');
    expect(new I18n('en').number(12345.6)).toBe('12,345.6');
    expect(ruMetric.number(12345.6).replace(/\s/g, ' ')).toBe('12 345,6');
    expect(ruMetric.distanceText(5000)).toBe('5 км');
    expect(enImperial.distanceText(5000)).toBe('3.11 mi');
    expect(enImperial.distanceWords(1609.344)).toBe('1 mile');
    expect(ruMetric.distanceWords(5000)).toBe('5 километров');
    expect(ruMetric.pace(1000 / 300)).toEqual({ value: '5:00', unit: '/км' });
    expect(enImperial.pace(1609.344 / 480)).toEqual({ value: '8:00', unit: '/mi' });
    expect(ruMetric.speed(10)).toEqual({ value: '36,0', unit: 'км/ч' });
    expect(enImperial.speed(10)).toEqual({ value: '22.4', unit: 'mph' });
    expect(enImperial.elevation(100)).toEqual({ value: '328', unit: 'ft' });
    expect(ruMetric.date('2026-12-01T08:00:00.000Z', 'date')).toMatch(/1 дек\.? 2026/);
    expect(new I18n('en').date('2026-12-01T08:00:00.000Z', 'date')).toMatch(/1 Dec 2026|Dec 1, 2026/);
    expect(clock(3725)).toBe('1:02:05');
  });

  it('follows the device language and region', () => {
    expect(languageOf('ru-RU')).toBe('ru');
    expect(languageOf('ru')).toBe('ru');
    expect(languageOf('en-US')).toBe('en');
    expect(languageOf('de-DE')).toBe('en');
    expect(unitsOf('en-US')).toBe('imperial');
    expect(unitsOf('en-GB')).toBe('metric');
    expect(unitsOf('ru-RU')).toBe('metric');
    expect(unitsOf('en-US', 'metric')).toBe('metric');
    expect(unitsOf('de-DE', 'us')).toBe('imperial');
  });
});

describe('words in Russian', () => {
  it('toasts XP, levels, streaks and goals', () => {
    inLanguage('ru', 'metric', () => {
      expect(toastFor(notification('level-up', { level: 5, previousLevel: 4 }))).toMatchObject({ title: 'Уровень 5!', detail: 'Был уровень 4' });
      expect(toastFor(notification('xp', { xp: 10, km: 3, totalXp: 40 }))).toMatchObject({ title: '+10 XP', detail: 'Километр 3 · всего 40 XP' });
      expect(toastFor(notification('streak', { days: 1 })).title).toBe('1 день подряд');
      expect(toastFor(notification('streak', { days: 3 })).title).toBe('3 дня подряд');
      expect(toastFor(notification('streak', { days: 5 })).title).toBe('5 дней подряд');
      expect(toastFor(notification('weekly-goal-at-risk', { goal: { distanceM: 20000 }, progress: 12500.5 })).title).toBe('Недельная цель под угрозой · 12,5 из 20 км');
      expect(toastFor(notification('challenge-progress', { name: 'Декабрь', percent: 50, metric: 'active-days', value: 10, goal: { activeDays: 21 } })).detail).toBe(
        'Декабрь · 50% · 10 из 21 день',
      );
      const files = { imported: 2, merged: 0, failed: 1 };
      expect(toastFor(notification('import-finished', { status: 'finished', files })).detail).toBe('2 тренировки · объединено 0 · с ошибкой 1');
    });
  });

  it('counts days and weeks of streaks', () => {
    inLanguage('ru', 'metric', () => {
      const words = streakWords({
        timeZone: 'Europe/Moscow',
        today: '2026-12-02',
        daily: { current: 22, longest: 25, freezes: 1, atRisk: false },
        weekly: { current: 2, longest: 5 },
      });
      expect(words).toMatchObject({
        headline: '22 дня подряд',
        longest: 'Рекорд: 25 дней',
        freezes: 'В запасе: 1 заморозка',
        weekly: 'Недели подряд: 2 недели · рекорд 5 недель',
      });
      expect(weeklyGoalLabel({ distanceM: 20000 })).toBe('20 км в неделю');
      expect(formatAmount('active-days', 1)).toBe('1 день');
      expect(formatAmount('active-days', 3)).toBe('3 дня');
      expect(formatAmount('active-days', 5)).toBe('5 дней');
      expect(formatShare('distance', 1000, 2000)).toBe('1 из 2 км');
    });
  });

  it('names segments, trust and goal errors', () => {
    inLanguage('ru', 'metric', () => {
      expect(segmentToast({ name: 'Набережная', display: '4:31', rank: 3, athletes: 41, personalBest: true })).toEqual({
        title: 'Набережная: 4:31',
        detail: 'Место 3 из 41 · Личный рекорд',
      });
      expect(effortLines([{ segmentId: 's', name: '', activityId: 'a', startedAt: '', elapsedS: 1, display: '0:01' }])[0]!.text).toBe('Сегмент · 0:01');
      expect(trustWords({ activityId: 'a', trust: 'implausible', countedM: 1200, refusedM: 5000, reasons: [] }).detail).toBe(
        'Засчитано 1,20 км, не засчитано 5,00 км: быстрее, чем возможно в этом виде спорта',
      );
      expect(challengeGoal('distance', '')).toEqual({ error: 'Цель должна быть числом (км) больше нуля.' });
    });
  });
});

describe('imperial units', () => {
  it('shows and takes goals in miles and feet', () => {
    inLanguage('en', 'imperial', () => {
      expect(formatAmount('distance', 42195)).toBe('26.22 mi');
      expect(formatAmount('elevation-gain', 1000)).toBe('3281 ft climbed');
      expect(challengeGoal('distance', '26.2')).toEqual({ goal: { distanceM: 42165 } });
      expect(challengeGoal('elevation-gain', '3281')).toEqual({ goal: { elevationGainM: 1000 } });
      expect(weeklyGoal('distance', '10')).toEqual({ goal: { distanceM: 16093 } });
      expect(trustWords({ activityId: 'a', trust: 'implausible', countedM: 1609.344, refusedM: 3218.688, reasons: [] }).detail).toBe(
        '1.00 mi counted, 2.00 mi not: faster than the sport allows',
      );
    });
  });
});
