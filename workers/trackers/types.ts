// Contract for activity-tracker formats. Session formats (workers/formats) yield sessions; trackers
// yield spans, so they get their own small contract rather than bending FormatModule.

import type { ActivitySpan, DailyTotal, Tracker } from '../../src/lib/model/activity';
import type { InputFile } from '../formats/types';

export interface TrackerParseResult {
	/** Sorted by start, exact duplicates removed. */
	spans: ActivitySpan[];
	/** Records that could not be read, with the reason (never silently dropped). */
	skipped: { where: string; reason: string }[];
	warnings: string[];
	/** Which flavour of the format was read (a CSV preset id, say), for reporting. */
	variant?: string;
	/** Aggregate-only sources (WakaTime daily dump) fill this instead of spans. */
	dailyTotals?: DailyTotal[];
}

export interface TrackerOptions {
	/** WakaTime heartbeat join timeout, minutes; default the dump's `user.timeout`, else 15. */
	timeoutMinutes?: number;
	/** CSV: time zone for times without an offset (default UTC). */
	tz?: string;
	/** CSV: explicit column mapping; without it a preset is chosen from the header. */
	csvMapping?: import('./csv').CsvMapping;
}

export interface TrackerModule {
	id: string;
	tracker: Tracker;
	label: string;
	/** Sniffs the decoded head of a file (at most 64 KiB) — content first, the path only as a hint. */
	detect(head: string, path: string): boolean;
	parse(file: InputFile, opts?: TrackerOptions): Promise<TrackerParseResult>;
}

/**
 * Cap for small JSON documents read whole (readJsonDocument). ActivityWatch exports and WakaTime
 * dumps do not go through it: they are streamed (json-stream.ts), their events never held as text.
 */
export const MAX_JSON_BYTES = 512 * 1024 * 1024;

export class TrackerInputError extends Error {}

export async function readJsonDocument(file: InputFile, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
	if (file.size > maxBytes) {
		throw new TrackerInputError(
			`${file.path}: ${file.size} bytes is over the ${maxBytes}-byte limit for a single JSON document`
		);
	}
	const reader = file.stream().getReader();
	const decoder = new TextDecoder();
	const parts: string[] = [];
	let total = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			total += value.length;
			if (total > maxBytes) throw new TrackerInputError(`${file.path}: over the ${maxBytes}-byte JSON limit`);
			parts.push(decoder.decode(value, { stream: true }));
		}
	} finally {
		reader.releaseLock();
	}
	parts.push(decoder.decode());
	try {
		return JSON.parse(parts.join(''));
	} catch (e) {
		throw new TrackerInputError(`${file.path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
	}
}

/**
 * ISO-8601 with any fraction length (Python µs `.839000+00:00`, Rust ns `.464326972Z`) to Unix ms.
 * Written out because Date.parse's handling of >3 fraction digits is engine-specific.
 */
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
export function parseIsoMs(s: string): number | undefined {
	const fast = parseIsoMsFast(s);
	if (fast === fast) return fast;
	return parseIsoMsRegex(s);
}

/** The general path, for every shape the fast one does not take (and the tests' oracle for it). */
export function parseIsoMsRegex(s: string): number | undefined {
	const m = ISO_RE.exec(s.trim());
	if (!m) return undefined;
	const frac = m[7] ? Number((m[7] + '00').slice(0, 3)) : 0;
	let t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0, frac);
	const z = m[8];
	if (z && z.toUpperCase() !== 'Z') {
		const sign = z[0] === '-' ? -1 : 1;
		const digits = z.slice(1).replace(':', '');
		t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
	}
	return Number.isFinite(t) ? t : undefined;
}

/** Value of the decimal digit at `s[i]`, or -1 (also past the end). */
function digitAt(s: string, i: number): number {
	const c = s.charCodeAt(i) - 48;
	return c >= 0 && c <= 9 ? c : -1;
}

/** Value of the two decimal digits at `s[i]`, `s[i + 1]`, or -1. */
function twoDigits(s: string, i: number): number {
	const a = digitAt(s, i);
	const b = digitAt(s, i + 1);
	return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * parseIsoMs for the shapes exporters write — `YYYY-MM-DD(T| )HH:MM:SS`, an optional `.` or `,`
 * fraction, then nothing, `Z` or `±HH:MM` / `±HHMM` — read by character codes, without the regex and
 * its substrings. NaN for anything else (surrounding blanks, no seconds, a blank before the zone,
 * years before 100, months out of 1–12): the regex path decides those. Same result as that path:
 * Date.UTC's day arithmetic is linear in day, hours, minutes, seconds and ms once the month is known.
 */
function parseIsoMsFast(s: string): number {
	const n = s.length;
	if (n < 19) return NaN;
	const y1 = twoDigits(s, 0);
	const y2 = twoDigits(s, 2);
	const mo = twoDigits(s, 5);
	const d = twoDigits(s, 8);
	const h = twoDigits(s, 11);
	const mi = twoDigits(s, 14);
	const sec = twoDigits(s, 17);
	if ((y1 | y2 | mo | d | h | mi | sec) < 0) return NaN;
	const sep = s.charCodeAt(10);
	if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;
	if (sep !== 84 && sep !== 116 && sep !== 32) return NaN; // T, t, space
	const year = y1 * 100 + y2;
	// Date.UTC reads years 0–99 as 1900–1999; months past 12 carry into the year: left to the regex path.
	if (year < 100 || mo < 1 || mo > 12) return NaN;
	let i = 19;
	let ms = 0;
	let c = s.charCodeAt(i);
	if (c === 46 || c === 44) {
		// . or , then at least one digit; the first three are the ms (padded), the rest dropped.
		i++;
		const f0 = digitAt(s, i);
		if (f0 < 0) return NaN;
		ms = f0 * 100;
		i++;
		let f = digitAt(s, i);
		if (f >= 0) {
			ms += f * 10;
			i++;
			f = digitAt(s, i);
			if (f >= 0) {
				ms += f;
				i++;
				while (digitAt(s, i) >= 0) i++;
			}
		}
		c = s.charCodeAt(i);
	}
	let offsetMin = 0;
	if (i === n) {
		// No zone: read as UTC, as the regex path does.
	} else if (c === 90 || c === 122) {
		// Z or z
		if (i + 1 !== n) return NaN;
	} else if (c === 43 || c === 45) {
		const oh = twoDigits(s, i + 1);
		let j = i + 3;
		if (s.charCodeAt(j) === 58) j++;
		const om = twoDigits(s, j);
		if (oh < 0 || om < 0 || j + 2 !== n) return NaN;
		offsetMin = c === 45 ? -(oh * 60 + om) : oh * 60 + om;
	} else return NaN;
	return daysFromCivil(year, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms - offsetMin * 60_000;
}

/** Days since 1970-01-01 of a proleptic Gregorian date, year ≥ 1, month 1–12; the day may run over. */
function daysFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146_097 + doe - 719_468;
}

/** Stable JSON for identity checks (object keys sorted). */
export function canonicalJson(v: unknown): string {
	if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
	if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
	const o = v as Record<string, unknown>;
	return '{' + Object.keys(o).sort().map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k])).join(',') + '}';
}
