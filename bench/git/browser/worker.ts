// Runs analyzeBundle on the File it is sent, timed inside the worker: the same call the app's import
// worker makes, without the app around it.

import { analyzeBundle } from '../../../workers/git/repo';
import { blobSource } from '../../../workers/git/source';
import { summarize, type Summary } from '../summary';

export type WorkerReply = { ms: number; stats: Awaited<ReturnType<typeof analyzeBundle>>['stats']; summary: Summary; error?: undefined } | { error: string };

self.onmessage = async (e: MessageEvent<{ file: File; exact: boolean }>) => {
	try {
		const t0 = performance.now();
		const res = await analyzeBundle(blobSource(e.data.file), { exact: e.data.exact });
		const ms = performance.now() - t0;
		(self as unknown as Worker).postMessage({ ms, stats: res.stats, summary: summarize(res) } satisfies WorkerReply);
	} catch (err) {
		(self as unknown as Worker).postMessage({ error: String((err as Error)?.stack ?? err) } satisfies WorkerReply);
	}
};
