// Any tracker's CSV → ActivitySpans through a column mapping, with presets for exports whose headers
// are known (tracker-formats.md §3): ManicTime, Toggl Track, Clockify, Tockler, RescueTime, Timing.
// Read line by line (workers/lines.ts), quoted fields may span lines. Naive times are read in the
// mapping's time zone (ManicTime writes local times without offset); times with an offset or `Z`
// keep their own.

import type { ActivitySpan, SpanKind } from '../../../src/lib/model/activity';
import { wallToUtc } from '../../../src/lib/analysis/activity-tz';
import type { InputFile } from '../../formats/types';
import { readPrefix, splitTextLines } from '../../lines';
import type { TrackerModule, TrackerOptions, TrackerParseResult } from '../types';

/** A column name, or several joined with a space (Toggl's separate date and time columns). */
export type Col = string | string[];

export interface CsvMapping {
	start: Col;
	/** One of end / duration is needed. */
	end?: Col;
	duration?: Col;
	app?: Col;
	title?: Col;
	project?: Col;
	url?: Col;
	/** A file path or a URL (Timing's Path): read as `url` when it has a scheme, else as `file`. */
	path?: Col;
	/** Other columns kept in the span's `attrs` under the given names (numbers as numbers). */
	attrs?: Record<string, Col>;
	/** Zone for times without an offset (default UTC). */
	tz?: string;
	kind?: SpanKind;
	/**
	 * Aggregate rows (RescueTime): rows that share a start are one time bucket. They are laid end to
	 * end from the bucket's start in file order, so they never overlap (overlapping window spans are
	 * trimmed by the metrics, which would drop all but the longest activity of each bucket).
	 */
	packSameStart?: boolean;
	/** An `app` value that is a domain name (RescueTime lists sites and apps in one column) becomes `url`, with app "browser". */
	domainsAsWeb?: boolean;
}

export interface CsvPreset {
	id: string;
	/** All of these headers must be present (case-insensitive). */
	requires: string[];
	mapping: CsvMapping;
}

export const CSV_PRESETS: CsvPreset[] = [
	{ id: 'manictime', requires: ['name', 'start', 'end', 'process'], mapping: { start: 'Start', end: 'End', duration: 'Duration', app: 'Process', title: 'Name', kind: 'window' } },
	{ id: 'toggl', requires: ['start date', 'start time', 'end date', 'end time', 'description'], mapping: { start: ['Start date', 'Start time'], end: ['End date', 'End time'], duration: 'Duration', project: 'Project', title: 'Description', kind: 'manual' } },
	{ id: 'tockler', requires: ['app', 'title', 'begindate', 'enddate'], mapping: { start: 'beginDate', end: 'endDate', app: 'app', title: 'title', url: 'url', kind: 'window' } },
	{
		id: 'rescuetime',
		requires: ['date', 'time spent (seconds)', 'activity'],
		mapping: {
			start: 'Date',
			duration: 'Time Spent (seconds)',
			app: 'Activity',
			attrs: { category: 'Category', productivity: 'Productivity' },
			kind: 'window',
			packSameStart: true,
			domainsAsWeb: true
		}
	},
	{
		id: 'timing',
		requires: ['start date', 'end date', 'application'],
		mapping: { start: 'Start Date', end: 'End Date', duration: 'Duration', app: 'Application', title: 'Title', path: 'Path', project: 'Project', kind: 'window' }
	}
];
// Clockify's detailed report has the same "Start Date/Start Time/End Date/End Time/Description" columns: the toggl preset reads it.
// RescueTime: the Analytic Data API / data export with perspective=interval, one row per (hour or
// 5-minute bucket × activity); Productivity is -2…2. Timing: the app-usage report export.

/** Splits one CSV record; returns undefined while a quoted field is still open (record continues on the next line). */
export function splitCsv(line: string, delim: string): string[] | undefined {
	const out: string[] = [];
	let f = '';
	let q = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (q) {
			if (c === '"') {
				if (line[i + 1] === '"') {
					f += '"';
					i++;
				} else q = false;
			} else f += c;
		} else if (c === '"' && f === '') q = true;
		else if (c === delim) {
			out.push(f);
			f = '';
		} else f += c;
	}
	if (q) return undefined;
	out.push(f);
	return out;
}

export function guessDelimiter(header: string): string {
	const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length] as const);
	return counts.sort((a, b) => b[1] - a[1])[0][0];
}

