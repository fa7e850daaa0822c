// Any tracker's CSV → ActivitySpans through a column mapping, with presets for exports whose headers
// are known (tracker-formats.md §3): ManicTime, Toggl Track, Clockify, Tockler. Read line by line
// (workers/lines.ts), quoted fields may span lines. Naive times are read in the mapping's time zone
// (ManicTime writes local times without offset); times with an offset or `Z` keep their own.

import type { ActivitySpan, SpanKind } from '../../../src/lib/model/activity';
import { wallToUtc } from '../../../src/lib/analysis/activity-tz';
import type { InputFile } from '../../formats/types';
import { splitTextLines } from '../../lines';
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
	/** Zone for times without an offset (default UTC). */
	tz?: string;
	kind?: SpanKind;
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
	{ id: 'tockler', requires: ['app', 'title', 'begindate', 'enddate'], mapping: { start: 'beginDate', end: 'endDate', app: 'app', title: 'title', url: 'url', kind: 'window' } }
];
// Clockify's detailed report has the same "Start Date/Start Time/End Date/End Time/Description" columns: the toggl preset reads it.

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

function guessDelimiter(header: string): string {
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

export async function parseCsv(file: InputFile, opts: TrackerOptions = {}): Promise<TrackerParseResult> {
	const out: TrackerParseResult = { spans: [], skipped: [], warnings: [] };
	let header: string[] | undefined;
	let idx = new Map<string, number>();
	let mapping: CsvMapping | undefined = opts.csvMapping;
	let delim = ',';
	let pending = '';
	let pendingLine = 0;
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
					mapping = { ...p.mapping, tz: opts.tz ?? p.mapping.tz };
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
		const span: ActivitySpan = { tracker: 'csv', sourceFile: file.path, bucket: out.variant ?? 'csv', kind: m.kind ?? 'window', start, end };
		const app = col(row, m.app);
		if (app) span.app = app;
		const title = col(row, m.title);
		if (title) span.title = title;
		const project = col(row, m.project);
		if (project) span.project = project;
		const url = col(row, m.url);
		if (url) span.url = url;
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
	label: 'Activity CSV (ManicTime, Toggl, Clockify, Tockler presets, or a column mapping)',
	detect(head: string) {
		const first = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
		if (!first || first.trimStart().startsWith('{') || first.trimStart().startsWith('[')) return false;
		const row = splitCsv(first, guessDelimiter(first));
		return !!row && !!presetFor(row);
	},
	parse: parseCsv
};
