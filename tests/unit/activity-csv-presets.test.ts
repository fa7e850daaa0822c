// RescueTime and Timing CSV presets, the header signature a column mapping is saved under, reading a
// CSV header from a file, and the first guess at a mapping for the mapping dialog (workers/trackers/csv).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvHeaderSignature, csvTracker, parseCsv, readCsvHeader, suggestMapping } from '../../workers/trackers/csv';
import { activityMetrics } from '../../src/lib/analysis/activity-metrics';
import { memFile as memFileChunked } from './claude-code-helpers';

const memFile = (path: string, data: string | Uint8Array, chunk: number | number[] = 5) => memFileChunked(path, data, chunk);

const FIX = 'tests/fixtures/csv/';
const fixture = (name: string) => memFile(name, readFileSync(FIX + name));
const T = Date.parse;
const US = '\u001f';

describe('RescueTime preset', () => {
	it('detects the activity export by its header', () => {
		expect(csvTracker.detect(readFileSync(FIX + 'rescuetime.csv', 'utf8'), 'x.csv')).toBe(true);
	});
	it('lays the activities of one hourly bucket end to end from the hour, in the account’s zone', async () => {
		const r = await parseCsv(fixture('rescuetime.csv'), { tz: 'Europe/Berlin' });
		expect(r.variant).toBe('rescuetime');
		expect(r.skipped).toEqual([{ where: 'line 8', reason: 'no end and no duration' }]);
		expect(r.spans.map((s) => [s.app, s.url, s.start, (s.end - s.start) / 1000, s.attrs])).toEqual([
			['Visual Studio Code', undefined, T('2024-03-04T08:00:00Z'), 1500, { category: 'Editing & IDEs', productivity: 2 }],
			['browser', 'github.com', T('2024-03-04T08:25:00Z'), 600, { category: 'General Software Development', productivity: 2 }],
			['Slack', undefined, T('2024-03-04T08:35:00Z'), 300, { category: 'Instant Message', productivity: 0 }],
			['iTerm2', undefined, T('2024-03-04T09:00:00Z'), 2400, { category: 'Systems Operations', productivity: 2 }],
			['browser', 'docs.rs', T('2024-03-04T09:40:00Z'), 180, { category: 'Reference & Learning', productivity: 1 }],
			['browser', 'youtube.com', T('2024-03-04T09:43:00Z'), 45, { category: 'Video', productivity: -2 }]
		]);
		expect(r.spans.every((s) => s.kind === 'window' && s.bucket === 'rescuetime')).toBe(true);
	});
	it('every second of the export counts once in the metrics', async () => {
		const r = await parseCsv(fixture('rescuetime.csv'), { tz: 'Europe/Berlin' });
		const m = activityMetrics(r.spans, { tz: 'Europe/Berlin' });
		expect(m.activeSeconds).toBe(5025);
		expect(m.perCategory).toEqual({ editor: 1500, 'browser-docs': 780, chat: 300, terminal: 2400, 'browser-other': 45 });
		expect(m.perApp).toEqual({ 'Visual Studio Code': 1500, browser: 825, Slack: 300, iTerm2: 2400 });
	});
});

describe('Timing preset', () => {
	it('app activity with start and end, path as file or URL, duration when the end is missing', async () => {
		const r = await parseCsv(fixture('timing.csv'), { tz: 'Europe/Berlin' });
		expect(r.variant).toBe('timing');
		expect(r.skipped).toEqual([{ where: 'line 6', reason: 'end before start' }]);
		expect(r.spans.map((s) => [s.app, s.title, s.file, s.url, s.project, s.start, (s.end - s.start) / 1000])).toEqual([
			['Xcode', 'AppDelegate.swift', '/Users/dev/src/app/App/AppDelegate.swift', undefined, 'App', T('2024-03-04T08:00:00Z'), 1200],
			['Safari', 'Swift.org - Documentation', undefined, 'https://www.swift.org/documentation/', 'App', T('2024-03-04T08:20:00Z'), 330],
			['Terminal', 'dev — -zsh — 80×24', '/Users/dev/src/app', undefined, undefined, T('2024-03-04T08:25:30Z'), 270],
			['Slack', 'general, random', undefined, undefined, 'Admin', T('2024-03-04T08:30:00Z'), 600]
		]);
		const m = activityMetrics(r.spans, { tz: 'Europe/Berlin' });
		expect(m.perCategory).toEqual({ editor: 1200, 'browser-docs': 330, terminal: 270, chat: 600 });
	});
	it('a report with fewer columns (they are user-chosen) and another delimiter', async () => {
		const csv = 'Application;Start Date;End Date\n"Xcode";2024-03-04T09:00:00Z;2024-03-04T09:01:00Z\n';
		const r = await parseCsv(memFile('t.csv', csv));
		expect(r.variant).toBe('timing');
		expect(r.spans.map((s) => [s.app, s.start, s.end])).toEqual([['Xcode', T('2024-03-04T09:00:00Z'), T('2024-03-04T09:01:00Z')]]);
	});
});