/** "01:30:00", "1:30", "90" (seconds), "1.5 h" → seconds. */
export function parseDuration(s: string): number | undefined {
	const t = s.trim();
	let m = /^(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?$/.exec(t);
	if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60 + (m[3] ? Number(m[3]) : 0);
	m = /^(\d+(?:\.\d+)?)\s*h$/i.exec(t);
	if (m) return Number(m[1]) * 3600;
	if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
	return undefined;
}

/**
 * Date-times: ISO (offset kept; naive → tz), "YYYY-MM-DD HH:MM[:SS]", "DD.MM.YYYY HH:MM[:SS]",
 * "M/D/YYYY h:mm[:ss] [AM|PM]", Unix seconds or ms.
 */
export function parseDateTime(s: string, tz: string): number | undefined {
	const t = s.trim();
	if (/^\d{9,13}(\.\d+)?$/.test(t)) {
		const n = Number(t);
		return n > 1e11 ? Math.round(n) : Math.round(n * 1000);
	}
	let y: number, mo: number, d: number, rest: string;
	let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](.*))?$/.exec(t);
	if (m) [y, mo, d, rest] = [+m[1], +m[2], +m[3], m[4] ?? ''];
	else if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: (.*))?$/.exec(t))) [y, mo, d, rest] = [+m[3], +m[2], +m[1], m[4] ?? ''];
	else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (.*))?$/.exec(t))) [y, mo, d, rest] = [+m[3], +m[1], +m[2], m[4] ?? ''];
	else return undefined;
	const tm = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(AM|PM)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(rest.trim());
	if (rest.trim() !== '' && !tm) return undefined;
	let h = tm ? Number(tm[1]) : 0;
	if (tm?.[5]) h = (h % 12) + (tm[5].toUpperCase() === 'PM' ? 12 : 0);
	const ms = tm?.[4] ? Number((tm[4] + '00').slice(0, 3)) : 0;
	const wall = Date.UTC(y, mo - 1, d, h, tm ? Number(tm[2]) : 0, tm?.[3] ? Number(tm[3]) : 0, ms);
	if (!Number.isFinite(wall)) return undefined;
	const z = tm?.[6];
	if (!z) return wallToUtc(wall, tz);
	if (z.toUpperCase() === 'Z') return wall;
	const sign = z[0] === '-' ? -1 : 1;
	const dg = z.slice(1).replace(':', '');
	return wall - sign * (Number(dg.slice(0, 2)) * 60 + Number(dg.slice(2, 4))) * 60_000;
}

export function presetFor(header: string[]): CsvPreset | undefined {
	const have = new Set(header.map((h) => h.trim().toLowerCase()));
	return CSV_PRESETS.find((p) => p.requires.every((r) => have.has(r)));
}

/** A preset's mapping without the optional columns this header lacks (Timing's columns are user-chosen). */
function presentOnly(m: CsvMapping, have: Set<string>): CsvMapping {
	const ok = (c: Col | undefined) => c !== undefined && [c].flat().every((n) => have.has(n.toLowerCase()));
	const out: CsvMapping = { ...m };
	for (const k of ['end', 'duration', 'app', 'title', 'project', 'url', 'path'] as const) if (out[k] !== undefined && !ok(out[k])) delete out[k];
	if (m.attrs) out.attrs = Object.fromEntries(Object.entries(m.attrs).filter(([, c]) => ok(c)));
	return out;
}

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;
/** "github.com", "docs.google.com" — but not "Code.exe" or "Safari.app". */
const isDomain = (s: string) => DOMAIN.test(s) && !/\.(exe|app|bin|sh|py|jar)$/i.test(s);
const numeric = (s: string) => (/^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s);

