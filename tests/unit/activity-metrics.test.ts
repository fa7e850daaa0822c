// Activity metrics (src/lib/analysis/activity-metrics.ts): AW canonical active time, AFK union,
// per app/category/day, focus blocks, switches, fragmentation, time zones with DST.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ActivitySpan } from '../../src/lib/model/activity';
import { activeSegments, activityMetrics, focusBlocks, projectFromTitle, subtractIntervals, unionIntervals } from '../../src/lib/analysis/activity-metrics';
import { localDate, localMidnight, splitByDay } from '../../src/lib/analysis/activity-tz';
import { spansFromExport } from '../../workers/trackers/activitywatch';

const spansOf = (name: string) => spansFromExport(JSON.parse(readFileSync('tests/fixtures/activitywatch/' + name, 'utf8')), name).spans;
const T = (iso: string) => Date.parse(iso);

function win(start: string, sec: number, app: string, title = '', host = 'h'): ActivitySpan {
	const s = T(start);
	return { tracker: 'activitywatch', sourceFile: 't', bucket: `aw-watcher-window_${host}`, host, kind: 'window', start: s, end: s + sec * 1000, app, title };
}
function afk(start: string, sec: number, away: boolean, host = 'h'): ActivitySpan {
	const s = T(start);
	return { tracker: 'activitywatch', sourceFile: 't', bucket: `aw-watcher-afk_${host}`, host, kind: 'afk', start: s, end: s + sec * 1000, afk: away };
}

describe('interval algebra', () => {
	it('union merges overlaps, duplicates and touching intervals', () => {
		expect(unionIntervals([{ start: 5, end: 9 }, { start: 0, end: 3 }, { start: 0, end: 3 }, { start: 3, end: 4 }, { start: 8, end: 12 }, { start: 20, end: 20 }])).toEqual([
			{ start: 0, end: 4 },
			{ start: 5, end: 12 }
		]);
	});
	it('subtract cuts holes', () => {
		expect(subtractIntervals([{ start: 0, end: 10 }, { start: 20, end: 30 }], [{ start: 2, end: 4 }, { start: 8, end: 22 }, { start: 29, end: 40 }])).toEqual([
			{ start: 0, end: 2 },
			{ start: 4, end: 8 },
			{ start: 22, end: 29 }
		]);
	});
});

describe('AW canonical active time on the Python export', () => {
	// Hand computation: window events flooded (1 s gaps go to the longer neighbour; the zero-length
	// firefox glance vanishes) = Code 61 + Code 119 + firefox 301 + Slack 601 + Code 1201 + terminal 120;
	// not-AFK union = 08:59–09:20, 09:30–09:35, 09:50–09:53; the long Code event keeps 118 + 300.
	const spans = spansOf('python-all-buckets.json');
	const m = activityMetrics(spans);
	it('equals window ∩ not-AFK, not the naive sums', () => {
		expect(m.activeSeconds).toBe(1620);
		const naiveWindow = spans.filter((s) => s.kind === 'window').reduce((t, s) => t + (s.end - s.start) / 1000, 0);
		expect(naiveWindow).toBe(2398);
		expect(m.perApp).toEqual({ Code: 598, firefox: 301, Slack: 601, 'gnome-terminal': 120 });
		expect(m.perCategory).toEqual({ editor: 598, 'browser-other': 301, chat: 601, terminal: 120 });
	});
	it('AFK is the union of afk periods minus not-afk, duplicates and overlaps counted once', () => {
		expect(m.afkSeconds).toBe(1500);
	});
	it('switches, fragmentation and the day row', () => {
		// Context runs: myrepo(180) → browser-other(301) → chat(601) → myrepo(418) → terminal(120).
		expect(m.contextSwitches).toBe(4);
		expect(m.appSwitches).toBe(4);
		expect(m.fragmentation).toEqual({ segments: 5, segmentsPerHour: 11.11, medianSegmentSeconds: 301 });
		expect(m.perDay).toEqual([{ date: '2025-01-02', activeSeconds: 1620, afkSeconds: 1500, focusBlocks: 0, switches: 4, switchesPerHour: 8.89 }]);
	});
	it('segments never overlap', () => {
		const { segments } = activeSegments(spans);
		for (let i = 1; i < segments.length; i++) expect(segments[i].start).toBeGreaterThanOrEqual(segments[i - 1].end);
	});
});

