// Activity metrics over ActivitySpans. Every definition is parameterised (defaults in
// DEFAULT_METRIC_OPTIONS) and named after the source it follows (tracker-formats.md §1.6, §5.4).
//
// Active time = ActivityWatch's *canonical* definition ("window time while not AFK", aw-webui
// queries.ts canonicalEvents), not its second one ("not-AFK time", activityQuery):
//   1. window events per host, flooded (gaps ≤ floodSeconds closed; the longer neighbour takes
//      the gap, equal data merges — aw_transform flood);
//   2. AFK events per host, flooded the same way; not-AFK periods = union of `not-afk` events
//      (interval union, so duplicated/overlapping AFK heartbeats never count twice);
//   3. window events clipped to the not-AFK periods (filter_period_intersect clips, never drops);
//   4. several hosts: earlier host (by name) wins where they overlap (union_no_overlap).
// A host with no AFK bucket is not filtered (its window time counts in full).
// Time away (AFK) = union of `afk` periods minus the not-AFK union (AW resolves conflicts for
// not-afk). Not implemented from AW: always-active regex, audible tabs, stopwatch overlay.

import type { ActivitySpan } from '../model/activity';
import { categorize, type Category, type CategoryRule } from './categories';
import { splitByDay } from './activity-tz';

export interface MetricOptions {
	/** IANA zone for day boundaries (DST aware). */
	tz: string;
	/** AW flood pulsetime, seconds. */
	floodSeconds: number;
	/** Segments shorter than this are glances: not a switch, not a focus interruption start (§5.4). */
	glanceSeconds: number;
	/** Focus block (§5.4, xeve's "30+ min"): minimum length, minutes. */
	focusMinMinutes: number;
	/** Longest single interruption (other context) a focus block tolerates, seconds. */
	focusMaxInterruptionSeconds: number;
	/** Share of a focus block's length that interruptions may take in total. */
	focusMaxInterruptionShare: number;
	/** Gaps (AFK, no data) up to this are bridged inside a focus block, seconds (AW Work Report break time). */
	focusBridgeSeconds: number;
	rules?: CategoryRule[];
}

export const DEFAULT_METRIC_OPTIONS: MetricOptions = {
	tz: 'UTC',
	floodSeconds: 5,
	glanceSeconds: 5,
	focusMinMinutes: 30,
	focusMaxInterruptionSeconds: 120,
	focusMaxInterruptionShare: 0.1,
	focusBridgeSeconds: 300
};

export interface Interval {
	start: number;
	end: number;
}

/** One piece of active time: a window event clipped to not-AFK. */
export interface Segment extends Interval {
	host: string;
	app: string;
	title: string;
	category: Category;
	/** Context key (§5.4): project, else category, else app. */
	context: string;
}

export interface FocusBlock extends Interval {
	context: string;
	/** Seconds spent on other contexts inside the block. */
	interruptedSeconds: number;
}

export interface DayMetrics {
	date: string;
	activeSeconds: number;
	afkSeconds: number;
	focusBlocks: number;
	/** Context switches per active hour on that day (0 when no active time). */
	switchesPerHour: number;
	switches: number;
}

export interface ActivityMetrics {
	activeSeconds: number;
	afkSeconds: number;
	perApp: Record<string, number>;
	perCategory: Record<string, number>;
	perDay: DayMetrics[];
	focusBlocks: FocusBlock[];
	contextSwitches: number;
	appSwitches: number;
	/** Fragmentation (§5.4, Meyer et al. / Mark): non-glance segments per active hour and their median length. */
	fragmentation: { segments: number; segmentsPerHour: number; medianSegmentSeconds: number };
}

// ---- interval algebra -------------------------------------------------------------------------

/** Union of intervals, sorted; touching intervals merge. */
export function unionIntervals(list: Interval[]): Interval[] {
	const s = list.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
	const out: Interval[] = [];
	for (const i of s) {
		const last = out[out.length - 1];
		if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
		else out.push({ start: i.start, end: i.end });
	}
	return out;
}

