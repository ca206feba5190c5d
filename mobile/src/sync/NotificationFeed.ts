import type { ApiClient } from '../api/ApiClient';
import type { AthleteNotification } from '../api/types';
import { Backoff, type BackoffOptions } from './Backoff';
import type { SyncStore } from './SyncStore';

/** The part of the WebSocket API (browser, React Native, or the `ws` package) the feed uses. */
export interface WebSocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

/**
 * Types the server only pushes and never keeps in the inbox (a live group session's standings, every 2 s): they are
 * delivered as they come, without their ids being stored, so they never fill the store's list of seen ids.
 */
export const LIVE_ONLY_TYPES: ReadonlySet<string> = new Set(['group-update']);

export type FeedConnection = 'connecting' | 'live' | 'offline' | 'stopped';

export interface NotificationFeedOptions {
  api: ApiClient;
  store: SyncStore;
  openWebSocket: WebSocketFactory;
  /** Called once per notification id, ever, in the order they arrived (live-only types: each time one is pushed). */
  onNotification: (notification: AthleteNotification) => void;
  onConnection?: (connection: FeedConnection) => void;
  onError?: (error: unknown) => void;
  backoff?: BackoffOptions;
}

/**
 * Delivers the athlete's notifications exactly once, however they arrive. On every (re)connect the
 * WebSocket is opened first and the inbox is then caught up from the saved cursor, so nothing pushed
 * while catching up is missed; anything that comes both ways is dropped by its id, which is saved
 * before the notification is shown.
 */
export class NotificationFeed {
  private readonly options: NotificationFeedOptions;
  private readonly backoff: Backoff;
  private socket: WebSocketLike | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private delivery: Promise<void> = Promise.resolve();
  private connectionState: FeedConnection = 'stopped';

  constructor(options: NotificationFeedOptions) {
    this.options = options;
    this.backoff = new Backoff(options.backoff ?? { baseMs: 1000, maxMs: 30_000 });
  }

  get connection(): FeedConnection {
    return this.connectionState;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
    this.setConnection('stopped');
    await this.delivery;
  }

  /** Fetches everything in the inbox after the saved cursor. Also useful without a socket (e.g. pull to refresh). */
  async catchUp(): Promise<number> {
    let delivered = 0;
    let cursor = await this.options.store.notificationCursor();
    for (let page = 0; page < 100; page++) {
      const { items, cursor: next } = await this.options.api.getNotifications(cursor);
      for (const item of items) {
        const notification = normalizeNotification(item);
        if (notification && (await this.deliver(notification))) delivered++;
      }
      if (next !== null && next !== undefined && next !== cursor) {
        await this.options.store.setNotificationCursor(next);
      }
      if (items.length === 0 || next === null || next === undefined || next === cursor) break;
      cursor = next;
    }
    return delivered;
  }

  /** Serialised so that two notifications arriving together keep their order and the id check is atomic. */
  private deliver(notification: AthleteNotification): Promise<boolean> {
    const result = this.delivery.then(async () => {
      if (!LIVE_ONLY_TYPES.has(notification.type) && !(await this.options.store.markNotificationSeen(notification.id))) return false;
      try {
        this.options.onNotification(notification);
      } catch (error) {
        this.options.onError?.(error);
      }
      return true;
    });
    this.delivery = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private connect(): void {
    if (!this.running) return;
    this.setConnection('connecting');
    let socket: WebSocketLike;
    try {
      socket = this.options.openWebSocket(this.options.api.notificationStreamUrl());
    } catch (error) {
      this.options.onError?.(error);
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    let closed = false;
    const lost = () => {
      if (closed) return;
      closed = true;
      if (this.socket === socket) this.socket = undefined;
      this.scheduleReconnect();
    };
    socket.onopen = () => {
      this.catchUp()
        .then(() => {
          if (this.socket !== socket) return;
          this.backoff.reset();
          this.setConnection('live');
        })
        .catch((error: unknown) => {
          this.options.onError?.(error);
          socket.close();
          lost();
        });
    };
    socket.onmessage = (event) => {
      const notification = parseNotification(event.data);
      if (notification) {
        this.deliver(notification).catch((error: unknown) => this.options.onError?.(error));
      }
    };
    socket.onerror = (event) => {
      this.options.onError?.(event);
    };
    socket.onclose = lost;
  }

  private scheduleReconnect(): void {
    if (!this.running) return;
    this.setConnection('offline');
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), this.backoff.nextDelay());
  }

  private setConnection(connection: FeedConnection): void {
    if (this.connectionState === connection) return;
    this.connectionState = connection;
    this.options.onConnection?.(connection);
  }
}

function parseNotification(data: unknown): AthleteNotification | undefined {
  const text = typeof data === 'string' ? data : data instanceof Uint8Array ? new TextDecoder().decode(data) : String(data);
  try {
    return normalizeNotification(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Ids are compared as strings, whether the server sends them as strings or numbers. */
function normalizeNotification(value: unknown): AthleteNotification | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const item = value as { id?: unknown; type?: unknown; occurredAt?: unknown; payload?: unknown };
  if ((typeof item.id !== 'string' && typeof item.id !== 'number') || typeof item.type !== 'string') return undefined;
  const occurredAt = typeof item.occurredAt === 'string' || typeof item.occurredAt === 'number' ? item.occurredAt : '';
  const payload = item.payload !== null && typeof item.payload === 'object' ? (item.payload as Record<string, unknown>) : {};
  return { id: String(item.id), type: item.type, occurredAt, payload };
}
