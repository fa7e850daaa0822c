// The app must keep working with no server at all once the service worker has cached it. Stopping the server
// is the unambiguous check: Playwright's offline emulation doesn't cover the service worker's own fetches.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { collectErrors, launch, screenshot, serve, waitForServiceWorker, type Server, type Session } from './harness';

let server: Server;
let session: Session;

beforeAll(async () => {
	server = await serve();
	session = await launch();
});

afterAll(async () => {
	await session?.close();
	await server?.close(); // already closed by the test unless it failed early
});

async function heading(page: Session['page']): Promise<string> {
	const h1 = page.locator('h1').first();
	await h1.waitFor({ state: 'visible', timeout: 15_000 });
	return (await h1.innerText()).trim();
}

test('the app loads, renders and navigates with the server stopped', async () => {
	const { context, page } = session;
	const errors = collectErrors(page);

	await page.goto(server.url);
	const online = await heading(page);
	expect(online).not.toBe('');
	await waitForServiceWorker(page);
	await screenshot(page, 'offline-0-online-home');

	const sessionsLink = page.locator('nav a[href*="sessions"]').first();
	const hasSessions = (await sessionsLink.count()) > 0;

	await server.close();
	await expect(fetch(server.url), 'the server should be gone').rejects.toThrow();

	// Full reload of / is answered by the service worker alone.
	await page.reload();
	expect(await heading(page)).toBe(online);
	await screenshot(page, 'offline-1-home-reloaded');

	// A new tab in the same profile boots too.
	const tab = await context.newPage();
	const tabErrors = collectErrors(tab);
	await tab.goto(server.url);
	expect(await heading(tab)).toBe(online);
	await tab.close();

	if (hasSessions) {
		// Client-side navigation needs the route's lazy chunks from the cache...
		await page.locator('nav a[href*="sessions"]').first().click();
		await page.waitForURL(/\/sessions\/?$/);
		const sessionsHeading = await heading(page);
		expect(sessionsHeading).not.toBe(online);
		await screenshot(page, 'offline-2-sessions-clicked');
		// ...and a full load of the deep link needs its prerendered page.
		await page.reload();
		expect(await heading(page)).toBe(sessionsHeading);
		await screenshot(page, 'offline-3-sessions-reloaded');
	} else {
		console.log('no nav link to /sessions/ yet; only / was checked offline');
	}

	expect(errors).toEqual([]);
	expect(tabErrors).toEqual([]);
});
