// The Activity screen on the demo data set (an ActivityWatch export in the demo zip) in a browser set
// to Berlin: day and week figures equal the same metrics computed in Node, charts are drawn, the
// heatmap picks a day, a drag zooms the timeline, another zone re-cuts the days, and a CSV with
// unknown columns is mapped once and then recognised by its header.
import { expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withApp } from './app';
import { collectErrors, ROOT, screenshot } from './harness';
import { duration } from '../../src/lib/format';
import { generateAwExport } from '../../bench/corpus/activitywatch';
import { spansFromExport } from '../../workers/trackers/activitywatch';
import { activityMetrics } from '../../src/lib/analysis/activity-metrics';
import { weekView } from '../../src/lib/analysis/activity-view';

const app = withApp({ serviceWorkers: 'block', timezoneId: 'Europe/Berlin' });
const manifest = JSON.parse(readFileSync(join(ROOT, 'static/demo/manifest.json'), 'utf8'));
const act = manifest.expected.activity;
const secs = (s: number) => duration(s * 1000);

test('the demo data set fills the Activity screen with the figures Node computes', async () => {
	const { page } = app.session;
	const errors = collectErrors(page);
	await page.goto(app.server.url);
	await page.getByTestId('demo').click();
	await expect.poll(() => page.getByTestId('import-activity').innerText(), { timeout: 60_000 }).toContain(
		`${(act.events.window + act.events.afk + act.events.web).toLocaleString('en-US')} activity spans`
	);

	await page.goto(`${app.server.url}activity/`);
	const heading = page.getByTestId('activity-day');
	await heading.waitFor();
	// The last day with data, in the browser's zone.
	expect(await heading.innerText()).toBe('Friday, 18 September 2026');
	const last = act.perDay.find((d: { date: string }) => d.date === '2026-09-18');
	// Spans load after the heading: wait for the figures rather than read them at once.
	await expect.poll(() => page.getByTestId('day-active').innerText()).toBe(secs(last.activeSeconds));
	expect(Number(await page.getByTestId('day-focus').innerText())).toBe(last.focusBlocks);

	const rows = page.locator('[data-testid="week-table"] tbody tr');
	expect(await rows.count()).toBe(7);
	for (let i = 0; i < 7; i++) {
		const cells = await rows.nth(i).locator('td').allInnerTexts();
		const want = act.perDay.find((d: { date: string }) => d.date === cells[0]);
		expect(cells[1]).toBe(secs(want?.activeSeconds ?? 0));
	}

	const timeline = page.locator('figure.timeline');
	expect(await timeline.locator('svg rect').count()).toBeGreaterThan(20);
	await screenshot(page, 'activity-day');

	// Drag across a third of the plot: the timeline zooms to that stretch; "Whole day" undoes it.
	const box = (await timeline.locator('svg').first().boundingBox())!;
	expect(await page.getByTestId('timeline-range').innerText()).toBe('00:00–23:59');
	await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
	await page.mouse.up();
	const zoomed = await page.getByTestId('timeline-range').innerText();
	expect(zoomed).not.toBe('00:00–23:59');
	const [from, to] = zoomed.split('–').map((t) => Number(t.slice(0, 2)) + Number(t.slice(3)) / 60);
	expect(to - from).toBeGreaterThan(2);
	expect(to - from).toBeLessThan(6);
	await screenshot(page, 'activity-zoomed');
	await page.getByRole('button', { name: 'Whole day' }).click();
	expect(await page.getByTestId('timeline-range').innerText()).toBe('00:00–23:59');

	// A click on Monday 10:00 in the heatmap opens that day.
	const heat = page.locator('figure[aria-label^="Week heatmap"]');
	const cell = heat.locator('g[aria-label="cell"] rect').nth(10);
	await cell.scrollIntoViewIfNeeded();
	const cb = (await cell.boundingBox())!;
	await page.mouse.move(cb.x + cb.width / 2, cb.y + cb.height / 2);
	await page.mouse.click(cb.x + cb.width / 2, cb.y + cb.height / 2);
	await expect.poll(() => heading.innerText()).toBe('Monday, 14 September 2026');

	// Another zone re-cuts the days: Monday in UTC, computed in Node from the same generated export.
	const aw = generateAwExport(manifest.expected.activity.generatedWith);
	const utc = activityMetrics(spansFromExport(JSON.parse(aw.json), act.file).spans, { tz: 'UTC' });
	await page.getByTestId('activity-tz').fill('UTC');
	await page.getByTestId('activity-tz').press('Enter');
	await expect.poll(() => page.getByTestId('day-active').innerText()).toBe(secs(utc.perDay.find((d) => d.date === '2026-09-14')!.activeSeconds));

	// The last session of the demo, seen through the tracker: the same figure as Node gives for its minutes.
	const lastSession = manifest.expected.sessions.at(-1);
	const [start, end] = [Date.parse(lastSession.startedAt), Date.parse(lastSession.endedAt)];
	const spans = spansFromExport(JSON.parse(aw.json), act.file).spans;
	const during = weekView(spans, { from: start, to: end }, { tz: 'UTC' });
	await page.goto(`${app.server.url}session/?id=${encodeURIComponent('claude-code:' + lastSession.sessionId)}`);
	await expect.poll(() => page.getByTestId('session-active').innerText(), { timeout: 20_000 }).toBe(secs(during.metrics.activeSeconds));
	expect(await page.getByTestId('session-activity').locator('figure.timeline svg rect').count()).toBeGreaterThan(3);
	await screenshot(page, 'session-activity');
	expect(errors).toEqual([]);
});

