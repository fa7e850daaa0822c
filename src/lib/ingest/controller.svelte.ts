import * as Comlink from 'comlink';
import type { ImportProgress, ImportWorkerApi } from '../../../workers/import.worker';
import type { ImportSummary } from '../db/imports';
import { rollbackImport } from '../db/imports';
import { getDB } from '../db/schema';
import type { DroppedBlob } from './expand';

export type ImportStatus = 'idle' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';

/** The one import at a time: runs the worker, tracks progress and rate, cancels cleanly. */
export class ImportController {
	status = $state<ImportStatus>('idle');
	label = $state('');
	progress = $state<ImportProgress | null>(null);
	/** Bytes per second over the whole run so far. */
	rate = $state(0);
	summary = $state<ImportSummary | null>(null);
	/** Wall time of the last finished import, from handing the files to the worker to the commit. */
	elapsedMs = $state(0);
	error = $state<string | null>(null);

	#worker: Worker | null = null;
	/** What the last import was given, so it can run again once the user mapped a CSV's columns. */
	#last: { label: string; items: DroppedBlob[] } | null = null;
	#importId = '';
	#started = 0;

	async run(label: string, items: DroppedBlob[]): Promise<void> {
		if (this.status === 'running') return;
		this.#last = { label, items };
		this.status = 'running';
		this.label = label;
		this.summary = null;
		this.error = null;
		this.progress = null;
		this.rate = 0;
		this.#started = performance.now();
		this.#importId = `imp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
		// Ask once, before the first write: best effort, the browser may say no.
		navigator.storage?.persist?.().catch(() => {});
		const worker = new Worker(new URL('../../../workers/import.worker.ts', import.meta.url), { type: 'module' });
		this.#worker = worker;
		const api = Comlink.wrap<ImportWorkerApi>(worker);
		try {
			const summary = await api.importFiles(
				this.#importId,
				label,
				items,
				Comlink.proxy((p: ImportProgress) => {
					this.progress = p;
					const secs = (performance.now() - this.#started) / 1000;
					if (secs > 0) this.rate = p.bytesDone / secs;
				})
			);
			if (this.status !== 'running') return;
			this.elapsedMs = performance.now() - this.#started;
			this.summary = summary;
			this.status = 'done';
		} catch (err) {
			if (this.status !== 'running') return;
			this.error = err instanceof Error ? err.message : String(err);
			this.status = 'failed';
			await rollbackImport(getDB(), this.#importId).catch(() => {});
		} finally {
			if (this.#worker === worker) {
				worker.terminate();
				this.#worker = null;
			}
		}
	}

	/** Runs the last import again (files already imported are recognised and skipped). */
	async rerun(): Promise<void> {
		if (this.#last) await this.run(this.#last.label, this.#last.items);
	}

	/** Stops the worker mid-file and removes every row this import wrote. */
	async cancel(): Promise<void> {
		if (this.status !== 'running' || !this.#worker) return;
		this.status = 'cancelling';
		this.#worker.terminate();
		this.#worker = null;
		await rollbackImport(getDB(), this.#importId);
		this.status = 'cancelled';
	}
}

export const importer = new ImportController();
