// Activity CSV (workers/trackers/csv): presets by header, a column mapping, naive times in a zone (DST).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvTracker, parseCsv, parseDateTime, parseDuration, splitCsv } from '../../workers/trackers/csv';
import { wakaTime } from '../../workers/trackers/wakatime';
import { activityWatch } from '../../workers/trackers/activitywatch';
import { activityMetrics } from '../../src/lib/analysis/activity-metrics';
import { activityCommand, parseCsvMap } from '../../bin/commands/activity';
import { captureCli } from './cli-capture';
import type { InputFile } from '../../workers/formats/types';

const FIX = 'tests/fixtures/csv/';
function file(name: string): InputFile {
	const bytes = readFileSync(FIX + name);
	return {
		path: name,
		size: bytes.length,
		stream: () =>
			new ReadableStream<Uint8Array>({
				start(c) {
					// Small chunks: records and quoted fields cross chunk boundaries.
					for (let i = 0; i < bytes.length; i += 5) c.enqueue(new Uint8Array(bytes.subarray(i, i + 5)));
					c.close();
				}
			})
	};
}
const T = Date.parse;

describe('pieces', () => {
	it('splitCsv: quotes, doubled quotes, open quote', () => {
		expect(splitCsv('a,"b,c","d ""e""",', ',')).toEqual(['a', 'b,c', 'd "e"', '']);
		expect(splitCsv('a;"b', ';')).toBeUndefined();
	});
	it('durations', () => {
		expect(parseDuration('0:40:00')).toBe(2400);
		expect(parseDuration('1:30')).toBe(5400);
		expect(parseDuration('90')).toBe(90);
		expect(parseDuration('1.5 h')).toBe(5400);
		expect(parseDuration('soon')).toBeUndefined();
	});
	it('date-times: naive in a zone (DST), offsets kept, US and German forms, epochs', () => {
		expect(parseDateTime('2024-03-31 01:30:00', 'Europe/Berlin')).toBe(T('2024-03-31T00:30:00Z'));
		expect(parseDateTime('2024-03-31 03:10:00', 'Europe/Berlin')).toBe(T('2024-03-31T01:10:00Z'));
		expect(parseDateTime('2024-01-02T09:02:00+01:00', 'America/New_York')).toBe(T('2024-01-02T08:02:00Z'));
		expect(parseDateTime('1/2/2024 9:05:00 PM', 'UTC')).toBe(T('2024-01-02T21:05:00Z'));
		expect(parseDateTime('1/2/2024 12:05 AM', 'UTC')).toBe(T('2024-01-02T00:05:00Z'));
		expect(parseDateTime('02.01.2024 09:05', 'UTC')).toBe(T('2024-01-02T09:05:00Z'));
		expect(parseDateTime('1704186300', 'UTC')).toBe(T('2024-01-02T09:05:00Z'));
		expect(parseDateTime('1704186300000', 'UTC')).toBe(T('2024-01-02T09:05:00Z'));
		expect(parseDateTime('yesterday', 'UTC')).toBeUndefined();
	});
});

describe('detect', () => {
	it('presets by header only; JSON exports are not CSV', () => {
		expect(csvTracker.detect(readFileSync(FIX + 'manictime.csv', 'utf8'), 'x')).toBe(true);
		expect(csvTracker.detect(readFileSync(FIX + 'toggl.csv', 'utf8'), 'x')).toBe(true);
		expect(csvTracker.detect(readFileSync(FIX + 'custom.csv', 'utf8'), 'x')).toBe(false);
		expect(csvTracker.detect('{"buckets": {}}', 'x')).toBe(false);
		expect(wakaTime.detect(readFileSync(FIX + 'toggl.csv', 'utf8'), 'x')).toBe(false);
		expect(activityWatch.detect(readFileSync(FIX + 'toggl.csv', 'utf8'), 'x')).toBe(false);
	});
});

describe('presets', () => {
	it('ManicTime (BOM, CRLF, naive local times) across the spring-forward gap in Berlin', async () => {
		const r = await parseCsv(file('manictime.csv'), { tz: 'Europe/Berlin' });
		expect(r.variant).toBe('manictime');
		expect(r.skipped).toEqual([{ where: 'line 4', reason: 'bad start "yesterday"' }]);
		// 01:30 → 03:10 local on 2024-03-31 is 40 real minutes (02:00–03:00 does not exist).
		expect(r.spans.map((s) => [s.app, s.title, s.start, (s.end - s.start) / 1000])).toEqual([
			['Code', 'main.ts - myrepo - Visual Studio Code', T('2024-03-31T00:30:00Z'), 2400],
			['OUTLOOK', 'Inbox - Outlook', T('2024-03-31T01:10:00Z'), 600]
		]);
		const m = activityMetrics(r.spans, { tz: 'Europe/Berlin' });
		expect(m.perDay).toEqual([{ date: '2024-03-31', activeSeconds: 3000, afkSeconds: 0, focusBlocks: 1, switches: 1, switchesPerHour: 1.2 }]);
	});
	it('Toggl (date + time columns, quoted multi-line description) across the fall-back hour', async () => {
		const r = await parseCsv(file('toggl.csv'), { tz: 'Europe/Berlin' });
		expect(r.variant).toBe('toggl');
		expect(r.skipped).toEqual([]);
		expect(r.spans.map((s) => [s.kind, s.project, s.title, s.start, (s.end - s.start) / 1000])).toEqual([
			['manual', 'myrepo', 'Review PR #12, "auth" fixes', T('2024-10-26T23:30:00Z'), 10800],
			['manual', 'svc', 'Multi-line\nnote', T('2024-10-28T08:00:00Z'), 2700]
		]);
		const m = activityMetrics(r.spans, { tz: 'Europe/Berlin' });
		expect(m.perDay.map((d) => [d.date, d.activeSeconds, d.focusBlocks, d.switchesPerHour])).toEqual([
			['2024-10-27', 10800, 1, 0],
			['2024-10-28', 2700, 1, 1.33]
		]);
	});
	it('without a preset or mapping the error names the header', async () => {
		await expect(parseCsv(file('custom.csv'))).rejects.toThrow(/no CSV preset matches the header \(when, secs, program, window\)/);
	});
});

describe('column mapping', () => {
	it('parses a mapping spec and rejects a bad one', () => {
		expect(parseCsvMap('start=Start date+Start time,duration=Duration,app=Process')).toEqual({ start: ['Start date', 'Start time'], duration: 'Duration', app: 'Process' });
		expect(parseCsvMap('start=a')).toBe('--csv-map needs start and one of end / duration');
		expect(parseCsvMap('begin=a,end=b')).toMatch(/bad entry "begin=a"/);
	});
	it('cli: semicolon CSV with a mapping, offsets kept', async () => {
		const { code, out } = await captureCli(activityCommand, [FIX + 'custom.csv', '--json', '--csv-map', 'start=when,duration=secs,app=program,title=window']);
		expect(code).toBe(0);
		expect(JSON.parse(out)).toEqual([
			{
				path: FIX + 'custom.csv',
				format: 'csv',
				spans: 2,
				activeSeconds: 180,
				afkSeconds: 0,
				perApp: { firefox: 60, kitty: 120 },
				perCategory: { 'browser-docs': 60, terminal: 120 },
				perDay: [{ date: '2025-01-02', activeSeconds: 180, focusBlocks: 0, switchesPerHour: 20 }]
			}
		]);
	});
});
