// Tracker exports through the import path into IndexedDB (fake-indexeddb): picked out of a drop,
// chunked, all-or-nothing, "already imported", a newer export replacing the older one's range,
// and CSVs that need a column mapping.

import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { HindsightDB } from '../../src/lib/db/schema';
import { beginImport, commitImport, rollbackImport } from '../../src/lib/db/imports';
import { activityExtent, chunkSpans, chunkSpansOf, spansBetween } from '../../src/lib/db/activity';
import { ingestTrackers } from '../../workers/activity-ingest';
import { classifyInputs } from '../../workers/classify';
import { activityMetrics } from '../../src/lib/analysis/activity-metrics';
import type { ActivitySpan } from '../../src/lib/model/activity';
import { columnsSignature, type CsvMapping } from '../../workers/trackers/csv';
import type { TrackerOptions } from '../../workers/trackers/types';
import { memFile as memFileChunked } from './claude-code-helpers';
import type { InputFile } from '../../workers/formats/types';

const memFile = (path: string, data: string | Uint8Array, chunk: number | number[] = 4096) => memFileChunked(path, data, chunk);

let db: HindsightDB;
let n = 0;
beforeEach(async () => {
	db = new HindsightDB(`act-${n++}`);
	await db.open();
});


const iso = (ms: number) => new Date(ms).toISOString();
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

/** An all-buckets export in the Python server's shape: a window and an AFK bucket, newest first. */
function awExport(host: string, fromMin: number, toMin: number): string {
	const win: unknown[] = [];
	const afk: unknown[] = [];
	for (let m = fromMin; m < toMin; m++) {
		win.push({ timestamp: iso(T0 + m * 60_000), duration: 60, data: { app: m % 10 < 7 ? 'Code' : 'firefox', title: m % 10 < 7 ? 'main.ts - hindsight - Visual Studio Code' : 'MDN Web Docs' } });
	}
	afk.push({ timestamp: iso(T0 + fromMin * 60_000), duration: (toMin - fromMin) * 60, data: { status: 'not-afk' } });
	const bucket = (id: string, type: string, events: unknown[]) => ({ id, created: iso(T0), name: null, type, client: id.split('_')[0], hostname: host, events: events.reverse() });
	return JSON.stringify({
		buckets: {
			[`aw-watcher-window_${host}`]: bucket(`aw-watcher-window_${host}`, 'currentwindow', win),
			[`aw-watcher-afk_${host}`]: bucket(`aw-watcher-afk_${host}`, 'afkstatus', afk)
		}
	});
}

async function runImport(id: string, files: InputFile[], mappings: Record<string, CsvMapping> = {}, opts: TrackerOptions = {}) {
	const split = await classifyInputs(files, mappings);
	await beginImport(db, id, 'test');
	const act = await ingestTrackers(
		split.trackerFiles,
		id,
		{
			known: async (h) => (await db.sources.where('hash').equals(h).count()) > 0,
			write: async (chunks) => void (await db.activityChunks.bulkPut(chunks))
		},
		opts
	);
	const summary = await commitImport(db, id, [], act.files, (f) => f.path, new Map(), {
		activity: { ranges: act.ranges, spans: act.spans, dailyTotals: act.dailyTotals, csvNeedsMapping: split.csvPending }
	});
	return { split, summary };
}

const DAY = [T0 - 3600_000, T0 + 24 * 3600_000] as const;

