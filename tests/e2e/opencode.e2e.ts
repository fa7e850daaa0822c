// OpenCode's SQLite database is read by WebAssembly SQLite in the import worker: the .wasm must come from the
// app's own origin under the CSP, and the -wal beside it must be applied.
import { expect, test } from 'vitest';
import { join } from 'node:path';
import { collectErrors, ROOT, screenshot, watchRequests } from './harness';
import { withApp } from './app';

const app = withApp({ serviceWorkers: 'block' });

test('an opencode.db dropped with its -wal imports in the browser, with no request elsewhere', async () => {
	const { page, context } = app.session;
	const watch = await watchRequests(context, app.server.origin);
	const errors = collectErrors(page);
	const wasm: string[] = [];
	page.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(r.url()));
	await page.goto(app.server.url);
	const dir = join(ROOT, 'tests/fixtures/opencode/wal');
	await page.getByTestId('file-input').setInputFiles([join(dir, 'opencode.db'), join(dir, 'opencode.db-wal')]);
	const result = page.getByTestId('import-result');
	await result.waitFor({ timeout: 30_000 });
	expect(await result.innerText()).toContain('2 new sessions');
	await page.goto(`${app.server.url}sessions/`);
	const table = page.getByTestId('sessions-table');
	await table.waitFor();
	// The session only the -wal holds is there.
	expect(await table.innerText()).toContain('Only in the WAL');
	expect(await table.innerText()).toContain('opencode');
	await screenshot(page, 'sessions-opencode');
	expect(wasm.length).toBe(1);
	expect(new URL(wasm[0]).origin).toBe(app.server.origin);
	expect(watch.foreign).toEqual([]);
	expect(watch.violations).toEqual([]);
	expect(errors).toEqual([]);
});
