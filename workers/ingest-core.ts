// Format-agnostic import glue, shared by the browser worker, the Node CLI, tests and benchmarks:
// sniff each file's head, group the files by format, and hand each group to its parser in one call
// (a parser needs all files of a kind together, e.g. a session and its subagent files).

import type { FileReport, FormatModule, InputFile, ParseResult, ParseSink } from './formats/types';
import { detectFormat, formats as allFormats } from './formats/registry';
import { readPrefix } from './lines';
import { cachedHead, rememberHead } from './head-cache';

export const HEAD_BYTES = 64 * 1024;
export const UNKNOWN_FORMAT = 'unknown';

export interface DetectedFile {
	file: InputFile;
	format: FormatModule | undefined;
}

export interface IngestOptions {
	formats?: FormatModule[];
}

/** The first 64 KiB of a file, decoded as UTF-8 (a character cut at the end becomes U+FFFD). */
export async function readHead(file: InputFile, maxBytes = HEAD_BYTES): Promise<string> {
	// Tracker and session detection both sniff a file: one read serves both.
	const cached = cachedHead(file);
	if (cached && maxBytes === HEAD_BYTES) return new TextDecoder().decode(cached);
	const bytes = await readPrefix(file.stream(), maxBytes);
	rememberHead(file, bytes);
	return new TextDecoder().decode(bytes);
}

/** Heads read at once: hides per-file open/read latency without opening hundreds of files together. */
const DETECT_CONCURRENCY = 8;

export async function detectFiles(files: InputFile[], opts: IngestOptions = {}): Promise<DetectedFile[]> {
	const list = opts.formats ?? allFormats;
	const out: DetectedFile[] = files.map((file) => ({ file, format: undefined }));
	let next = 0;
	const worker = async () => {
		while (next < files.length) {
			const i = next++;
			out[i].format = detectFormat(await readHead(files[i]), files[i].path, list);
		}
	};
	await Promise.all(Array.from({ length: Math.min(DETECT_CONCURRENCY, files.length) }, worker));
	return out;
}

function unknownReport(file: InputFile): FileReport {
	return {
		path: file.path,
		format: UNKNOWN_FORMAT,
		bytes: file.size,
		hash: '',
		records: 0,
		skipped: [],
		skippedCount: 0,
		warnings: [`${file.path}: not a recognised session log format; skipped`]
	};
}

/**
 * Detects and parses every file. Files no format claims come back as reports with format
 * "unknown" and a warning. `progress` counts bytes across all parsed files; file reports keep the
 * input order.
 */
export async function ingest(files: InputFile[], sink: ParseSink, opts: IngestOptions = {}): Promise<ParseResult> {
	const detected = await detectFiles(files, opts);
	const groups = new Map<FormatModule, InputFile[]>();
	for (const d of detected) {
		if (!d.format) continue;
		const g = groups.get(d.format);
		if (g) g.push(d.file);
		else groups.set(d.format, [d.file]);
	}
	const byPath = new Map<string, FileReport>();
	const sessions: ParseResult['sessions'] = [];
	let base = 0;
	for (const [format, group] of groups) {
		if (sink.cancelled?.()) break;
		const offset = base;
		const result = await format.parse(group, {
			batch: (b) => sink.batch(b),
			progress: sink.progress ? (done) => sink.progress!(offset + done) : undefined,
			cancelled: sink.cancelled ? () => sink.cancelled!() : undefined
		});
		sessions.push(...result.sessions);
		for (const r of result.files) byPath.set(r.path, r);
		base += group.reduce((n, f) => n + f.size, 0);
	}
	const reports = detected.map(
		(d) =>
			byPath.get(d.file.path) ??
			(d.format ? { ...unknownReport(d.file), format: d.format.id, warnings: [`${d.file.path}: not parsed (cancelled)`] } : unknownReport(d.file))
	);
	return { sessions, files: reports };
}