export async function parseCsv(file: InputFile, opts: TrackerOptions = {}): Promise<TrackerParseResult> {
	const out: TrackerParseResult = { spans: [], skipped: [], warnings: [] };
	let header: string[] | undefined;
	let idx = new Map<string, number>();
	let mapping: CsvMapping | undefined = opts.csvMapping;
	let delim = ',';
	let pending = '';
	let pendingLine = 0;
	// packSameStart: end of the last row laid into each bucket, by the bucket's start.
	const packed = new Map<number, number>();
	const col = (row: string[], c: Col | undefined): string | undefined => {
		if (c === undefined) return undefined;
		const names = Array.isArray(c) ? c : [c];
		const vals = names.map((n) => row[idx.get(n.toLowerCase()) ?? -1]);
		if (vals.some((v) => v === undefined)) return undefined;
		return vals.join(' ').trim() || undefined;
	};
	const onRecord = (row: string[], lineNo: number) => {
		if (!header) {
			header = row.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
			idx = new Map(header.map((h, i) => [h.toLowerCase(), i]));
			if (!mapping) {
				const p = presetFor(header);
				if (p) {
					mapping = { ...presentOnly(p.mapping, new Set(idx.keys())), tz: opts.tz ?? p.mapping.tz };
					out.variant = p.id;
				}
			}
			if (!mapping) throw new Error(`${file.path}: no CSV preset matches the header (${header.join(', ')}); give a column mapping`);
			for (const c of [mapping.start, mapping.end, mapping.duration].flat()) {
				if (c !== undefined && !idx.has(c.toLowerCase())) throw new Error(`${file.path}: column "${c}" not in the header`);
			}
			return;
		}
		if (row.length === 1 && row[0].trim() === '') return;
		const m = mapping!;
		const tz = m.tz ?? opts.tz ?? 'UTC';
		const where = `line ${lineNo}`;
		const startS = col(row, m.start);
		const start = startS ? parseDateTime(startS, tz) : undefined;
		if (start === undefined) return void out.skipped.push({ where, reason: `bad start "${startS ?? ''}"` });
		const endS = col(row, m.end);
		let end = endS ? parseDateTime(endS, tz) : undefined;
		if (end === undefined) {
			const dS = col(row, m.duration);
			const d = dS ? parseDuration(dS) : undefined;
			if (d === undefined) return void out.skipped.push({ where, reason: 'no end and no duration' });
			end = start + Math.round(d * 1000);
		}
		if (end < start) return void out.skipped.push({ where, reason: 'end before start' });
		let from = start;
		if (m.packSameStart) {
			from = packed.get(start) ?? start;
			end = from + (end - start);
			packed.set(start, end);
		}
		const span: ActivitySpan = { tracker: 'csv', sourceFile: file.path, bucket: out.variant ?? 'csv', kind: m.kind ?? 'window', start: from, end };
		let app = col(row, m.app);
		let url = col(row, m.url);
		if (app && m.domainsAsWeb && isDomain(app)) {
			url ??= app;
			app = 'browser';
		}
		if (app) span.app = app;
		const title = col(row, m.title);
		if (title) span.title = title;
		const project = col(row, m.project);
		if (project) span.project = project;
		const path = col(row, m.path);
		if (path && /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) url ??= path;
		else if (path) span.file = path;
		if (url) span.url = url;
		if (m.attrs) {
			for (const [name, c] of Object.entries(m.attrs)) {
				const v = col(row, c);
				if (v !== undefined) (span.attrs ??= {})[name] = numeric(v);
			}
		}
		out.spans.push(span);
	};
	await splitTextLines(file.stream(), (line, lineNo) => {
		if (!header && !pending) delim = guessDelimiter(line);
		const text = pending ? pending + '\n' + line : line;
		if (!pending) pendingLine = lineNo;
		const row = splitCsv(text, delim);
		if (row === undefined) {
			pending = text;
			return;
		}
		pending = '';
		onRecord(row, pendingLine);
	});
	if (pending) out.skipped.push({ where: `line ${pendingLine}`, reason: 'unterminated quoted field' });
	out.spans.sort((a, b) => a.start - b.start || b.end - a.end);
	if (out.variant) out.warnings.push(`CSV preset ${out.variant}`);
	return out;
}

export const csvTracker: TrackerModule = {
	id: 'csv',
	tracker: 'csv',
	label: 'Activity CSV (ManicTime, Toggl, Clockify, Tockler, RescueTime, Timing presets, or a column mapping)',
	detect(head: string) {
		const first = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
		if (!first || first.trimStart().startsWith('{') || first.trimStart().startsWith('[')) return false;
		const row = splitCsv(first, guessDelimiter(first));
		return !!row && !!presetFor(row);
	},
	parse: parseCsv
};

// ---- header, signature, mapping suggestions (for the app's column-mapping dialog) -------------------

/** Normalized header: trimmed, lower-cased column names, sorted, joined with U+001F (no header has it). */
export function columnsSignature(columns: string[]): string {
	return columns.map((c) => c.trim().toLowerCase()).sort().join('\u001f');
}

/** The signature a user's column mapping is remembered under, from the raw header line. */
export function csvHeaderSignature(headerLine: string): string {
	const line = headerLine.replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
	return columnsSignature(splitCsv(line, guessDelimiter(line)) ?? [line]);
}

export const CSV_HEADER_BYTES = 64 * 1024;

