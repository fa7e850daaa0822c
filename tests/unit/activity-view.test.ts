// What the Activity screen computes: week and day ranges in a zone (DST), clipping, lane bars,
// the hour heatmap, totals, zooming, and the wall-clock shift of the timeline chart.

import { describe, expect, it } from 'vitest';
import type { ActivitySpan } from '../../src/lib/model/activity';
import { AWAY_LANE, SESSION_LANE, clipSpans, dayBars, dayRange, topTotals, weekHeatmap, weekRange, weekStart, weekView } from '../../src/lib/analysis/activity-view';
import { pan, zoomIn, zoomOut } from '../../src/lib/analysis/zoom';
import { dayTimelineChart, fromWall, toWall } from '../../src/lib/charts/activity-charts';

const H = 3_600_000;
const M = 60_000;
const win = (start: number, end: number, app: string, title = ''): ActivitySpan => ({ tracker: 'activitywatch', sourceFile: 'f', bucket: 'w', host: 'h', kind: 'window', start, end, app, title });
const present = (start: number, end: number): ActivitySpan => ({ tracker: 'activitywatch', sourceFile: 'f', bucket: 'a', host: 'h', kind: 'afk', start, end, afk: false });
const away = (start: number, end: number): ActivitySpan => ({ tracker: 'activitywatch', sourceFile: 'f', bucket: 'a', host: 'h', kind: 'afk', start, end, afk: true });

describe('week and day ranges', () => {
	it('weeks start on Monday', () => {
		expect(weekStart('2026-09-18')).toBe('2026-09-14');
		expect(weekStart('2026-09-14')).toBe('2026-09-14');
		expect(weekStart('2026-09-20')).toBe('2026-09-14');
		expect(weekStart('2027-01-01')).toBe('2026-12-28');
	});
	it('the week holding the end of summer time in Berlin has 169 hours, its Sunday 25', () => {
		const w = weekRange('2026-10-25', 'Europe/Berlin');
		expect(w.days).toEqual(['2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25']);
		expect((w.to - w.from) / H).toBe(169);
		const d = dayRange('2026-10-25', 'Europe/Berlin');
		expect((d.end - d.start) / H).toBe(25);
		expect(d.start).toBe(Date.UTC(2026, 9, 24, 22));
	});
});

describe('clipSpans', () => {
	it('cuts spans to the range and drops those outside', () => {
		const out = clipSpans([win(0, 10, 'a'), win(5, 15, 'b'), win(20, 30, 'c'), win(10, 10, 'z')], 10, 20);
		expect(out.map((s) => [s.app, s.start, s.end])).toEqual([['b', 10, 15], ['z', 10, 10]]);
	});
});

describe('dayBars', () => {
	const T = Date.UTC(2026, 2, 2, 9);
	const spans = [
		present(T, T + 2 * H),
		away(T + 2 * H, T + 3 * H),
		win(T, T + 10 * M, 'Code', 'a.ts - api - Visual Studio Code'),
		win(T + 10 * M, T + 20 * M, 'Code', 'b.ts - api - Visual Studio Code'),
		win(T + 20 * M, T + 25 * M, 'Slack', '#team'),
		win(T + 25 * M, T + 40 * M, 'Code', 'a.ts - api - Visual Studio Code')
	];
	const range = weekRange('2026-03-02', 'UTC');
	const view = weekView(spans, range, { tz: 'UTC' });
	const bars = dayBars(view, dayRange('2026-03-02', 'UTC'), [{ id: 'claude-code:s1', start: T + 5 * M, end: T + 30 * M, title: 'Fix the parser', harness: 'claude-code' }]);

	it('merges touching pieces of one app in a lane, keeps other lanes apart', () => {
		const editor = bars.filter((b) => b.lane === 'editor');
		expect(editor.map((b) => [(b.start - T) / M, (b.end - T) / M])).toEqual([[0, 20], [25, 40]]);
		expect(bars.filter((b) => b.lane === 'chat').map((b) => b.label)).toEqual(['Slack']);
	});
	it('adds the day\'s commits as instants, agent-marked ones named, and draws them as ticks', () => {
		const withCommits = dayBars(view, dayRange('2026-03-02', 'UTC'), [], [
			{ sha: 'abcdef1234', at: T + 30 * M, subject: 'Add parser', agents: ['claude-code'] },
			{ sha: '99', at: T - 10 * H, subject: 'yesterday', agents: [] }
		]);
		const c = withCommits.filter((b) => b.lane === 'commits');
		expect(c).toEqual([{ lane: 'commits', start: T + 30 * M, end: T + 30 * M, label: 'commit by claude-code', detail: 'abcdef12 Add parser' }]);
		const chart = dayTimelineChart(withCommits, [T - H, T + 3 * H], 'UTC', 800);
		expect((chart.y as { domain: string[] }).domain).toContain('commits');
		const ticks = chart.marks![1] as unknown as { data: { x: Date }[] };
		expect(ticks.data.map((d) => d.x.getTime())).toEqual([T + 30 * M]);
		expect((dayTimelineChart(bars, [T - H, T + 3 * H], 'UTC', 800).y as { domain: string[] }).domain).not.toContain('commits');
	});
	it('adds time away and agent sessions as their own lanes, sessions linking to their page', () => {
		expect(bars.filter((b) => b.lane === AWAY_LANE).map((b) => [(b.start - T) / H, (b.end - T) / H])).toEqual([[2, 3]]);
		const s = bars.find((b) => b.lane === SESSION_LANE);
		expect(s).toMatchObject({ detail: 'Fix the parser', href: '/session/?id=claude-code%3As1' });
	});
});

