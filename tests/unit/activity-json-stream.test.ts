// Streaming JSON reader (workers/trackers/json-stream.ts) and the ActivityWatch / WakaTime parsers on
// top of it: same results as JSON.parse through every chunk boundary, truncated and malformed files
// keep what was read before the fault and say where it was.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JsonSplitter, splitJsonStream, type JsonKey, type JsonProblem } from '../../workers/trackers/json-stream';
import { activityWatch, parseExportFile, spansFromExport } from '../../workers/trackers/activitywatch';
import { parseDumpFile, spansFromWakaTime, wakaTime } from '../../workers/trackers/wakatime';
import { memFile as memFileChunked } from './claude-code-helpers';

const memFile = (path: string, data: string | Uint8Array, chunk: number | number[] = [4096]) => memFileChunked(path, data, chunk);

/** A file whose stream hands out chunks of the given sizes, cycling. */

/** Runs the splitter over `bytes` pushed in pieces; split arrays are refilled so the root can be compared whole. */
function splitAll(bytes: Uint8Array, sizes: number[], split: (p: readonly JsonKey[]) => boolean) {
	const bad: { problem: JsonProblem; index: number }[] = [];
	const s = new JsonSplitter({
		split,
		onElement(v, _i, path, parents) {
			(parents[parents.length - 1] as Record<string, unknown[]>)[path[path.length - 1] as string].push(v);
		},
		onBadElement: (problem, index) => void bad.push({ problem, index })
	});
	for (let i = 0, k = 0; i < bytes.length; k++) {
		const n = sizes[k % sizes.length];
		s.push(bytes.slice(i, i + n));
		i += n;
	}
	return { ...s.end(), bad };
}

const enc = (s: string) => new TextEncoder().encode(s);
const eventsOnly = (p: readonly JsonKey[]) => p[p.length - 1] === 'events';
const FIX = 'tests/fixtures/';
const ODD = [1, 2, 3, 5, 7, 11, 13, 4093, 65537];

/** Small LCG: the generated export is the same on every run. */
function lcg(seed: number) {
	let x = seed;
	return () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

const TITLES = [
	'main.ts - myrepo - Visual Studio Code',
	'say "hi" \\ C:\\Users\\dev\\src — pwsh',
	'Café ☕ résumé — Mozilla Firefox',
	'emoji 😀 and 𝄞 clef',
	'tab\tand newline\nand nul \u0000 and \u2028 separator',
	'[brackets] {braces}, "commas", and \\"escaped\\" quotes',
	''
];

/** Non-ASCII characters written as \uXXXX escapes (pairs for astral ones), as some serialisers do. */
const escapeNonAscii = (json: string) => json.replace(/[^\x00-\x7f]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));

