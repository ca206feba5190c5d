import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import initSqlJs, { type Database } from 'sql.js';
import type { SqlDatabase, SqlExecutor, SqlRow, SqlValue } from '../SqlDatabase';

/**
 * SQLite for Node (tests and tools) through sql.js, kept in a file. sql.js works in memory, so every
 * committed change rewrites the file atomically (write, fsync, rename): a process killed at any
 * instant leaves either the old or the new database on disk, as SQLite's own journal would.
 */
export class SqlJsDatabase implements SqlDatabase {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly db: Database,
    private readonly path: string,
  ) {}

  static async open(path: string): Promise<SqlJsDatabase> {
    const SQL = await initSqlJs();
    const db = existsSync(path) ? new SQL.Database(readFileSync(path)) : new SQL.Database();
    return new SqlJsDatabase(db, path);
  }

  run(sql: string, params: SqlValue[] = []): Promise<void> {
    return this.serialized(() => {
      this.db.run(sql, params);
      this.persist();
    });
  }

  all(sql: string, params: SqlValue[] = []): Promise<SqlRow[]> {
    return this.serialized(() => this.select(sql, params));
  }

  transaction(work: (tx: SqlExecutor) => Promise<void>): Promise<void> {
    return this.serialized(async () => {
      const tx: SqlExecutor = {
        run: async (sql, params = []) => {
          this.db.run(sql, params);
        },
        all: async (sql, params = []) => this.select(sql, params),
      };
      this.db.run('BEGIN');
      try {
        await work(tx);
        this.db.run('COMMIT');
      } catch (error) {
        this.db.run('ROLLBACK');
        throw error;
      }
      this.persist();
    });
  }

  close(): Promise<void> {
    return this.serialized(() => {
      if (this.closed) return;
      this.closed = true;
      this.db.close();
    });
  }

  private select(sql: string, params: SqlValue[]): SqlRow[] {
    const statement = this.db.prepare(sql, params);
    try {
      const rows: SqlRow[] = [];
      while (statement.step()) rows.push(statement.getAsObject() as SqlRow);
      return rows;
    } finally {
      statement.free();
    }
  }

  private persist(): void {
    const bytes = this.db.export();
    const temporary = `${this.path}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
  }

  private serialized<T>(operation: () => T | Promise<T>): Promise<T> {
    const result = this.queue.then(() => {
      if (this.closed) throw new Error(`database ${this.path} is closed`);
      return operation();
    });
    this.queue = result.catch(() => undefined);
    return result;
  }
}
