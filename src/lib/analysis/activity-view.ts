// What the Activity screen draws, computed from spans: the week around a chosen day, a day's bars
// per lane, focus per local hour, totals. Pure functions; the screen only loads spans and renders.

import type { ActivitySpan } from '../model/activity';
import { activeSegments, activityMetrics, type ActivityMetrics, type FocusBlock, type Interval, type MetricOptions, type Segment } from './activity-metrics';
import type { Category } from './categories';
import { localDate, localMidnight, tzOffsetMs } from './activity-tz';

/** Lanes of the day timeline, top to bottom: the categories, then agent sessions and time away. */
export const CATEGORY_LANES: Category[] = ['editor', 'terminal', 'agent', 'browser-docs', 'browser-other', 'chat', 'meeting', 'other'];
export const SESSION_LANE = 'agent sessions';
export const AWAY_LANE = 'away (AFK)';
export const COMMIT_LANE = 'commits';
export const LANES = [...CATEGORY_LANES, SESSION_LANE, COMMIT_LANE, AWAY_LANE];

export const addDays = (date: string, n: number): string => {
	const [y, m, d] = date.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};

/** Monday of the ISO week holding `date`. */
export function weekStart(date: string): string {
	const [y, m, d] = date.split('-').map(Number);
	const dow = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
	return addDays(date, -dow);
}

export interface WeekRange {
	days: string[];
	from: number;
	to: number;
}

export function weekRange(date: string, tz: string): WeekRange {
	const mon = weekStart(date);
	const days = Array.from({ length: 7 }, (_, i) => addDays(mon, i));
	return { days, from: localMidnight(mon, tz), to: localMidnight(addDays(mon, 7), tz) };
}

export function dayRange(date: string, tz: string): Interval {
	return { start: localMidnight(date, tz), end: localMidnight(addDays(date, 1), tz) };
}

/** Spans cut to [from, to), so time outside the shown range never enters its totals. */
export function clipSpans(spans: ActivitySpan[], from: number, to: number): ActivitySpan[] {
	const out: ActivitySpan[] = [];
	for (const s of spans) {
		const start = Math.max(s.start, from);
		const end = Math.min(s.end, to);
		if (end < start || (end === start && (s.start < from || s.start >= to))) continue;
		out.push(start === s.start && end === s.end ? s : { ...s, start, end });
	}
	return out;
}

export interface WeekView {
	metrics: ActivityMetrics;
	segments: Segment[];
	afk: Interval[];
}

/** Segments, time away and metrics of the spans inside [from, to) (a week, or the span of one agent session). */
export function weekView(spans: ActivitySpan[], range: { from: number; to: number }, opts: Partial<MetricOptions>): WeekView {
	const clipped = clipSpans(spans, range.from, range.to);
	const { segments, afk } = activeSegments(clipped, opts);
	return { metrics: activityMetrics(clipped, opts), segments, afk };
}

export interface LaneBar {
	lane: string;
	start: number;
	end: number;
	/** What the bar was: the app, the session title, "away". */
	label: string;
	detail: string;
	href?: string;
}

/** Merge touching pieces of one lane and one label, so a day is hundreds of bars, not thousands. */
const MERGE_GAP_MS = 1000;

export interface SessionSpan {
	id: string;
	start: number;
	end: number;
	title: string;
	harness: string;
}

/** A commit landing in the day, drawn as a tick. */
export interface CommitMark {
	sha: string;
	at: number;
	subject: string;
	/** Agents whose markers the commit carries (empty: none). */
	agents: string[];
}

