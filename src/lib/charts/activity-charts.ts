import * as Plot from '@observablehq/plot';
import { COMMIT_LANE, LANES, type HourCell, type LaneBar, type Total } from '../analysis/activity-view';
import { tzOffsetMs, wallToUtc } from '../analysis/activity-tz';

// Chart builders for the Activity screen (no DOM, testable in Node). Times are drawn as wall-clock
// times of the chosen zone: each instant is shifted by its offset and the axis is a UTC axis, so
// the labels read as local time there, whatever zone the browser runs in.

export const LANE_COLORS: Record<string, string> = {
	editor: '#4e79a7',
	terminal: '#59a14f',
	agent: '#b07aa1',
	'browser-docs': '#76b7b2',
	'browser-other': '#9c9c9c',
	chat: '#f28e2b',
	meeting: '#e15759',
	other: '#bab0ac',
	'agent sessions': '#8c564b',
	commits: '#333333',
	'away (AFK)': '#d4d4d4'
};

export const toWall = (ms: number, tz: string) => new Date(ms + tzOffsetMs(ms, tz));
export const fromWall = (d: Date, tz: string) => wallToUtc(d.getTime(), tz);

const pad = (n: number) => String(n).padStart(2, '0');
/** Axis labels as 24-hour wall time (the dates are already shifted into the zone). */
const clock = (d: Date) => (d.getUTCSeconds() ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` : `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`);

const hm = (ms: number) => {
	const m = Math.round(ms / 60_000);
	return m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`;
};

export function dayTimelineChart(bars: LaneBar[], domain: [number, number], tz: string, width: number, linkBase = ''): Plot.PlotOptions {
	// "other" and "commits" only when there is something to show in them.
	const lanes = LANES.filter((l) => (l !== 'other' && l !== COMMIT_LANE) || bars.some((b) => b.lane === l));
	const rows = bars
		.filter((b) => b.lane !== COMMIT_LANE && b.end > domain[0] && b.start < domain[1])
		.map((b) => ({
			...b,
			x1: toWall(Math.max(b.start, domain[0]), tz),
			x2: toWall(Math.min(b.end, domain[1]), tz),
			href: b.href ? linkBase + b.href : undefined
		}));
	const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit' });
	return {
		width,
		height: 40 + lanes.length * 28,
		marginLeft: 110,
		x: { type: 'utc', domain: [toWall(domain[0], tz), toWall(domain[1], tz)], label: `time (${tz})`, grid: true, tickFormat: clock },
		y: { domain: lanes, label: null },
		color: { domain: Object.keys(LANE_COLORS), range: Object.values(LANE_COLORS) },
		marks: [
			Plot.barX(rows, {
				x1: 'x1',
				x2: 'x2',
				y: 'lane',
				fill: 'lane',
				insetTop: 3,
				insetBottom: 3,
				href: 'href',
				tip: true,
				title: (d: LaneBar) => `${d.label}${d.detail ? ` — ${d.detail.slice(0, 120)}` : ''}\n${fmt.format(d.start)}–${fmt.format(d.end)} (${hm(d.end - d.start)})`
			}),
			// Commits are instants: ticks, agent-marked ones in the agent colour.
			Plot.tickX(
				bars.filter((b) => b.lane === COMMIT_LANE && b.start >= domain[0] && b.start < domain[1]).map((b) => ({ ...b, x: toWall(b.start, tz) })),
				{
					x: 'x',
					y: 'lane',
					stroke: (d: LaneBar) => (d.label === 'commit' ? 'currentColor' : LANE_COLORS.agent),
					strokeWidth: 2,
					tip: true,
					title: (d: LaneBar) => `${d.label} at ${fmt.format(d.start)}\n${d.detail.slice(0, 140)}`
				}
			),
			Plot.frame({ stroke: 'currentColor', strokeOpacity: 0.15 })
		]
	};
}

const DAY_LABEL = (date: string) => {
	const [y, m, d] = date.split('-').map(Number);
	const wd = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { weekday: 'short', timeZone: 'UTC' });
	return `${wd} ${date.slice(5)}`;
};

export function weekHeatmapChart(cells: HourCell[], width: number, selected?: string): Plot.PlotOptions {
	const rows = cells.map((c) => ({ ...c, day: DAY_LABEL(c.date) }));
	const days = [...new Set(rows.map((r) => r.day))];
	return {
		width,
		height: 60 + days.length * 30,
		marginLeft: 80,
		padding: 0.06,
		x: { type: 'band', domain: Array.from({ length: 24 }, (_, h) => h), label: 'hour of day', tickFormat: (h: number) => String(h).padStart(2, '0') },
		y: { domain: days, label: null },
		color: { type: 'linear', domain: [0, 60], scheme: 'blues', legend: true, label: 'focused minutes in the hour' },
		r: { domain: [0, 60], range: [0, 9] },
		marks: [
			Plot.cell(rows, {
				x: 'hour',
				y: 'day',
				fill: 'focusMinutes',
				tip: true,
				title: (d: HourCell & { day: string }) =>
					`${d.day} ${String(d.hour).padStart(2, '0')}:00–${String(d.hour + 1).padStart(2, '0')}:00\nfocused ${Math.round(d.focusMinutes)} min · active ${Math.round(d.activeMinutes)} min`
			}),
			// Channels with null values drop their datum in Plot, so the chosen day's outline is its own mark.
			Plot.cell(
				rows.filter((r) => r.date === selected),
				{ x: 'hour', y: 'day', fill: 'none', stroke: 'currentColor', strokeOpacity: 0.6 }
			),
			Plot.dot(rows.filter((r) => r.activeMinutes > 0), { x: 'hour', y: 'day', r: 'activeMinutes', stroke: 'currentColor', strokeOpacity: 0.45 })
		]
	};
}

export function totalsChart(totals: Total[], width: number, colorOf?: (name: string) => string): Plot.PlotOptions {
	const rows = totals.map((t) => ({ ...t, hours: t.seconds / 3600 }));
	return {
		width,
		height: 30 + rows.length * 22,
		marginLeft: 150,
		x: { label: 'hours', grid: true },
		y: { domain: rows.map((r) => r.name), label: null, tickFormat: (s: string) => (s.length > 22 ? s.slice(0, 21) + '…' : s) },
		marks: [
			Plot.barX(rows, { x: 'hours', y: 'name', fill: colorOf ? (d: Total) => colorOf(d.name) : 'var(--accent)', tip: true, title: (d: Total) => `${d.name}: ${hm(d.seconds * 1000)}` }),
			Plot.ruleX([0])
		]
	};
}
