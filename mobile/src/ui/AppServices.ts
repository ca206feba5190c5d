import { ApiClient } from '../api/ApiClient';
import type { AthleteNotification } from '../api/types';
import { ActivityRecorder } from '../recording/ActivityRecorder';
import type { SensorHub } from '../sensors/SensorHub';
import { NotificationFeed, type FeedConnection, type WebSocketLike } from '../sync/NotificationFeed';
import { SyncEngine, type SyncStatus } from '../sync/SyncEngine';
import type { SyncStore } from '../sync/SyncStore';
import { TimeZoneSync } from '../sync/TimeZoneSync';
import { createSensorHub, launchOptions, openStore } from './platform';

const API_URL_KEY = 'athlete.apiUrl';
const TOKEN_KEY = 'athlete.token';
const NAME_KEY = 'athlete.displayName';

type Listener<T> = (value: T) => void;

/** Everything the screens share: the store, the API, the uploader and the notification feed. */
export class AppServices {
  readonly sensors: SensorHub;
  api: ApiClient;
  syncStatus: SyncStatus = { state: 'idle', pendingSamples: 0, setAsideSamples: 0 };
  feedConnection: FeedConnection = 'stopped';
  displayName: string | undefined;
  readonly demo: boolean;
  /** Game settings (time zone, weekly goal), loaded with the phone's time zone sent along when it changed. */
  readonly gameSettings = new TimeZoneSync({
    getGameSettings: (signal) => this.api.getGameSettings(signal),
    putGameSettings: (update, signal) => this.api.putGameSettings(update, signal),
  });
  private engine: SyncEngine | undefined;
  private feed: NotificationFeed | undefined;
  private readonly statusListeners = new Set<Listener<SyncStatus>>();
  private readonly notificationListeners = new Set<Listener<AthleteNotification>>();
  private readonly connectionListeners = new Set<Listener<FeedConnection>>();

  private constructor(
    readonly store: SyncStore,
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
    const services = new AppServices(store, apiUrl, launch.demo);
    await ActivityRecorder.finishAbandoned(store);
    const token = launch.token ?? (await store.getSetting(TOKEN_KEY));
    services.displayName = await store.getSetting(NAME_KEY);
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
    this.displayName = displayName;
    this.api = api;
    this.connect();
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

  onNotification(listener: Listener<AthleteNotification>): () => void {
    this.notificationListeners.add(listener);
    return () => this.notificationListeners.delete(listener);
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
      },
    });
    this.engine.start();
    this.feed = new NotificationFeed({
      api: this.api,
      store: this.store,
      openWebSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      onNotification: (notification) => {
        for (const listener of this.notificationListeners) listener(notification);
      },
      onConnection: (connection) => {
        this.feedConnection = connection;
        for (const listener of this.connectionListeners) listener(connection);
      },
    });
    this.feed.start();
    // Streak days end at the athlete's midnight and evening reminders follow it: send a new time zone right away.
    this.gameSettings.load().catch(() => undefined);
  }
}
