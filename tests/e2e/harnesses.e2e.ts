// Every harness through the real app: its fixture folder dropped, its sessions listed under its name, and one
// session's detail drawn without an error.
import { expect, test } from 'vitest';
import { join } from 'node:path';
import { collectErrors, ROOT, screenshot, watchRequests } from './harness';
import { withApp } from './app';
import { collectInputFiles } from '../../bin/node-input';
import { ingest } from '../../workers/ingest-core';

const app = withApp({ serviceWorkers: 'block' });

for (const harness of ['codex', 'gemini-cli', 'aider']) {
	test(`${harness}: a dropped folder is listed under its harness and a session opens`, async () => {
		const context = await app.session.browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
		const page = await context.newPage();
		const watch = await watchRequests(context, app.server.origin);
		const errors = collectErrors(page);
		const dir = join(ROOT, 'tests/fixtures', harness);
		const expected = await ingest((await collectInputFiles([dir])).files, { batch() {} });
		const top = expected.sessions.filter((s) => !s.parentId);
		expect(top.length).toBeGreaterThan(0);

		await page.goto(app.server.url);
		await page.getByTestId('folder-input').setInputFiles(dir);
		await page.getByTestId('import-result').waitFor({ timeout: 30_000 });
		await page.goto(`${app.server.url}sessions/`);
		await page.getByTestId('sessions-table').waitFor();
		await page.getByTestId('filter-harness').selectOption(harness);
		const rows = page.locator('[data-testid="sessions-table"] tbody tr');
		expect(await rows.count()).toBe(top.length);
		await screenshot(page, `sessions-${harness}`);

		await rows.first().locator('a').first().click();
		await page.getByRole('heading', { name: 'Turns and tool calls, in order' }).waitFor();
		expect(await page.locator('.meta .chip').first().innerText()).toBe(harness);
		expect(await page.locator('ol.events li').count()).toBeGreaterThan(0);
		await screenshot(page, `session-${harness}`);
		expect(watch.foreign).toEqual([]);
		expect(errors).toEqual([]);
		await context.close();
	});
}