/** Parts of `a` (sorted, disjoint) not covered by `b` (sorted, disjoint). */
export function subtractIntervals(a: Interval[], b: Interval[]): Interval[] {
	const out: Interval[] = [];
	// Binary search to the first b that can overlap a[0]: callers clip one event at a time against
	// a long list, and a linear start made that quadratic.
	let j = 0;
	if (a.length) {
		let hi = b.length;
		while (j < hi) {
			const mid = (j + hi) >>> 1;
			if (b[mid].end <= a[0].start) j = mid + 1;
			else hi = mid;
		}
	}
	for (const x of a) {
		let s = x.start;
		while (j < b.length && b[j].end <= s) j++;
		let k = j;
		while (k < b.length && b[k].start < x.end) {
			if (b[k].start > s) out.push({ start: s, end: b[k].start });
			s = Math.max(s, b[k].end);
			k++;
		}
		if (s < x.end) out.push({ start: s, end: x.end });
	}
	return out;
}

export const totalSeconds = (list: Interval[]): number => list.reduce((t, i) => t + (i.end - i.start), 0) / 1000;

// ---- AW flood -----------------------------------------------------------------------------------

interface Ev extends Interval {
	key: string;
	span: ActivitySpan;
}

/**
 * AW's flood, pairwise over events sorted by start: a gap ≤ pulsetime goes to the longer of the two
 * neighbours (ties: the earlier); neighbours with equal data are merged; overlapping equal data
 * merges. Overlapping different data is left as is by AW — we trim the later event so time is never
 * counted twice (real window buckets have no overlaps, so this changes nothing there).
 */
export function flood(events: Ev[], pulseMs: number, trimOverlaps = true): Ev[] {
	const ev = events.map((e) => ({ ...e })).sort((a, b) => a.start - b.start || b.end - a.end);
	for (let i = 0; i + 1 < ev.length; i++) {
		const e1 = ev[i];
		const e2 = ev[i + 1];
		const gap = e2.start - e1.end;
		if (e1.key === e2.key && gap <= pulseMs) {
			// Merge into e2 so the chain continues; e1 becomes empty (dropped below).
			e2.end = Math.max(e1.end, e2.end);
			e2.start = e1.start;
			e1.end = e1.start;
		} else if (gap < 0) {
			// AFK keeps the overlap (the not-afk union wins later, as in AW); windows are trimmed.
			if (trimOverlaps) e2.start = Math.min(e1.end, e2.end);
		} else if (gap > 0 && gap <= pulseMs) {
			if (e1.end - e1.start >= e2.end - e2.start) e1.end = e2.start;
			else e2.start = e1.end;
		}
	}
	const kept = ev.filter((e) => e.end > e.start);
	if (!trimOverlaps) return kept;
	// An event nested in an earlier longer one can still leave overlap behind: clip to the running end.
	let maxEnd = -Infinity;
	const out: Ev[] = [];
	for (const e of kept) {
		if (e.start < maxEnd) e.start = Math.min(maxEnd, e.end);
		if (e.end > e.start) out.push(e);
		maxEnd = Math.max(maxEnd, e.end);
	}
	return out;
}

// ---- segments -------------------------------------------------------------------------------------

/** Project from an editor window title: VS Code/Cursor "file - project - Visual Studio Code", JetBrains "project – file". */
export function projectFromTitle(app: string, title: string): string | undefined {
	const vs = /^(?:● )?(?:.+?) - (.+?) - (?:Visual Studio Code|Cursor|VSCodium|Windsurf)(?: - Insiders)?$/.exec(title);
	if (vs) return vs[1];
	if (/idea|pycharm|webstorm|goland|clion|rider|rubymine|phpstorm/i.test(app)) {
		const jb = /^(.+?) [–-] /.exec(title);
		if (jb) return jb[1];
	}
	return undefined;
}

/**
 * The spans active time is made of: window events; for other trackers (WakaTime, CSV) also their
 * editor, browser, agent and manual (Toggl-style time entry) spans, the only focus record they have. ActivityWatch editor
 * and web buckets stay out: AW's canonical time is window time, they only annotate it.
 */
function isFocusStream(s: ActivitySpan): boolean {
	if (s.kind === 'window') return true;
	return s.tracker !== 'activitywatch' && (s.kind === 'editor' || s.kind === 'web' || s.kind === 'agent' || s.kind === 'manual');
}

/** WakaTime's own heartbeat categories, where they say more than the app does. */
const TRACKER_CATEGORY: Record<string, Category> = {
	meeting: 'meeting',
	communicating: 'chat',
	'ai coding': 'agent'
};

