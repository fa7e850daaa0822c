// Tracker exports inside an import: parse each and hand its spans on as stored chunks. Shared by
// the browser worker and tests; the parsers live in trackers/, the sorting of files in classify.ts.

import type { FileOutcome } from '../src/lib/db/imports';
import { chunkSpans, mergeRanges, type StreamRange } from '../src/lib/db/activity';
import type { StoredActivityChunk } from '../src/lib/db/schema';
import type { DailyTotal } from '../src/lib/model/activity';
import { Fingerprint, fingerprintBytes } from './fingerprint';
import type { CsvMapping } from './trackers/csv';
import type { InputFile } from './formats/types';
import type { TrackerFile } from './classify';
import type { TrackerOptions } from './trackers/types';

export interface TrackerSink {
	/** Content fingerprints already imported: such a file is read but nothing of it is written. */
	known(hash: string): Promise<boolean>;
	write(chunks: StoredActivityChunk[]): Promise<void>;
	progress?(bytesDone: number): void;
}

export interface TrackerIngest {
	files: FileOutcome[];
	ranges: Map<string, StreamRange>;
	spans: number;
	dailyTotals: DailyTotal[];
}

/** Wraps a file so every byte read is fingerprinted and counted, without a second read. */
function tapped(file: InputFile, fp: Fingerprint, onBytes: (n: number) => void): InputFile {
	return {
		path: file.path,
		size: file.size,
		stream: () =>
			file.stream().pipeThrough(
				new TransformStream<Uint8Array, Uint8Array>({
					transform(chunk, ctl) {
						fp.update(chunk);
						onBytes(chunk.length);
						ctl.enqueue(chunk);
					}
				})
			)
	};
}

const WRITE_CHUNKS = 50;

function optionsTag(id: string, opts: TrackerOptions, mapping: CsvMapping | undefined): string {
	if (id === 'wakatime') return `|timeout=${opts.timeoutMinutes ?? 'dump'}`;
	if (id === 'csv') return `|tz=${opts.tz ?? 'UTC'}${mapping ? `|map=${fingerprintBytes(new TextEncoder().encode(JSON.stringify(mapping)))}` : ''}`;
	return '';
}

export async function ingestTrackers(list: TrackerFile[], importId: string, sink: TrackerSink, opts: TrackerOptions = {}): Promise<TrackerIngest> {
	const out: TrackerIngest = { files: [], ranges: new Map(), spans: 0, dailyTotals: [] };
	let base = 0;
	for (const { file, tracker, csvMapping } of list) {
		let read = 0;
		// A parser may open the stream more than once: the fingerprint is the last full read's.
		let fresh = new Fingerprint();
		const outcome: FileOutcome = { path: file.path, format: tracker.id, bytes: file.size, hash: '', records: 0, skipped: [], skippedCount: 0, warnings: [], kind: 'tracker' };
		try {
			const res = await tracker.parse(
				{
					path: file.path,
					size: file.size,
					stream: () => {
						fresh = new Fingerprint();
						read = 0;
						return tapped(file, fresh, (n) => {
							read += n;
							sink.progress?.(base + Math.min(read, file.size));
						}).stream();
					}
				},
				{ ...opts, ...(csvMapping ? { csvMapping } : {}) }
			);
			// The options that shaped the spans are part of the name: the same file read with another
			// heartbeat timeout or column mapping is a new import, replacing the old spans.
			outcome.hash = `fp:${fresh.digest()}${optionsTag(tracker.id, opts, csvMapping)}`;
			outcome.records = res.spans.length + (res.dailyTotals?.length ?? 0);
			outcome.skippedCount = res.skipped.length;
			outcome.skipped = res.skipped.slice(0, 200).map((s) => ({ line: Number(/\d+/.exec(s.where)?.[0] ?? 0), reason: `${s.where}: ${s.reason}` }));
			outcome.warnings = res.variant && !res.warnings.some((w) => w.includes(res.variant!)) ? [`read as ${res.variant}`, ...res.warnings] : res.warnings;
			if (!(await sink.known(outcome.hash))) {
				const { chunks, ranges } = chunkSpans(res.spans, file.path, importId);
				for (let i = 0; i < chunks.length; i += WRITE_CHUNKS) await sink.write(chunks.slice(i, i + WRITE_CHUNKS));
				mergeRanges(out.ranges, ranges);
				out.spans += res.spans.length;
				if (res.dailyTotals) out.dailyTotals.push(...res.dailyTotals);
			}
		} catch (e) {
			// One unreadable export is reported on its source and never stops the others; its hash never
			// matches, so the same file is tried again next time.
			outcome.hash = `error:${Date.now()}:${file.path}`;
			outcome.warnings = [e instanceof Error ? e.message : String(e)];
		}
		out.files.push(outcome);
		base += file.size;
		sink.progress?.(base);
	}
	return out;
}
