// Shared helpers for the browser tests: serve build/, drive Debian's Chromium, watch the network and CSP.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BUILD_DIR = join(ROOT, 'build');
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// The machine's network is closed: without the background-networking flags Chromium's own connections
// (updates, sync, Google lookups) fail noisily at every start.
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export interface Server {
	/** e.g. http://127.0.0.1:41234/ */
	url: string;
	/** e.g. http://127.0.0.1:41234 */
	origin: string;
	port: number;
	/** Stops listening and drops open connections: afterwards nothing answers on the port. */
	close(): Promise<void>;
}

/** Serve build/ (or another folder) on 127.0.0.1 at a random port. */
export async function serve(root: string = BUILD_DIR): Promise<Server> {
	const s = await startServer({ root, port: 0 });
	return { ...s, origin: new URL(s.url).origin };
}

export interface Session {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile (Playwright gives every launch a new temp user-data dir, and service
 * workers work in its contexts). Pass serviceWorkers: 'block' for tests that must not depend on the SW.
 */
export async function launch(options: { serviceWorkers?: 'allow' | 'block'; timezoneId?: string } = {}): Promise<Session> {
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	const context = await browser.newContext({
		serviceWorkers: options.serviceWorkers ?? 'allow',
		viewport: { width: 1280, height: 800 },
		...(options.timezoneId ? { timezoneId: options.timezoneId } : {})
	});
	const page = await context.newPage();
	return { browser, context, page, close: () => browser.close() };
}

export interface Watch {
	/** "METHOD url" of every http(s)/ws(s) request to an origin other than the app's. */
	foreign: string[];
	/** CSP violations, from `securitypolicyviolation` events and from Chromium's console messages. */
	violations: string[];
}

const watches = new WeakMap<BrowserContext, Watch>();

/**
 * Record foreign requests and CSP violations in every page of `context`. Call it before the first navigation.
 * Calling it again for the same context returns the same record.
 */
export async function watchRequests(context: BrowserContext, origin: string): Promise<Watch> {
	const existing = watches.get(context);
	if (existing) return existing;
	const watch: Watch = { foreign: [], violations: [] };
	watches.set(context, watch);
	const app = new URL(origin).origin;
	context.on('request', (req) => {
		const url = req.url();
		// data:, blob: and about: never reach the network.
		if (/^(https?|wss?):/i.test(url) && new URL(url).origin !== app) watch.foreign.push(`${req.method()} ${url}`);
	});
	context.on('console', (msg) => {
		if (/content security policy/i.test(msg.text())) watch.violations.push(`console: ${msg.text()}`);
	});
	await context.exposeBinding('__hindsightCspViolation', (_source, text: string) => {
		watch.violations.push(`event: ${text}`);
	});
	await context.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			const report = (window as unknown as { __hindsightCspViolation(t: string): void }).__hindsightCspViolation;
			report(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
		});
	});
	return watch;
}

/** Uncaught exceptions and unhandled rejections of `page`, collected from now on. */
export function collectErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('pageerror', (err) => errors.push(err.stack ?? err.message));
	return errors;
}

/** Full-page PNG at test-results/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
	mkdirSync(SCREENSHOTS, { recursive: true });
	const path = join(SCREENSHOTS, `${name}.png`);
	await page.screenshot({ path, fullPage: true });
	return path;
}

/**
 * Wait until a service worker is active and controls `page`, reloading if it doesn't take over.
 * `ready` can resolve before the worker's clients.claim() has run, hence the controllerchange wait.
 */
export async function waitForServiceWorker(page: Page, timeout = 30_000): Promise<void> {
	const deadline = Date.now() + timeout;
	for (;;) {
		const state = await page.evaluate(async (ms) => {
			if (!('serviceWorker' in navigator)) return 'unsupported';
			const sw = navigator.serviceWorker;
			const wait = (p: Promise<unknown>) => Promise.race([p, new Promise((r) => setTimeout(r, ms))]);
			await wait(sw.ready);
			if (!sw.controller) await wait(new Promise((r) => sw.addEventListener('controllerchange', r, { once: true })));
			return sw.controller ? 'controlled' : 'waiting';
		}, 5_000);
		if (state === 'controlled') return;
		if (state === 'unsupported') throw new Error('navigator.serviceWorker is missing (not a secure context?)');
		if (Date.now() > deadline) throw new Error(`no service worker took control of ${page.url()} within ${timeout} ms`);
		await page.reload();
	}
}

/** Absolute same-origin hrefs of the links in the page's navigation (header brand and <nav>), deduplicated. */
export async function navLinks(page: Page): Promise<string[]> {
	const hrefs = await page.$$eval('header a[href], nav a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
	const origin = new URL(page.url()).origin;
	return [...new Set(hrefs.map((h) => h.split('#')[0]))].filter((h) => new URL(h).origin === origin);
}

/** Click the header/nav link whose resolved href is `absolute` (Kit writes relative hrefs into prerendered pages). */
export async function clickNavLink(page: Page, absolute: string): Promise<void> {
	const anchors = page.locator('header a[href], nav a[href]');
	const hrefs = await anchors.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href.split('#')[0]));
	const i = hrefs.indexOf(absolute);
	if (i < 0) throw new Error(`no nav link to ${absolute} on ${page.url()}`);
	await anchors.nth(i).click();
}

/** The page's CSP <meta>, parsed into directive → sources (null if there is none). */
export async function cspMeta(page: Page): Promise<Record<string, string[]> | null> {
	const content = await page
		.locator('meta[http-equiv="content-security-policy" i]')
		.first()
		.getAttribute('content', { timeout: 1_000 })
		.catch(() => null);
	if (content == null) return null;
	const directives: Record<string, string[]> = {};
	for (const part of content.split(';')) {
		const [name, ...sources] = part.trim().split(/\s+/);
		if (name) directives[name.toLowerCase()] = sources;
	}
	return directives;
}
