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

/** Entries per chunk of the duplicate check's log (SeenEvents). */
const LOG_BITS = 14;
const LOG_CHUNK = 1 << LOG_BITS;
const LOG_MASK = LOG_CHUNK - 1;

/**
 * Events seen in one bucket id, for the exact-duplicate check. Exports list a bucket's events in time
 * order (newest first), so while the starts seen so far only go one way, an event can only repeat one
 * of the last few (those with the same start, at the end of the log) and nothing is looked up. Should
 * the order break, a hash table on the start time is built from the log and used from then on. Data
 * is compared (as canonical JSON) only when start and duration both match, which is rare.
 *
 * The log is typed arrays, in chunks that are never copied. For the data, an entry names its span
 * (by index in the spans) when the span says all of the data (see `event`); only otherwise is the
 * data object kept. So the events' data objects die young instead of living as long as the import
 * (a million of them were a good part of the garbage collector's work).
 */
class SeenEvents {
	private n = 0;
	/** Per entry: start, duration. */
	private readonly logs: Float64Array[] = [];
	/** Per entry: index of its span in `spans`, or -1 when the data is kept in `datas`. */
	private readonly spanOfs: Int32Array[] = [];
	private readonly datas = new Map<number, Record<string, unknown>>();
	private readonly canons = new Map<number, string>();
	/** 1: starts never went up so far, -1: never down, 0: both or not yet known. */
	private order = 0;
	/** Once the order broke: per slot, entry number + 1 (0 = empty). */
	private slots?: Int32Array;
	private mask = 0;

	constructor(private readonly spans: readonly ActivitySpan[]) {}

	private startOf(entry: number): number {
		return this.logs[entry >>> LOG_BITS][(entry & LOG_MASK) * 2];
	}

	private durOf(entry: number): number {
		return this.logs[entry >>> LOG_BITS][(entry & LOG_MASK) * 2 + 1];
	}

	/**
	 * True when an event with this start, duration and data was added before; adds it otherwise. With
	 * `span` ≥ 0 the entry refers to spans[span] instead of keeping `data` (which must then be
	 * dataOfSpan(spans[span])).
	 */
	add(start: number, dur: number, data: Record<string, unknown>, span: number): boolean {
		const n = this.n;
		if (this.slots) {
			if (this.lookup(start, dur, data)) return true;
		} else if (n > 0) {
			const last = this.startOf(n - 1);
			if (start === last) {
				let canon: string | undefined;
				for (let j = n - 1; j >= 0 && this.startOf(j) === start; j--) {
					if (this.durOf(j) !== dur) continue;
					canon ??= canonicalJson(data);
					if (this.canonOf(j) === canon) return true;
				}
			} else {
				const dir = start < last ? 1 : -1;
				if (this.order === -dir) {
					this.index();
					if (this.lookup(start, dur, data)) return true;
				} else this.order = dir;
			}
		}
		const at = n & LOG_MASK;
		if (at === 0) {
			this.logs.push(new Float64Array(2 * LOG_CHUNK));
			this.spanOfs.push(new Int32Array(LOG_CHUNK));
		}
		const log = this.logs[n >>> LOG_BITS];
		log[2 * at] = start;
		log[2 * at + 1] = dur;
		this.spanOfs[n >>> LOG_BITS][at] = span;
		if (span < 0) this.datas.set(n, data);
		this.n = n + 1;
		if (this.slots) this.insert(n);
		return false;
	}

	private canonOf(entry: number): string {
		let c = this.canons.get(entry);
		if (c === undefined) {
			const span = this.spanOfs[entry >>> LOG_BITS][entry & LOG_MASK];
			c = canonicalJson(span >= 0 ? dataOfSpan(this.spans[span]) : this.datas.get(entry));
			this.canons.set(entry, c);
		}
		return c;
	}

	private lookup(start: number, dur: number, data: Record<string, unknown>): boolean {
		const slots = this.slots!;
		let canon: string | undefined;
		for (let h = hashMs(start) & this.mask; slots[h] !== 0; h = (h + 1) & this.mask) {
			const e = slots[h] - 1;
			if (this.startOf(e) !== start || this.durOf(e) !== dur) continue;
			canon ??= canonicalJson(data);
			if (this.canonOf(e) === canon) return true;
		}
		return false;
	}

	/** Builds the hash table over every entry so far. */
	private index() {
		let size = 1024;
		while (size < this.n * 4) size *= 2;
		this.slots = new Int32Array(size);
		this.mask = size - 1;
		for (let e = 0; e < this.n; e++) this.insert(e);
	}

