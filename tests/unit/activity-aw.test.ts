// ActivityWatch export parsing (workers/trackers/activitywatch) on hand-written fixtures in the real
// shapes: Python all-buckets (pretty, µs `+00:00`), Rust (ids, `Z`, metadata), single bucket (compact).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { activityWatch, spansFromExport } from '../../workers/trackers/activitywatch';
import { parseIsoMs, readJsonDocument, TrackerInputError } from '../../workers/trackers/types';
import { detectTracker } from '../../workers/trackers/registry';
import { memFile as memFileChunked } from './claude-code-helpers';

const memFile = (path: string, data: string | Uint8Array, chunk: number | number[] = 7) => memFileChunked(path, data, chunk);

const FIX = 'tests/fixtures/activitywatch/';
const text = (name: string) => readFileSync(FIX + name, 'utf8');
const parse = (name: string) => spansFromExport(JSON.parse(text(name)), name);


describe('parseIsoMs', () => {
	it('reads Python µs, Rust ns and offset forms to the same ms', () => {
		const ms = Date.UTC(2025, 0, 2, 9, 0, 5, 120);
		expect(parseIsoMs('2025-01-02T09:00:05.120000+00:00')).toBe(ms);
		expect(parseIsoMs('2025-01-02T09:00:05.120Z')).toBe(ms);
		expect(parseIsoMs('2025-01-02T09:00:05.120999999Z')).toBe(ms);
		expect(parseIsoMs('2025-01-02T11:00:05.12+02:00')).toBe(ms);
		expect(parseIsoMs('2025-01-02T04:00:05.120-0500')).toBe(ms);
		expect(parseIsoMs('yesterday')).toBeUndefined();
	});
});

describe('detect', () => {
	it('accepts all three fixtures and rejects other JSON', () => {
		for (const f of ['python-all-buckets.json', 'rust-export.json', 'single-bucket-window.json']) {
			expect(activityWatch.detect(text(f).slice(0, 65536), f)).toBe(true);
		}
		expect(activityWatch.detect('{"buckets": 3', 'x.json')).toBe(false);
		expect(activityWatch.detect('{"sessions": [], "type": "currentwindow"}', 'x.json')).toBe(false);
		expect(activityWatch.detect('{"user": {}, "days": []}', 'x.json')).toBe(false);
	});
	it('registry picks ActivityWatch from a stream head', async () => {
		const m = await detectTracker(memFile('a.json', text('single-bucket-window.json')));
		expect(m?.id).toBe('activitywatch');
		expect(await detectTracker(memFile('b.json', '{"days": []}'))).toBeUndefined();
	});
});

describe('Python all-buckets export', () => {
	const r = parse('python-all-buckets.json');
	it('keeps every bucket, sorts ascending, drops the exact duplicate AFK event', () => {
		expect(r.spans).toHaveLength(15);
		expect(r.warnings).toEqual(['aw-watcher-afk_mybox: 1 exact duplicate event(s) dropped']);
		for (let i = 1; i < r.spans.length; i++) expect(r.spans[i].start).toBeGreaterThanOrEqual(r.spans[i - 1].start);
		const kinds = r.spans.reduce<Record<string, number>>((m, s) => ((m[s.kind] = (m[s.kind] ?? 0) + 1), m), {});
		expect(kinds).toEqual({ window: 7, afk: 6, web: 1, editor: 1 });
	});
	it('keeps zero-length window events (switch markers)', () => {
		const zero = r.spans.filter((s) => s.kind === 'window' && s.end === s.start);
		expect(zero).toHaveLength(1);
		expect(zero[0].app).toBe('firefox');
		expect(zero[0].start).toBe(Date.UTC(2025, 0, 2, 9, 1, 1));
	});
	it('maps AFK status and the overlapping not-afk event', () => {
		const afk = r.spans.filter((s) => s.kind === 'afk');
		expect(afk.map((s) => s.afk)).toEqual([false, false, true, false, true, false]);
		expect(afk[1]).toMatchObject({ start: Date.UTC(2025, 0, 2, 9, 10), end: Date.UTC(2025, 0, 2, 9, 20) });
	});
	it('reads VS Code editor and web fields', () => {
		const ed = r.spans.find((s) => s.kind === 'editor')!;
		expect(ed).toMatchObject({ host: 'mybox', file: '/home/dev/myrepo/src/main.ts', project: '/home/dev/myrepo', language: 'typescript', branch: 'main' });
		expect(ed.end - ed.start).toBe(59_000);
		const web = r.spans.find((s) => s.kind === 'web')!;
		expect(web).toMatchObject({ url: 'https://news.ycombinator.com/', title: 'Hacker News', attrs: { audible: false, incognito: false, tabCount: 4 } });
		expect(web.start).toBe(Date.UTC(2025, 0, 2, 9, 3, 1, 500));
	});
});

