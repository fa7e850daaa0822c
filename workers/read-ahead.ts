// Opening a file has a fixed latency in a browser (a round trip to the process that owns it, about
// 2–3 ms in Chromium), which dominates for folders of many small logs. Streams handed out here have
// their first chunk already requested, `depth` files ahead of the one being parsed.

import type { InputFile } from './formats/types';

function primed(file: InputFile): ReadableStream<Uint8Array> {
	const reader = file.stream().getReader();
	const first = reader.read();
	// A failure surfaces when the parser reads this stream, not as an unhandled rejection now.
	first.catch(() => {});
	let started = false;
	return new ReadableStream<Uint8Array>(
		{
			async pull(ctrl) {
				const r = started ? await reader.read() : await first;
				started = true;
				if (r.done) ctrl.close();
				else ctrl.enqueue(r.value);
			},
			cancel(reason) {
				return reader.cancel(reason);
			}
		},
		{ highWaterMark: 0 }
	);
}

/** Streams for `files` in the given order; call `next()` once per file, in that order. */
export function readAhead(files: InputFile[], depth = 4): { next(): ReadableStream<Uint8Array>; close(): void } {
	const opened: ReadableStream<Uint8Array>[] = [];
	let i = 0;
	const fill = () => {
		while (opened.length < depth && i + opened.length < files.length) opened.push(primed(files[i + opened.length]));
	};
	return {
		next() {
			fill();
			const s = opened.shift();
			if (!s) throw new Error('readAhead: no more files');
			i++;
			fill();
			return s;
		},
		/** Releases files opened ahead but never parsed (after a cancel). */
		close() {
			for (const s of opened.splice(0)) s.cancel().catch(() => {});
		}
	};
}