test('ActivityWatch categories imported on the Activity screen recategorise the week and are kept', async () => {
	// Runs after the demo test: the demo's week is in the database.
	const { page } = app.session;
	const dir = mkdtempSync(join(tmpdir(), 'hindsight-cat-'));
	try {
		const file = join(dir, 'aw-categories.json');
		writeFileSync(file, JSON.stringify({ categories: [{ name: ['Work', 'Programming'], rule: { type: 'regex', regex: 'Slack', ignore_case: true } }, { name: ['Media'], rule: { type: 'regex', regex: '(a+)+b' } }] }));
		await page.goto(`${app.server.url}activity/`);
		const perCategory = page.locator('figure[aria-label="Active time per category"]');
		await expect.poll(() => perCategory.textContent()).toContain('chat');
		const panel = page.getByTestId('categories-panel');
		await panel.locator('summary').click();
		await page.getByTestId('aw-categories').setInputFiles(file);
		// The runaway regex is refused and named; the good one goes to the top.
		await expect.poll(() => page.getByTestId('rule-problems').innerText()).toMatch(/Media.*regex skipped/);
		expect(await page.locator('[data-testid="category-rules"] tbody tr').first().innerText()).toContain('Work > Programming');
		await page.getByTestId('save-rules').click();
		await expect.poll(async () => (await perCategory.textContent()) ?? '').not.toContain('chat');
		await screenshot(page, 'activity-categories');
		await page.reload();
		await expect.poll(async () => (await perCategory.textContent()) ?? '').toContain('editor');
		expect(await perCategory.textContent()).not.toContain('chat');
		expect(await page.getByTestId('categories-panel').locator('summary').innerText()).toContain('your rules');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('a CSV with unknown columns is mapped once, then recognised by its header', async () => {
	const { page } = app.session;
	const dir = mkdtempSync(join(tmpdir(), 'hindsight-csv-'));
	try {
		const header = 'Began;Finished;Program;Window caption\n';
		writeFileSync(join(dir, 'week1.csv'), header + '2026-09-21 09:00:00;2026-09-21 10:30:00;Code;main.ts\n2026-09-21 10:30:00;2026-09-21 11:00:00;Slack;#team\n');
		writeFileSync(join(dir, 'week2.csv'), header + '2026-09-28 09:00:00;2026-09-28 09:45:00;Code;app.ts\n');
		await page.goto(app.server.url);
		await page.getByTestId('file-input').setInputFiles(join(dir, 'week1.csv'));
		const form = page.getByTestId('csv-mapping');
		await form.waitFor({ timeout: 30_000 });
		expect(await page.getByTestId('import-result').innerText()).toContain('need mapping');
		await form.locator('select[data-field="start"]').selectOption('Began');
		await form.locator('select[data-field="end"]').selectOption('Finished');
		await form.locator('select[data-field="app"]').selectOption('Program');
		await form.locator('select[data-field="title"]').selectOption('Window caption');
		await form.locator('input[data-field="tz"]').fill('Europe/Berlin');
		await screenshot(page, 'csv-mapping');
		await form.getByRole('button', { name: 'Save mapping and import' }).click();
		await expect.poll(() => page.getByTestId('import-activity').innerText(), { timeout: 30_000 }).toContain('2 activity spans');

		// Same header, other file: no question asked.
		await page.getByTestId('file-input').setInputFiles(join(dir, 'week2.csv'));
		await expect.poll(() => page.getByTestId('import-activity').innerText(), { timeout: 30_000 }).toContain('1 activity spans');
		expect(await page.getByTestId('csv-mapping').count()).toBe(0);

		await page.goto(`${app.server.url}activity/`);
		await page.getByTestId('activity-date').fill('2026-09-21');
		await page.getByTestId('activity-date').dispatchEvent('change');
		await expect.poll(() => page.getByTestId('activity-day').innerText()).toBe('Monday, 21 September 2026');
		// 09:00–11:00 Berlin; a CSV has no AFK stream, so all of it is active.
		await expect.poll(() => page.getByTestId('day-active').innerText()).toBe('2h 00m');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