describe('Rust export', () => {
	const r = parse('rust-export.json');
	it('ignores event ids for identity (duplicate with another id dropped), reads Z and float durations', () => {
		expect(r.spans).toHaveLength(7);
		expect(r.warnings).toEqual(['aw-watcher-afk_laptop: 1 exact duplicate event(s) dropped']);
		const w = r.spans.filter((s) => s.kind === 'window');
		expect(w[0]).toMatchObject({ app: 'Code.exe', start: Date.UTC(2025, 2, 10, 10), end: Date.UTC(2025, 2, 10, 10, 30, 0, 500) });
	});
	it('reads JetBrains fields (full path preferred) and keeps commit/state in attrs', () => {
		const jb = r.spans.find((s) => s.bucket === 'aw-watcher-intellij-idea_laptop')!;
		expect(jb).toMatchObject({ kind: 'editor', app: 'IntelliJ IDEA', file: 'C:\\src\\svc\\Main.kt', project: 'svc', language: 'Kotlin', branch: 'main' });
		expect(jb.attrs).toMatchObject({ commit: '0123456789abcdef0123456789abcdef01234567', state: 'CLEAN', sourceUrl: 'git@example.com:acme/svc.git' });
	});
	it('keeps input counts', () => {
		const inp = r.spans.find((s) => s.kind === 'input')!;
		expect(inp.attrs).toEqual({ presses: 12, clicks: 1, deltaX: 30, deltaY: 4, scrollX: 0, scrollY: 0 });
	});
});

describe('robustness', () => {
	it('single-bucket compact export, host from bucket', () => {
		const r = parse('single-bucket-window.json');
		expect(r.spans.map((s) => [s.app, (s.end - s.start) / 1000])).toEqual([
			['kitty', 30],
			['kitty', 0],
			['Firefox', 15]
		]);
		expect(r.spans.every((s) => s.host === 'box2')).toBe(true);
	});
	it('counts bad events instead of failing, accepts a bare bucket and an array of buckets', () => {
		const bad = spansFromExport(
			{ id: 'aw-watcher-afk_h', type: 'afkstatus', events: [{ timestamp: 'nope', duration: 1, data: {} }, { timestamp: '2025-01-01T00:00:00Z', duration: -1 }, 5, { timestamp: '2025-01-01T00:00:00Z', duration: 2, data: { status: 'hibernating' } }] },
			'x'
		);
		expect(bad.skipped.map((s) => s.reason)).toEqual(['bad timestamp', 'bad duration', 'not an object']);
		expect(bad.spans).toHaveLength(1);
		expect(bad.spans[0]).toMatchObject({ afk: true, host: 'h' });
		const arr = spansFromExport({ buckets: [{ id: 'b_h', type: 'currentwindow', events: [{ timestamp: '2025-01-01T00:00:00Z', duration: 1, data: { app: 'unknown' } }] }] }, 'x');
		expect(arr.spans).toHaveLength(1);
		expect(arr.spans[0].app).toBeUndefined();
	});
	it('reads a document split into small chunks, and refuses one over the cap with a clear error', async () => {
		const doc = await readJsonDocument(memFile('p.json', text('python-all-buckets.json'), 3));
		expect(spansFromExport(doc, 'p.json').spans).toHaveLength(15);
		await expect(readJsonDocument(memFile('big.json', '{"buckets":{}}'), 5)).rejects.toThrow(TrackerInputError);
		await expect(readJsonDocument(memFile('big.json', '{"buckets":{}}'), 5)).rejects.toThrow(/over the 5-byte limit/);
		await expect(readJsonDocument(memFile('bad.json', '{"buckets":'))).rejects.toThrow(/not valid JSON/);
	});
});
