export type SqlValue = string | number | null;
export type SqlRow = Record<string, SqlValue>;

/**
 * The few SQLite operations the store needs, so the same SQL runs on the phone (expo-sqlite)
 * and under Node (sql.js) in tests.
 */
export interface SqlDatabase {
  run(sql: string, params?: SqlValue[]): Promise<void>;
  all(sql: string, params?: SqlValue[]): Promise<SqlRow[]>;
  /** Runs `work` atomically: all its statements commit together or none does. */
  transaction(work: (tx: SqlExecutor) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export type SqlExecutor = Pick<SqlDatabase, 'run' | 'all'>;