function categoryOf(s: ActivitySpan, app: string, title: string, rules?: CategoryRule[]): Category {
	if (s.kind === 'agent') return 'agent';
	const c = categorize({ app, title, url: s.url }, rules);
	if (c !== 'other') return c;
	const hint = typeof s.attrs?.category === 'string' ? TRACKER_CATEGORY[s.attrs.category] : undefined;
	if (hint) return hint;
	if (s.kind === 'editor') return 'editor';
	if (s.kind === 'web') return 'browser-other';
	return 'other';
}

function hostOf(s: ActivitySpan): string {
	return s.host ?? s.sourceFile;
}

/** Active segments: AW canonical window ∩ not-AFK, per host, hosts combined without overlap. */
export function activeSegments(spans: ActivitySpan[], opts: Partial<MetricOptions> = {}): { segments: Segment[]; afk: Interval[] } {
	const o = { ...DEFAULT_METRIC_OPTIONS, ...opts };
	const pulse = o.floodSeconds * 1000;
	const hosts = new Map<string, { win: Ev[]; afk: Ev[] }>();
	for (const s of spans) {
		if (!isFocusStream(s) && s.kind !== 'afk') continue;
		const h = hostOf(s);
		let g = hosts.get(h);
		if (!g) hosts.set(h, (g = { win: [], afk: [] }));
		if (s.kind !== 'afk') {
			// Everything category and context depend on: equal keys merge in flood and share one categorisation.
			const hint = typeof s.attrs?.category === 'string' ? s.attrs.category : '';
			g.win.push({ start: s.start, end: s.end, key: `${s.kind}\u0000${s.app ?? ''}\u0000${s.title ?? ''}\u0000${s.url ?? ''}\u0000${s.file ?? ''}\u0000${s.project ?? ''}\u0000${hint}`, span: s });
		}
		else g.afk.push({ start: s.start, end: s.end, key: s.afk ? 'afk' : 'not-afk', span: s });
	}
	let taken: Interval[] = [];
	const segments: Segment[] = [];
	let afkAll: Interval[] = [];
	for (const host of [...hosts.keys()].sort()) {
		const g = hosts.get(host)!;
		const afkF = flood(g.afk, pulse, false);
		const present = unionIntervals(afkF.filter((e) => e.key === 'not-afk'));
		const away = subtractIntervals(unionIntervals(afkF.filter((e) => e.key === 'afk')), present);
		afkAll = unionIntervals([...afkAll, ...away]);
		const win = flood(g.win, pulse);
		const pieces: Segment[] = [];
		// Category and context depend only on what the event says: a title seen again (most are) costs a lookup, not a dozen regexes.
		const seen = new Map<string, { category: Category; context: string }>();
		for (const w of win) {
			const clipped = g.afk.length ? subtractIntervals([w], subtractIntervals([w], present)) : [{ start: w.start, end: w.end }];
			const parts = taken.length ? subtractIntervals(clipped, taken) : clipped;
			if (!parts.length) continue;
			const app = w.span.app ?? 'unknown';
			const title = w.span.title ?? '';
			let meta = seen.get(w.key);
			if (!meta) {
				const category = categoryOf(w.span, app, title, o.rules);
				const project = w.span.project ?? projectFromTitle(app, title);
				meta = { category, context: project ?? (category !== 'other' ? category : app) };
				seen.set(w.key, meta);
			}
			for (const c of parts) pieces.push({ start: c.start, end: c.end, host, app, title, category: meta.category, context: meta.context });
		}
		for (const p of pieces) segments.push(p);
		taken = unionIntervals([...taken, ...pieces]);
	}
	segments.sort((a, b) => a.start - b.start);
	return { segments, afk: afkAll };
}

// ---- focus, switches, fragmentation --------------------------------------------------------------

/** Focus blocks (§5.4): maximal runs on one context; interruptions ≤ max each and ≤ share in total; gaps ≤ bridge. */
export function focusBlocks(segments: Segment[], opts: Partial<MetricOptions> = {}): FocusBlock[] {
	const o = { ...DEFAULT_METRIC_OPTIONS, ...opts };
	const out: FocusBlock[] = [];
	let i = 0;
	while (i < segments.length) {
		const key = segments[i].context;
		const start = segments[i].start;
		let ownEnd = segments[i].end;
		let lastOwn = i;
		let interrupted = 0;
		let run = 0;
		let prevEnd = segments[i].end;
		for (let j = i + 1; j < segments.length; j++) {
			const s = segments[j];
			if (s.start - prevEnd > o.focusBridgeSeconds * 1000) break;
			const d = s.end - s.start;
			if (s.context === key) {
				interrupted += run;
				run = 0;
				ownEnd = s.end;
				lastOwn = j;
			} else {
				run += d;
				if (run > o.focusMaxInterruptionSeconds * 1000) break;
			}
			prevEnd = s.end;
		}
		const len = ownEnd - start;
		if (len >= o.focusMinMinutes * 60_000 && interrupted <= o.focusMaxInterruptionShare * len) {
			out.push({ start, end: ownEnd, context: key, interruptedSeconds: interrupted / 1000 });
			i = lastOwn + 1;
		} else i++;
	}
	return out;
}

