import { isRefusalOf } from '../api/errors';
import type { GameSettings, GameSettingsUpdate } from '../api/types';

export interface GameSettingsApi {
  getGameSettings(signal?: AbortSignal): Promise<GameSettings>;
  putGameSettings(update: GameSettingsUpdate, signal?: AbortSignal): Promise<GameSettings>;
}

/** The phone's IANA time zone, or undefined where the platform does not say. */
export function deviceTimeZone(): string | undefined {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return typeof zone === 'string' && zone !== '' ? zone : undefined;
  } catch {
    return undefined;
  }
}

/** The update that moves the server to the phone's time zone, keeping the weekly goal; undefined when none is needed. */
export function timeZoneUpdate(settings: GameSettings, device: string | undefined): GameSettingsUpdate | undefined {
  if (device === undefined || device === settings.timeZone) return undefined;
  return { timeZone: device, weeklyGoal: settings.weeklyGoal ?? null };
}

/**
 * Keeps the server's time zone equal to the phone's, so days and weeks of streaks and goals end at the athlete's
 * midnight. Loading the settings never fails because of the sync: a failed update leaves the server's settings as they
 * were and is tried again on the next load, except for a zone the server refused (`422` naming `timeZone`), which is
 * not sent again, and a zone the server stored under another name (`Europe/Kiev` kept as `Europe/Kyiv`).
 */
export class TimeZoneSync {
  private readonly settled = new Map<string, string>();
  private readonly refused = new Set<string>();
  private loading: Promise<GameSettings> | undefined;

  constructor(
    private readonly api: GameSettingsApi,
    private readonly device: () => string | undefined = deviceTimeZone,
  ) {}

  /** The athlete's settings, after moving them to the phone's time zone if they were elsewhere. Concurrent calls share one load. */
  load(): Promise<GameSettings> {
    this.loading ??= this.loadAndSync().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async loadAndSync(): Promise<GameSettings> {
    const settings = await this.api.getGameSettings();
    const update = timeZoneUpdate(settings, this.device());
    if (update === undefined || this.refused.has(update.timeZone) || this.settled.get(update.timeZone) === settings.timeZone) {
      return settings;
    }
    try {
      const saved = await this.api.putGameSettings(update);
      if (saved.timeZone !== update.timeZone) this.settled.set(update.timeZone, saved.timeZone);
      return saved;
    } catch (error) {
      if (isRefusalOf(error, 'timeZone')) this.refused.add(update.timeZone);
      return settings;
    }
  }
}
