/// <reference path="./sql-js.d.ts" />
// Browser side of the SQLite seam, for the import worker: `setSqliteLoader(browserSqlite)`.
// `?url` makes Vite emit the .wasm as an asset of our own build and hand us its URL, so it is served
// from our origin and precached like any other asset; script-src 'wasm-unsafe-eval' lets it compile.
// sql.js itself is imported lazily: its glue is only downloaded when an opencode.db is dropped.
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import type { SqliteLoader } from './sqlite';
import { sqlJsEngine, type SqlJsStatic } from './sqljs';

export const browserSqlite: SqliteLoader = async () => {
	const mod = (await import('sql.js')) as { default: (config: object) => Promise<SqlJsStatic> };
	return sqlJsEngine(await mod.default({ locateFile: () => wasmUrl }));
};
