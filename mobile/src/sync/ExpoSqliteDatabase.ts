import * as SQLite from 'expo-sqlite';
import type { SqlDatabase, SqlExecutor, SqlRow, SqlValue } from './SqlDatabase';

/** SqlDatabase on the phone's SQLite. WAL keeps appends cheap while the uploader reads. */
export class ExpoSqliteDatabase implements SqlDatabase {
  private constructor(private readonly db: SQLite.SQLiteDatabase) {}

  static async open(name: string): Promise<ExpoSqliteDatabase> {
    const db = await SQLite.openDatabaseAsync(name);
    await db.execAsync('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
    return new ExpoSqliteDatabase(db);
  }

  async run(sql: string, params: SqlValue[] = []): Promise<void> {
    await this.db.runAsync(sql, params);
  }

  all(sql: string, params: SqlValue[] = []): Promise<SqlRow[]> {
    return this.db.getAllAsync<SqlRow>(sql, params);
  }

  transaction(work: (tx: SqlExecutor) => Promise<void>): Promise<void> {
    // Exclusive: statements from the recorder and the uploader cannot slip into each other's transactions.
    return this.db.withExclusiveTransactionAsync(async (txn) => {
      await work({
        run: async (sql, params = []) => {
          await txn.runAsync(sql, params);
        },
        all: (sql, params = []) => txn.getAllAsync<SqlRow>(sql, params),
      });
    });
  }

  close(): Promise<void> {
    return this.db.closeAsync();
  }
}