	private insert(entry: number) {
		const slots = this.slots!;
		if ((entry + 1) * 2 > slots.length) {
			this.index();
			return;
		}
		let h = hashMs(this.startOf(entry)) & this.mask;
		while (slots[h] !== 0) h = (h + 1) & this.mask;
		slots[h] = entry + 1;
	}
}

/** Mixes a ms timestamp (an integer, possibly past 2^32) into 32 bits. */
function hashMs(t: number): number {
	const h = Math.imul((t | 0) ^ Math.imul((t / 4294967296) | 0, 0x85ebca6b), 0x9e3779b1);
	return h ^ (h >>> 15);
}

/** The event data a span was made from, for spans that say all of it (`lossless` in `event`). */
function dataOfSpan(s: ActivitySpan): Record<string, unknown> {
	const d: Record<string, unknown> = {};
	if (s.app !== undefined) d.app = s.app;
	if (s.title !== undefined) d.title = s.title;
	if (s.url !== undefined) d.url = s.url;
	if (s.file !== undefined) d.file = s.file;
	if (s.project !== undefined) d.project = s.project;
	if (s.language !== undefined) d.language = s.language;
	if (s.branch !== undefined) d.branch = s.branch;
	if (s.afk !== undefined) d.status = s.afk ? 'afk' : 'not-afk';
	if (s.attrs) for (const k of Object.keys(s.attrs)) d[k] = s.attrs[k];
	return d;
}

/** Distinct app names shared by a collector, at most (past that, new names are not shared). */
const MAX_SHARED = 1 << 16;

// Data keys an event may carry, as bits (which of them it has).
const K_APP = 1;
const K_TITLE = 2;
const K_URL = 4;
const K_FILE = 8;
const K_PROJECT = 16;
const K_LANGUAGE = 32;
const K_BRANCH = 64;
const K_STATUS = 128;

// Span fields beyond the first six, as bits (which of them a span gets).
const F_HOST = 1;
const F_APP = 2;
const F_TITLE = 4;
const F_URL = 8;
const F_FILE = 16;
const F_PROJECT = 32;
const F_LANGUAGE = 64;
const F_BRANCH = 128;
const F_AFK = 256;
const F_ATTRS = 512;

interface BucketState {
	id: string;
	type: string;
	kind: SpanKind;
	host?: string;
	dups: number;
	seen: SeenEvents;
}

/**
 * Turns buckets and their events into spans, one event at a time, so the same code serves a parsed
 * document (spansFromExport) and the streaming reader (parseExportFile).
 */
class SpanCollector {
	readonly out: TrackerParseResult = { spans: [], skipped: [], warnings: [] };
	/** Events seen, per bucket id (buckets that share an id share it). */
	private readonly seen = new Map<string, SeenEvents>();
	/** One copy of each app name (JSON.parse makes a new string per event; spans keep them all). */
	private readonly shared = new Map<string, string>();
	constructor(private readonly sourceFile: string) {}

	private share(s: string): string {
		const t = this.shared.get(s);
		if (t !== undefined) return t;
		if (this.shared.size < MAX_SHARED) this.shared.set(s, s);
		return s;
	}

