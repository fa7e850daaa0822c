// The bench page: passes the chosen bundle to a dedicated worker and hands each run's result to the driver.

import type { WorkerReply } from './worker';

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
let pending: ((r: WorkerReply) => void) | undefined;
worker.onmessage = (e: MessageEvent<WorkerReply>) => pending?.(e.data);
worker.onerror = (e) => pending?.({ error: e.message || 'worker failed to start' });

(window as unknown as { runOnce(exact: boolean): Promise<WorkerReply> }).runOnce = (exact) =>
	new Promise((resolve) => {
		const file = (document.getElementById('bundle') as HTMLInputElement).files?.[0];
		if (!file) return resolve({ error: 'no bundle chosen' });
		pending = resolve;
		worker.postMessage({ file, exact });
	});
