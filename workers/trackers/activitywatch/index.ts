// ActivityWatch exports → ActivitySpans. Accepts, through one code path:
// - the all-buckets export `{"buckets": {<id>: bucket}}` (web UI "Export all buckets as JSON",
//   REST GET /api/0/export) from the Python aw-server and from aw-server-rust;
// - the single-bucket export (same wrapper, one bucket; web UI or GET /api/0/buckets/<id>/export);
// - a bare bucket object `{id, type, events}` (tolerated; some scripts save that).
// Events come newest first and may repeat (overlapping exports, duplicated AFK heartbeats): spans are
// sorted ascending and exact duplicates (timestamp, duration, data) dropped — the identity
// aw-server-rust's import uses. Overlaps are NOT resolved here; analysis does interval unions.

import type { ActivitySpan, SpanKind } from '../../../src/lib/model/activity';
import type { InputFile } from '../../formats/types';
import { canonicalJson, parseIsoMs, type TrackerModule, type TrackerParseResult } from '../types';
import { splitJsonStream, type JsonKey } from '../json-stream';

const KIND_BY_TYPE: Record<string, SpanKind> = {
	currentwindow: 'window',
	afkstatus: 'afk',
	'web.tab.current': 'web',
	'app.editor.activity': 'editor',
	'os.hid.input': 'input',
	'general.stopwatch': 'manual'
};

/** Bucket ids of community AI-agent watchers (they use the editor type, but are agents, not editors). */
const AGENT_BUCKET = /^aw-watcher-(claudecode|claude|agent|cursor|llm|ai-)/i;

function str(v: unknown): string | undefined {
	return typeof v === 'string' && v !== '' && v !== 'unknown' ? v : undefined;
}

function kindOf(bucketId: string, type: string): SpanKind {
	if (AGENT_BUCKET.test(bucketId)) return 'agent';
	return KIND_BY_TYPE[type] ?? 'other';
}

/** Host from the bucket, falling back to the `<client>_<host>` id convention. */
function hostOf(id: string, b: Record<string, unknown>): string | undefined {
	const h = str(b.hostname);
	if (h) return h;
	const i = id.lastIndexOf('_');
	return i > 0 ? id.slice(i + 1) : undefined;
}

const KNOWN_KEYS = new Set(['app', 'title', 'url', 'file', 'project', 'language', 'branch', 'status']);

interface Seen {
	dur: number;
	data: Record<string, unknown>;
	canon?: string;
}

interface BucketState {
	id: string;
	type: string;
	kind: SpanKind;
	host?: string;
	dups: number;
}

/**
 * Turns buckets and their events into spans, one event at a time, so the same code serves a parsed
 * document (spansFromExport) and the streaming reader (parseExportFile).
 */
class SpanCollector {
	readonly out: TrackerParseResult = { spans: [], skipped: [], warnings: [] };
	/**
	 * Events seen, per bucket id and start: duration and data of each. Data is compared (as canonical
	 * JSON) only when id, start and duration collide, which is rare — far cheaper than a key per event.
	 */
	private readonly seen = new Map<string, Map<number, Seen | Seen[]>>();
	constructor(private readonly sourceFile: string) {}

	/** True when the same (bucket id, start, duration, data) was seen before; records it otherwise. */
	private isDuplicate(id: string, start: number, dur: number, data: Record<string, unknown>): boolean {
		let byStart = this.seen.get(id);
		if (!byStart) this.seen.set(id, (byStart = new Map()));
		const prev = byStart.get(start);
		const cur: Seen = { dur, data };
		if (prev === undefined) {
			byStart.set(start, cur);
			return false;
		}
		const list = Array.isArray(prev) ? prev : [prev];
		for (const p of list) {
			if (p.dur !== dur) continue;
			p.canon ??= canonicalJson(p.data);
			cur.canon ??= canonicalJson(data);
			if (p.canon === cur.canon) return true;
		}
		if (Array.isArray(prev)) prev.push(cur);
		else byStart.set(start, [prev, cur]);
		return false;
	}

	begin(key: string, b: Record<string, unknown>): BucketState {
		const id = str(b.id) ?? key;
		const type = typeof b.type === 'string' ? b.type : '';
		return { id, type, kind: kindOf(id, type), host: hostOf(id, b), dups: 0 };
	}