describe('weekHeatmap', () => {
	it('splits active time at local hours and counts focus blocks as focused minutes', () => {
		const T = Date.UTC(2026, 2, 2, 9, 30);
		const spans = [present(T, T + 2 * H), win(T, T + 40 * M, 'Code', 'a.ts - api - Visual Studio Code')];
		const range = weekRange('2026-03-02', 'UTC');
		const cells = weekHeatmap(weekView(spans, range, { tz: 'UTC' }), range, 'UTC');
		expect(cells).toHaveLength(7 * 24);
		const at = (h: number) => cells.find((c) => c.date === '2026-03-02' && c.hour === h)!;
		expect([at(9).activeMinutes, at(10).activeMinutes]).toEqual([30, 10]);
		expect([at(9).focusMinutes, at(10).focusMinutes]).toEqual([30, 10]);
	});
	it('on the day Berlin leaves summer time, the repeated 02:00 hour holds two hours of activity', () => {
		const start = Date.UTC(2026, 9, 24, 23); // 01:00 CEST
		const end = Date.UTC(2026, 9, 25, 3); // 04:00 CET
		const spans = [present(start, end), win(start, end, 'Code', 'a.ts - api - Visual Studio Code')];
		const range = weekRange('2026-10-25', 'Europe/Berlin');
		const cells = weekHeatmap(weekView(spans, range, { tz: 'Europe/Berlin' }), range, 'Europe/Berlin');
		const at = (h: number) => cells.find((c) => c.date === '2026-10-25' && c.hour === h)!.activeMinutes;
		expect([at(1), at(2), at(3)]).toEqual([60, 120, 60]);
	});
});

describe('topTotals', () => {
	it('sorts and folds the tail into one row', () => {
		expect(topTotals({ a: 5, b: 50, c: 1, d: 2 }, 3)).toEqual([
			{ name: 'b', seconds: 50 },
			{ name: 'a', seconds: 5 },
			{ name: '2 others', seconds: 3 }
		]);
	});
});

describe('zoom', () => {
	const day: [number, number] = [0, 24 * H];
	it('zooms in around the middle, out and sideways within the day', () => {
		expect(zoomIn(day)).toEqual([6 * H, 18 * H]);
		expect(zoomOut([20 * H, 23 * H], day)).toEqual([18 * H, 24 * H]);
		expect(pan([2 * H, 6 * H], day, -1)).toEqual([0, 4 * H]);
		expect(pan([2 * H, 6 * H], day, 0.5)).toEqual([4 * H, 8 * H]);
		// Never narrower than five minutes.
		expect(zoomIn([0, 6 * M])).toEqual([0.5 * M, 5.5 * M]);
	});
});

describe('dayTimelineChart', () => {
	it('draws instants as wall-clock times of the chosen zone', () => {
		const t = Date.UTC(2026, 6, 1, 10); // 12:00 in Berlin (CEST)
		expect(toWall(t, 'Europe/Berlin').toISOString()).toBe('2026-07-01T12:00:00.000Z');
		expect(fromWall(toWall(t, 'Europe/Berlin'), 'Europe/Berlin')).toBe(t);
		const opts = dayTimelineChart([{ lane: 'editor', start: t, end: t + H, label: 'Code', detail: '' }], [t - 2 * H, t + 2 * H], 'Europe/Berlin', 800);
		const bar = opts.marks![0] as unknown as { data: { x1: Date; x2: Date }[] };
		expect(bar.data[0].x1.toISOString()).toBe('2026-07-01T12:00:00.000Z');
		expect(bar.data[0].x2.toISOString()).toBe('2026-07-01T13:00:00.000Z');
	});
	it('leaves out bars outside the zoomed range and cuts those across its edges', () => {
		const opts = dayTimelineChart(
			[
				{ lane: 'editor', start: 0, end: 10 * M, label: 'a', detail: '' },
				{ lane: 'editor', start: 20 * M, end: 40 * M, label: 'b', detail: '' }
			],
			[15 * M, 30 * M],
			'UTC',
			800
		);
		const data = (opts.marks![0] as unknown as { data: { label: string; x1: Date; x2: Date }[] }).data;
		expect(data.map((d) => [d.label, d.x1.getTime() / M, d.x2.getTime() / M])).toEqual([['b', 20, 30]]);
	});
});
