// WakaTime heartbeats / daily dumps and wakapi heartbeat JSON (workers/trackers/wakatime).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { editorFromUserAgent, heartbeatsToSpans, spansFromWakaTime, wakaTime } from '../../workers/trackers/wakatime';
import { activityWatch } from '../../workers/trackers/activitywatch';
import { activityMetrics } from '../../src/lib/analysis/activity-metrics';
import { activityCommand } from '../../bin/commands/activity';
import { captureCli } from './cli-capture';
import { vi } from 'vitest';

const FIX = 'tests/fixtures/wakatime/';
const text = (n: string) => readFileSync(FIX + n, 'utf8');
const doc = (n: string) => JSON.parse(text(n));
const B = 1704099600_000; // 2024-01-01T09:00:00Z

describe('detect', () => {
	it('recognises the three WakaTime shapes and leaves ActivityWatch alone', () => {
		for (const n of ['heartbeats-dump.json', 'daily-dump.json', 'wakapi-heartbeats.json']) {
			expect(wakaTime.detect(text(n), n)).toBe(true);
			expect(activityWatch.detect(text(n), n)).toBe(false);
		}
		const aw = readFileSync('tests/fixtures/activitywatch/python-all-buckets.json', 'utf8');
		expect(wakaTime.detect(aw, 'x.json')).toBe(false);
	});
});

describe('heartbeats dump', () => {
	it('joins with the 15-minute default: the gap counts, the last heartbeat of a chain adds nothing', () => {
		const r = spansFromWakaTime(doc('heartbeats-dump.json'), 'h.json');
		expect(r.warnings).toEqual(['heartbeats joined with a 15-minute timeout', '1 duplicate heartbeat(s) dropped']);
		expect(r.spans.map((s) => [s.kind, s.file ?? s.app, (s.start - B) / 1000, (s.end - B) / 1000])).toEqual([
			['editor', '/home/dev/myrepo/src/a.ts', 0, 300],
			['editor', '/home/dev/myrepo/src/b.ts', 300, 1200], // 900 s gap = timeout: still joined
			['editor', '/home/dev/myrepo/src/b.ts', 3000, 3120], // 1800 s gap: new span
			['window', 'Slack', 3120, 3180],
			['editor', '/home/dev/myrepo/src/b.ts', 3180, 3180]
		]);
		expect(r.spans[0]).toMatchObject({ project: 'myrepo', branch: 'feat/x', language: 'TypeScript', host: 'c0ffee00-1111-4222-8333-444455556666' });
	});
	it('sums AI and human line changes over the merged heartbeats', () => {
		const a = spansFromWakaTime(doc('heartbeats-dump.json'), 'h.json').spans[0];
		expect(a.attrs).toMatchObject({ heartbeats: 2, writes: 1, ai_line_changes: 12, human_line_changes: 5, category: 'coding' });
	});
	it('the timeout is a parameter, and the dump’s own user.timeout is used when present', () => {
		const total = (m: number) => activityMetrics(spansFromWakaTime(doc('heartbeats-dump.json'), 'h', { timeoutMinutes: m }).spans).activeSeconds;
		expect(total(15)).toBe(1380);
		expect(total(10)).toBe(480);
		expect(total(30)).toBe(3180);
		const d = doc('heartbeats-dump.json');
		d.user.timeout = 30;
		expect(activityMetrics(spansFromWakaTime(d, 'h').spans).activeSeconds).toBe(3180);
	});
	it('metrics: file spans are editor time, the Slack app heartbeat is chat', () => {
		const m = activityMetrics(spansFromWakaTime(doc('heartbeats-dump.json'), 'h').spans);
		expect(m.perCategory).toEqual({ editor: 1320, chat: 60 });
		expect(m.perDay).toEqual([{ date: '2024-01-01', activeSeconds: 1380, afkSeconds: 0, focusBlocks: 0, switches: 1, switchesPerHour: 2.61 }]);
	});
	it('bad heartbeats are counted, not fatal', () => {
		const r = heartbeatsToSpans([{ time: 'x' }, null as never, { time: 1704099600, entity: 'a', type: 'file' }], 'x', 15);
		expect(r.skipped.map((s) => s.reason)).toEqual(['bad time', 'not an object']);
		expect(r.spans).toHaveLength(1);
	});
});

describe('wakapi heartbeats', () => {
	it('reads the editor from the raw user agent and the machine name; ai coding is agent time', () => {
		const r = spansFromWakaTime(doc('wakapi-heartbeats.json'), 'w');
		expect(r.spans.map((s) => [s.kind, s.app, s.end - s.start])).toEqual([
			['editor', 'vscode', 240_000],
			['agent', 'vscode', 100_000]
		]);
		expect(r.spans[0]).toMatchObject({ host: 'devbox', attrs: { line_additions: 4, line_deletions: 0, heartbeats: 3 } });
		expect(r.spans[1].attrs).toMatchObject({ ai_line_changes: 42, human_line_changes: 0, category: 'ai coding' });
		const m = activityMetrics(r.spans);
		expect(m.perCategory).toEqual({ editor: 240, agent: 100 });
	});
	it('user agents', () => {
		expect(editorFromUserAgent('wakatime/v1.90.0 (linux-6.1.0) go1.22.1 vscode/1.90.0 vscode-wakatime/24.6.0')).toBe('vscode');
		expect(editorFromUserAgent('wakatime/v1.98.0 (darwin-23.0.0-arm64) go1.22.5 IntelliJ/2024.1 IntelliJ-wakatime/15.0.0')).toBe('intellij');
		expect(editorFromUserAgent('6a5f2c1e-0b1d-4c4e-9a47-2f1f7f0c3b11')).toBeUndefined();
	});
});

describe('daily dump', () => {
	it('day totals with their breakdowns, sorted by date; no spans', () => {
		const r = spansFromWakaTime(doc('daily-dump.json'), 'd');
		expect(r.spans).toEqual([]);
		expect(r.dailyTotals!.map((t) => [t.date, t.seconds])).toEqual([
			['2024-01-01', 5400],
			['2024-01-02', 1800.5],
			['2024-01-03', 0]
		]);
		expect(r.dailyTotals![0].breakdown.projects).toEqual({ myrepo: 3600, svc: 1800 });
		expect(r.dailyTotals![0].breakdown.categories).toEqual({ coding: 5000, 'ai coding': 400 });
	});
	it('cli: per-day totals, focus and switches null', async () => {
		const { code, out } = await captureCli(activityCommand, [FIX + 'daily-dump.json', FIX + 'heartbeats-dump.json', '--json', '--timeout', '10']);
		expect(code).toBe(0);
		const [daily, hb] = JSON.parse(out);
		expect(daily).toMatchObject({ format: 'wakatime-daily', spans: 0, activeSeconds: 7200.5, perApp: { 'VS Code': 7200.5 } });
		expect(daily.perDay[1]).toEqual({ date: '2024-01-02', activeSeconds: 1800.5, focusBlocks: null, switchesPerHour: null });
		expect(hb).toMatchObject({ format: 'wakatime', activeSeconds: 480 });
	});
});
