// Hook for the browser half of the benchmark: import the corpus into the built app in headless
// Chromium (IndexedDB) and time it. Not written yet; run.ts calls it only when build/ exists.

export interface BrowserImportInput {
	/** Repository root. */
	root: string;
	/** The `projects` folder to import. */
	projectsDir: string;
	/** Corpus size in bytes, for MB/s. */
	bytes: number;
	/** Token totals a correct import must show. */
	expected: { input: number; output: number; cacheRead: number; cacheWrite: number };
}

export interface BrowserImportResult {
	/** Wall time from starting the import to the last record committed to IndexedDB. */
	ms: number;
	sessions: number;
	totals: { input: number; output: number; cacheRead: number; cacheWrite: number };
	notes?: string[];
}

/**
 * TODO(lead): serve build/ (scripts/serve.mjs), launch Chromium via playwright-core, feed the
 * corpus folder to the import UI (or the worker directly), wait for completion, read totals back
 * from IndexedDB. Return null to report "not implemented" without failing the bench.
 */
export async function runBrowserImport(_input: BrowserImportInput): Promise<BrowserImportResult | null> {
	return null;
}
