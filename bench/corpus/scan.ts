// Independent reference reader for a Claude Code projects tree, following the reference's rules
// literally: every *.jsonl under the tree (subagent files included), dedupe by (message.id,
// requestId) keeping the largest usage, `<synthetic>` skipped. Used to check the generator's
// expected totals and, in the bench, as the referee when two tools disagree.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { listFiles } from './files';

export interface ScanTotals {
	input: number;
	output: number;
	cacheRead: number;
	cacheWrite: number;
	responses: number;
}

export interface ScanResult {
	totals: ScanTotals;
	files: number;
	bytes: number;
	lines: number;
	byType: Record<string, number>;
	/** Line-length histogram buckets (bytes): <300, <1k, <5k, <20k, <50k, ≥50k. */
	sizes: number[];
	/** Lines whose (id, requestId) was seen before. */
	duplicateLines: number;
}

export function listJsonl(dir: string): string[] {
	return listFiles(dir).filter((f) => f.endsWith('.jsonl'));
}

const BUCKETS = [300, 1000, 5000, 20000, 50000];

export async function scanClaudeTree(dir: string): Promise<ScanResult> {
	const best = new Map<string, [number, number, number, number]>();
	const res: ScanResult = { totals: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, responses: 0 }, files: 0, bytes: 0, lines: 0, byType: {}, sizes: [0, 0, 0, 0, 0, 0], duplicateLines: 0 };
	for (const f of listJsonl(dir)) {
		res.files++;
		const rl = createInterface({ input: createReadStream(f), crlfDelay: Infinity });
		for await (const line of rl) {
			if (!line) continue;
			const n = Buffer.byteLength(line) + 1;
			res.bytes += n;
			res.lines++;
			let b = BUCKETS.findIndex((x) => n < x);
			res.sizes[b < 0 ? 5 : b]++;
			let o: any;
			try {
				o = JSON.parse(line);
			} catch {
				continue;
			}
			res.byType[o.type] = (res.byType[o.type] ?? 0) + 1;
			const m = o.message;
			if (o.type !== 'assistant' || !m?.usage || m.model === '<synthetic>') continue;
			const u = m.usage;
			const v: [number, number, number, number] = [u.input_tokens ?? 0, u.output_tokens ?? 0, u.cache_read_input_tokens ?? 0, u.cache_creation_input_tokens ?? 0];
			const key = `${m.id}\u0000${o.requestId ?? ''}`;
			const prev = best.get(key);
			if (prev) res.duplicateLines++;
			if (!prev || v[0] + v[1] + v[2] + v[3] > prev[0] + prev[1] + prev[2] + prev[3]) best.set(key, v);
		}
	}
	for (const [i, o, r, w] of best.values()) {
		res.totals.input += i;
		res.totals.output += o;
		res.totals.cacheRead += r;
		res.totals.cacheWrite += w;
		res.totals.responses++;
	}
	return res;
}