/** Non-glance segments with consecutive equal keys merged: the unit switches are counted on. */
function runs(segments: Segment[], key: (s: Segment) => string, glanceMs: number): (Interval & { key: string; ms: number })[] {
	const out: (Interval & { key: string; ms: number })[] = [];
	for (const s of segments) {
		if (s.end - s.start < glanceMs) continue;
		const k = key(s);
		const last = out[out.length - 1];
		if (last && last.key === k) {
			last.end = s.end;
			last.ms += s.end - s.start;
		} else out.push({ start: s.start, end: s.end, key: k, ms: s.end - s.start });
	}
	return out;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const round2 = (x: number) => Math.round(x * 100) / 100;

export function activityMetrics(spans: ActivitySpan[], opts: Partial<MetricOptions> = {}): ActivityMetrics {
	const o = { ...DEFAULT_METRIC_OPTIONS, ...opts };
	const { segments, afk } = activeSegments(spans, o);
	const perApp: Record<string, number> = {};
	const perCategory: Record<string, number> = {};
	const days = new Map<string, DayMetrics>();
	const day = (date: string) => {
		let d = days.get(date);
		if (!d) days.set(date, (d = { date, activeSeconds: 0, afkSeconds: 0, focusBlocks: 0, switchesPerHour: 0, switches: 0 }));
		return d;
	};
	let active = 0;
	for (const s of segments) {
		const sec = (s.end - s.start) / 1000;
		active += sec;
		perApp[s.app] = (perApp[s.app] ?? 0) + sec;
		perCategory[s.category] = (perCategory[s.category] ?? 0) + sec;
		for (const p of splitByDay(s.start, s.end, o.tz)) day(p.date).activeSeconds += (p.end - p.start) / 1000;
	}
	for (const a of afk) for (const p of splitByDay(a.start, a.end, o.tz)) day(p.date).afkSeconds += (p.end - p.start) / 1000;
	const blocks = focusBlocks(segments, o);
	for (const b of blocks) day(splitByDay(b.start, b.start + 1, o.tz)[0].date).focusBlocks++;
	const glance = o.glanceSeconds * 1000;
	const ctx = runs(segments, (s) => s.context, glance);
	for (let i = 1; i < ctx.length; i++) day(splitByDay(ctx[i].start, ctx[i].start + 1, o.tz)[0].date).switches++;
	const appRuns = runs(segments, (s) => s.app, glance);
	const perDay = [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
	for (const d of perDay) {
		d.switchesPerHour = d.activeSeconds > 0 ? round2(d.switches / (d.activeSeconds / 3600)) : 0;
		d.activeSeconds = round3(d.activeSeconds);
		d.afkSeconds = round3(d.afkSeconds);
	}
	const lens = ctx.map((r) => r.ms / 1000).sort((a, b) => a - b);
	const median = lens.length ? (lens.length % 2 ? lens[lens.length >> 1] : (lens[lens.length / 2 - 1] + lens[lens.length / 2]) / 2) : 0;
	for (const k of Object.keys(perApp)) perApp[k] = round3(perApp[k]);
	for (const k of Object.keys(perCategory)) perCategory[k] = round3(perCategory[k]);
	return {
		activeSeconds: round3(active),
		afkSeconds: round3(totalSeconds(afk)),
		perApp,
		perCategory,
		perDay,
		focusBlocks: blocks,
		contextSwitches: Math.max(0, ctx.length - 1),
		appSwitches: Math.max(0, appRuns.length - 1),
		fragmentation: {
			segments: lens.length,
			segmentsPerHour: active > 0 ? round2(lens.length / (active / 3600)) : 0,
			medianSegmentSeconds: round3(median)
		}
	};
}
