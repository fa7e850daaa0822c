// OpenCode's three containers — `opencode export` JSON, the pre-1.2 JSON storage tree, the ≥1.2
// SQLite database — read into one Assembler, which builds the sessions once everything is in.
import type { FileReport, InputFile, ParseResult, ParseSink } from '../types';
import { Fingerprint } from '../../fingerprint';
import { cachedHead } from '../../head-cache';
import { readPrefix } from '../../lines';
import { Assembler, type Src } from './assemble';
import { isObj, skipLine as skip, str, type Obj } from '../common';
import { baseName, classifyJson, detectKind, jsonStart, type OpencodeKind } from './detect';
import { sqliteEngine, type SqliteDatabase } from './sqlite';
import { applyWal, isWalMode } from './wal';

/** SQLite needs random access, so the database (and its -wal) is read into memory, up to this. */
export const DB_MAX_BYTES = 1024 * 1024 * 1024;
/** An export is one JSON document parsed whole; V8 strings stop a little above 512 MiB. */
export const JSON_MAX_BYTES = 256 * 1024 * 1024;

const decoder = new TextDecoder();

class Cancelled extends Error {}

function newReport(file: InputFile): FileReport {
	return { path: file.path, format: 'opencode', bytes: file.size, hash: '', records: 0, skipped: [], skippedCount: 0, warnings: [] };
}

function mib(n: number): string {
	return `${Math.round(n / (1024 * 1024))} MiB`;
}

/** A file's bytes in one array, fingerprinted on the way; undefined (after a warning) above `cap`. */
async function readBytes(file: InputFile, report: FileReport, cap: number, what: string): Promise<Uint8Array | undefined> {
	if (file.size > cap) {
		report.warnings.push(`${file.path}: ${file.size} bytes is over the ${mib(cap)} limit for ${what}; not read`);
		return undefined;
	}
	const fp = new Fingerprint();
	// Detection already read the first 64 KiB: a file no larger than that (most of a storage tree) is not read again.
	const head = cachedHead(file);
	if (head && head.length === file.size) {
		report.hash = fp.update(head).digest();
		return head;
	}
	let out = new Uint8Array(file.size);
	let n = 0;
	const reader = file.stream().getReader();
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			fp.update(value);
			if (n + value.length > out.length) {
				// The file grew since it was listed (a live database): keep reading, within the cap.
				if (n + value.length > cap) {
					await reader.cancel();
					report.warnings.push(`${file.path}: grew over the ${mib(cap)} limit for ${what} while being read; not read`);
					return undefined;
				}
				const bigger = new Uint8Array(Math.min(cap, Math.max(out.length * 2, n + value.length)));
				bigger.set(out.subarray(0, n));
				out = bigger;
			}
			out.set(value, n);
			n += value.length;
		}
	} finally {
		reader.releaseLock();
	}
	report.bytes = n;
	report.hash = fp.digest();
	return n === out.length ? out : out.subarray(0, n);
}

const SQLITE_MAGIC = new TextEncoder().encode('SQLite format 3\u0000');

/** Database, its companions, or JSON (which JSON is decided once parsed): no need to sniff the content again. */
async function kindOf(file: InputFile): Promise<OpencodeKind | 'json'> {
	const head = cachedHead(file) ?? (await readPrefix(file.stream(), SQLITE_MAGIC.length));
	if (head.length >= SQLITE_MAGIC.length && SQLITE_MAGIC.every((b, i) => head[i] === b)) return 'db';
	const k = detectKind('', file.path); // -wal / -shm go by name (their content was checked by detect)
	return k === 'wal' || k === 'shm' ? k : 'json';
}

/** Epoch ms from a number or an ISO string (the v2 transfer's times are encoded either way). */
function ms(v: unknown): number | undefined {
	if (typeof v === 'number' && Number.isFinite(v)) return v;
	if (typeof v === 'string') {
		const t = Date.parse(v);
		return Number.isFinite(t) ? t : undefined;
	}
	return undefined;
}

function timeObj(v: unknown): Obj {
	return isObj(v) ? v : {};
}

