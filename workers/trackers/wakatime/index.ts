// WakaTime exports → ActivitySpans (heartbeats) or DailyTotals (daily dump).
// - Heartbeats dump `{user, range, days: [{date, heartbeats: [...]}]}` (Settings → Export,
//   type "heartbeats") and the wakapi / WakaTime-compatible API `{"data": [heartbeat...]}`.
// - Daily dump `{user, range, days: [{date, grand_total, projects, languages, ...}]}`.
// Heartbeats are instants. They are joined the way WakaTime does: sorted by time, each heartbeat
// lasts until the next one when the gap is ≤ the timeout (the gap counts as time), otherwise it
// adds nothing; consecutive heartbeats with the same context are merged into one span.
// Timeout: the caller's, else the dump's `user.timeout` (minutes), else 15 min (WakaTime default;
// wakapi's default is 10).

import type { ActivitySpan, DailyTotal, SpanKind } from '../../../src/lib/model/activity';
import type { InputFile } from '../../formats/types';
import { splitJsonStream, type JsonKey } from '../json-stream';
import type { TrackerModule, TrackerOptions, TrackerParseResult } from '../types';

export const DEFAULT_TIMEOUT_MINUTES = 15;

/** Line counters summed over the heartbeats merged into a span (AI vs human when the plugin sends them). */
const SUM_KEYS = ['ai_line_changes', 'human_line_changes', 'line_additions', 'line_deletions'] as const;

type Hb = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Editor from a user-agent string (wakapi puts the raw string in `user_agent_id`):
 * "wakatime/v1.90.0 (linux-6.1) go1.22 vscode/1.90.0 vscode-wakatime/24.6.0" → "vscode".
 * On wakatime.com the field is an opaque UUID and nothing is found.
 */
export function editorFromUserAgent(ua: string | undefined): string | undefined {
	if (!ua) return undefined;
	const m = /\b([a-z][\w.-]*)\/[\w.-]+ +\1-wakatime\//i.exec(ua) ?? /\b([a-z][\w.-]*)-wakatime\//i.exec(ua);
	return m ? m[1].toLowerCase() : undefined;
}

function kindOf(h: Hb): SpanKind {
	const t = h.type;
	if (t === 'app') return 'window';
	if (t === 'domain' || t === 'url') return 'web';
	if (h.category === 'ai coding') return 'agent';
	return 'editor';
}

function contextKey(h: Hb): string {
	return [h.type, h.entity, h.project, h.branch, h.language, h.category, h.user_agent_id, h.machine_name_id].map((v) => String(v ?? '')).join('\u0000');
}

export function heartbeatsToSpans(hbs: Hb[], sourceFile: string, timeoutMinutes: number): TrackerParseResult {
	const out: TrackerParseResult = { spans: [], skipped: [], warnings: [] };
	const timeout = timeoutMinutes * 60_000;
	const list: { t: number; h: Hb }[] = [];
	const seen = new Set<string>();
	let dups = 0;
	hbs.forEach((h, i) => {
		if (!h || typeof h !== 'object') return void out.skipped.push({ where: `heartbeat ${i}`, reason: 'not an object' });
		const t = typeof h.time === 'number' ? h.time : Number(h.time);
		if (!Number.isFinite(t) || t <= 0) return void out.skipped.push({ where: `heartbeat ${i}`, reason: 'bad time' });
		const ms = Math.round(t * 1000);
		// Same instant and same context = the same heartbeat sent twice (ids differ across dumps).
		const id = `${ms}\u0000${contextKey(h)}`;
		if (seen.has(id)) return void dups++;
		seen.add(id);
		list.push({ t: ms, h });
	});
	if (dups) out.warnings.push(`${dups} duplicate heartbeat(s) dropped`);
	list.sort((a, b) => a.t - b.t);
	let cur: ActivitySpan | undefined;
	let curKey = '';
	for (let i = 0; i < list.length; i++) {
		const { t, h } = list[i];
		const next = list[i + 1];
		const end = next && next.t - t <= timeout ? next.t : t;
		const key = contextKey(h);
		if (cur && key === curKey && cur.end === t) {
			cur.end = end;
			addCounters(cur, h);
			continue;
		}
		const kind = kindOf(h);
		const entity = str(h.entity);
		const span: ActivitySpan = { tracker: 'wakatime', sourceFile, bucket: 'heartbeats', kind, start: t, end };
		const machine = str(h.machine_name_id) ?? str(h.machine);
		if (machine) span.host = machine;
		const editor = str(h.editor) ?? editorFromUserAgent(str(h.user_agent_id));
		if (kind === 'window') span.app = entity;
		else if (kind === 'web') {
			span.app = 'browser';
			span.url = entity;
		} else {
			if (editor) span.app = editor;
			if (entity) span.file = entity;
		}
		if (str(h.project)) span.project = h.project as string;
		if (str(h.branch)) span.branch = h.branch as string;
		if (str(h.language)) span.language = h.language as string;
		span.attrs = { heartbeats: 0, writes: 0 };
		if (str(h.category)) span.attrs.category = h.category;
		for (const k of ['ai_model', 'ai_session', 'user_agent_id', 'machine_name_id'] as const) if (str(h[k])) span.attrs[k] = h[k];
		addCounters(span, h);
		out.spans.push(span);
		cur = span;
		curKey = key;
	}
	return out;
}