/** The header record of a CSV file (a quoted name may hold a line break) and its delimiter. */
export async function readCsvHeader(file: InputFile): Promise<{ columns: string[]; delimiter: string; signature: string }> {
	const head = new TextDecoder().decode(await readPrefix(file.stream(), CSV_HEADER_BYTES), { stream: true }).replace(/^\uFEFF/, '');
	const lines = head.split(/\r?\n/);
	// The last piece may be cut by the 64 KiB limit: only whole lines count.
	const whole = file.size > CSV_HEADER_BYTES ? lines.slice(0, -1) : lines;
	const delimiter = guessDelimiter(whole[0] ?? '');
	let text: string | undefined;
	for (const line of whole) {
		text = text === undefined ? line : text + '\n' + line;
		const row = splitCsv(text, delimiter);
		if (!row) continue;
		if (row.length === 1 && row[0].trim() === '') throw new Error(`${file.path}: the first line is empty, not a CSV header`);
		const columns = row.map((c) => c.trim());
		return { columns, delimiter, signature: columnsSignature(columns) };
	}
	throw new Error(`${file.path}: no complete CSV header in the first ${CSV_HEADER_BYTES} bytes`);
}

const norm = (c: string) => c.toLowerCase().replace(/[_\-./()[\]:]+/g, ' ').replace(/\s+/g, ' ').trim();

/** Column names per field, most telling first (compared after norm()). */
const NAMES: Record<'start' | 'end' | 'duration' | 'app' | 'title' | 'project' | 'url', string[]> = {
	start: ['start', 'start time', 'started', 'started at', 'start date time', 'start datetime', 'begin', 'begindate', 'begin date', 'from', 'timestamp', 'time', 'date', 'when'],
	end: ['end', 'end time', 'ended', 'ended at', 'end date time', 'end datetime', 'stop', 'stopped', 'finish', 'finished', 'enddate', 'to', 'until'],
	duration: ['duration', 'duration s', 'duration seconds', 'duration h', 'time spent seconds', 'time spent', 'seconds', 'secs', 'elapsed', 'length'],
	app: ['app', 'application', 'app name', 'application name', 'process', 'process name', 'program', 'executable', 'exe', 'activity'],
	title: ['title', 'window title', 'window', 'name', 'description', 'task', 'document', 'caption'],
	project: ['project', 'project name', 'repo', 'repository', 'workspace'],
	url: ['url', 'link', 'address', 'website', 'site', 'domain']
};

/**
 * A first guess at a mapping from column names, for the mapping dialog: a preset's mapping when one
 * fits; otherwise each field gets the column whose name is most telling (each column used once).
 * Separate date and time columns ("Start date" + "Start time") are joined.
 */
export function suggestMapping(columns: string[]): Partial<CsvMapping> {
	const actual = new Map<string, string>();
	for (const c of columns) if (!actual.has(c.trim().toLowerCase())) actual.set(c.trim().toLowerCase(), c.trim());
	const real = (c: Col): Col => (Array.isArray(c) ? c.map((n) => actual.get(n.toLowerCase()) ?? n) : (actual.get(c.toLowerCase()) ?? c));
	const preset = presetFor(columns);
	if (preset) {
		const m = presentOnly(preset.mapping, new Set(actual.keys()));
		const out: Partial<CsvMapping> = { ...m };
		for (const k of ['start', 'end', 'duration', 'app', 'title', 'project', 'url', 'path'] as const) if (m[k] !== undefined) out[k] = real(m[k]!);
		if (m.attrs) out.attrs = Object.fromEntries(Object.entries(m.attrs).map(([n, c]) => [n, real(c)]));
		return out;
	}
	const byNorm = new Map<string, string>();
	for (const c of columns) if (c.trim() && !byNorm.has(norm(c))) byNorm.set(norm(c), c.trim());
	const used = new Set<string>();
	const take = (name: string): string | undefined => {
		const c = byNorm.get(name);
		if (c === undefined || used.has(c)) return undefined;
		used.add(c);
		return c;
	};
	const out: Partial<CsvMapping> = {};
	// Date + time pairs first, so "Start date" is not taken alone.
	for (const [field, dates, times] of [
		['start', ['start date', 'date', 'day'], ['start time', 'time']],
		['end', ['end date'], ['end time']]
	] as const) {
		const d = dates.map((n) => byNorm.get(n)).find((c) => c !== undefined && !used.has(c));
		const t = times.map((n) => byNorm.get(n)).find((c) => c !== undefined && !used.has(c));
		if (d && t) {
			used.add(d).add(t);
			out[field] = [d, t];
		}
	}
	for (const field of ['start', 'end', 'duration', 'app', 'title', 'project', 'url'] as const) {
		if (out[field] !== undefined) continue;
		for (const n of NAMES[field]) {
			const c = take(n);
			if (c) {
				out[field] = c;
				break;
			}
		}
	}
	// "Start Date" alone (date-times in one column) when nothing better named the start.
	if (out.start === undefined) out.start = take('start date') ?? take('begin date');
	if (out.end === undefined) out.end = take('end date');
	for (const k of ['start', 'end'] as const) if (out[k] === undefined) delete out[k];
	return out;
}