/** `{info, messages:[{info, parts}]}` (1.x), or the 2.x CLI's transfer `{info, messages:[SessionMessage]}`. */
function readExport(o: Obj, asm: Assembler, src: Src): number {
	const info = o.info as Obj;
	const sessionId = info.id as string;
	let records = asm.addSession(info, src) ? 1 : 0;
	const messages = o.messages as unknown[];
	messages.forEach((m, i) => {
		if (!isObj(m)) return skip(src.report, 0, `message ${i + 1}: not a JSON object`);
		if (isObj(m.info)) {
			const mi = m.info;
			mi.sessionID ??= sessionId;
			if (!asm.addMessage(mi, src)) return skip(src.report, 0, `message ${i + 1}: no id or role`);
			records++;
			const parts = Array.isArray(m.parts) ? m.parts : [];
			parts.forEach((p, j) => {
				if (!isObj(p)) return skip(src.report, 0, `message ${i + 1} part ${j + 1}: not a JSON object`);
				p.messageID ??= mi.id;
				if (asm.addPart(p, src)) records++;
				else skip(src.report, 0, `message ${i + 1} part ${j + 1}: no type`);
			});
		} else if (typeof m.type === 'string') {
			if (readTransferMessage(m, sessionId, asm, src)) records++;
		} else skip(src.report, 0, `message ${i + 1}: neither {info, parts} nor a typed message`);
	});
	return records;
}

/**
 * One message of the 2.x transfer shape, mapped onto 1.x records: user/synthetic text, and assistant
 * messages with their model, tokens, cost, text and tool calls. Shell, compaction and switch events
 * carry no model usage and are not read. Written from the published schema, not from real files.
 */
function readTransferMessage(m: Obj, sessionId: string, asm: Assembler, src: Src): boolean {
	const id = str(m.id);
	if (!id) return false;
	const time = timeObj(m.time);
	const created = ms(time.created);
	if (m.type === 'user' || m.type === 'synthetic') {
		asm.addMessage({ id, sessionID: sessionId, role: 'user', time: { created } }, src);
		if (typeof m.text === 'string')
			asm.addPart({ id: `${id}:text`, messageID: id, type: 'text', text: m.text, synthetic: m.type === 'synthetic' }, src);
		return true;
	}
	if (m.type !== 'assistant') return false;
	const model = timeObj(m.model);
	asm.addMessage(
		{
			id,
			sessionID: sessionId,
			role: 'assistant',
			time: { created, completed: ms(time.completed) },
			modelID: str(model.id) ?? str(model.modelID),
			providerID: str(model.providerID),
			cost: m.cost,
			tokens: m.tokens
		},
		src
	);
	const content = Array.isArray(m.content) ? m.content : [];
	content.forEach((c, k) => {
		if (!isObj(c)) return;
		if (c.type === 'text') asm.addPart({ id: `${id}:${String(k).padStart(6, '0')}`, messageID: id, type: 'text', text: c.text, synthetic: c.synthetic }, src);
		else if (c.type === 'tool') {
			const state = timeObj(c.state);
			const t = timeObj(c.time);
			const error = isObj(state.error) ? str(state.error.message) : str(state.error);
			asm.addPart(
				{
					id: `${id}:${String(k).padStart(6, '0')}`,
					messageID: id,
					type: 'tool',
					callID: c.id,
					tool: c.name,
					state: {
						status: state.status,
						input: state.input,
						error,
						metadata: isObj(state.structured) ? state.structured : undefined,
						time: { start: ms(t.ran) ?? ms(t.created), end: ms(t.completed) }
					}
				},
				src
			);
		}
	});
	return true;
}

