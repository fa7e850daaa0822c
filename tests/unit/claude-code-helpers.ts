// Shared by the claude-code-*.test.ts files (not a test file itself).
import { fileURLToPath } from 'node:url';
import type { InputFile, ParseSink, RecordBatch } from '../../workers/formats/types';
import type { ToolCall, Turn } from '../../src/lib/model';
import { collectInputFiles } from '../../bin/node-input';

export const FIXTURES = fileURLToPath(new URL('../fixtures/claude-code', import.meta.url));

/** An in-memory file streamed in chunks of `chunk` bytes (or a cycling list of sizes). */
export function memFile(path: string, content: string | Uint8Array, chunk: number | number[] = 64 * 1024): InputFile {
	const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
	const sizes = Array.isArray(chunk) ? chunk : [chunk];
	return {
		path,
		size: bytes.length,
		stream() {
			let pos = 0;
			let k = 0;
			return new ReadableStream<Uint8Array>({
				pull(ctrl) {
					if (pos >= bytes.length) return ctrl.close();
					const n = sizes[k++ % sizes.length];
					ctrl.enqueue(bytes.slice(pos, pos + n));
					pos += n;
				}
			});
		}
	};
}

export interface Collected {
	sink: ParseSink;
	batches: RecordBatch[];
	turns: Turn[];
	calls: ToolCall[];
	progress: number[];
}

export function collector(opts: { cancelAfterBatches?: number } = {}): Collected {
	const c: Collected = {
		batches: [],
		turns: [],
		calls: [],
		progress: [],
		sink: {
			batch(b) {
				c.batches.push(b);
				c.turns.push(...b.turns);
				c.calls.push(...b.toolCalls);
			},
			progress(n) {
				c.progress.push(n);
			},
			cancelled: () => opts.cancelAfterBatches !== undefined && c.batches.length >= opts.cancelAfterBatches
		}
	};
	return c;
}

export async function fixtureFiles(): Promise<InputFile[]> {
	return (await collectInputFiles([FIXTURES])).files;
}

/** A JSONL line from an object, the way Claude Code writes them (compact). */
export const line = (o: unknown) => JSON.stringify(o);
