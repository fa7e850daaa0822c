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
import { canonicalJson, parseIsoMs, readJsonDocument, type TrackerModule, type TrackerParseResult } from '../types';

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

export function spansFromExport(doc: unknown, sourceFile: string): TrackerParseResult {
	const out: TrackerParseResult = { spans: [], skipped: [], warnings: [] };
	if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
		out.warnings.push('not an ActivityWatch export: top level is not an object');
		return out;
	}
	const top = doc as Record<string, unknown>;
	let buckets: [string, Record<string, unknown>][];
	if (top.buckets && typeof top.buckets === 'object') {
		// The documented schema says array; every real export is an object keyed by id. Take both.
		const raw = top.buckets as Record<string, unknown> | unknown[];
		const list = Array.isArray(raw) ? raw.map((b) => [String((b as Record<string, unknown>)?.id ?? ''), b] as const) : Object.entries(raw);
		buckets = list.filter((e): e is [string, Record<string, unknown>] => !!e[1] && typeof e[1] === 'object');
	} else if (typeof top.type === 'string' && Array.isArray(top.events)) {
		buckets = [[String(top.id ?? 'bucket'), top]];
	} else {
		out.warnings.push('not an ActivityWatch export: no "buckets"');
		return out;
	}
	const seen = new Set<string>();
	for (const [key, b] of buckets) {
		const id = str(b.id) ?? key;
		const type = typeof b.type === 'string' ? b.type : '';
		const kind = kindOf(id, type);
		const host = hostOf(id, b);
		const events = Array.isArray(b.events) ? b.events : [];
		let dups = 0;
		events.forEach((ev, i) => {
			const e = ev as Record<string, unknown> | null;
			const where = `${id} event ${i}`;
			if (!e || typeof e !== 'object') return void out.skipped.push({ where, reason: 'not an object' });
			const start = typeof e.timestamp === 'string' ? parseIsoMs(e.timestamp) : undefined;
			if (start === undefined) return void out.skipped.push({ where, reason: 'bad timestamp' });
			const dur = typeof e.duration === 'number' ? e.duration : Number(e.duration);
			if (!Number.isFinite(dur) || dur < 0) return void out.skipped.push({ where, reason: 'bad duration' });
			const data = (e.data && typeof e.data === 'object' ? e.data : {}) as Record<string, unknown>;
			// Rust keeps event ids, Python scrubs them: identity must ignore `id`.
			const ident = `${id}\u0000${start}\u0000${dur}\u0000${canonicalJson(data)}`;
			if (seen.has(ident)) return void dups++;
			seen.add(ident);
			const span: ActivitySpan = {
				tracker: 'activitywatch',
				sourceFile,
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
			const rest: Record<string, unknown> = {};
			for (const [k, v] of Object.entries(data)) if (!KNOWN_KEYS.has(k)) rest[k] = v;
			if (Object.keys(rest).length) span.attrs = rest;
			out.spans.push(span);
		});
		if (dups) out.warnings.push(`${id}: ${dups} exact duplicate event(s) dropped`);
		if (!type) out.warnings.push(`${id}: bucket has no type; events kept as kind "other"`);
	}
	// Exports list newest first; everything downstream wants ascending (ties: longer first).
	out.spans.sort((a, b) => a.start - b.start || b.end - a.end);
	return out;
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
		return spansFromExport(await readJsonDocument(file), file.path);
	}
};
