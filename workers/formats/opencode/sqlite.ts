// The SQLite engine seam. Parsers speak to this small interface; which WebAssembly build answers it,
// and where its .wasm comes from, is injected by the host: the browser worker passes a loader whose
// .wasm URL Vite emitted on our own origin (sqlite-browser.ts), Node passes one reading it from
// node_modules (sqlite-node.ts). Nothing here fetches anything.

export interface SqliteDatabase {
	/** Runs one statement and calls `row` with each result row (values in column order). */
	each(sql: string, row: (values: unknown[], columns: string[]) => void): void;
	close(): void;
}

export interface SqliteEngine {
	/** Opens a database image held in memory (the engine may copy it). */
	open(bytes: Uint8Array): SqliteDatabase;
}

export type SqliteLoader = () => Promise<SqliteEngine>;

let loader: SqliteLoader | undefined;
let engine: Promise<SqliteEngine> | undefined;

/** Sets how the SQLite engine is loaded; called once by the host (worker, CLI, tests) before imports. */
export function setSqliteLoader(l: SqliteLoader | undefined): void {
	loader = l;
	engine = undefined;
}

/** The engine, loaded on first use; rejects when no loader was set. */
export function sqliteEngine(): Promise<SqliteEngine> {
	if (!loader) return Promise.reject(new Error('no SQLite engine is configured (setSqliteLoader was not called)'));
	engine ??= loader().catch((e: unknown) => {
		engine = undefined;
		throw e;
	});
	return engine;
}
