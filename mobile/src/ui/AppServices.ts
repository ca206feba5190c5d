import { ApiClient } from '../api/ApiClient';
import type { AthleteNotification, Progress, Sport } from '../api/types';
import { OfflineGame, type GameToastAction } from '../game/OfflineGame';
import { languageOf, setI18n, unitsOf, type LanguageChoice, type Units } from '../i18n';
import { ActivityRecorder } from '../recording/ActivityRecorder';
import type { SensorHub } from '../sensors/SensorHub';
import { NotificationFeed, type FeedConnection, type WebSocketLike } from '../sync/NotificationFeed';
import { SyncEngine, type SyncStatus } from '../sync/SyncEngine';
import type { SyncStore } from '../sync/SyncStore';
import { TimeZoneSync } from '../sync/TimeZoneSync';
import { createSensorHub, deviceLocale, launchOptions, openStore } from './platform';

const API_URL_KEY = 'athlete.apiUrl';
const TOKEN_KEY = 'athlete.token';
const NAME_KEY = 'athlete.displayName';
const ID_KEY = 'athlete.id';
const LANGUAGE_KEY = 'app.language';
const UNITS_KEY = 'app.units';
const TILES_KEY = 'map.tileUrl';

/** How long after the server's last award for an activity it is settled, and how long at most to wait for it. */
const SETTLE_QUIET_MS = 3000;
const SETTLE_GIVE_UP_MS = 90_000;

type Listener<T> = (value: T) => void;

/** Everything the screens share: the store, the API, the uploader and the notification feed. */
export class AppServices {
  readonly sensors: SensorHub;
  api: ApiClient;
  syncStatus: SyncStatus = { state: 'idle', pendingSamples: 0, setAsideSamples: 0 };
  feedConnection: FeedConnection = 'stopped';
  displayName: string | undefined;
  /** The athlete's own id, which friends follow; read from the server once for athletes signed up before it was kept. */
  athleteId: string | undefined;
  readonly demo: boolean;
  /** The athlete's choices: language (or the phone's), units, and the map tile address ('' = no tiles). */
  languageChoice: LanguageChoice = 'system';
  units: Units = 'metric';
  tileUrl = '';
  /** Game settings (time zone, weekly goal), loaded with the phone's time zone sent along when it changed. */
  readonly gameSettings = new TimeZoneSync({
    getGameSettings: (signal) => this.api.getGameSettings(signal),
    putGameSettings: (update, signal) => this.api.putGameSettings(update, signal),
  });
  private engine: SyncEngine | undefined;
  private feed: NotificationFeed | undefined;
  private readonly statusListeners = new Set<Listener<SyncStatus>>();
  private readonly notificationListeners = new Set<(notification: AthleteNotification, replaced: boolean) => void>();
  private readonly connectionListeners = new Set<Listener<FeedConnection>>();
  private readonly gameListeners = new Set<Listener<GameToastAction>>();
  private settleTimer: ReturnType<typeof setInterval> | undefined;
  private readonly finishAcknowledgedAt = new Map<string, number>();

  private constructor(
    readonly store: SyncStore,
    readonly game: OfflineGame,
    apiUrl: string,
    demo: boolean,
  ) {
    this.sensors = createSensorHub();
    this.api = new ApiClient({ baseUrl: apiUrl });
    this.demo = demo;
  }

  static async create(): Promise<AppServices> {
    const store = await openStore();
    const launch = launchOptions();
    const apiUrl = launch.apiUrl ?? (await store.getSetting(API_URL_KEY)) ?? 'http://127.0.0.1:5080';
    const languageChoice = ((await store.getSetting(LANGUAGE_KEY)) ?? 'system') as LanguageChoice;
    const savedUnits = (await store.getSetting(UNITS_KEY)) as Units | undefined;
    const device = deviceLocale();
    const units = savedUnits ?? unitsOf(device.languageTag, device.measurementSystem);
    setI18n(languageChoice === 'system' ? languageOf(device.languageTag) : languageChoice, units);
    const services = new AppServices(store, await OfflineGame.load(store), apiUrl, launch.demo);
    services.languageChoice = languageChoice;
    services.units = units;
    services.tileUrl = (await store.getSetting(TILES_KEY)) ?? '';
    await ActivityRecorder.finishAbandoned(store);
    const token = launch.token ?? (await store.getSetting(TOKEN_KEY));
    services.displayName = await store.getSetting(NAME_KEY);
    services.athleteId = await store.getSetting(ID_KEY);
    if (token) {
      services.api.useToken(token);
      services.connect();
    }
    return services;
  }

  get signedIn(): boolean {
    return this.api.hasToken;
  }

  get apiUrl(): string {
    return this.api.baseUrl;
  }

  async signUp(displayName: string, apiUrl: string): Promise<void> {
    const api = new ApiClient({ baseUrl: apiUrl });
    const athlete = await api.createAthlete(displayName);
    await this.store.setSetting(API_URL_KEY, api.baseUrl);
    await this.store.setSetting(TOKEN_KEY, athlete.token);
    await this.store.setSetting(NAME_KEY, displayName);
    await this.store.setSetting(ID_KEY, athlete.athleteId);
    this.displayName = displayName;
    this.athleteId = athlete.athleteId;
    this.api = api;
    this.connect();
  }