describe('Rust export and single bucket', () => {
	it('Rust: equal-data zero-length event merges in the flood; one focus block of 1802 s', () => {
		const m = activityMetrics(spansOf('rust-export.json'));
		expect(m.activeSeconds).toBe(1902);
		expect(m.perApp).toEqual({ 'Code.exe': 1802, 'WindowsTerminal.exe': 100 });
		expect(m.focusBlocks).toEqual([{ start: T('2025-03-10T10:00:00Z'), end: T('2025-03-10T10:30:02Z'), context: 'svc', interruptedSeconds: 0 }]);
		expect(m.perDay[0]).toMatchObject({ focusBlocks: 1, switchesPerHour: 1.89 });
	});
	it('single window bucket without AFK data is not filtered', () => {
		const m = activityMetrics(spansOf('single-bucket-window.json'));
		expect(m.activeSeconds).toBe(47);
		expect(m.perCategory).toEqual({ terminal: 32, 'browser-docs': 15 });
		expect(m.afkSeconds).toBe(0);
	});
	it('flood parameter: 0 s leaves the 1 s gaps out', () => {
		expect(activityMetrics(spansOf('single-bucket-window.json'), { floodSeconds: 0 }).activeSeconds).toBe(45);
	});
});

describe('clipping and hosts', () => {
	it('clips a window event to not-AFK instead of dropping it; afk overlapped by not-afk counts as present', () => {
		const spans = [win('2025-01-01T10:00:00Z', 3600, 'Code'), afk('2025-01-01T09:30:00Z', 1800, false), afk('2025-01-01T10:00:00Z', 3600, true), afk('2025-01-01T10:20:00Z', 600, false)];
		const m = activityMetrics(spans);
		expect(m.activeSeconds).toBe(600);
		expect(m.afkSeconds).toBe(3000);
	});
	it('two hosts at the same time: the earlier host name wins, no double counting', () => {
		const spans = [win('2025-01-01T10:00:00Z', 600, 'Code', '', 'a'), win('2025-01-01T10:05:00Z', 600, 'Slack', '', 'b')];
		const m = activityMetrics(spans);
		expect(m.activeSeconds).toBe(900);
		expect(m.perApp).toEqual({ Code: 600, Slack: 300 });
	});
});

describe('focus blocks', () => {
	const code = (start: string, sec: number) => win(start, sec, 'Code', 'a.ts - proj - Visual Studio Code');
	it('bridges a short interruption and an AFK gap ≤ 5 min; a long interruption ends the block', () => {
		const spans = [
			code('2025-01-01T09:00:00Z', 1200),
			win('2025-01-01T09:20:00Z', 60, 'Slack'), // 60 s interruption (≤ 120 s)
			code('2025-01-01T09:21:00Z', 600),
			// 4 min gap (no data) bridged
			code('2025-01-01T09:35:00Z', 600), // block so far 09:00–09:45
			win('2025-01-01T09:45:00Z', 180, 'Slack'), // 180 s > 120 s: block ends at 09:45
			code('2025-01-01T09:48:00Z', 300)
		];
		const b = activityMetrics(spans).focusBlocks;
		expect(b).toEqual([{ start: T('2025-01-01T09:00:00Z'), end: T('2025-01-01T09:45:00Z'), context: 'proj', interruptedSeconds: 60 }]);
	});
	it('below the minimum length there is no block; the minimum is a parameter', () => {
		const spans = [code('2025-01-01T09:00:00Z', 1500)];
		expect(activityMetrics(spans).focusBlocks).toHaveLength(0);
		expect(activityMetrics(spans, { focusMinMinutes: 25 }).focusBlocks).toHaveLength(1);
	});
	it('interruptions above the share limit reject the block', () => {
		const { segments } = activeSegments([
			code('2025-01-01T09:00:00Z', 900),
			win('2025-01-01T09:15:00Z', 110, 'Slack'),
			code('2025-01-01T09:16:50Z', 900),
			win('2025-01-01T09:31:50Z', 110, 'Slack'),
			code('2025-01-01T09:33:40Z', 60)
		]);
		// Block 09:00–09:34:40 = 2080 s with 220 s interruptions: 10.6 % > 10 %.
		expect(focusBlocks(segments)).toHaveLength(0);
		expect(focusBlocks(segments, { focusMaxInterruptionShare: 0.11 })).toHaveLength(1);
	});
	it('glances shorter than 5 s are not switches', () => {
		const spans = [code('2025-01-01T09:00:00Z', 100), win('2025-01-01T09:01:40Z', 3, 'Slack'), code('2025-01-01T09:01:43Z', 100), win('2025-01-01T09:03:23Z', 10, 'Slack')];
		const m = activityMetrics(spans, { floodSeconds: 0 });
		expect(m.contextSwitches).toBe(1);
		expect(activityMetrics(spans, { floodSeconds: 0, glanceSeconds: 0 }).contextSwitches).toBe(3);
	});
	it('project from editor titles', () => {
		expect(projectFromTitle('Code', '● main.ts - myrepo - Visual Studio Code')).toBe('myrepo');
		expect(projectFromTitle('idea64.exe', 'svc – Main.kt')).toBe('svc');
		expect(projectFromTitle('firefox', 'a - b - c')).toBeUndefined();
	});
});