	event(bs: BucketState, ev: unknown, i: number) {
		const { id, kind, host } = bs;
		const out = this.out;
		const e = ev as Record<string, unknown> | null;
		if (!e || typeof e !== 'object') return void out.skipped.push({ where: `${id} event ${i}`, reason: 'not an object' });
		const start = typeof e.timestamp === 'string' ? parseIsoMs(e.timestamp) : undefined;
		if (start === undefined) return void out.skipped.push({ where: `${id} event ${i}`, reason: 'bad timestamp' });
		const dur = typeof e.duration === 'number' ? e.duration : Number(e.duration);
		if (!Number.isFinite(dur) || dur < 0) return void out.skipped.push({ where: `${id} event ${i}`, reason: 'bad duration' });
		const data = (e.data && typeof e.data === 'object' ? e.data : {}) as Record<string, unknown>;
		// Rust keeps event ids, Python scrubs them: identity must ignore `id`.
		if (this.isDuplicate(id, start, dur, data)) return void bs.dups++;
		const span: ActivitySpan = {
			tracker: 'activitywatch',
			sourceFile: this.sourceFile,
			bucket: id,
			kind,
			start,
			// Durations are float seconds (ns precision in Rust); ms is what we keep.
			end: start + Math.round(dur * 1000)
		};
		if (host) span.host = host;
		const app = str(data.app) ?? (kind === 'editor' || kind === 'agent' ? str(data.editor) : undefined);
		if (app) span.app = app;
		if (typeof data.title === 'string') span.title = data.title;
		if (str(data.url)) span.url = data.url as string;
		// JetBrains sends `file` as a name and `fileFullPath`; VS Code sends the absolute path as `file`.
		const file = str(data.fileFullPath) ?? str(data.file);
		if (file) span.file = file;
		const project = str(data.project) ?? str(data.repo);
		if (project) span.project = project;
		if (str(data.language)) span.language = data.language as string;
		if (str(data.branch)) span.branch = data.branch as string;
		if (kind === 'afk') {
			// "hibernating" is away too; anything but not-afk counts as away.
			span.afk = data.status !== 'not-afk';
		}
		let rest: Record<string, unknown> | undefined;
		for (const k of Object.keys(data)) if (!KNOWN_KEYS.has(k) && k !== '__proto__') (rest ??= {})[k] = data[k];
		if (rest) span.attrs = rest;
		out.spans.push(span);
	}

	end(bs: BucketState) {
		if (bs.dups) this.out.warnings.push(`${bs.id}: ${bs.dups} exact duplicate event(s) dropped`);
		if (!bs.type) this.out.warnings.push(`${bs.id}: bucket has no type; events kept as kind "other"`);
	}

	finish(): TrackerParseResult {
		// Exports list newest first; everything downstream wants ascending (ties: longer first).
		this.out.spans.sort((a, b) => a.start - b.start || b.end - a.end);
		return this.out;
	}
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object';

export function spansFromExport(doc: unknown, sourceFile: string): TrackerParseResult {
	const c = new SpanCollector(sourceFile);
	if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
		c.out.warnings.push('not an ActivityWatch export: top level is not an object');
		return c.out;
	}
	const top = doc as Record<string, unknown>;
	let buckets: [string, Record<string, unknown>][];
	if (top.buckets && typeof top.buckets === 'object') {
		// The documented schema says array; every real export is an object keyed by id. Take both.
		const raw = top.buckets as Record<string, unknown> | unknown[];
		const list = Array.isArray(raw) ? raw.map((b) => [String((b as Record<string, unknown>)?.id ?? ''), b] as const) : Object.entries(raw);
		buckets = list.filter((e): e is [string, Record<string, unknown>] => isObject(e[1]));
	} else if (typeof top.type === 'string' && Array.isArray(top.events)) {
		buckets = [[String(top.id ?? 'bucket'), top]];
	} else {
		c.out.warnings.push('not an ActivityWatch export: no "buckets"');
		return c.out;
	}
	for (const [key, b] of buckets) {
		const bs = c.begin(key, b);
		if (Array.isArray(b.events)) b.events.forEach((ev, i) => c.event(bs, ev, i));
		c.end(bs);
	}
	return c.finish();
}

/** Where bucket objects sit: `buckets.<id>` / `buckets[i]`, or the top level for a bare bucket. */
const isBucketPath = (p: readonly JsonKey[]) => p.length === 0 || (p.length === 2 && p[0] === 'buckets');
/** A top-level object is a bare bucket only without a `buckets` wrapper (as in spansFromExport). */
const isBareBucket = (b: Record<string, unknown>) => !(b.buckets && typeof b.buckets === 'object') && typeof b.type === 'string' && Array.isArray(b.events);
/** Bucket metadata that decides how its events read; once all are there, events are converted as they arrive. */
const SETTLING_KEYS = ['id', 'type', 'hostname'];

