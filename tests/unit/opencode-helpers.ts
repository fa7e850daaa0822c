// Shared by the opencode-*.test.ts files (not a test file itself).
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { InputFile } from '../../workers/formats/types';
import type { Session } from '../../src/lib/model';
import { collectInputFiles } from '../../bin/node-input';
import { ingest } from '../../workers/ingest-core';
import { opencode, setSqliteLoader } from '../../workers/formats/opencode';
import { nodeSqlite } from '../../workers/formats/opencode/sqlite-node';
import { collector } from './claude-code-helpers';

export { memFile, collector } from './claude-code-helpers';

const require = createRequire(import.meta.url);

export const FIXTURES = fileURLToPath(new URL('../fixtures/opencode', import.meta.url));

setSqliteLoader(nodeSqlite);

export async function fixtureFiles(...sub: string[]): Promise<InputFile[]> {
	return (await collectInputFiles(sub.map((s) => join(FIXTURES, s)))).files;
}

/** Runs files through ingest-core with only the OpenCode format, as the worker and CLI do. */
export async function run(files: InputFile[]) {
	const c = collector();
	const res = await ingest(files, c.sink, { formats: [opencode] });
	const get = (id: string): Session => {
		const s = res.sessions.find((x) => x.id === id);
		if (!s) throw new Error(`no session ${id}; have ${res.sessions.map((x) => x.id).join(', ')}`);
		return s;
	};
	const report = (suffix: string) => {
		const r = res.files.find((f) => f.path.endsWith(suffix));
		if (!r) throw new Error(`no report for ${suffix}`);
		return r;
	};
	return { res, c, get, report };
}

/** Row data for buildDb: each session with its messages, each message with its parts (ids included, as in an export). */
export interface DbSession {
	info: Record<string, unknown>;
	messages: { info: Record<string, unknown>; parts: Record<string, unknown>[] }[];
	/** Extra raw rows, e.g. malformed data. */
	rawParts?: { id: string; messageId: string; data: string }[];
	rawMessages?: { id: string; data: string }[];
}

/**
 * An opencode.db image made with the same WASM SQLite the parser uses, from the fixture schema.
 * Rows are stored the way OpenCode stores them: the message/part JSON without its id columns, and
 * the session row's cost/tokens columns at 0 (as after the JSON→SQLite migration).
 */
export async function buildDb(sessions: DbSession[], opts: { walMode?: boolean } = {}): Promise<Uint8Array> {
	// The engine seam only reads; building needs sql.js's Database directly.
	const initSqlJs = require('sql.js') as (c: object) => Promise<{ Database: new () => SqlDb }>;
	const SQL = await initSqlJs({ locateFile: () => require.resolve('sql.js/dist/sql-wasm.wasm') });
	const db = new SQL.Database();
	db.exec(readFileSync(join(FIXTURES, 'schema.sql'), 'utf8'));
	const projects = new Set<string>();
	for (const s of sessions) {
		const i = s.info as { id: string; projectID: string; parentID?: string; directory: string; title: string; version: string; time: { created: number; updated: number } };
		if (!projects.has(i.projectID)) {
			projects.add(i.projectID);
			db.run('INSERT INTO project (id, worktree, vcs, time_created, time_updated) VALUES (?, ?, ?, ?, ?)', [i.projectID, i.directory, 'git', 0, 0]);
		}
		db.run(
			'INSERT INTO session (id, project_id, parent_id, slug, directory, title, version, time_created, time_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
			[i.id, i.projectID, i.parentID ?? null, 'slug', i.directory, i.title, i.version, i.time.created, i.time.updated]
		);
		for (const m of s.messages) {
			const { id, sessionID: _s, ...data } = m.info as { id: string; sessionID: string; time: { created: number } };
			db.run('INSERT INTO message VALUES (?, ?, ?, ?, ?)', [id, i.id, data.time.created, data.time.created, JSON.stringify(data)]);
			for (const p of m.parts) {
				const { id: pid, sessionID: _ps, messageID: _pm, ...pdata } = p as { id: string; sessionID: string; messageID: string };
				db.run('INSERT INTO part VALUES (?, ?, ?, ?, ?, ?)', [pid, id, i.id, 0, 0, JSON.stringify(pdata)]);
			}
		}
		for (const r of s.rawMessages ?? []) db.run('INSERT INTO message VALUES (?, ?, ?, ?, ?)', [r.id, i.id, 0, 0, r.data]);
		for (const r of s.rawParts ?? []) db.run('INSERT INTO part VALUES (?, ?, ?, ?, ?, ?)', [r.id, r.messageId, i.id, 0, 0, r.data]);
	}
	const bytes = db.export();
	db.close();
	if (opts.walMode) {
		// What OpenCode's PRAGMA journal_mode = WAL leaves in the header: file format versions 2/2.
		bytes[18] = 2;
		bytes[19] = 2;
	}
	return bytes;
}

interface SqlDb {
	exec(sql: string): unknown;
	run(sql: string, params?: unknown[]): unknown;
	export(): Uint8Array;
	close(): void;
}

/** The export fixture's JSON, for deriving other containers (db rows) from the same data. */
export function readFixtureJson(rel: string): { info: Record<string, unknown>; messages: DbSession['messages'] } {
	const text = readFileSync(join(FIXTURES, rel), 'utf8');
	return JSON.parse(text.slice(text.indexOf('{')));
}

/** The storage fixture's session, message and part files as database rows (broken and orphan files left out). */
export function storageAsDb(): DbSession[] {
	const root = join(FIXTURES, 'storage');
	const json = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
	const list = (dir: string) => readdirSync(dir).sort();
	const sessions: DbSession[] = [];
	for (const proj of list(join(root, 'session')))
		for (const f of list(join(root, 'session', proj))) sessions.push({ info: json(join(root, 'session', proj, f)), messages: [] });
	for (const s of sessions) {
		const dir = join(root, 'message', s.info.id as string);
		for (const f of list(dir)) {
			const info = json(join(dir, f));
			const pdir = join(root, 'part', info.id);
			const parts = list(pdir)
				.map((p) => readFileSync(join(pdir, p), 'utf8'))
				.filter((t) => t.trimEnd().endsWith('}'))
				.map((t) => JSON.parse(t));
			s.messages.push({ info, parts });
		}
	}
	return sessions;
}