async function readJsonFile(file: InputFile, report: FileReport, asm: Assembler): Promise<void> {
	const bytes = await readBytes(file, report, JSON_MAX_BYTES, 'a JSON file');
	if (!bytes) return;
	const text = decoder.decode(bytes);
	const start = jsonStart(text);
	let o: unknown;
	try {
		if (start < 0) throw new Error('no JSON');
		o = JSON.parse(start === 0 ? text : text.slice(start));
	} catch {
		skip(report, 0, bytes.length === 0 ? 'empty file' : 'invalid JSON');
		return;
	}
	const src: Src = { path: file.path, report };
	const kind = classifyJson(o, file.path);
	const obj = o as Obj;
	switch (kind) {
		case 'export':
			report.records += readExport(obj, asm, src);
			break;
		case 'session':
			if (asm.addSession(obj, src)) report.records++;
			break;
		case 'message':
			if (asm.addMessage(obj, src)) report.records++;
			else skip(report, 0, 'message without a role');
			break;
		case 'part':
			if (asm.addPart(obj, src)) report.records++;
			else skip(report, 0, 'part without a type');
			break;
		case 'side':
			break; // todos, diffs, shares, permission rules, projects: nothing the model keeps
		default:
			skip(report, 0, 'not an OpenCode session, message or part');
	}
}

function tableNames(db: SqliteDatabase): Set<string> {
	const names = new Set<string>();
	db.each("SELECT name FROM sqlite_master WHERE type = 'table'", (v) => names.add(String(v[0])));
	return names;
}

/** Reads the session, message and part tables (rows' JSON `data` holds the message/part minus its ids). */
function readDb(db: SqliteDatabase, asm: Assembler, src: Src, cancelled: () => boolean): void {
	const report = src.report;
	const tables = tableNames(db);
	if (!tables.has('message') || !tables.has('part')) {
		report.warnings.push(`${src.path}: an SQLite database without OpenCode's message and part tables; nothing read`);
		return;
	}
	let n = 0;
	const tick = () => {
		if ((++n & 1023) === 0 && cancelled()) throw new Cancelled();
	};
	if (tables.has('session')) {
		let row = 0;
		// Only the columns needed (summary_diffs can hold whole file contents), of those this version has.
		const want = ['id', 'project_id', 'parent_id', 'directory', 'title', 'version', 'time_created', 'time_updated'];
		const have = new Set<string>();
		db.each('PRAGMA table_info(session)', (v, cols) => have.add(String(v[cols.indexOf('name')])));
		const cols = want.filter((c) => have.has(c));
		db.each(`SELECT ${cols.join(', ')} FROM session`, (v, cols) => {
			tick();
			row++;
			const r: Obj = Object.create(null); // column names come from the file
			cols.forEach((c, i) => (r[c] = v[i]));
			const info: Obj = {
				id: r.id,
				projectID: r.project_id,
				parentID: r.parent_id ?? undefined,
				directory: r.directory,
				title: r.title,
				version: r.version,
				time: { created: r.time_created, updated: r.time_updated }
			};
			if (asm.addSession(info, src)) report.records++;
			else skip(report, row, 'session row without an id');
		});
	}
	const rows = (table: string, sql: string, add: (id: string, fk: string, session: string, data: Obj) => boolean) => {
		let row = 0;
		db.each(sql, (v) => {
			tick();
			row++;
			const [id, fk, session, data] = v;
			let o: unknown;
			try {
				o = JSON.parse(String(data));
			} catch {
				return skip(report, row, `${table} ${String(id)}: invalid JSON in data`);
			}
			if (!isObj(o)) return skip(report, row, `${table} ${String(id)}: data is not a JSON object`);
			if (add(String(id), String(fk), String(session), o)) report.records++;
			else skip(report, row, `${table} ${String(id)}: ${table === 'message' ? 'no role' : 'no type'}`);
		});
	};
	rows('message', 'SELECT id, session_id, session_id, data FROM message', (id, sessionId, _s, o) => {
		o.id = id;
		o.sessionID = sessionId;
		return asm.addMessage(o, src);
	});
	rows('part', 'SELECT id, message_id, session_id, data FROM part', (id, messageId, sessionId, o) => {
		o.id = id;
		o.messageID = messageId;
		o.sessionID = sessionId;
		return asm.addPart(o, src);
	});
	if (tables.has('session_message')) {
		let events = 0;
		db.each('SELECT count(*) FROM session_message', (v) => (events = Number(v[0])));
		if (events > 0)
			report.warnings.push(`${src.path}: ${events} rows of the OpenCode 2.x session_message table are not read (only session/message/part)`);
	}
}