/** An all-buckets export of about `n` events mixing every tricky token form. */
function trickyExport(n: number): string {
	const rnd = lcg(42);
	const ev: string[][] = [[], [], []];
	let t = Date.UTC(2025, 0, 6, 8);
	for (let i = 0; i < n; i++) {
		const b = i % 3;
		t += Math.floor(rnd() * 60_000);
		const title = TITLES[Math.floor(rnd() * TITLES.length)];
		const dur = [0, 1.5e1, 1.25e2, 0.000001, 42, 3600.123456789][i % 6];
		const durText = [`0.0`, `1.5e1`, `1.25E+2`, `1e-6`, `42`, `3600.123456789`][i % 6];
		void dur;
		const data =
			b === 0
				? { app: rnd() < 0.5 ? 'Code' : 'firefox', title }
				: b === 1
					? { status: rnd() < 0.7 ? 'not-afk' : 'afk' }
					: { url: `https://example.com/${i}?q=%22x%22`, title, audible: rnd() < 0.1, tabCount: Math.floor(rnd() * 20), ratio: -0.5e-3 };
		let json = `{"timestamp": "${new Date(t).toISOString().replace('Z', '000+00:00')}", "duration": ${durText}, "data": ${JSON.stringify(data)}}`;
		if (i % 4 === 1) json = escapeNonAscii(json);
		// Keys spelled with escapes decode to the same key.
		if (i % 5 === 2) json = json.replace('"title"', '"ti\\u0074le"').replace('"timestamp"', '"\\u0074imestamp"');
		ev[b].push(json);
	}
	const meta = (id: string, type: string) =>
		`"\\u0069d": ${JSON.stringify(id)},\n      "type": "${type}", "client": "c", "hostname": "h\\u00e9",\n      "created": "2024-12-01T08:00:00.000000+00:00", "name": null, "data": {"n": -1.5E-3, "ok": true, "list": [1, [2, {"x": null}]]}`;
	const bucket = (id: string, type: string, events: string[]) => `    ${JSON.stringify(id)}: {\n      ${meta(id, type)},\n      "events": [\n        ${events.reverse().join(',\n        ')}\n      ]\n    }`;
	return `\ufeff{\n  "buckets": {\n${bucket('aw-watcher-window_h\u00e9', 'currentwindow', ev[0])},\n${bucket('aw-watcher-afk_h\u00e9', 'afkstatus', ev[1])},\n${bucket('aw-watcher-web-firefox_h\u00e9', 'web.tab.current', ev[2])}\n  }\n}\n`;
}