describe('time zones and DST', () => {
	it('spring forward: Europe/Berlin 2024-03-31 has 23 hours', () => {
		expect(localMidnight('2024-03-31', 'Europe/Berlin')).toBe(T('2024-03-30T23:00:00Z'));
		expect(localMidnight('2024-04-01', 'Europe/Berlin')).toBe(T('2024-03-31T22:00:00Z'));
		// A window event from local 23:00 on the 30th to 01:00 on 1 April.
		const m = activityMetrics([win('2024-03-30T22:00:00Z', 25 * 3600, 'Code')], { tz: 'Europe/Berlin' });
		expect(m.perDay.map((d) => [d.date, d.activeSeconds])).toEqual([
			['2024-03-30', 3600],
			['2024-03-31', 23 * 3600],
			['2024-04-01', 3600]
		]);
	});
	it('fall back: Europe/Berlin 2024-10-27 has 25 hours', () => {
		const m = activityMetrics([win('2024-10-26T22:00:00Z', 25 * 3600, 'Code')], { tz: 'Europe/Berlin' });
		expect(m.perDay.map((d) => [d.date, d.activeSeconds])).toEqual([['2024-10-27', 25 * 3600]]);
		// The same hours in UTC days.
		expect(activityMetrics([win('2024-10-26T22:00:00Z', 25 * 3600, 'Code')]).perDay.map((d) => [d.date, d.activeSeconds])).toEqual([
			['2024-10-26', 7200],
			['2024-10-27', 82800]
		]);
	});
	it('a DST change that skips midnight (America/Santiago 2024-09-08 starts at 01:00 local)', () => {
		expect(localMidnight('2024-09-08', 'America/Santiago')).toBe(T('2024-09-08T04:00:00Z'));
		expect(splitByDay(T('2024-09-08T03:30:00Z'), T('2024-09-08T04:30:00Z'), 'America/Santiago')).toEqual([
			{ date: '2024-09-07', start: T('2024-09-08T03:30:00Z'), end: T('2024-09-08T04:00:00Z') },
			{ date: '2024-09-08', start: T('2024-09-08T04:00:00Z'), end: T('2024-09-08T04:30:00Z') }
		]);
	});
	it('an evening in New York is the next day in UTC', () => {
		const s = [win('2025-01-02T02:00:00Z', 600, 'Code')];
		expect(localDate(T('2025-01-02T02:00:00Z'), 'America/New_York')).toBe('2025-01-01');
		expect(activityMetrics(s, { tz: 'America/New_York' }).perDay[0].date).toBe('2025-01-01');
		expect(activityMetrics(s).perDay[0].date).toBe('2025-01-02');
	});
});