async function readDbFile(file: InputFile, report: FileReport, wal: { file: InputFile; report: FileReport } | undefined, asm: Assembler, sink: ParseSink): Promise<void> {
	let bytes = await readBytes(file, report, DB_MAX_BYTES, 'an SQLite database read into memory');
	if (!bytes) return;
	const base = baseName(file.path);
	if (wal) {
		const walBytes = await readBytes(wal.file, wal.report, DB_MAX_BYTES, 'an SQLite -wal file read into memory');
		if (walBytes) {
			const r = applyWal(bytes, walBytes);
			bytes = r.bytes;
			wal.report.records = r.frames;
			if (r.problem) wal.report.warnings.push(`${wal.file.path}: ${r.problem}; not applied, so recent sessions may be missing`);
		}
	} else if (isWalMode(bytes)) {
		report.warnings.push(
			`${file.path}: ${base} is in WAL mode; recent sessions may be missing unless ${base}-wal is dropped with it (or quit OpenCode first)`
		);
	}
	let db: SqliteDatabase;
	try {
		const image = bytes;
		bytes = undefined; // the engine copies the image (sql.js into its in-memory FS): let ours go
		db = (await sqliteEngine()).open(image);
	} catch (e) {
		report.warnings.push(`${file.path}: could not open the database (${e instanceof Error ? e.message : String(e)})`);
		return;
	}
	try {
		readDb(db, asm, { path: file.path, report }, () => sink.cancelled?.() ?? false);
	} catch (e) {
		if (e instanceof Cancelled) throw e;
		report.warnings.push(`${file.path}: reading stopped early (${e instanceof Error ? e.message : String(e)})`);
	} finally {
		db.close();
	}
}

/** Parses OpenCode exports, storage-tree files and databases handed over together. */
export async function parseOpencode(files: InputFile[], sink: ParseSink): Promise<ParseResult> {
	const asm = new Assembler();
	const reports = files.map(newReport);
	const kinds: (OpencodeKind | 'json')[] = [];
	for (const f of files) kinds.push(await kindOf(f));
	const byPath = new Map(files.map((f, i) => [f.path, i]));
	let base = 0;
	const done = (i: number) => {
		base += files[i].size;
		sink.progress?.(base);
	};
	// JSON first, databases after: the order does not change the result, only when memory peaks.
	const order = files.map((_, i) => i).sort((a, b) => Number(kinds[a] === 'db') - Number(kinds[b] === 'db'));
	const usedWal = new Set<number>();
	try {
		for (const i of order) {
			if (sink.cancelled?.()) break;
			const file = files[i];
			const kind = kinds[i];
			if (kind === 'wal' || kind === 'shm') continue;
			if (kind === 'db') {
				const w = byPath.get(`${file.path}-wal`);
				if (w !== undefined) usedWal.add(w);
				await readDbFile(file, reports[i], w === undefined ? undefined : { file: files[w], report: reports[w] }, asm, sink);
			} else await readJsonFile(file, reports[i], asm);
			done(i);
		}
	} catch (e) {
		if (!(e instanceof Cancelled)) throw e;
	}
	for (let i = 0; i < files.length; i++) {
		if ((kinds[i] !== 'wal' && kinds[i] !== 'shm') || sink.cancelled?.()) continue;
		const f = files[i];
		if (kinds[i] === 'wal' && !usedWal.has(i))
			reports[i].warnings.push(`${f.path}: no ${f.path.slice(0, -4)} among the inputs to apply this -wal file to; ignored`);
		// The -shm index is never needed (the log is applied by us); both are fingerprinted all the same.
		if (kinds[i] === 'shm' || !usedWal.has(i)) await readBytes(f, reports[i], DB_MAX_BYTES, 'an SQLite companion file');
		done(i);
	}
	const sessions = await asm.finish(sink);
	return { sessions, files: reports };
}
