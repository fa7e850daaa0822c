// Importing through the real built app: the demo button, a dropped folder, a repeated import, cancel and an
// interrupted tab. Totals on screen are checked against the same parser core run in Node.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectErrors, launch, ROOT, screenshot, serve, watchRequests, type Server, type Session } from './harness';
import { collectInputFiles } from '../../bin/node-input';
import { ingest } from '../../workers/ingest-core';
import { totalTokens } from '../../src/lib/model';
import { generateClaudeCorpus } from '../../bench/corpus/claude-code';

let server: Server;
let session: Session;
let bigDir: string;

beforeAll(async () => {
	server = await serve();
	session = await launch({ serviceWorkers: 'block' });
	bigDir = mkdtempSync(join(tmpdir(), 'hindsight-e2e-'));
	// Large enough that the import is still running when the test cancels it.
	await generateClaudeCorpus({ outDir: join(bigDir, 'projects'), targetBytes: 60_000_000, seed: 'e2e-cancel', endDate: '2026-09-18' });
}, 120_000);

afterAll(async () => {
	await session?.close();
	await server?.close();
	if (bigDir) rmSync(bigDir, { recursive: true, force: true });
});

async function dbCounts(page: Session['page']) {
	return page.evaluate(
		() =>
			new Promise<Record<string, number>>((resolve, reject) => {
				const req = indexedDB.open('hindsight');
				req.onerror = () => reject(req.error);
				req.onsuccess = () => {
					const db = req.result;
					const names = ['sessions', 'turns', 'toolCalls', 'sources', 'imports'].filter((n) => db.objectStoreNames.contains(n));
					if (!names.length) return resolve({});
					const tx = db.transaction(names, 'readonly');
					const out: Record<string, number> = {};
					for (const n of names) {
						const r = tx.objectStore(n).count();
						r.onsuccess = () => (out[n] = r.result);
					}
					tx.oncomplete = () => {
						db.close();
						resolve(out);
					};
				};
			})
	);
}

async function sessionsTotals(page: Session['page']) {
	await page.goto(`${server.url}sessions/`);
	const total = page.getByTestId('total-tokens');
	await total.waitFor();
	return { tokens: Number(await total.getAttribute('data-exact')), rows: await page.locator('[data-testid="sessions-table"] tbody tr').count() };
}

test('the demo loads, the sessions table shows its totals, a session draws its charts', async () => {
	const { page, context } = session;
	const watch = await watchRequests(context, server.origin);
	const errors = collectErrors(page);
	await page.goto(server.url);
	await page.getByTestId('demo').click();
	const result = page.getByTestId('import-result');
	await result.waitFor({ timeout: 60_000 });
	const manifest = JSON.parse(readFileSync(join(ROOT, 'static/demo/manifest.json'), 'utf8'));
	expect(await result.innerText()).toContain(`${manifest.sessions} new sessions`);
	await screenshot(page, 'home-after-demo');

	const t = manifest.expected.totals;
	const { tokens, rows } = await sessionsTotals(page);
	expect(tokens).toBe(t.input + t.output + t.cacheRead + t.cacheWrite);
	expect(rows).toBe(manifest.sessions);
	await screenshot(page, 'sessions');

	// Sort by tokens, open the heaviest session: both charts must be drawn as SVG.
	await page.getByRole('button', { name: /^Tokens/ }).click();
	await page.locator('th[aria-sort="descending"]', { hasText: 'Tokens' }).waitFor();
	await page.locator('[data-testid="sessions-table"] tbody tr').first().locator('a').first().click();
	await page.getByRole('heading', { name: 'Timeline' }).waitFor();
	await page.locator('figure.chart svg').nth(1).waitFor();
	expect(await page.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(2);
	expect(await page.locator('figure.chart').first().innerText()).toContain('time (local)');
	await screenshot(page, 'session-detail');
	// The dark theme follows the system setting.
	await page.emulateMedia({ colorScheme: 'dark' });
	const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
	expect(bg).toBe('rgb(18, 22, 28)');
	await screenshot(page, 'session-detail-dark');
	await page.emulateMedia({ colorScheme: 'light' });

	// The same content again adds nothing.
	await page.goto(server.url);
	await page.getByTestId('demo').click();
	await expect.poll(async () => (await page.getByTestId('import-result').innerText().catch(() => '')), { timeout: 60_000 }).toContain('Already imported');
	expect((await dbCounts(page)).sessions).toBeGreaterThanOrEqual(manifest.sessions);
	expect(await sessionsTotals(page)).toEqual({ tokens, rows });

	expect(watch.foreign).toEqual([]);
	expect(watch.violations).toEqual([]);
	expect(errors).toEqual([]);
});

test('a dropped folder of sessions shows the same totals as the parser in Node', async () => {
	const { browser } = session;
	const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
	const page = await context.newPage();
	const dir = join(ROOT, 'tests/fixtures/claude-code');
	const files = await collectInputFiles([dir]);
	const expected = await ingest(files.files, { batch() {} });
	const top = expected.sessions.filter((s) => !s.parentId);

	await page.goto(server.url);
	await page.getByTestId('folder-input').setInputFiles(dir);
	const result = page.getByTestId('import-result');
	await result.waitFor({ timeout: 30_000 });
	const text = await result.innerText();
	expect(text).toContain(`${top.length} new sessions`);
	expect(text).toContain(`with ${expected.sessions.length - top.length} subagent runs`);
	// The fixture folder holds a file of another tool: named, not imported.
	expect(text).toContain('other-tool.jsonl');
	await screenshot(page, 'home-after-folder');

	const shown = await sessionsTotals(page);
	expect(shown.rows).toBe(top.length);
	expect(shown.tokens).toBe(top.reduce((n, s) => n + totalTokens(s.tokens), 0));
	// Malformed lines are shown on their source.
	await page.goto(server.url);
	const skipped = expected.files.reduce((n, f) => n + f.skippedCount, 0);
	expect(skipped).toBeGreaterThan(0);
	expect(await page.getByTestId('sources').innerText()).toContain(`${skipped} malformed lines skipped`);
	await context.close();
});

test('cancel and a closed tab leave no rows behind', async () => {
	const { browser } = session;
	const context = await browser.newContext({ serviceWorkers: 'block' });
	const page = await context.newPage();
	await page.goto(server.url);
	await page.getByTestId('folder-input').setInputFiles(join(bigDir, 'projects'));
	await page.getByTestId('import-progress').waitFor();
	await expect.poll(async () => (await dbCounts(page)).turns ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
	await page.getByRole('button', { name: 'Cancel' }).click();
	await page.getByText('cancelled; nothing from it was kept').waitFor();
	expect(await dbCounts(page)).toMatchObject({ sessions: 0, turns: 0, toolCalls: 0, sources: 0, imports: 0 });

	// Start again and close the tab mid-import: the next start undoes it.
	await page.getByTestId('folder-input').setInputFiles(join(bigDir, 'projects'));
	await expect.poll(async () => (await dbCounts(page)).turns ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
	await page.close();
	const next = await context.newPage();
	await next.goto(server.url);
	await next.locator('h1').waitFor();
	await expect.poll(async () => (await dbCounts(next)).turns, { timeout: 15_000 }).toBe(0);
	expect(await dbCounts(next)).toMatchObject({ sessions: 0, toolCalls: 0, imports: 0 });
	await context.close();
});
