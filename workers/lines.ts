// Streaming line splitter over raw bytes. Lines are split on 0x0A before decoding: that byte never
// occurs inside a multi-byte UTF-8 sequence, so a character split across chunks is never cut, and a
// caller can look at a line's bytes (say, to skip it by its type) without decoding it at all.

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

/** One line's bytes are `buf[start, end)`, without the newline and without a trailing CR. */
export type LineHandler = (buf: Uint8Array, start: number, end: number, lineNo: number) => void;

export interface LineOptions {
	/** Longer lines are not buffered: they are reported to `onOverlong` and dropped. */
	maxLineBytes?: number;
	onOverlong?(lineNo: number, bytes: number): void;
	/** Sees every chunk in order, before its lines are handled (e.g. for a fingerprint). */
	onChunk?(chunk: Uint8Array): void;
	/** Awaited after the lines of each chunk: the place to flush batches. */
	afterChunk?(): void | Promise<void>;
	/** Total bytes read so far. */
	onProgress?(bytesDone: number): void;
	/** Checked between chunks; true stops reading. */
	cancelled?(): boolean;
}

export interface LineStats {
	/** Lines seen (including empty and over-long ones); the last line number. */
	lines: number;
	bytes: number;
	/** True when the data did not end with a newline (the last line may be truncated). */
	unterminated: boolean;
	cancelled: boolean;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
	const out = new Uint8Array(total);
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
}

export async function splitLines(
	stream: ReadableStream<Uint8Array>,
	onLine: LineHandler,
	opts: LineOptions = {}
): Promise<LineStats> {
	const max = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
	const reader = stream.getReader();
	// The unfinished line: copies of its pieces (a chunk's buffer may be reused by the source).
	let parts: Uint8Array[] = [];
	let partBytes = 0;
	let overlong = false;
	let lineNo = 0;
	let bytes = 0;
	let cancelled = false;

	const emit = (buf: Uint8Array, start: number, end: number) => {
		lineNo++;
		if (end > start && buf[end - 1] === 13) end--;
		onLine(buf, start, end, lineNo);
	};
	const finishPending = (chunk: Uint8Array | undefined, upto: number) => {
		const total = partBytes + upto;
		if (overlong || total > max) {
			lineNo++;
			opts.onOverlong?.(lineNo, total);
		} else if (parts.length === 0) {
			if (chunk) emit(chunk, 0, upto);
		} else {
			if (chunk && upto > 0) parts.push(chunk.subarray(0, upto));
			const line = concat(parts, total);
			emit(line, 0, line.length);
		}
		parts = [];
		partBytes = 0;
		overlong = false;
	};

	try {
		for (;;) {
			if (opts.cancelled?.()) {
				cancelled = true;
				await reader.cancel();
				break;
			}
			const { done, value } = await reader.read();
			if (done) break;
			const chunk = value;
			if (chunk.length === 0) continue;
			opts.onChunk?.(chunk);
			bytes += chunk.length;
			let nl = chunk.indexOf(10);
			if (nl < 0) {
				// No line ends in this chunk: keep (a copy of) it, unless the line is already too long.
				if (!overlong) {
					if (partBytes + chunk.length > max) {
						overlong = true;
						parts = [];
					} else parts.push(chunk.slice());
				}
				partBytes += chunk.length;
			} else {
				finishPending(chunk, nl);
				let start = nl + 1;
				while ((nl = chunk.indexOf(10, start)) >= 0) {
					if (nl - start > max) {
						lineNo++;
						opts.onOverlong?.(lineNo, nl - start);
					} else emit(chunk, start, nl);
					start = nl + 1;
				}
				const rest = chunk.length - start;
				if (rest > 0) {
					if (rest > max) overlong = true;
					else parts.push(chunk.slice(start));
					partBytes = rest;
				}
			}
			opts.onProgress?.(bytes);
			if (opts.afterChunk) await opts.afterChunk();
		}
	} finally {
		reader.releaseLock();
	}
	const unterminated = partBytes > 0;
	if (unterminated && !cancelled) finishPending(undefined, 0);
	return { lines: lineNo, bytes, unterminated, cancelled };
}

/** Convenience: each line decoded as UTF-8 text (invalid bytes become U+FFFD). */
export function splitTextLines(
	stream: ReadableStream<Uint8Array>,
	onLine: (text: string, lineNo: number) => void,
	opts: LineOptions = {}
): Promise<LineStats> {
	const decoder = new TextDecoder();
	return splitLines(stream, (buf, s, e, n) => onLine(decoder.decode(buf.subarray(s, e)), n), opts);
}

/** At most the first `maxBytes` bytes of a stream; the rest is not read. */
export async function readPrefix(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
	const reader = stream.getReader();
	const parts: Uint8Array[] = [];
	let total = 0;
	try {
		while (total < maxBytes) {
			const { done, value } = await reader.read();
			if (done) break;
			parts.push(value);
			total += value.length;
		}
		await reader.cancel();
	} finally {
		reader.releaseLock();
	}
	const all = parts.length === 1 ? parts[0] : concat(parts, total);
	return all.length > maxBytes ? all.subarray(0, maxBytes) : all;
}