describe('activity import', () => {
	it('stores an ActivityWatch export and reads back the same active time', async () => {
		const text = awExport('laptop', 0, 120);
		const { split, summary } = await runImport('i1', [memFile('aw-export.json', text)]);
		expect(split.trackerFiles.map((t) => t.tracker.id)).toEqual(['activitywatch']);
		expect(summary).toMatchObject({ alreadyImported: false, filesImported: 1, activitySpans: 121, sessionsAdded: 0 });
		const spans = await spansBetween(db, ...DAY);
		expect(spans).toHaveLength(121);
		expect(spans.find((s) => s.kind === 'window')).toMatchObject({ tracker: 'activitywatch', sourceFile: 'aw-export.json', host: 'laptop', bucket: 'aw-watcher-window_laptop', app: 'Code' });
		expect(activityMetrics(spans).activeSeconds).toBe(120 * 60);
		const src = await db.sources.get('aw-export.json');
		expect(src).toMatchObject({ kind: 'tracker', format: 'activitywatch', records: 121 });
		expect(await activityExtent(db)).toEqual({ start: T0, end: T0 + 120 * 60_000 });
	});

	it('says "already imported" for the same export and writes nothing twice', async () => {
		const text = awExport('laptop', 0, 60);
		await runImport('i1', [memFile('aw.json', text)]);
		const again = await runImport('i2', [memFile('aw-copy.json', text)]);
		expect(again.summary.alreadyImported).toBe(true);
		expect(await spansBetween(db, ...DAY)).toHaveLength(61);
		expect(await db.activityChunks.count()).toBe(2);
	});

	it('a newer export of the same buckets replaces the overlap instead of counting it twice', async () => {
		await runImport('i1', [memFile('aw-monday.json', awExport('laptop', 0, 60))]);
		await runImport('i2', [memFile('aw-later.json', awExport('laptop', 30, 90))]);
		const spans = await spansBetween(db, ...DAY);
		const m = activityMetrics(spans);
		// Minutes 0–89 once each: 30 from the first export kept, 60 from the second.
		expect(m.activeSeconds).toBe(90 * 60);
		expect(spans.filter((s) => s.kind === 'window' && s.sourceFile === 'aw-monday.json')).toHaveLength(30);
	});

	it('another host is a separate stream and is kept', async () => {
		await runImport('i1', [memFile('a.json', awExport('laptop', 0, 60))]);
		await runImport('i2', [memFile('b.json', awExport('desktop', 0, 60))]);
		const spans = await spansBetween(db, ...DAY);
		expect(new Set(spans.map((s) => s.host))).toEqual(new Set(['laptop', 'desktop']));
		expect(spans).toHaveLength(122);
	});

	it('a rolled-back import leaves no spans behind, and unfinished imports are invisible', async () => {
		const split = await classifyInputs([memFile('aw.json', awExport('laptop', 0, 30))]);
		await beginImport(db, 'i1', 'test');
		await ingestTrackers(split.trackerFiles, 'i1', { known: async () => false, write: async (c) => void (await db.activityChunks.bulkPut(c)) });
		expect(await db.activityChunks.count()).toBeGreaterThan(0);
		expect(await spansBetween(db, ...DAY)).toHaveLength(0);
		await rollbackImport(db, 'i1');
		expect(await db.activityChunks.count()).toBe(0);
	});

	it('lists a CSV no preset reads, and imports it once a mapping is saved for its header', async () => {
		const csv = 'When,Until,Program,Window\n2026-03-02T09:00:00Z,2026-03-02T09:30:00Z,Code,a.ts\n2026-03-02T09:30:00Z,2026-03-02T09:45:00Z,Slack,general\n';
		const first = await runImport('i1', [memFile('my-tracker.csv', csv)]);
		expect(first.summary.csvNeedsMapping).toEqual([{ path: 'my-tracker.csv', columns: ['When', 'Until', 'Program', 'Window'], signature: columnsSignature(['When', 'Until', 'Program', 'Window']) }]);
		expect(first.summary.filesImported).toBe(0);
		const mapping: CsvMapping = { start: 'When', end: 'Until', app: 'Program', title: 'Window' };
		const second = await runImport('i2', [memFile('my-tracker.csv', csv)], { [first.summary.csvNeedsMapping[0].signature]: mapping });
		expect(second.summary).toMatchObject({ filesImported: 1, activitySpans: 2, csvNeedsMapping: [] });
		const m = activityMetrics(await spansBetween(db, ...DAY));
		expect(m.perApp).toEqual({ Code: 1800, Slack: 900 });
	});

	it('session logs keep priority over tracker detection', async () => {
		const line = JSON.stringify({ type: 'user', sessionId: 's', uuid: 'u', timestamp: iso(T0), message: { role: 'user', content: 'hi' }, cwd: '/x', version: '2.0.0' });
		const split = await classifyInputs([memFile('s.jsonl', line + '\n'), memFile('notes.txt', 'hello')]);
		expect(split.sessionFiles.map((f) => f.path)).toEqual(['s.jsonl', 'notes.txt']);
		expect(split.trackerFiles).toHaveLength(0);
	});

	it('a broken export is reported on its source and does not stop the others', async () => {
		const { summary } = await runImport('i1', [memFile('broken.json', '{"buckets": {"aw-watcher-window_x": {"type": "currentwindow", "events": [ {"timestamp": '), memFile('ok.json', awExport('x', 0, 10))]);
		expect(summary.filesImported).toBe(2);
		expect(summary.activitySpans).toBe(11);
		const broken = await db.sources.get('broken.json');
		expect(broken?.warnings.join(' ')).toMatch(/broken\.json/);
	});

	it('the same WakaTime dump read with another heartbeat timeout is imported again and replaces its spans', async () => {
		const t0 = Date.UTC(2026, 2, 2, 9) / 1000;
		// Heartbeats every 5 minutes for an hour, then one after a 10-minute gap.
		const times = [...Array.from({ length: 13 }, (_, i) => t0 + i * 300), t0 + 3600 + 600];
		const hb = (time: number) => ({ entity: '/src/app.ts', type: 'file', category: 'coding', time, project: 'api', language: 'TypeScript', is_write: false, user_agent_id: 'vscode', machine_name_id: 'laptop' });
		const dump = JSON.stringify({ user: { username: 'dev' }, range: { start: t0, end: t0 + 86400 }, days: [{ date: '2026-03-02', heartbeats: times.map(hb) }] });
		const first = await runImport('i1', [memFile('heartbeats.json', dump)], {}, { timeoutMinutes: 15 });
		expect(first.split.trackerFiles[0].tracker.id).toBe('wakatime');
		const active15 = activityMetrics(await spansBetween(db, ...DAY)).activeSeconds;
		expect(active15).toBe(3600 + 600);
		const same = await runImport('i2', [memFile('heartbeats.json', dump)], {}, { timeoutMinutes: 15 });
		expect(same.summary.alreadyImported).toBe(true);
		const shorter = await runImport('i3', [memFile('heartbeats.json', dump)], {}, { timeoutMinutes: 6 });
		expect(shorter.summary.alreadyImported).toBe(false);
		expect(activityMetrics(await spansBetween(db, ...DAY)).activeSeconds).toBe(3600);
	});

	it('chunks hold at most the chunk size and keep shared fields once', () => {
		const spans: ActivitySpan[] = Array.from({ length: 5 }, (_, i) => ({ tracker: 'activitywatch', sourceFile: 'f', bucket: 'b', host: 'h', kind: 'window', start: i * 10, end: i * 10 + 5, app: 'A' }));
		const { chunks, ranges } = chunkSpans(spans, 'f', 'imp', 2);
		expect(chunks.map((c) => c.count)).toEqual([2, 2, 1]);
		// Columns, with the shared fields once on the chunk; read back, the spans are the ones written.
		expect(chunks[0]).toMatchObject({ tracker: 'activitywatch', sourceId: 'f', bucket: 'b', host: 'h', count: 2 });
		expect([...chunks[1].spans.start]).toEqual([20, 30]);
		expect(chunks[0].spans.text).toEqual({ app: ['A', 'A'] });
		expect(chunks.flatMap(chunkSpansOf)).toEqual(spans);
		expect(ranges.get('activitywatch|h|b')).toEqual({ start: 0, end: 45 });
	});
});
