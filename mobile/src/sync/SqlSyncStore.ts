import type { Sample, Sport } from '../api/types';
import type { SqlDatabase, SqlRow, SqlValue } from './SqlDatabase';
import { SEEN_NOTIFICATIONS_KEPT, type LocalActivity, type NewActivity, type PendingSample, type SettingWrite, type SyncStore } from './SyncStore';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS activities (
     id TEXT PRIMARY KEY, sport TEXT NOT NULL, started_at TEXT NOT NULL, name TEXT,
     finished_at TEXT, created INTEGER NOT NULL DEFAULT 0, finish_acknowledged INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS samples (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, activity_id TEXT NOT NULL, device_id TEXT NOT NULL,
     t INTEGER NOT NULL, body TEXT NOT NULL, UNIQUE (activity_id, device_id, t))`,
  `CREATE INDEX IF NOT EXISTS samples_by_time ON samples (activity_id, t, seq)`,
  `CREATE TABLE IF NOT EXISTS set_aside_samples (
     seq INTEGER PRIMARY KEY, activity_id TEXT NOT NULL, device_id TEXT NOT NULL,
     t INTEGER NOT NULL, body TEXT NOT NULL, reason TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS seen_notifications (id TEXT PRIMARY KEY, ord INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
];

const CURSOR_KEY = 'notifications.cursor';

/** SyncStore on SQLite: expo-sqlite on the phone, sql.js under Node. */
export class SqlSyncStore implements SyncStore {
  private constructor(private readonly db: SqlDatabase) {}

  static async open(db: SqlDatabase): Promise<SqlSyncStore> {
    await db.transaction(async (tx) => {
      for (const statement of SCHEMA) await tx.run(statement);
    });
    return new SqlSyncStore(db);
  }

  async addActivity(activity: NewActivity): Promise<void> {
    await this.db.run(
      'INSERT INTO activities (id, sport, started_at, name) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      [activity.id, activity.sport, activity.startedAt, activity.name ?? null],
    );
  }

  async markActivityCreated(activityId: string): Promise<void> {
    await this.db.run('UPDATE activities SET created = 1 WHERE id = ?', [activityId]);
  }

  async finishActivity(activityId: string, finishedAt: string): Promise<void> {
    await this.db.run('UPDATE activities SET finished_at = ? WHERE id = ? AND finished_at IS NULL', [finishedAt, activityId]);
  }

  async markFinishAcknowledged(activityId: string): Promise<void> {
    await this.db.run('UPDATE activities SET finish_acknowledged = 1 WHERE id = ?', [activityId]);
  }

  async activities(): Promise<LocalActivity[]> {
    const rows = await this.db.all('SELECT * FROM activities ORDER BY started_at, rowid');
    return rows.map(toActivity);
  }

  async appendSamples(activityId: string, deviceId: string, samples: Sample[], checkpoint?: SettingWrite): Promise<void> {
    if (samples.length === 0 && checkpoint === undefined) return;
    await this.db.transaction(async (tx) => {
      if (checkpoint !== undefined) {
        await tx.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [checkpoint.key, checkpoint.value]);
      }
      for (const sample of samples) {
        await tx.run(
          `INSERT INTO samples (activity_id, device_id, t, body) VALUES (?, ?, ?, ?)
           ON CONFLICT (activity_id, device_id, t) DO UPDATE SET body = excluded.body`,
          [activityId, deviceId, sample.t, JSON.stringify(sample)],
        );
      }
    });
  }

  async oldestSamples(activityId: string, limit: number): Promise<PendingSample[]> {
    const rows = await this.db.all('SELECT seq, device_id, body FROM samples WHERE activity_id = ? ORDER BY t, seq LIMIT ?', [
      activityId,
      limit,
    ]);
    return rows.map((row) => ({ seq: Number(row.seq), deviceId: String(row.device_id), sample: JSON.parse(String(row.body)) as Sample }));
  }

  async deleteSamples(seqs: number[]): Promise<void> {
    if (seqs.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const chunk of chunks(seqs, 500)) {
        await tx.run(`DELETE FROM samples WHERE seq IN (${placeholders(chunk)})`, chunk);
      }
    });
  }

  async setAsideSamples(seqs: number[], reason: string): Promise<void> {
    if (seqs.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const chunk of chunks(seqs, 500)) {
        await tx.run(
          `INSERT OR REPLACE INTO set_aside_samples (seq, activity_id, device_id, t, body, reason)
           SELECT seq, activity_id, device_id, t, body, ? FROM samples WHERE seq IN (${placeholders(chunk)})`,
          [reason, ...chunk],
        );
        await tx.run(`DELETE FROM samples WHERE seq IN (${placeholders(chunk)})`, chunk);
      }
    });
  }

  async setAsideCount(): Promise<number> {
    const rows = await this.db.all('SELECT COUNT(*) AS n FROM set_aside_samples');
    return Number(rows[0]?.n ?? 0);
  }

  async pendingSampleCount(activityId?: string): Promise<number> {
    const rows =
      activityId === undefined
        ? await this.db.all('SELECT COUNT(*) AS n FROM samples')
        : await this.db.all('SELECT COUNT(*) AS n FROM samples WHERE activity_id = ?', [activityId]);
    return Number(rows[0]?.n ?? 0);
  }

  notificationCursor(): Promise<string | undefined> {
    return this.getSetting(CURSOR_KEY);
  }

  setNotificationCursor(cursor: string): Promise<void> {
    return this.setSetting(CURSOR_KEY, cursor);
  }

  async markNotificationSeen(notificationId: string): Promise<boolean> {
    let firstTime = false;
    await this.db.transaction(async (tx) => {
      const existing = await tx.all('SELECT 1 FROM seen_notifications WHERE id = ?', [notificationId]);
      if (existing.length > 0) return;
      const top = await tx.all('SELECT COALESCE(MAX(ord), 0) AS top FROM seen_notifications');
      const ord = Number(top[0]?.top ?? 0) + 1;
      await tx.run('INSERT INTO seen_notifications (id, ord) VALUES (?, ?)', [notificationId, ord]);
      await tx.run('DELETE FROM seen_notifications WHERE ord <= ?', [ord - SEEN_NOTIFICATIONS_KEPT]);
      firstTime = true;
    });
    return firstTime;
  }

  async getSetting(key: string): Promise<string | undefined> {
    const rows = await this.db.all('SELECT value FROM settings WHERE key = ?', [key]);
    const value = rows[0]?.value;
    return value === undefined || value === null ? undefined : String(value);
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
      key,
      value,
    ]);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

function toActivity(row: SqlRow): LocalActivity {
  const activity: LocalActivity = {
    id: String(row.id),
    sport: String(row.sport) as Sport,
    startedAt: String(row.started_at),
    created: Number(row.created) === 1,
    finishAcknowledged: Number(row.finish_acknowledged) === 1,
  };
  if (row.name !== null && row.name !== undefined) activity.name = String(row.name);
  if (row.finished_at !== null && row.finished_at !== undefined) activity.finishedAt = String(row.finished_at);
  return activity;
}

function placeholders(values: readonly SqlValue[]): string {
  return values.map(() => '?').join(', ');
}

function chunks<T>(values: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < values.length; i += size) result.push(values.slice(i, i + size));
  return result;
}