  /** The athlete's own id (kept since sign-up, or asked of the server once). */
  async myAthleteId(signal?: AbortSignal): Promise<string> {
    if (this.athleteId !== undefined) return this.athleteId;
    const me = await this.api.getMe(signal);
    this.athleteId = me.athleteId;
    await this.store.setSetting(ID_KEY, me.athleteId);
    return me.athleteId;
  }

  /** New samples are in the store. */
  pokeSync(): void {
    this.engine?.poke();
    void this.engine?.refreshStatus();
  }

  onSyncStatus(listener: Listener<SyncStatus>): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Every notification, once; `replaced` when the offline game put it in place of a provisional toast. */
  onNotification(listener: (notification: AthleteNotification, replaced: boolean) => void): () => void {
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
  }

  /** Switches the app's language ('system' follows the phone) and units, and keeps the choice. */
  async setLanguage(choice: LanguageChoice, units: Units = this.units): Promise<void> {
    this.languageChoice = choice;
    this.units = units;
    await this.store.setSetting(LANGUAGE_KEY, choice);
    await this.store.setSetting(UNITS_KEY, units);
    setI18n(choice === 'system' ? languageOf(deviceLocale().languageTag) : choice, units);
  }

  /** The raster tile address template for maps; '' draws routes without tiles. */
  async setTileUrl(template: string): Promise<void> {
    this.tileUrl = template.trim();
    await this.store.setSetting(TILES_KEY, this.tileUrl);
  }

  /** The server's progress; also the offline game's base while nothing is provisional. */
  async loadProgress(signal?: AbortSignal): Promise<Progress> {
    const progress = await this.api.getProgress(signal);
    await this.game.setBase(progress);
    return progress;
  }

  /** The recording's distance so far, for the offline game: its provisional awards come back as toasts. */
  observeGame(activityId: string, sport: Sport, distanceM: number): void {
    this.game.observe(activityId, sport, distanceM).then((actions) => this.emitGame(actions), () => undefined);
  }

  /** Toasts of the offline game: provisional awards, the server's confirmations in their place, corrections. */
  onGameToast(listener: Listener<GameToastAction>): () => void {
    this.gameListeners.add(listener);
    return () => this.gameListeners.delete(listener);
  }

  onFeedConnection(listener: Listener<FeedConnection>): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  private connect(): void {
    this.engine = new SyncEngine({
      api: this.api,
      store: this.store,
      idleCheckMs: 10_000,
      onStatus: (status) => {
        this.syncStatus = status;
        for (const listener of this.statusListeners) listener(status);
        if (this.game.hasProvisional) this.startSettling();
      },
    });
    this.engine.start();
    this.feed = new NotificationFeed({
      api: this.api,
      store: this.store,
      openWebSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      onNotification: (notification) => void this.deliver(notification),
      onConnection: (connection) => {
        this.feedConnection = connection;
        for (const listener of this.connectionListeners) listener(connection);
      },
    });
    this.feed.start();
    // Streak days end at the athlete's midnight and evening reminders follow it: send a new time zone right away.
    this.gameSettings.load().catch(() => undefined);
    this.loadProgress().catch(() => undefined);
    if (this.game.hasProvisional) this.startSettling();
  }

  /** A server award the offline game showed already replaces its toast; anything else goes to the usual listeners. */
  private async deliver(notification: AthleteNotification): Promise<void> {
    const action = await this.game.onServerNotification(notification).catch(() => undefined);
    if (action) this.emitGame([action]);
    for (const listener of this.notificationListeners) listener(notification, action !== undefined);
    if (this.game.hasProvisional) this.startSettling();
  }

  private emitGame(actions: GameToastAction[]): void {
    for (const action of actions) for (const listener of this.gameListeners) listener(action);
  }

  /**
   * Settles provisional activities once the server has them all: finished and acknowledged, and either the server's
   * award for the last provisional kilometre has come (and a few quiet seconds passed) or it is long overdue.
   */
  private startSettling(): void {
    if (this.settleTimer !== undefined) return;
    let busy = false;
    this.settleTimer = setInterval(() => {
      if (busy) return;
      busy = true;
      this.settleDue()
        .catch(() => undefined)
        .finally(() => {
          busy = false;
          if (!this.game.hasProvisional) {
            clearInterval(this.settleTimer);
            this.settleTimer = undefined;
          }
        });
    }, 1000);
  }

  private async settleDue(): Promise<void> {
    const acknowledged = new Set((await this.store.activities()).filter((a) => a.finishAcknowledged).map((a) => a.id));
    const now = Date.now();
    for (const activity of this.game.provisionalActivities()) {
      if (!acknowledged.has(activity.activityId)) continue;
      const since = this.finishAcknowledgedAt.get(activity.activityId) ?? now;
      this.finishAcknowledgedAt.set(activity.activityId, since);
      const heard = this.game.serverHeard(activity.activityId);
      const ready = (heard !== undefined && now - heard >= SETTLE_QUIET_MS) || now - since >= SETTLE_GIVE_UP_MS;
      if (!ready) continue;
      const progress = await this.api.getProgress();
      this.emitGame(await this.game.settle(activity.activityId, progress));
      this.finishAcknowledgedAt.delete(activity.activityId);
    }
  }
}
