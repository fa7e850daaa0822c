// The fast paths of ActivityWatch reading, checked against plain reference versions: parseIsoMs's
// character-code path against the regex alone, and the span builder (one pass over the data's keys,
// duplicate check on a time-ordered log or a hash table, spans that stand in for their data) against
// a field-by-field builder with a Set of canonical keys. Results must be the same to the byte.

import { describe, expect, it } from 'vitest';
import { parseExportFile, spansFromExport } from '../../workers/trackers/activitywatch';
import { canonicalJson, parseIsoMs, parseIsoMsRegex } from '../../workers/trackers/types';
import type { ActivitySpan } from '../../src/lib/model/activity';
import { memFile as memFileChunked } from './claude-code-helpers';

const memFile = (path: string, data: string | Uint8Array, chunk: number | number[] = 4096) => memFileChunked(path, data, chunk);


/** Small deterministic generator (the same cases on every run). */
function rng(seed: number) {
	let x = seed >>> 0;
	const next = (n: number) => {
		x = (Math.imul(x, 1103515245) + 12345) >>> 0;
		return (x >>> 8) % n;
	};
	return { next, pick: <T>(a: readonly T[]): T => a[next(a.length)] };
}

describe('parseIsoMs fast path', () => {
	it('reads the exporters’ shapes: µs, ns, ms, short and no fraction, Z and offsets', () => {
		const ms = Date.UTC(2025, 0, 2, 9, 0, 5, 120);
		expect(parseIsoMs('2025-01-02T09:00:05.120000+00:00')).toBe(ms);
		expect(parseIsoMs('2025-01-02T09:00:05.120999999Z')).toBe(ms);
		expect(parseIsoMs('2025-01-02T09:00:05.12Z')).toBe(ms);
		expect(parseIsoMs('2025-01-02T09:00:05,120z')).toBe(ms);
		expect(parseIsoMs('2025-01-02t09:00:05.1Z')).toBe(ms - 20);
		expect(parseIsoMs('2025-01-02 09:00:05.120')).toBe(ms);
		expect(parseIsoMs('2025-01-02T09:00:05Z')).toBe(ms - 120);
		expect(parseIsoMs('2025-01-02T09:00:05')).toBe(ms - 120);
		expect(parseIsoMs('2025-01-02T14:30:05.120+05:30')).toBe(ms);
		expect(parseIsoMs('2025-01-02T04:00:05.120-0500')).toBe(ms);
		expect(parseIsoMs('2025-01-02T09:00:05.120-00:00')).toBe(ms);
		expect(parseIsoMs('1969-12-31T23:59:59.999Z')).toBe(-1);
		expect(parseIsoMs('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
		expect(parseIsoMs('0100-03-01T00:00:00Z')).toBe(Date.UTC(100, 2, 1) - 0);
		expect(parseIsoMs('9999-12-31T23:59:59.999Z')).toBe(Date.UTC(9999, 11, 31, 23, 59, 59, 999));
	});

	it('rolls over out-of-range days and times as Date.UTC does', () => {
		expect(parseIsoMs('2025-02-30T00:00:00Z')).toBe(Date.UTC(2025, 1, 30));
		expect(parseIsoMs('2025-01-00T24:60:60Z')).toBe(Date.UTC(2025, 0, 0, 24, 60, 60));
		expect(parseIsoMs('2023-02-29T00:00:00Z')).toBe(Date.UTC(2023, 2, 1));
	});

	it('leaves other shapes to the regex, with its results', () => {
		for (const s of [
			' 2025-01-02T09:00:05Z ', // blanks around
			'2025-01-02T09:00:05 Z', // blank before the zone
			'2025-01-02T09:00:05 +01:00',
			'2025-01-02T09:00', // no seconds
			'2025-01-02T09:00Z',
			'0050-06-01T00:00:00Z', // Date.UTC reads years 0–99 as 1900–1999
			'2025-13-01T00:00:00Z', // month 13 carries into the next year
			'2025-00-10T00:00:00Z'
		]) {
			expect(parseIsoMs(s), s).toBe(parseIsoMsRegex(s));
			expect(parseIsoMs(s), s).not.toBeUndefined();
		}
	});

	it('refuses malformed input', () => {
		for (const s of [
			'',
			'yesterday',
			'2025-01-02',
			'2025-01-02T09:00:05.',
			'2025-01-02T09:00:05.Z',
			'2025-01-02T09:00:05+01',
			'2025-01-02T09:00:05+01:0',
			'2025-01-02T09:00:05+01:000',
			'2025-01-02T09:00:05ZZ',
			'2025-01-02X09:00:05Z',
			'2025/01/02T09:00:05Z',
			'２025-01-02T09:00:05Z'
		]) {
			expect(parseIsoMs(s), s).toBeUndefined();
		}
	});

	it('agrees with the regex on generated strings, valid or not', () => {
		const { next, pick } = rng(20250102);
		const pad = (n: number, w = 2) => String(n).padStart(w, '0');
		for (let k = 0; k < 20_000; k++) {
			let s = `${pad(pick([next(10_000), 1970 + next(80), next(200)]), 4)}-${pad(pick([next(14), 1 + next(12)]))}-${pad(next(40))}`;
			s += `${pick(['T', 't', ' ', '_'])}${pad(next(30))}:${pad(next(62))}`;
			if (next(10)) s += ':' + pad(next(62));
			if (next(2)) s += pick(['.', ',']) + String(next(1e9)).slice(0, next(11));
			if (next(8) === 0) s += ' ';
			s += pick(['', 'Z', 'z', '+00:00', '-05:00', '+0530', '+05', '-12:3', '+14:00', 'Q']);
			if (next(25) === 0) s = ' ' + s;
			expect(Object.is(parseIsoMs(s), parseIsoMsRegex(s)), s).toBe(true);
		}
	});
});

// ---- span building ------------------------------------------------------------------------------

const str = (v: unknown) => (typeof v === 'string' && v !== '' && v !== 'unknown' ? v : undefined);

/** The builder as a plain reading of the rules: fields by name, one canonical key per event. */
function referenceSpans(buckets: { id: string; type: string; hostname?: string; events: unknown[] }[], sourceFile: string) {
	const spans: ActivitySpan[] = [];
	const warnings: string[] = [];
	const skipped: string[] = [];
	const seen = new Set<string>();
	const known = new Set(['app', 'title', 'url', 'file', 'project', 'language', 'branch', 'status']);
	const kinds: Record<string, ActivitySpan['kind']> = { currentwindow: 'window', afkstatus: 'afk', 'web.tab.current': 'web', 'app.editor.activity': 'editor' };
	for (const b of buckets) {
		const kind = /^aw-watcher-(claudecode|claude|agent|cursor|llm|ai-)/i.test(b.id) ? 'agent' : (kinds[b.type] ?? 'other');
		const host = str(b.hostname) ?? (b.id.lastIndexOf('_') > 0 ? b.id.slice(b.id.lastIndexOf('_') + 1) : undefined);
		let dups = 0;
		b.events.forEach((ev, i) => {
			const e = ev as Record<string, unknown>;
			if (!e || typeof e !== 'object') return void skipped.push(`${b.id} ${i} object`);
			const start = typeof e.timestamp === 'string' ? parseIsoMsRegex(e.timestamp) : undefined;
			if (start === undefined) return void skipped.push(`${b.id} ${i} timestamp`);
			const dur = typeof e.duration === 'number' ? e.duration : Number(e.duration);
			if (!Number.isFinite(dur) || dur < 0) return void skipped.push(`${b.id} ${i} duration`);
			const data = (e.data && typeof e.data === 'object' ? e.data : {}) as Record<string, unknown>;
			const key = `${b.id}\n${start}\n${dur}\n${canonicalJson(data)}`;
			if (seen.has(key)) return void dups++;
			seen.add(key);
			const s: ActivitySpan = { tracker: 'activitywatch', sourceFile, bucket: b.id, kind, start, end: start + Math.round(dur * 1000) };
			if (host) s.host = host;
			const app = str(data.app) ?? (kind === 'editor' || kind === 'agent' ? str(data.editor) : undefined);
			if (app) s.app = app;
			if (typeof data.title === 'string') s.title = data.title;
			if (str(data.url)) s.url = data.url as string;
			const file = str(data.fileFullPath) ?? str(data.file);
			if (file) s.file = file;
			const project = str(data.project) ?? str(data.repo);
			if (project) s.project = project;
			if (str(data.language)) s.language = data.language as string;
			if (str(data.branch)) s.branch = data.branch as string;
			if (kind === 'afk') s.afk = data.status !== 'not-afk';
			let rest: Record<string, unknown> | undefined;
			for (const k of Object.keys(data)) if (!known.has(k) && k !== '__proto__') (rest ??= {})[k] = data[k];
			if (rest) s.attrs = rest;
			spans.push(s);
		});
		if (dups) warnings.push(`${b.id}: ${dups} exact duplicate event(s) dropped`);
	}
	spans.sort((a, b) => a.start - b.start || b.end - a.end);
	return { spans, warnings, skipped };
}

const KEYS = ['app', 'title', 'url', 'file', 'fileFullPath', 'project', 'repo', 'language', 'branch', 'status', 'editor', 'audible', 'tabCount', 'id', '__proto__', '0'];
const VALUES: unknown[] = ['', 'unknown', 'x', 'y', 'Code', 'afk', 'not-afk', 'hibernating', 0, 1, null, true, ['a'], { b: 1, a: 2 }, { a: 2, b: 1 }];

/** Buckets of generated events: ordered newest first, oldest first or not at all, with repeats. */
function generated(seed: number, perBucket: number) {
	const { next, pick } = rng(seed);
	const data = (): unknown => {
		const k = next(24);
		if (k === 0) return undefined;
		if (k === 1) return 'text';
		if (k === 2) return [1, 2];
		if (k === 3) return null;
		// Typical shapes, so the one-allocation spans are exercised too.
		if (k < 8) return pick([{ app: 'Code', title: 'a.ts' }, { status: 'afk' }, { status: 'not-afk' }, { url: 'https://e.org/', title: 'E', audible: false }, { language: 'ts', project: '/p', file: '/p/a.ts', branch: 'main' }]);
		let text = '{';
		for (let i = 0, n = next(6); i < n; i++) text += `${i ? ',' : ''}${JSON.stringify(pick(KEYS))}:${JSON.stringify(pick(VALUES))}`;
		return JSON.parse(text + '}');
	};
	const ids = ['aw-watcher-window_h', 'aw-watcher-afk_h', 'aw-watcher-claude_h', 'aw-watcher-vscode_h', 'other'];
	const types = ['currentwindow', 'afkstatus', 'web.tab.current', 'app.editor.activity', 'x'];
	const buckets: { id: string; type: string; hostname?: string; events: unknown[] }[] = [];
	for (let b = 0, nb = 2 + next(3); b < nb; b++) {
		const order = next(3);
		let t = Date.UTC(2025, 0, 1) + next(1000) * 1000;
		const events: Record<string, unknown>[] = [];
		for (let i = 0; i < perBucket; i++) {
			if (events.length && next(5) === 0) {
				const again = structuredClone(pick(events));
				// Same start and duration, other data: not a duplicate (unless it happens to be equal).
				if (next(2)) again.data = data();
				events.push(again);
				continue;
			}
			t += order === 0 ? -next(3) * 1000 : order === 1 ? next(3) * 1000 : (next(9) - 4) * 1000;
			const ts = new Date(t).toISOString();
			events.push({ timestamp: pick([ts, ts.replace('Z', '+00:00'), ts.replace('.000Z', '.000000+00:00')]), duration: pick([0, 1.5, 2, 0.0004, '3', -1]), data: data() });
		}
		// Buckets may share an id: they share the duplicate check too.
		buckets.push({ id: pick(ids), type: pick(types), hostname: pick(['h', '', undefined]), events: next(30) ? events : [...events, 5, null] });
	}
	return buckets;
}


describe('span building', () => {
	it('gives the reference builder’s spans, field order included, and the same duplicate counts', async () => {
		for (let seed = 1; seed <= 40; seed++) {
			const buckets = generated(seed, 80);
			const doc = { buckets: Object.fromEntries(buckets.map((b, i) => [`k${i}`, b])) };
			const text = JSON.stringify(doc);
			const want = referenceSpans(Object.values(JSON.parse(text).buckets), 'f.json');
			const got = spansFromExport(JSON.parse(text), 'f.json');
			expect(JSON.stringify(got.spans), `seed ${seed}`).toBe(JSON.stringify(want.spans));
			expect(got.warnings.filter((w) => w.includes('duplicate')), `seed ${seed}`).toEqual(want.warnings);
			expect(got.skipped.length).toBe(want.skipped.length);
			const streamed = await parseExportFile(memFile('f.json', text, 997));
			expect(JSON.stringify(streamed), `seed ${seed}`).toBe(JSON.stringify(got));
		}
	});

	it('finds repeats in a long bucket, in time order and then out of it (log in several chunks, hash table grown several times)', () => {
		const { next } = rng(7);
		const events: unknown[] = [];
		const base = Date.UTC(2025, 0, 1);
		const data = () => (next(2) ? { app: 'a', title: `t${next(3)}` } : next(2) ? { status: 'x', app: '' } : { title: `t${next(3)}`, app: 'a' });
		// Newest first with repeats of the last start, past the size of one log chunk.
		for (let i = 0, t = base + 40_000_000; i < 40_000; i++) {
			if (next(3)) t -= 1000;
			events.push({ timestamp: new Date(t).toISOString(), duration: next(2), data: data() });
		}
		// Then anywhere: the order breaks, and repeats of events far back are found.
		for (let i = 0; i < 8000; i++) {
			events.push({ timestamp: new Date(base + 40_000_000 - next(60_000) * 1000).toISOString(), duration: next(2), data: data() });
		}
		const bucket = { id: 'aw-watcher-window_h', type: 'currentwindow', events };
		const want = referenceSpans([bucket], 'f');
		const got = spansFromExport({ buckets: { b: bucket } }, 'f');
		expect(want.warnings[0]).toMatch(/exact duplicate/);
		expect(got.spans.length).toBe(want.spans.length);
		expect(JSON.stringify(got.spans)).toBe(JSON.stringify(want.spans));
		expect(got.warnings).toEqual(want.warnings);
	});

	it('tells apart data a span cannot say in full (app from editor, full path, status, arrays)', () => {
		const at = '2025-01-01T00:00:00Z';
		const ev = (data: unknown) => ({ timestamp: at, duration: 1, data });
		const r = spansFromExport(
			{
				buckets: {
					e: { id: 'aw-watcher-vscode_h', type: 'app.editor.activity', events: [ev({ editor: 'vim' }), ev({ app: 'vim' }), ev({ editor: 'vim' }), ev({ file: 'a', fileFullPath: '/a' }), ev({ file: '/a' }), ev({ fileFullPath: '/a' }), ev({ repo: 'r' }), ev({ project: 'r' })] },
					a: { id: 'aw-watcher-afk_h', type: 'afkstatus', events: [ev({ status: 'hibernating' }), ev({}), ev({ status: 'afk' }), ev({ status: 'afk' }), ev({})] },
					w: { id: 'aw-watcher-window_h', type: 'currentwindow', events: [ev([1, 2]), ev({ 0: 1, 1: 2 }), ev({ app: 'x', title: 1 }), ev({ app: 'x' }), ev({ title: 'b', app: 'x' }), ev({ app: 'x', title: 'b' })] }
				}
			},
			'f'
		);
		expect(r.warnings).toEqual(['aw-watcher-vscode_h: 1 exact duplicate event(s) dropped', 'aw-watcher-afk_h: 2 exact duplicate event(s) dropped', 'aw-watcher-window_h: 1 exact duplicate event(s) dropped']);
		expect(r.spans).toHaveLength(19 - 4);
	});
});