function addCounters(span: ActivitySpan, h: Hb) {
	const a = span.attrs!;
	a.heartbeats = (a.heartbeats as number) + 1;
	if (h.is_write === true) a.writes = (a.writes as number) + 1;
	for (const k of SUM_KEYS) {
		const v = h[k];
		if (typeof v === 'number' && Number.isFinite(v)) a[k] = ((a[k] as number | undefined) ?? 0) + v;
	}
}

const DAILY_LISTS = ['projects', 'languages', 'editors', 'categories', 'operating_systems', 'machines', 'dependencies'];

export function dailyTotals(days: Hb[], sourceFile: string): TrackerParseResult {
	const out: TrackerParseResult = { spans: [], skipped: [], warnings: [], dailyTotals: [] };
	days.forEach((d, i) => {
		const date = str(d?.date);
		const gt = d?.grand_total as Hb | undefined;
		const seconds = typeof gt?.total_seconds === 'number' ? gt.total_seconds : undefined;
		if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || seconds === undefined) return void out.skipped.push({ where: `day ${i}`, reason: 'no date or grand_total.total_seconds' });
		const breakdown: Record<string, Record<string, number>> = {};
		for (const list of DAILY_LISTS) {
			const items = d[list];
			if (!Array.isArray(items)) continue;
			const m: Record<string, number> = {};
			for (const it of items as Hb[]) {
				const name = str(it?.name);
				const s = typeof it?.total_seconds === 'number' ? it.total_seconds : ((it?.grand_total as Hb | undefined)?.total_seconds as number | undefined);
				if (name && typeof s === 'number') m[name] = (m[name] ?? 0) + s;
			}
			breakdown[list] = m;
		}
		const total: DailyTotal = { tracker: 'wakatime', sourceFile, date, seconds, breakdown };
		out.dailyTotals!.push(total);
	});
	out.dailyTotals!.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
	return out;
}

/**
 * Which WakaTime shape a document is. `dataAllHeartbeats` replaces the look at `data`'s elements
 * when they were streamed past rather than kept.
 */
export function wakaShape(doc: unknown, dataAllHeartbeats?: boolean): 'heartbeats' | 'daily' | 'compat' | undefined {
	if (!doc || typeof doc !== 'object') return undefined;
	const o = doc as Hb;
	if (Array.isArray(o.data) && (dataAllHeartbeats ?? o.data.every(isHeartbeatLike))) return 'compat';
	if (!Array.isArray(o.days)) return undefined;
	const days = o.days as Hb[];
	if (days.some((d) => Array.isArray(d?.heartbeats))) return 'heartbeats';
	if (days.some((d) => d?.grand_total)) return 'daily';
	return days.length === 0 ? 'daily' : undefined;
}

const isHeartbeatLike = (h: unknown) => !!h && typeof h === 'object' && 'time' in h;

function fromShape(doc: unknown, shape: ReturnType<typeof wakaShape>, hbs: () => Hb[], sourceFile: string, opts: TrackerOptions): TrackerParseResult {
	const o = doc as Hb;
	if (shape === 'daily') return dailyTotals(o.days as Hb[], sourceFile);
	if (!shape) return { spans: [], skipped: [], warnings: ['not a WakaTime export'] };
	const userTimeout = (o.user as Hb | undefined)?.timeout;
	const timeout = opts.timeoutMinutes ?? (typeof userTimeout === 'number' && userTimeout > 0 ? userTimeout : DEFAULT_TIMEOUT_MINUTES);
	const r = heartbeatsToSpans(hbs(), sourceFile, timeout);
	r.warnings.unshift(`heartbeats joined with a ${timeout}-minute timeout`);
	return r;
}

