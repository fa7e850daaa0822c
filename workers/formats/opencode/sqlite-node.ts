// Node side of the SQLite seam (CLI, tests, benchmarks): `setSqliteLoader(nodeSqlite)`.
// The .wasm is read from the installed sql.js package on disk; nothing is fetched.
import { createRequire } from 'node:module';
import type { SqliteLoader } from './sqlite';
import { sqlJsEngine, type SqlJsStatic } from './sqljs';

export const nodeSqlite: SqliteLoader = async () => {
	const require = createRequire(import.meta.url);
	const initSqlJs = require('sql.js') as (config: object) => Promise<SqlJsStatic>;
	const wasmPath = require.resolve('sql.js/dist/sql-wasm.wasm');
	return sqlJsEngine(await initSqlJs({ locateFile: () => wasmPath }));
};