describe('header signature', () => {
	const rt = readFileSync(FIX + 'rescuetime.csv', 'utf8').split('\n')[0];
	it('normalized, lower-cased, sorted column names joined with U+001F', () => {
		expect(csvHeaderSignature(rt)).toBe(['activity', 'category', 'date', 'number of people', 'productivity', 'time spent (seconds)'].join(US));
		expect(csvHeaderSignature('\uFEFF"when";secs ; Program;WINDOW\n')).toBe(['program', 'secs', 'when', 'window'].join(US));
	});
	it('the same columns in another order or case give the same signature; others do not', () => {
		expect(csvHeaderSignature('Productivity,CATEGORY,Activity,Number of People,Time Spent (seconds),Date')).toBe(csvHeaderSignature(rt));
		expect(csvHeaderSignature('Date,Time Spent (seconds),Activity')).not.toBe(csvHeaderSignature(rt));
		expect(csvHeaderSignature('"a,b",c')).not.toBe(csvHeaderSignature('a,b,c'));
	});
});

describe('readCsvHeader', () => {
	it('columns and delimiter of the fixtures', async () => {
		expect(await readCsvHeader(fixture('custom.csv'))).toEqual({ columns: ['when', 'secs', 'program', 'window'], delimiter: ';', signature: ['program', 'secs', 'when', 'window'].join(US) });
		const m = await readCsvHeader(fixture('manictime.csv'));
		expect(m.columns).toEqual(['Name', 'Start', 'End', 'Duration', 'Process']);
		expect(m.delimiter).toBe(',');
	});
	it('a quoted column name with a line break, tabs, and a header that never ends', async () => {
		const r = await readCsvHeader(memFile('q.tsv', 'start\t"window\ntitle"\tsecs\r\n2024-01-01T00:00:00Z\tx\t5\r\n', 3));
		expect(r).toEqual({ columns: ['start', 'window\ntitle', 'secs'], delimiter: '\t', signature: ['secs', 'start', 'window\ntitle'].join(US) });
		await expect(readCsvHeader(memFile('big.csv', '"' + 'x'.repeat(70_000), 4096))).rejects.toThrow('big.csv: no complete CSV header in the first 65536 bytes');
		await expect(readCsvHeader(memFile('e.csv', '\nx,y\n'))).rejects.toThrow('e.csv: the first line is empty, not a CSV header');
	});
});

describe('suggestMapping', () => {
	it('a preset’s mapping, in the file’s own spelling, when one fits', () => {
		expect(suggestMapping(['User', 'Email', 'Project', 'Description', 'Start date', 'Start time', 'End date', 'End time', 'Duration'])).toEqual({
			start: ['Start date', 'Start time'],
			end: ['End date', 'End time'],
			duration: 'Duration',
			project: 'Project',
			title: 'Description',
			kind: 'manual'
		});
		expect(suggestMapping(['start date', 'end date', 'application', 'title'])).toEqual({ start: 'start date', end: 'end date', app: 'application', title: 'title', kind: 'window' });
	});
	it('guesses by name otherwise, each column once', () => {
		expect(suggestMapping(['when', 'secs', 'program', 'window'])).toEqual({ start: 'when', duration: 'secs', app: 'program', title: 'window' });
		expect(suggestMapping(['Date', 'Time', 'Duration', 'Application', 'Window Title', 'Project', 'URL'])).toEqual({
			start: ['Date', 'Time'],
			duration: 'Duration',
			app: 'Application',
			title: 'Window Title',
			project: 'Project',
			url: 'URL'
		});
		expect(suggestMapping(['started_at', 'ended_at', 'app_name', 'title', 'repo', 'notes'])).toEqual({ start: 'started_at', end: 'ended_at', app: 'app_name', title: 'title', project: 'repo' });
		expect(suggestMapping(['Start Date', 'Finish', 'Task'])).toEqual({ start: 'Start Date', end: 'Finish', title: 'Task' });
		expect(suggestMapping(['a', 'b'])).toEqual({});
	});
});