export function spansFromWakaTime(doc: unknown, sourceFile: string, opts: TrackerOptions = {}): TrackerParseResult {
	const shape = wakaShape(doc);
	const o = doc as Hb;
	const hbs = () => (shape === 'compat' ? (o.data as Hb[]) : (o.days as Hb[]).flatMap((d) => (Array.isArray(d?.heartbeats) ? (d.heartbeats as Hb[]) : [])));
	return fromShape(doc, shape, hbs, sourceFile, opts);
}

/** The heartbeat fields heartbeatsToSpans reads; streamed heartbeats keep only these (less memory). */
const HEARTBEAT_KEYS = [
	'time', 'type', 'entity', 'project', 'branch', 'language', 'category', 'user_agent_id', 'machine_name_id', 'machine', 'editor', 'is_write', 'ai_model', 'ai_session', ...SUM_KEYS
];

function slim(h: unknown): unknown {
	if (!h || typeof h !== 'object') return h;
	const src = h as Hb;
	const out: Hb = {};
	for (const k of HEARTBEAT_KEYS) if (Object.prototype.hasOwnProperty.call(src, k)) out[k] = src[k];
	return out;
}

/**
 * Streams a dump: heartbeats (`days[i].heartbeats`, wakapi's `data`) are read one by one and kept
 * slimmed; everything else (user, range, daily dumps' days) is assembled as usual. Result identical
 * to spansFromWakaTime(JSON.parse(…)); a truncated or malformed file keeps what was read before the fault.
 */
export async function parseDumpFile(file: InputFile, opts: TrackerOptions = {}, limits: { maxElementBytes?: number } = {}): Promise<TrackerParseResult> {
	const fromDays: unknown[] = [];
	const fromData: unknown[] = [];
	let dataAllHeartbeats = true;
	const lost: { where: string; reason: string }[] = [];
	const isDataPath = (p: readonly JsonKey[]) => p.length === 1 && p[0] === 'data';
	const r = await splitJsonStream(file.stream(), {
		split: (p) => isDataPath(p) || (p.length === 3 && p[0] === 'days' && p[2] === 'heartbeats'),
		onElement(h, _i, path) {
			if (isDataPath(path)) {
				if (!isHeartbeatLike(h)) dataAllHeartbeats = false;
				fromData.push(slim(h));
			} else fromDays.push(slim(h));
		},
		onBadElement(problem) {
			lost.push({ where: problem.path, reason: `${problem.message} (byte ${problem.offset})` });
		},
		maxElementBytes: limits.maxElementBytes
	});
	const shape = wakaShape(r.root, dataAllHeartbeats);
	const out = fromShape(r.root, shape, () => (shape === 'compat' ? fromData : fromDays) as Hb[], file.path, opts);
	out.skipped.push(...lost);
	if (r.error) {
		const kept = shape === 'daily' ? `${out.dailyTotals?.length ?? 0} day(s)` : `${shape === 'compat' ? fromData.length : fromDays.length} heartbeat(s)`;
		out.warnings.push(`${file.path}: ${r.error.truncated ? 'the file is cut off' : 'not valid JSON'} at byte ${r.error.offset} (${r.error.path}): ${r.error.message}; the ${kept} read before it are kept`);
	}
	return out;
}

export const wakaTime: TrackerModule = {
	id: 'wakatime',
	tracker: 'wakatime',
	label: 'WakaTime / wakapi export (JSON)',
	detect(head: string) {
		const h = head.trimStart();
		if (!h.startsWith('{')) return false;
		if (/"days"\s*:/.test(h) && /"(heartbeats|grand_total)"\s*:/.test(h)) return true;
		// wakapi compat API: {"data": [{... "entity": ..., "time": ...}]}
		return /^\{\s*"data"\s*:\s*\[/.test(h) && /"entity"\s*:/.test(h) && /"time"\s*:/.test(h);
	},
	async parse(file: InputFile, opts?: TrackerOptions) {
		return parseDumpFile(file, opts);
	}
};