describe('JsonSplitter', () => {
	const small = '{"a":[1,{"events":[ {"x":"\\u00e9\\ud83d\\ude00"} , [1,[2]] , "s\\\\\\"" , -1.5e-3 , true , null ]}],"events":[],"k\\u0065y":"v","__proto__":{"p":1}}';
	const bytes = enc(small);
	it('rebuilds the document through every two- and three-way split', () => {
		const want = JSON.parse(small);
		for (let a = 0; a <= bytes.length; a++) {
			const r = splitAll(bytes, [a, bytes.length], eventsOnly);
			expect(r.error).toBeUndefined();
			expect(r.root).toEqual(want);
		}
		for (let a = 1; a < bytes.length; a += 3) {
			for (let b = 1; a + b < bytes.length; b += 5) expect(splitAll(bytes, [a, b, bytes.length], eventsOnly).root).toEqual(want);
		}
	});
	it('hands over elements one by one, keeps [] in their place, and never gives __proto__ a prototype role', () => {
		const seen: unknown[] = [];
		const s = new JsonSplitter({ split: eventsOnly, onElement: (v, i, path) => void seen.push([i, path.join('/'), v]) });
		s.push(bytes);
		const r = s.end();
		expect(seen).toEqual([
			[0, 'a/1/events', { x: 'é😀' }],
			[1, 'a/1/events', [1, [2]]],
			[2, 'a/1/events', 's\\"'],
			[3, 'a/1/events', -0.0015],
			[4, 'a/1/events', true],
			[5, 'a/1/events', null]
		]);
		expect(r.root).toEqual({ a: [1, { events: [] }], events: [], key: 'v', ['__proto__']: { p: 1 } });
		expect(Object.getPrototypeOf(r.root)).toBe(Object.prototype);
		expect(r.elements).toBe(6);
	});
	it('top-level values, a BOM split over chunks, trailing whitespace', () => {
		for (const text of ['42', ' -0.5e2 ', '"x"', 'true', 'null', '[]', '{}', '\ufeff[1, 2]\n']) {
			const b = enc(text);
			const r = splitAll(b, [1], () => false);
			expect(r.error).toBeUndefined();
			expect(r.root).toEqual(JSON.parse(text.replace('\ufeff', '')));
		}
	});
	it('syntax errors outside split arrays stop reading with the byte offset and where', () => {
		const r = splitAll(enc('{"a": 1, "b" 2}'), [3], eventsOnly);
		expect(r.error).toEqual({ offset: 13, path: 'b', message: "unexpected '2' where ':' should be", truncated: false });
		expect(r.root).toEqual({ a: 1 });
		expect(splitAll(enc('{"a": tru}'), [64], eventsOnly).error).toMatchObject({ offset: 6, message: '"tru" is not a JSON value' });
		expect(splitAll(enc('[1] x'), [64], () => false).error).toMatchObject({ offset: 4, message: "unexpected 'x' after the end of the document" });
		expect(splitAll(enc('{"events": [1}'), [64], eventsOnly).error).toMatchObject({ offset: 13, message: "unexpected '}' inside an array" });
	});
	it('a bad element is skipped and reported; its neighbours are kept', () => {
		const text = '{"events": [{"a": 1}, {"a": 2,}, , {"a" 3}, {"a": 4}]}';
		const r = splitAll(enc(text), [5], eventsOnly);
		expect(r.error).toBeUndefined();
		expect(r.root).toEqual({ events: [{ a: 1 }, { a: 4 }] });
		expect(r.bad.map((b) => [b.index, b.problem.offset, b.problem.path, b.problem.message.replace(/ \(.*/, '')])).toEqual([
			[1, 22, 'events[1]', 'not valid JSON'],
			[2, 33, 'events[2]', 'empty element'],
			[3, 35, 'events[3]', 'not valid JSON']
		]);
		expect(splitAll(enc('{"events": [1, 2,]}'), [64], eventsOnly).bad.map((b) => b.problem.message)).toEqual(['empty element']);
	});
	it('elements over the size limit are skipped, memory stays at the limit', () => {
		const big = JSON.stringify({ title: 'x'.repeat(5000) });
		const text = `{"events": [{"a": 1}, ${big}, {"a": 2}, ${big}]}`;
		const bad: number[] = [];
		const got: unknown[] = [];
		const s = new JsonSplitter({ split: eventsOnly, onElement: (v) => void got.push(v), onBadElement: (p, i) => void bad.push(i), maxElementBytes: 1000 });
		const b = enc(text);
		for (let i = 0; i < b.length; i += 97) s.push(b.slice(i, i + 97));
		expect(s.end().error).toBeUndefined();
		expect(got).toEqual([{ a: 1 }, { a: 2 }]);
		expect(bad).toEqual([1, 3]);
	});
	it('the end of the file inside the document is a truncation; a complete last element is still kept', () => {
		let r = splitAll(enc('{"events": [{"a": 1}, {"a": 2}'), [4], eventsOnly);
		expect(r.root).toEqual({ events: [{ a: 1 }, { a: 2 }] });
		expect(r.error).toEqual({ offset: 30, path: 'events[2]', message: 'the file ends inside an array', truncated: true });
		r = splitAll(enc('{"events": [{"a": 1}, {"a": "tw'), [4], eventsOnly);
		expect(r.root).toEqual({ events: [{ a: 1 }] });
		expect(r.bad).toEqual([{ index: 1, problem: { offset: 22, path: 'events[1]', message: 'cut off by the end of the file' } }]);
		r = splitAll(enc('{"meta": {"k": "va'), [4], eventsOnly);
		expect(r.error).toMatchObject({ truncated: true, message: 'the file ends inside a string', path: 'meta.k' });
		expect(splitAll(enc(''), [4], eventsOnly).error).toMatchObject({ truncated: true, offset: 0, message: 'the file ends before any JSON value' });
	});
});

describe('ActivityWatch through the stream', () => {
	it('every fixture gives exactly what JSON.parse gives, in 1-byte and odd-sized chunks', async () => {
		for (const name of ['python-all-buckets.json', 'rust-export.json', 'single-bucket-window.json']) {
			const text = readFileSync(FIX + 'activitywatch/' + name, 'utf8');
			const want = spansFromExport(JSON.parse(text), name);
			for (const sizes of [[1], ODD, [65536]]) expect(await activityWatch.parse(memFile(name, text, sizes))).toEqual(want);
		}
	});
	it('a generated multi-MB export: chunk boundaries split strings, \\u escapes, surrogate pairs, numbers and keys', async () => {
		const text = trickyExport(20_000);
		const bytes = enc(text);
		expect(bytes.length).toBeGreaterThan(3_000_000);
		const doc = JSON.parse(text.slice(1));
		const want = spansFromExport(doc, 'big.json');
		expect(want.spans).toHaveLength(20_000);
		expect(want.spans.some((s) => s.title === 'emoji 😀 and 𝄞 clef')).toBe(true);
		// The reader alone, 1-byte pushes: the whole document comes back.
		const r = splitAll(bytes, [1], eventsOnly);
		expect(r.error).toBeUndefined();
		expect(r.root).toEqual(doc);
		// The parser, odd-sized stream chunks.
		expect(await activityWatch.parse(memFile('big.json', bytes, ODD))).toEqual(want);
		expect(await activityWatch.parse(memFile('big.json', bytes, [65536]))).toEqual(want);
	});
	it('a truncated export keeps the events before the cut and reports the cut with file and byte', async () => {
		const text = readFileSync(FIX + 'activitywatch/single-bucket-window.json', 'utf8');
		const cut = text.indexOf('"kitty"'); // inside the second event
		const second = text.lastIndexOf('{"timestamp"', cut); // the fixture is ASCII: characters are bytes
		const r = await parseExportFile(memFile('cut.json', text.slice(0, cut), [7]));
		expect(r.spans.map((s) => [s.app, (s.end - s.start) / 1000])).toEqual([['Firefox', 15]]);
		expect(r.skipped).toEqual([{ where: 'aw-watcher-window_box2 event 1', reason: `cut off by the end of the file (byte ${second})` }]);
		expect(r.warnings).toEqual([
			`cut.json: the file is cut off at byte ${cut} (buckets.aw-watcher-window_box2.events[1]): the file ends inside an array; the 1 event(s) read before it are kept`
		]);
		// Cut in the second bucket of the Python export: the first bucket is complete, the second partly read.
		const py = readFileSync(FIX + 'activitywatch/python-all-buckets.json', 'utf8');
		const at = py.indexOf('"2025-01-02T09:20:00');
		const p = await parseExportFile(memFile('py.json', py.slice(0, at), ODD));
		expect(p.spans.filter((s) => s.kind === 'window')).toHaveLength(7);
		expect(p.spans.filter((s) => s.kind === 'afk').map((s) => [new Date(s.start).toISOString().slice(11, 16), s.afk])).toEqual([
			['09:30', false],
			['09:35', true],
			['09:50', false]
		]);
		expect(p.warnings[0]).toMatch(/^py\.json: the file is cut off at byte \d+ \(buckets\.aw-watcher-afk_mybox\.events\[3\]\).* the 10 event\(s\) read before it are kept$/);
	});
	it('a malformed event is skipped; a syntax error between buckets stops reading but keeps what was read', async () => {
		const text = readFileSync(FIX + 'activitywatch/single-bucket-window.json', 'utf8');
		const broken = text.replace('"duration":0.0,', '"duration":0.0,,');
		const r = await parseExportFile(memFile('b.json', broken, [5]));
		expect(r.spans).toHaveLength(2);
		expect(r.skipped).toHaveLength(1);
		expect(r.skipped[0].where).toBe('aw-watcher-window_box2 event 1');
		expect(r.skipped[0].reason).toMatch(/^not valid JSON \(.*\) \(byte (\d+)\)$/);
		expect(r.skipped[0].reason.endsWith(`(byte ${broken.lastIndexOf('{"timestamp"', broken.indexOf(',,'))})`)).toBe(true);
		expect(r.warnings).toEqual([]);
		const stop = await parseExportFile(memFile('s.json', text.replace(']}}}', ']} x}}')));
		expect(stop.spans).toHaveLength(3);
		expect(stop.warnings).toEqual([`s.json: not valid JSON at byte ${text.length - 2} (buckets.aw-watcher-window_box2): unexpected 'x' where ',' or '}' should be; the 3 event(s) read before it are kept`]);
	});
	it('events before their bucket’s metadata are held until the bucket is complete', async () => {
		const doc = { buckets: { b_x: { events: [{ timestamp: '2025-01-01T00:00:00Z', duration: 2, data: { status: 'afk' } }], type: 'afkstatus', hostname: 'late', id: 'b_x' } } };
		const r = await parseExportFile(memFile('late.json', JSON.stringify(doc), [3]));
		expect(r).toEqual(spansFromExport(doc, 'late.json'));
		expect(r.spans[0]).toMatchObject({ kind: 'afk', afk: true, host: 'late' });
	});
	it('shapes that are not exports', async () => {
		expect((await parseExportFile(memFile('a.json', '[1, 2]'))).warnings).toEqual(['not an ActivityWatch export: top level is not an object']);
		expect((await parseExportFile(memFile('b.json', '{"buckets": 3}'))).warnings).toEqual(['not an ActivityWatch export: no "buckets"']);
		const bare = { id: 'aw-watcher-window_q', type: 'currentwindow', hostname: 'q', events: [{ timestamp: '2025-01-01T00:00:00Z', duration: 1, data: { app: 'x' } }] };
		expect(await parseExportFile(memFile('c.json', JSON.stringify(bare), [2]))).toEqual(spansFromExport(bare, 'c.json'));
	});
});

describe('WakaTime through the stream', () => {
	it('every fixture gives exactly what JSON.parse gives, in 1-byte and odd-sized chunks', async () => {
		for (const name of ['heartbeats-dump.json', 'daily-dump.json', 'wakapi-heartbeats.json']) {
			const text = readFileSync(FIX + 'wakatime/' + name, 'utf8');
			for (const opts of [{}, { timeoutMinutes: 10 }]) {
				const want = spansFromWakaTime(JSON.parse(text), name, opts);
				for (const sizes of [[1], ODD]) expect(await wakaTime.parse(memFile(name, text, sizes), opts)).toEqual(want);
			}
		}
	});
	it('a data array whose elements are not heartbeats is not read as one', async () => {
		const r = await parseDumpFile(memFile('x.json', '{"data": [{"time": 1}, {"x": 1}]}'));
		expect(r.warnings).toEqual(['not a WakaTime export']);
	});
	it('a truncated heartbeats dump keeps the heartbeats before the cut', async () => {
		const text = readFileSync(FIX + 'wakatime/heartbeats-dump.json', 'utf8');
		const cut = text.indexOf('"time": 1704099900');
		const second = Buffer.byteLength(text.slice(0, text.lastIndexOf('{', cut)));
		const r = await parseDumpFile(memFile('hb.json', text.slice(0, cut), ODD));
		expect(r.spans.map((s) => [s.file, s.start, s.end])).toEqual([['/home/dev/myrepo/src/a.ts', 1704099600_000, 1704099600_000]]);
		expect(r.skipped).toEqual([{ where: 'days[0].heartbeats[1]', reason: `cut off by the end of the file (byte ${second})` }]);
		expect(r.warnings).toEqual([
			'heartbeats joined with a 15-minute timeout',
			`hb.json: the file is cut off at byte ${cut} (days[0].heartbeats[1]): the file ends inside an array; the 1 heartbeat(s) read before it are kept`
		]);
	});
});

describe('splitJsonStream', () => {
	it('reads the whole stream even after an error (callers fingerprint every byte)', async () => {
		let pulled = 0;
		const chunks = ['{"a": 1 x', '"more"', ' bytes'].map(enc);
		const stream = new ReadableStream<Uint8Array>({
			pull(c) {
				if (pulled < chunks.length) c.enqueue(chunks[pulled++]);
				else c.close();
			}
		});
		const r = await splitJsonStream(stream, { split: () => false, onElement: () => {} });
		expect(r.error?.offset).toBe(8);
		expect(pulled).toBe(3);
	});
});
