// Adapts sql.js (SQLite compiled to WebAssembly by Emscripten) to the SqliteEngine seam.
import type { SqliteDatabase, SqliteEngine } from './sqlite';

/** The part of sql.js's API used here (its module object, as initSqlJs resolves it). */
export interface SqlJsStatic {
	Database: new (data?: Uint8Array) => SqlJsDatabase;
}
interface SqlJsDatabase {
	prepare(sql: string): SqlJsStatement;
	close(): void;
}
interface SqlJsStatement {
	step(): boolean;
	get(): unknown[];
	getColumnNames(): string[];
	free(): boolean;
}

export function sqlJsEngine(SQL: SqlJsStatic): SqliteEngine {
	return {
		open(bytes: Uint8Array): SqliteDatabase {
			const db = new SQL.Database(bytes);
			return {
				each(sql, row) {
					const stmt = db.prepare(sql);
					try {
						const columns = stmt.getColumnNames();
						while (stmt.step()) row(stmt.get(), columns);
					} finally {
						stmt.free();
					}
				},
				close: () => db.close()
			};
		}
	};
}
