import { useState } from 'react';
import { Text } from 'react-native';
import { ApiError } from '../../api/errors';
import type { GameSettings } from '../../api/types';
import { useApp, useLoad } from '../AppContext';
import { t } from '../../i18n';
import { colors, ui } from '../theme';
import { StreakCard } from './StreakCard';
import { WeeklyGoalCard } from './WeeklyGoalCard';

/** Null when the server does not have the endpoint yet. */
const unlessMissing = <T,>(work: Promise<T>): Promise<T | null> =>
  work.catch((e: unknown) => {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  });

/** Streaks and the weekly goal. Loading the settings first moves them to the phone's time zone, so today is the phone's today. */
export function GameProgress() {
  const { services, notificationCount } = useApp();
  const [saved, setSaved] = useState<GameSettings>();
  const loaded = useLoad(() => unlessMissing(services.gameSettings.load()), []);
  const settings = saved ?? loaded.data;
  const streaks = useLoad(() => (settings ? unlessMissing(services.api.getStreaks()) : Promise.resolve(undefined)), [notificationCount, settings]);

  if (settings === null || streaks.data === null) return <Text style={ui.subtitle}>{t('streak.unavailable')}</Text>;
  const error = loaded.error ?? streaks.error;
  return (
    <>
      {error ? <Text style={{ color: colors.bad }}>{t('streak.loadFailed', { error })}</Text> : null}
      {streaks.data ? <StreakCard streaks={streaks.data} /> : null}
      {settings ? <WeeklyGoalCard settings={settings} week={streaks.data?.weeklyGoal} onSaved={setSaved} /> : null}
    </>
  );
}
