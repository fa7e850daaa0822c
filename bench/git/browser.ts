// The Chromium half of the git bench: analyzeBundle in a dedicated Web Worker of headless Chromium, on
// the same bundle, handed to the page as a File (as a user's drop would be). A small page
// (bench/git/browser/) is bundled with Vite; serving and launching Chromium are the e2e harness's.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { collectErrors, launch, serve } from '../../tests/e2e/harness';
import { ROOT, timeNativeGit } from './corpus';
import type { Summary } from './summary';
import type { WorkerReply } from './browser/worker';

export interface BrowserGitInput {
	bundle: string;
	repoDir: string;
	runs: number;
	exact: boolean;
	log(line: string): void;
}

export interface BrowserGitResult {
	/** Wall time of analyzeBundle inside the worker, per run. */
	ms: number[];
	/** Native git, timed before, between and after the browser runs. */
	gitMs: number[];
	stats: Extract<WorkerReply, { ms: number }>['stats'];
	summary: Summary;
	/** Peak resident memory of the renderer process that runs the page and its worker. */
	peakRendererRss: number;
	chromium: string;
}

/** Resident set of every process below ours (Chromium's browser, renderers, utilities), sampled from /proc on Linux. */
function sampleRenderers(peak: Map<number, number>): void {
	let entries: string[];
	try {
		entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
	} catch {
		return;
	}
	const parent = new Map<number, number>();
	for (const d of entries) {
		try {
			const stat = readFileSync(`/proc/${d}/stat`, 'latin1');
			parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
		} catch {
			/* gone */
		}
	}
	const mine = (pid: number) => {
		for (let p = pid, k = 0; p > 1 && k < 64; p = parent.get(p) ?? 0, k++) if (p === process.pid) return true;
		return false;
	};
	for (const pid of parent.keys()) {
		if (pid === process.pid || !mine(pid)) continue;
		try {
			if (!readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('--type=renderer')) continue;
			const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
			if (m) peak.set(pid, Math.max(peak.get(pid) ?? 0, Number(m[1]) * 1024));
		} catch {
			/* gone */
		}
	}
}

export async function runBrowserGit(input: BrowserGitInput): Promise<BrowserGitResult> {
	const outDir = join(ROOT, 'bench', '.out', 'git-browser');
	const t = performance.now();
	await build({
		configFile: false,
		root: join(ROOT, 'bench', 'git', 'browser'),
		base: './',
		logLevel: 'warn',
		build: { outDir, emptyOutDir: true, target: 'es2022', minify: true },
		worker: { format: 'es' }
	});
	input.log(`\nbrowser page built in ${((performance.now() - t) / 1000).toFixed(1)} s; starting headless Chromium…\n`);
	const server = await serve(outDir);
	const session = await launch({ serviceWorkers: 'block' });
	const peak = new Map<number, number>();
	const sampler = setInterval(() => sampleRenderers(peak), 50);
	try {
		const { page, browser } = session;
		const errors = collectErrors(page);
		await page.goto(server.url);
		await page.locator('#bundle').setInputFiles(input.bundle);
		const ms: number[] = [];
		const gitMs: number[] = [];
		let last: Extract<WorkerReply, { ms: number }> | undefined;
		let bestStats: BrowserGitResult['stats'] | undefined;
		for (let r = 0; r < input.runs; r++) {
			gitMs.push(timeNativeGit(input.repoDir).ms);
			const reply = await page.evaluate((exact) => (window as unknown as { runOnce(e: boolean): Promise<WorkerReply> }).runOnce(exact), input.exact);
			if (reply.error !== undefined) throw new Error(`the browser run failed: ${reply.error}`);
			last = reply;
			ms.push(reply.ms);
			if (reply.ms === Math.min(...ms)) bestStats = reply.stats;
			input.log(`  Chromium run ${r + 1}: ${(reply.ms / 1000).toFixed(2)} s\n`);
		}
		gitMs.push(timeNativeGit(input.repoDir).ms);
		if (errors.length) throw new Error(`page errors: ${errors.join('\n')}`);
		return { ms, gitMs, stats: bestStats!, summary: last!.summary, peakRendererRss: Math.max(0, ...peak.values()), chromium: browser.version() };
	} finally {
		clearInterval(sampler);
		await session.close();
		await server.close();
	}
}
