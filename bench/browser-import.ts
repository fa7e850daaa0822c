// The browser half of the benchmark: the built app in headless Chromium imports the corpus folder through
// its real folder picker, worker and IndexedDB, and the totals are read back from the database.
import { launch, serve } from '../tests/e2e/harness';

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
	/** Wall time from handing the files to the page to the import's commit in IndexedDB. */
	ms: number;
	sessions: number;
	rows: { turns: number; toolCalls: number };
	totals: { input: number; output: number; cacheRead: number; cacheWrite: number };
	notes?: string[];
}

export async function runBrowserImport(input: BrowserImportInput): Promise<BrowserImportResult | null> {
	const server = await serve();
	const session = await launch({ serviceWorkers: 'block' });
	try {
		const { page } = session;
		await page.goto(server.url);
		await page.getByTestId('folder-input').waitFor({ state: 'attached' });
		const t0 = Date.now();
		await page.getByTestId('folder-input').setInputFiles(input.projectsDir);
		const result = page.getByTestId('import-result');
		await result.waitFor({ timeout: 600_000 });
		const wall = Date.now() - t0;
		// The app's own clock starts when the files reach it; the rest is the test driver handing them over.
		const ms = Number(await result.getAttribute('data-elapsed-ms'));
		const read = await page.evaluate(
			() =>
				new Promise<{ sessions: number; turns: number; toolCalls: number; totals: Record<string, number> }>((resolve, reject) => {
					const req = indexedDB.open('hindsight');
					req.onerror = () => reject(req.error);
					req.onsuccess = () => {
						const db = req.result;
						const tx = db.transaction(['sessions', 'turns', 'toolCalls'], 'readonly');
						const totals = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
						let sessions = 0;
						const out = { sessions: 0, turns: 0, toolCalls: 0, totals };
						tx.objectStore('sessions').openCursor().onsuccess = (e) => {
							const c = (e.target as IDBRequest<IDBCursorWithValue | null>).result;
							if (!c) return;
							const s = c.value;
							if (!s.parentId) {
								sessions++;
								for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += s.tokens[k];
							}
							c.continue();
						};
						const t = tx.objectStore('turns').count();
						t.onsuccess = () => (out.turns = t.result);
						const k = tx.objectStore('toolCalls').count();
						k.onsuccess = () => (out.toolCalls = k.result);
						tx.oncomplete = () => {
							out.sessions = sessions;
							db.close();
							resolve(out);
						};
					};
				})
		);
		return {
			ms,
			notes: [`${((wall - ms) / 1000).toFixed(1)} s more were spent by the test driver handing the folder to the page`],
			sessions: read.sessions, rows: { turns: read.turns, toolCalls: read.toolCalls }, totals: read.totals as BrowserImportResult['totals'] };
	} finally {
		await session.close();
		await server.close();
	}
}