/**
 * Streams an export: events are converted one by one while only bucket metadata is kept. When a
 * bucket's events come before its id, type and hostname (no known server writes that), that
 * bucket's events are held until the bucket is complete. Result identical to
 * spansFromExport(JSON.parse(…)); a truncated or malformed file keeps what was read before the fault.
 */
export async function parseExportFile(file: InputFile, limits: { maxElementBytes?: number } = {}): Promise<TrackerParseResult> {
	const c = new SpanCollector(file.path);
	interface Open {
		path: JsonKey[];
		key: string;
		state?: BucketState;
		held?: [unknown, number][];
	}
	// Bucket objects whose events have started: converting directly (state) or holding them (held).
	const open = new Map<Record<string, unknown>, Open>();
	const keyOf = (path: readonly JsonKey[], b: Record<string, unknown>) =>
		path.length === 0 ? String(b.id ?? 'bucket') : typeof path[1] === 'number' ? String(b.id ?? '') : String(path[1]);
	const close = (path: readonly JsonKey[], b: Record<string, unknown>) => {
		const e = open.get(b);
		open.delete(b);
		if (path.length === 0 && !isBareBucket(b)) return;
		const bs = e?.state ?? c.begin(keyOf(path, b), b);
		for (const [ev, i] of e?.held ?? []) c.event(bs, ev, i);
		c.end(bs);
	};
	const r = await splitJsonStream(file.stream(), {
		// A top-level array is not an export; splitting it keeps it from being assembled.
		split: (p) => p.length === 0 || (p[p.length - 1] === 'events' && isBucketPath(p.slice(0, -1))),
		onElement(ev, i, path, parents) {
			if (path.length === 0) return;
			const b = parents[parents.length - 1] as Record<string, unknown>;
			let e = open.get(b);
			if (!e) {
				const bpath = path.slice(0, -1);
				e = { path: bpath, key: keyOf(bpath, b) };
				if (SETTLING_KEYS.every((k) => k in b) && (bpath.length > 0 || isBareBucket(b))) e.state = c.begin(e.key, b);
				else e.held = [];
				open.set(b, e);
			}
			if (e.state) c.event(e.state, ev, i);
			else e.held!.push([ev, i]);
		},
		onBadElement(problem, i, path, parents) {
			if (path.length === 0) return;
			const b = parents[parents.length - 1] as Record<string, unknown>;
			const id = str(b.id) ?? keyOf(path.slice(0, -1), b);
			c.out.skipped.push({ where: `${id} event ${i}`, reason: `${problem.message} (byte ${problem.offset})` });
		},
		onClose(v, path) {
			if (isBucketPath(path) && isObject(v)) close(path, v as Record<string, unknown>);
		},
		maxElementBytes: limits.maxElementBytes
	});
	const root = r.root;
	if (r.error) {
		// Buckets still open when reading stopped keep the events read so far.
		for (const [b, e] of [...open]) close(e.path, b);
		c.out.warnings.push(
			`${file.path}: ${r.error.truncated ? 'the file is cut off' : 'not valid JSON'} at byte ${r.error.offset} (${r.error.path}): ${r.error.message}; the ${c.out.spans.length} event(s) read before it are kept`
		);
		if (root === undefined) return c.finish();
	}
	if (!isObject(root) || Array.isArray(root)) c.out.warnings.push('not an ActivityWatch export: top level is not an object');
	else if (!(root.buckets && typeof root.buckets === 'object') && !isBareBucket(root)) c.out.warnings.push('not an ActivityWatch export: no "buckets"');
	return c.finish();
}

export const activityWatch: TrackerModule = {
	id: 'activitywatch',
	tracker: 'activitywatch',
	label: 'ActivityWatch export (JSON)',
	detect(head: string) {
		const h = head.trimStart();
		if (!h.startsWith('{')) return false;
		// Wrapper key plus an AW-specific bucket field; pretty-printed or compact alike.
		if (/^\{\s*"buckets"\s*:/.test(h)) return /"(type|events|hostname|client)"\s*:/.test(h);
		// Bare bucket: a well-known bucket type near the top.
		return /"type"\s*:\s*"(currentwindow|afkstatus|web\.tab\.current|app\.editor\.activity|os\.hid\.input)"/.test(h) && /"events"\s*:/.test(h);
	},
	async parse(file: InputFile) {
		return parseExportFile(file);
	}
};
