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

/** Stable JSON for identity checks (object keys sorted). */
export function canonicalJson(v: unknown): string {
	if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
	if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
	const o = v as Record<string, unknown>;
	return '{' + Object.keys(o).sort().map((k) => JSON.stringify(k) + ':' + canonicalJson(o[k])).join(',') + '}';
}
