// Small readers every harness parser needs and that mean the same in all of them: kept once so a fix
// (say, to timestamp parsing) reaches every format. Helpers whose rules differ by harness on purpose
// (version majors, which tool-input keys summarise a call, diff reading) stay in their folders.
import { lineHash } from '../../src/lib/analysis/line-hash';
import { emptyTokens, type CommitRef, type Cost, type Harness, type Session, type Tokens } from '../../src/lib/model';
import type { FileReport, ParseSink, RecordBatch } from './types';

export type Obj = Record<string, unknown>;

/** A plain JSON object (not null, not an array). */
export function isObj(v: unknown): v is Obj {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty string, else undefined: logs write "" where they mean "not set". */
export function str(v: unknown): string | undefined {
	return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A positive finite number, else 0: token counts are never negative, NaN or missing in a sum. */
export function count(v: unknown): number {
	return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}

const ISO_MS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3})\d*)?Z$/;

/** Epoch ms of an ISO-8601 timestamp; the common `…T10:00:00.000Z` form without Date.parse. */
export function parseTime(v: unknown): number | undefined {
	if (typeof v !== 'string') return undefined;
	const m = ISO_MS.exec(v);
	const t = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], m[7] ? +m[7].padEnd(3, '0') : 0) : Date.parse(v);
	return Number.isFinite(t) ? t : undefined;
}

export const SUMMARY_MAX = 200;

/** A tool call's one-line summary: the first non-empty string among `keys` (each harness names its own), capped. */
export function summaryOf(input: Obj, keys: readonly string[]): string | undefined {
	let s: string | undefined;
	for (const k of keys) if ((s = str(input[k])) !== undefined) break;
	if (s === undefined) return undefined;
	return s.length > SUMMARY_MAX ? s.slice(0, SUMMARY_MAX) : s;
}

export interface LineCounts {
	added: number;
	removed: number;
	hashes: string[];
}

/** Every line of a newly created file counts as added (a final newline does not start a line). */
export function countContent(content: string): LineCounts {
	const r: LineCounts = { added: 0, removed: 0, hashes: [] };
	if (content === '') return r;
	const lines = content.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	for (const l of lines) r.hashes.push(lineHash(l));
	r.added = lines.length;
	return r;
}

/** A JSONL record as an object, or the reason the line is skipped ('invalid JSON' / 'not a JSON object'). */
export function objectOrReason(text: string): Obj | 'invalid JSON' | 'not a JSON object' {
	let rec: unknown;
	try {
		rec = JSON.parse(text);
	} catch {
		return 'invalid JSON';
	}
	return isObj(rec) ? rec : 'not a JSON object';
}

const lineDecoder = new TextDecoder();

/** A JSONL line (bytes start..end) as a record, the reason it is skipped, or undefined when it is blank. */
export function jsonlRecord(buf: Uint8Array, start: number, end: number): ReturnType<typeof objectOrReason> | undefined {
	while (start < end && (buf[start] === 32 || buf[start] === 9)) start++;
	if (start === end) return undefined;
	return objectOrReason(lineDecoder.decode(buf.subarray(start, end)));
}

/** A last line without its newline that did not parse was cut off mid-write: say so instead of "invalid JSON". */
export function markTruncatedLast(report: FileReport, stats: { lines: number; unterminated: boolean }): void {
	const last = report.skipped[report.skipped.length - 1];
	if (stats.unterminated && last && last.line === stats.lines && last.reason === 'invalid JSON') last.reason = 'truncated last line';
}

/** What the JSONL parsers (Claude Code, Codex, Gemini CLI) accumulate per session under the same names. */
export interface SessionAcc {
	id: string;
	nativeId: string;
	parentNative?: string;
	sourceId: string;
	startedAt?: number;
	endedAt?: number;
	activeMs: number;
	models: string[];
	own: Tokens;
	cost: Cost;
	turns: number;
	toolCalls: number;
	rejected: number;
	errors: number;
	linesAdded: number;
	linesRemoved: number;
	filesEdited: Set<string>;
	commits: CommitRef[];
}

/** The Session every such parser builds from its accumulator and roll-up (parent, start and end included); harness-specific fields are set by the caller. */
export function sessionOf(
	s: SessionAcc,
	harness: Harness,
	total: { tokens: Tokens; models: string[] },
	cost: Cost,
	subagents: Session['subagents']
): Session {
	const session: Session = {
		id: s.id,
		harness,
		nativeId: s.nativeId,
		sourceId: s.sourceId,
		activeMs: s.activeMs,
		models: total.models,
		tokens: total.tokens,
		ownTokens: s.own,
		cost,
		turns: s.turns,
		toolCalls: s.toolCalls,
		rejected: s.rejected,
		errors: s.errors,
		linesAdded: s.linesAdded,
		linesRemoved: s.linesRemoved,
		filesEdited: [...s.filesEdited],
		subagents,
		commits: s.commits
	};
	// What every accumulator may know: optional fields stay absent rather than undefined.
	if (s.parentNative !== undefined) session.parentId = `${harness}:${s.parentNative}`;
	if (s.startedAt !== undefined) session.startedAt = s.startedAt;
	if (s.endedAt !== undefined) session.endedAt = s.endedAt;
	return session;
}

/** Sessions in start order (undated last), ties by id: the order every parser returns. */
export function byStart(a: Session, b: Session): number {
	return (a.startedAt ?? Infinity) - (b.startedAt ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Rows handed to the sink at a time: big enough to amortise a database write, small enough to stream. */
export const BATCH_ROWS = 2000;

/**
 * Turns and tool calls on their way to the sink. `out` is swapped for a fresh batch before the sink is
 * awaited, so rows pushed meanwhile go to the next batch.
 */
export class Batcher {
	out: RecordBatch = { turns: [], toolCalls: [] };
	constructor(private readonly sink: ParseSink) {}

	/** Hands the batch over when it holds BATCH_ROWS rows, or when forced and it holds any. */
	async flush(force: boolean): Promise<void> {
		const rows = this.out.turns.length + this.out.toolCalls.length;
		if (rows === 0 || (!force && rows < BATCH_ROWS)) return;
		const b = this.out;
		this.out = { turns: [], toolCalls: [] };
		await this.sink.batch(b);
	}
}

/** Turn text kept per row; the rest of a long message is not stored. */
export const TEXT_MAX = 8 * 1024;

export function capText(s: string): string {
	return s.length > TEXT_MAX ? s.slice(0, TEXT_MAX) : s;
}

/** A gap between two consecutive records longer than this counts as idle beyond this much. */
export const IDLE_CAP_MS = 5 * 60 * 1000;

/** Skipped lines listed per file report; the rest are only counted. */
export const SKIPPED_MAX = 200;

export function skipLine(report: FileReport, line: number, reason: string): void {
	report.skippedCount++;
	if (report.skipped.length < SKIPPED_MAX) report.skipped.push({ line, reason });
}

/** A new accumulator's shared counters, all zero (the starting cost's source differs by harness: the caller sets it). */
export function zeroCounts(): Pick<SessionAcc, 'activeMs' | 'models' | 'own' | 'turns' | 'toolCalls' | 'rejected' | 'errors' | 'linesAdded' | 'linesRemoved' | 'filesEdited' | 'commits'> {
	return { activeMs: 0, models: [], own: emptyTokens(), turns: 0, toolCalls: 0, rejected: 0, errors: 0, linesAdded: 0, linesRemoved: 0, filesEdited: new Set(), commits: [] };
}