	begin(key: string, b: Record<string, unknown>): BucketState {
		const id = str(b.id) ?? key;
		const type = typeof b.type === 'string' ? b.type : '';
		let seen = this.seen.get(id);
		if (!seen) this.seen.set(id, (seen = new SeenEvents(this.out.spans)));
		return { id, type, kind: kindOf(id, type), host: hostOf(id, b), dups: 0, seen };
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

		// One pass over the data's own keys picks out the fields we map and collects the others as attrs,
		// in key order (the same as reading each field by name: JSON objects inherit none of these names).
		let has = 0;
		let appV: unknown, editorV: unknown, titleV: unknown, urlV: unknown, fileV: unknown, fullPathV: unknown;
		let projectV: unknown, repoV: unknown, languageV: unknown, branchV: unknown, statusV: unknown;
		let rest: Record<string, unknown> | undefined;
		let lossless = !Array.isArray(data);
		for (const k of Object.keys(data)) {
			const v = data[k];
			switch (k) {
				case 'app':
					appV = v;
					has |= K_APP;
					continue;
				case 'title':
					titleV = v;
					has |= K_TITLE;
					continue;
				case 'url':
					urlV = v;
					has |= K_URL;
					continue;
				case 'file':
					fileV = v;
					has |= K_FILE;
					continue;
				case 'project':
					projectV = v;
					has |= K_PROJECT;
					continue;
				case 'language':
					languageV = v;
					has |= K_LANGUAGE;
					continue;
				case 'branch':
					branchV = v;
					has |= K_BRANCH;
					continue;
				case 'status':
					statusV = v;
					has |= K_STATUS;
					continue;
				// Read, and kept in attrs too.
				case 'editor':
					editorV = v;
					break;
				case 'fileFullPath':
					fullPathV = v;
					break;
				case 'repo':
					repoV = v;
					break;
				case '__proto__':
					lossless = false;
					continue;
			}
			(rest ??= {})[k] = v;
		}
		let app = str(appV) ?? (kind === 'editor' || kind === 'agent' ? str(editorV) : undefined);
		const title = typeof titleV === 'string' ? titleV : undefined;
		const url = str(urlV);
		// JetBrains sends `file` as a name and `fileFullPath`; VS Code sends the absolute path as `file`.
		const fullPath = str(fullPathV);
		const file = fullPath ?? str(fileV);
		const project = str(projectV) ?? str(repoV);
		const language = str(languageV);
		const branch = str(branchV);
		// "hibernating" is away too; anything but not-afk counts as away.
		const afk = kind === 'afk' ? statusV !== 'not-afk' : undefined;
		// Lossless: dataOfSpan(span) gives back the data (same keys, same values), so the duplicate
		// check can keep the span instead. Each mapped key must have come through unchanged, and no
		// span field may come from a key the data lacks.
		if (lossless) {
			lossless =
				((has & K_APP) !== 0 ? app === appV : app === undefined) &&
				((has & K_TITLE) === 0 || title !== undefined) &&
				((has & K_URL) === 0 || url !== undefined) &&
				fullPath === undefined &&
				((has & K_FILE) === 0 || file !== undefined) &&
				((has & K_PROJECT) !== 0 ? project === projectV : project === undefined) &&
				((has & K_LANGUAGE) === 0 || language !== undefined) &&
				((has & K_BRANCH) === 0 || branch !== undefined) &&
				(kind === 'afk' ? (has & K_STATUS) !== 0 && (statusV === 'afk' || statusV === 'not-afk') : (has & K_STATUS) === 0);
		}

		if (app) app = this.share(app);
		const tracker = 'activitywatch';
		const sourceFile = this.sourceFile;
		const bucket = id;
		// Durations are float seconds (ns precision in Rust); ms is what we keep.
		const end = start + Math.round(dur * 1000);
		const fields =
			(host ? F_HOST : 0) |
			(app ? F_APP : 0) |
			(title !== undefined ? F_TITLE : 0) |
			(url ? F_URL : 0) |
			(file ? F_FILE : 0) |
			(project ? F_PROJECT : 0) |
			(language ? F_LANGUAGE : 0) |
			(branch ? F_BRANCH : 0) |
			(afk !== undefined ? F_AFK : 0) |
			(rest ? F_ATTRS : 0);
		let span: ActivitySpan;
		// The usual shapes (window, AFK, browser tab, VS Code) in one allocation; the general case below
		// gives the same fields in the same order.
		switch (fields) {
			case F_HOST | F_APP | F_TITLE:
				span = { tracker, sourceFile, bucket, kind, start, end, host, app, title };
				break;
			case F_HOST | F_AFK:
				span = { tracker, sourceFile, bucket, kind, start, end, host, afk };
				break;
			case F_HOST | F_TITLE | F_URL | F_ATTRS:
				span = { tracker, sourceFile, bucket, kind, start, end, host, title, url, attrs: rest };
				break;
			case F_HOST | F_FILE | F_PROJECT | F_LANGUAGE | F_BRANCH:
				span = { tracker, sourceFile, bucket, kind, start, end, host, file, project, language, branch };
				break;
			default:
				span = { tracker, sourceFile, bucket, kind, start, end };
				if (host) span.host = host;
				if (app) span.app = app;
				if (title !== undefined) span.title = title;
				if (url) span.url = url;
				if (file) span.file = file;
				if (project) span.project = project;
				if (language) span.language = language;
				if (branch) span.branch = branch;
				if (afk !== undefined) span.afk = afk;
				if (rest) span.attrs = rest;
		}
		// Rust keeps event ids, Python scrubs them: identity must ignore `id`.
		if (bs.seen.add(start, dur, data, lossless ? out.spans.length : -1)) return void bs.dups++;
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