export function dayBars(view: WeekView, day: Interval, sessions: SessionSpan[] = [], commits: CommitMark[] = []): LaneBar[] {
	const bars: LaneBar[] = [];
	const last = new Map<string, LaneBar>();
	for (const s of view.segments) {
		if (s.end <= day.start || s.start >= day.end) continue;
		const start = Math.max(s.start, day.start);
		const end = Math.min(s.end, day.end);
		const prev = last.get(s.category);
		if (prev && prev.label === s.app && start - prev.end <= MERGE_GAP_MS) {
			prev.end = Math.max(prev.end, end);
			continue;
		}
		const bar: LaneBar = { lane: s.category, start, end, label: s.app, detail: s.title };
		bars.push(bar);
		last.set(s.category, bar);
	}
	for (const a of view.afk) {
		if (a.end <= day.start || a.start >= day.end) continue;
		bars.push({ lane: AWAY_LANE, start: Math.max(a.start, day.start), end: Math.min(a.end, day.end), label: 'away', detail: '' });
	}
	for (const s of sessions) {
		if (s.end <= day.start || s.start >= day.end) continue;
		bars.push({ lane: SESSION_LANE, start: Math.max(s.start, day.start), end: Math.min(s.end, day.end), label: s.harness, detail: s.title, href: `/session/?id=${encodeURIComponent(s.id)}` });
	}
	for (const c of commits) {
		if (c.at < day.start || c.at >= day.end) continue;
		bars.push({ lane: COMMIT_LANE, start: c.at, end: c.at, label: c.agents.length ? `commit by ${c.agents.join(', ')}` : 'commit', detail: `${c.sha.slice(0, 8)} ${c.subject}` });
	}
	return bars;
}

export interface HourCell {
	date: string;
	hour: number;
	activeMinutes: number;
	focusMinutes: number;
}

const HOUR = 3_600_000;

/** Adds each piece of [start, end) to the local (date, hour) it falls in. */
function perLocalHour(list: Interval[], tz: string, add: (date: string, hour: number, ms: number) => void): void {
	for (const iv of list) {
		let t = iv.start;
		while (t < iv.end) {
			const off = tzOffsetMs(t, tz);
			const wall = t + off;
			const hour = Math.floor(wall / HOUR);
			// Next local hour boundary; never stand still, even across an offset change.
			const next = Math.max(t + 1, Math.min(iv.end, (hour + 1) * HOUR - off));
			add(new Date(wall).toISOString().slice(0, 10), ((hour % 24) + 24) % 24, next - t);
			t = next;
		}
	}
}

/** Active and focused minutes per local hour of each day of the week (7 × 24 cells). */
export function weekHeatmap(view: WeekView, range: WeekRange, tz: string): HourCell[] {
	const cells = new Map<string, HourCell>();
	for (const date of range.days) for (let h = 0; h < 24; h++) cells.set(`${date} ${h}`, { date, hour: h, activeMinutes: 0, focusMinutes: 0 });
	const cell = (date: string, hour: number) => cells.get(`${date} ${hour}`);
	perLocalHour(view.segments, tz, (d, h, ms) => {
		const c = cell(d, h);
		if (c) c.activeMinutes += ms / 60_000;
	});
	perLocalHour(view.metrics.focusBlocks, tz, (d, h, ms) => {
		const c = cell(d, h);
		if (c) c.focusMinutes += ms / 60_000;
	});
	return [...cells.values()].map((c) => ({ ...c, activeMinutes: Math.round(c.activeMinutes * 10) / 10, focusMinutes: Math.round(c.focusMinutes * 10) / 10 }));
}

export interface Total {
	name: string;
	seconds: number;
}

export function topTotals(per: Record<string, number>, limit = 15): Total[] {
	const all = Object.entries(per)
		.map(([name, seconds]) => ({ name, seconds }))
		.sort((a, b) => b.seconds - a.seconds || a.name.localeCompare(b.name));
	if (all.length <= limit) return all;
	const rest = all.slice(limit - 1).reduce((s, t) => s + t.seconds, 0);
	return [...all.slice(0, limit - 1), { name: `${all.length - limit + 1} others`, seconds: rest }];
}

/** Focus blocks that start on `date` (local). */
export function blocksOn(blocks: FocusBlock[], date: string, tz: string): FocusBlock[] {
	return blocks.filter((b) => localDate(b.start, tz) === date);
}

/** The zone the browser runs in, or UTC. */
export function browserTimeZone(): string {
	try {
		return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
	} catch {
		return 'UTC';
	}
}
