// The Chromium half of the activity bench: the built app imports the generated export through its
// real file picker, worker and IndexedDB; the stored span count is checked against Node's, and the
// Activity screen's first week is timed from navigation to its figures.
import { launch, serve } from '../../tests/e2e/harness';

export interface BrowserActivityResult {
	/** The app's own clock: files handed to the worker → import committed. */
	importMs: number;
	spansStored: number;
	chunks: number;
	/** Navigation to /activity/ → the day's active time shown (load spans of a week + metrics + charts). */
	screenMs: number;
	activeShown: string;
}

export async function runBrowserActivity(path: string): Promise<BrowserActivityResult> {
	const server = await serve();
	const session = await launch({ serviceWorkers: 'block', timezoneId: 'UTC' });
	try {
		const { page } = session;
		await page.goto(server.url);
		await page.getByTestId('file-input').waitFor({ state: 'attached' });
		await page.getByTestId('file-input').setInputFiles(path);
		const result = page.getByTestId('import-result');
		await result.waitFor({ timeout: 900_000 });
		const importMs = Number(await result.getAttribute('data-elapsed-ms'));
		const stored = await page.evaluate(
			() =>
				new Promise<{ spans: number; chunks: number }>((resolve, reject) => {
					const req = indexedDB.open('hindsight');
					req.onerror = () => reject(req.error);
					req.onsuccess = () => {
						const db = req.result;
						const out = { spans: 0, chunks: 0 };
						const tx = db.transaction('activityChunks', 'readonly');
						// Read the counts from an index-free cursor on values: chunks know their span count.
						tx.objectStore('activityChunks').openCursor().onsuccess = (e) => {
							const c = (e.target as IDBRequest<IDBCursorWithValue | null>).result;
							if (!c) return;
							out.chunks++;
							out.spans += c.value.count;
							c.continue();
						};
						tx.oncomplete = () => {
							db.close();
							resolve(out);
						};
					};
				})
		);
		const t0 = Date.now();
		await page.goto(`${server.url}activity/`);
		const active = page.getByTestId('day-active');
		await active.waitFor({ timeout: 120_000 });
		// The figure starts at 0s until the week's spans are in; wait for the real one.
		const deadline = Date.now() + 120_000;
		let shown = await active.innerText();
		while (shown === '0s' && Date.now() < deadline) {
			await page.waitForTimeout(20);
			shown = await active.innerText();
		}
		const screenMs = Date.now() - t0;
		return { importMs, spansStored: stored.spans, chunks: stored.chunks, screenMs, activeShown: shown };
	} finally {
		await session.close();
		await server.close();
	}
}
