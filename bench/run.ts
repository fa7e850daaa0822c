// Throughput and correctness benchmark: our parser core (in-process and via the CLI) against
// ccusage on the same generated Claude Code corpus. See bench/README.md.
//   npx tsx bench/run.ts [--mb 200] [--seed S] [--runs 3] [--regen] [--skip-cli] [--skip-ccusage]

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATOR_VERSION, generateClaudeCorpus, type ClaudeCorpusExpected } from './corpus/claude-code';
import { scanClaudeTree } from './corpus/scan';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = join(ROOT, 'bench', '.corpus');
const CONFIG = join(CORPUS, 'claude'); // a CLAUDE_CONFIG_DIR: ccusage wants a folder holding `projects/`
const PROJECTS = join(CONFIG, 'projects');
const STAMP = join(CORPUS, 'corpus.json');
const OUT = join(ROOT, 'bench', '.out');
const TOOLS = join(ROOT, 'bench', '.tools');
const CCUSAGE_VERSION = '20.0.24';

type Totals = { input: number; output: number; cacheRead: number; cacheWrite: number };
const FIELDS = ['input', 'output', 'cacheRead', 'cacheWrite'] as const;

function arg(name: string, def: string): string {
	const i = process.argv.indexOf('--' + name);
	return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
}
const flag = (name: string) => process.argv.includes('--' + name);

const opts = {
	seed: arg('seed', 'hindsight-bench-1'),
	targetBytes: Math.round(Number(arg('mb', '200')) * 1e6),
	endDate: '2026-09-18',
	weeks: 4,
	runs: Math.max(1, Number(arg('runs', '3')))
};

interface Stamp {
	generator: number;
	seed: string;
	targetBytes: number;
	endDate: string;
	weeks: number;
	files: number;
	bytes: number;
	sessions: number;
	expected: ClaudeCorpusExpected;
}

async function ensureCorpus(): Promise<Stamp> {
	const want = { generator: GENERATOR_VERSION, seed: opts.seed, targetBytes: opts.targetBytes, endDate: opts.endDate, weeks: opts.weeks };
	if (!flag('regen') && existsSync(STAMP) && existsSync(PROJECTS)) {
		const s = JSON.parse(readFileSync(STAMP, 'utf8')) as Stamp;
		if (Object.entries(want).every(([k, v]) => (s as any)[k] === v)) return s;
	}
	rmSync(CONFIG, { recursive: true, force: true });
	rmSync(STAMP, { force: true });
	mkdirSync(CONFIG, { recursive: true });
	process.stdout.write(`generating ${(opts.targetBytes / 1e6).toFixed(0)} MB corpus (seed ${opts.seed})…`);
	const t = performance.now();
	let shown = 0;
	const res = await generateClaudeCorpus({
		outDir: PROJECTS,
		targetBytes: opts.targetBytes,
		seed: opts.seed,
		endDate: opts.endDate,
		weeks: opts.weeks,
		onProgress(b) {
			if (b - shown > opts.targetBytes / 10) process.stdout.write(` ${Math.min(100, Math.round((100 * (shown = b)) / opts.targetBytes))}%`);
		}
	});
	console.log(` done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
	const stamp: Stamp = { ...want, files: res.files, bytes: res.bytes, sessions: res.sessions, expected: res.expected };
	writeFileSync(STAMP, JSON.stringify(stamp));
	return stamp;
}

interface Timed<T> {
	ms: number[];
	best: number;
	median: number;
	value: T;
}

async function timed<T>(runs: number, fn: () => Promise<T>): Promise<Timed<T>> {
	const ms: number[] = [];
	let value!: T;
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		value = await fn();
		ms.push(performance.now() - t);
	}
	const sorted = [...ms].sort((a, b) => a - b);
	return { ms, best: sorted[0], median: sorted[Math.floor(sorted.length / 2)], value };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const p = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		p.stdout.on('data', (c) => out.push(c));
		p.stderr.on('data', (c) => err.push(c));
		p.on('error', reject);
		p.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
	});
}

// --- ours -------------------------------------------------------------------------------------

async function oursInProcess(runs: number) {
	const { ingest } = await import('../workers/ingest-core');
	const { collectInputFiles } = await import('../bin/node-input');
	let peakRss = 0;
	const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
	try {
		const r = await timed(runs, async () => {
			const { files } = await collectInputFiles([PROJECTS]);
			const res = await ingest(files, { batch: () => {} });
			const totals: Totals = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
			// Own tokens of every session (subagents are sessions too), so nothing is counted twice.
			for (const s of res.sessions) for (const f of FIELDS) totals[f] += s.ownTokens[f];
			const perSession = new Map(res.sessions.filter((s) => !s.parentId).map((s) => [s.nativeId, s.tokens as Totals]));
			return { totals, sessions: res.sessions.length, roots: perSession.size, perSession, skipped: res.files.reduce((n, f) => n + f.skippedCount, 0) };
		});
		// The sampler starves if parsing never yields; the kernel's high-water mark covers that (whole process).
		return { ...r, peakRss: Math.max(peakRss, process.resourceUsage().maxRSS * 1024) };
	} finally {
		clearInterval(sampler);
	}
}

const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

async function oursCli(runs: number) {
	const empty = join(OUT, 'empty');
	mkdirSync(empty, { recursive: true });
	// Fixed cost of npx + tsx + loading the modules, measured on an empty folder.
	const startup = await timed(runs, () => run(NPX, ['tsx', 'bin/cli.ts', 'sessions', empty, '--json']));
	const r = await timed(runs, async () => {
		const p = await run(NPX, ['tsx', 'bin/cli.ts', 'sessions', PROJECTS, '--json']);
		if (p.code !== 0) throw new Error(`CLI exited ${p.code}: ${p.stderr.slice(0, 2000)}`);
		const doc = JSON.parse(p.stdout) as { sessions: { id: string; parentId: string | null; tokens: Totals }[] };
		const totals: Totals = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
		// `tokens` include subagents, so sum top-level sessions only.
		for (const s of doc.sessions) if (s.parentId === null) for (const f of FIELDS) totals[f] += s.tokens[f];
		return { totals, sessions: doc.sessions.length, stderrLines: p.stderr.split('\n').filter(Boolean).length };
	});
	return { ...r, startupMs: startup.best };
}

// --- ccusage ----------------------------------------------------------------------------------

function ccusageBin(): string | null {
	const native = `@ccusage/ccusage-${process.platform}-${process.arch}`;
	const pkg = join(TOOLS, 'node_modules', 'ccusage', 'package.json');
	const have = existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).version === CCUSAGE_VERSION && existsSync(join(TOOLS, 'node_modules', native));
	if (!have) {
		console.log(`installing ccusage ${CCUSAGE_VERSION} into ${relative(ROOT, TOOLS)}/ …`);
		mkdirSync(TOOLS, { recursive: true });
		const p = spawnSync(NPX === 'npx' ? 'npm' : 'npm.cmd', ['install', '--prefix', TOOLS, '--no-audit', '--no-fund', `ccusage@${CCUSAGE_VERSION}`, `${native}@${CCUSAGE_VERSION}`], { cwd: ROOT, stdio: 'inherit' });
		if (p.status !== 0) return null;
	}
	return join(TOOLS, 'node_modules', '.bin', process.platform === 'win32' ? 'ccusage.cmd' : 'ccusage');
}

async function ccusage(bin: string, runs: number, extra: string[]) {
	const home = join(OUT, 'home');
	mkdirSync(home, { recursive: true });
	// A throwaway HOME so it can never read (or cache into) the real ~/.claude or ~/.config/claude.
	const env = { ...process.env, CLAUDE_CONFIG_DIR: CONFIG, HOME: home, USERPROFILE: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), XDG_DATA_HOME: join(home, '.local', 'share'), NO_COLOR: '1' };
	return timed(runs, async () => {
		const p = await run(bin, ['claude', 'session', '--json', '--offline', ...extra], env);
		if (p.code !== 0) throw new Error(`ccusage exited ${p.code}: ${p.stderr.slice(0, 2000)}`);
		const doc = JSON.parse(p.stdout);
		const t = doc.totals;
		const totals: Totals = { input: t.inputTokens, output: t.outputTokens, cacheRead: t.cacheReadTokens, cacheWrite: t.cacheCreationTokens };
		const perSession = new Map<string, Totals>(
			doc.sessions.map((s: any) => [s.sessionId, { input: s.inputTokens, output: s.outputTokens, cacheRead: s.cacheReadTokens, cacheWrite: s.cacheCreationTokens }])
		);
		return { totals, sessions: doc.sessions.length as number, perSession };
	});
}

// --- report -----------------------------------------------------------------------------------

function diff(got: Totals, want: Totals): string[] {
	return FIELDS.filter((f) => got[f] !== want[f]).map((f) => `${f} ${got[f]} vs ${want[f]} (${got[f] - want[f] > 0 ? '+' : ''}${got[f] - want[f]})`);
}

function verdict(got: Totals, want: Totals): string {
	const d = diff(got, want);
	return d.length ? 'DIFF: ' + d.join(', ') : 'MATCH';
}

const fmtS = (ms: number) => (ms / 1000).toFixed(2) + ' s';
const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);

async function main() {
	mkdirSync(OUT, { recursive: true });
	const stamp = await ensureCorpus();
	const expected: Totals = stamp.expected.totals;
	const MB = stamp.bytes / 1e6;
	console.log(`corpus   ${relative(ROOT, PROJECTS)}: ${MB.toFixed(1)} MB, ${stamp.files} files, ${stamp.sessions} sessions + ${stamp.expected.subagentFiles} subagent files (seed ${stamp.seed})`);
	console.log(`machine  ${cpus()[0]?.model ?? '?'} ×${cpus().length}, node ${process.version}; best of ${opts.runs} runs, warm page cache\n`);

	const rows: { name: string; ms: number; median: number; mbps: number; check: string; note?: string }[] = [];
	const results: Record<string, unknown> = { corpus: { ...stamp, expected: { ...stamp.expected, sessions: undefined } }, runs: opts.runs, node: process.version, cpu: cpus()[0]?.model };
	let mismatch = false;
	let oursPer: Map<string, Totals> | undefined;
	let ccPer: Map<string, Totals> | undefined;

	const hasParser = existsSync(join(ROOT, 'workers', 'ingest-core.ts')) && existsSync(join(ROOT, 'bin', 'cli.ts'));
	if (!hasParser) console.log('ours: skipped (workers/ingest-core.ts or bin/cli.ts missing)');
	else {
		const a = await oursInProcess(opts.runs);
		oursPer = a.value.perSession;
		const check = verdict(a.value.totals, expected);
		mismatch ||= check !== 'MATCH';
		rows.push({ name: 'ours, in-process (ingest-core)', ms: a.best, median: a.median, mbps: mbps(stamp.bytes, a.best), check, note: `process peak RSS ${(a.peakRss / 1e6).toFixed(0)} MB` });
		results.oursInProcess = { ms: a.ms, totals: a.value.totals, sessions: a.value.sessions, skipped: a.value.skipped, peakRss: a.peakRss };
		if (!flag('skip-cli')) {
			const c = await oursCli(opts.runs);
			const check = verdict(c.value.totals, expected);
			mismatch ||= check !== 'MATCH';
			rows.push({ name: 'ours, CLI (npx tsx bin/cli.ts)', ms: c.best, median: c.median, mbps: mbps(stamp.bytes, c.best), check, note: `incl. ${fmtS(c.startupMs)} startup; ${mbps(stamp.bytes, c.best - c.startupMs).toFixed(1)} MB/s net of it` });
			results.oursCli = { ms: c.ms, startupMs: c.startupMs, totals: c.value.totals, sessions: c.value.sessions };
		}
	}

	if (!flag('skip-ccusage')) {
		const bin = ccusageBin();
		if (!bin) console.log(`ccusage: skipped (could not install ${CCUSAGE_VERSION} for ${process.platform}-${process.arch})`);
		else {
			const c = await ccusage(bin, opts.runs, []);
			ccPer = c.value.perSession;
			const check = verdict(c.value.totals, expected);
			mismatch ||= check !== 'MATCH';
			rows.push({ name: `ccusage ${CCUSAGE_VERSION} (claude session)`, ms: c.best, median: c.median, mbps: mbps(stamp.bytes, c.best), check });
			const c1 = await ccusage(bin, opts.runs, ['--single-thread']);
			rows.push({ name: `ccusage ${CCUSAGE_VERSION} --single-thread`, ms: c1.best, median: c1.median, mbps: mbps(stamp.bytes, c1.best), check: verdict(c1.value.totals, expected) });
			results.ccusage = { ms: c.ms, best: c.best, totals: c.value.totals, sessions: c.value.sessions };
			results.ccusageSingleThread = { ms: c1.ms, totals: c1.value.totals };
		}
	}

	const w = Math.max(...rows.map((r) => r.name.length));
	console.log(`${'expected (generator)'.padEnd(w)}  ${FIELDS.map((f) => `${f} ${expected[f]}`).join(', ')}`);
	console.log(`${''.padEnd(w)}  ${'best'.padStart(8)}  ${'median'.padStart(8)}  ${'MB/s'.padStart(7)}  tokens vs expected`);
	for (const r of rows) console.log(`${r.name.padEnd(w)}  ${fmtS(r.ms).padStart(8)}  ${fmtS(r.median).padStart(8)}  ${r.mbps.toFixed(1).padStart(7)}  ${r.check}${r.note ? `  (${r.note})` : ''}`);

	const cc = rows.find((r) => r.name.startsWith('ccusage') && !r.name.includes('single'));
	const cc1 = rows.find((r) => r.name.includes('single'));
	if (cc) {
		console.log('');
		for (const r of rows.filter((r) => r.name.startsWith('ours'))) {
			console.log(`ratio ${r.name} / ccusage: ${(r.mbps / cc.mbps).toFixed(2)}×${cc1 ? `  (vs single-thread: ${(r.mbps / cc1.mbps).toFixed(2)}×)` : ''}`);
		}
		results.ratios = Object.fromEntries(rows.filter((r) => r.name.startsWith('ours')).map((r) => [r.name, r.mbps / cc.mbps]));
	}

	// Per session (tokens incl. subagents), since equal totals can still hide misattribution.
	console.log('');
	const want = new Map(stamp.expected.sessions.map((s) => [s.sessionId, s]));
	const zero: Totals = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
	const pairOf = new Map<string, string[]>();
	for (const s of want.values()) if (s.continuesFrom) for (const id of [s.sessionId, s.continuesFrom]) pairOf.set(id, [s.continuesFrom, s.sessionId]);
	const sum = (ts: Totals[]) => ts.reduce((a, t) => ({ input: a.input + t.input, output: a.output + t.output, cacheRead: a.cacheRead + t.cacheRead, cacheWrite: a.cacheWrite + t.cacheWrite }), zero);
	for (const [name, per] of [['ours', oursPer], ['ccusage', ccPer]] as const) {
		if (!per) continue;
		const got = (id: string) => per.get(id) ?? zero;
		let empty = 0;
		let moved = 0;
		const bad = [...want.values()].filter((s) => {
			if (!diff(got(s.sessionId), s.tokens).length) {
				if (!per.has(s.sessionId)) empty++;
				return false;
			}
			// Lines a 1.0.x `--continue` file copied from its predecessor: credited to either file is defensible.
			const pair = pairOf.get(s.sessionId);
			if (pair && !diff(sum(pair.map(got)), sum(pair.map((id) => want.get(id)!.tokens))).length) return moved++, false;
			return true;
		});
		const notes = [empty ? `${empty} zero-token sessions not listed` : '', moved ? `${moved} differ only in crediting --continue copies` : ''].filter(Boolean);
		console.log(`per-session ${name}: ${want.size - bad.length} of ${want.size} sessions match expected${notes.length ? ` (${notes.join('; ')})` : ''}`);
		for (const s of bad.slice(0, 8)) console.log(`  ${s.file} (v${s.version}, ${s.subagentFiles} subagent files): ${per.has(s.sessionId) ? diff(got(s.sessionId), s.tokens).join(', ') : 'missing'}`);
	}
	if (mismatch) {
		// Referee: re-read the files by the reference's rules (dedupe by id+requestId keeping max, all files, no <synthetic>).
		const scan = await scanClaudeTree(PROJECTS);
		console.log(`referee scan of the files on disk: ${verdict(scan.totals, expected)} against the generator's expected totals`);
	}

	// Browser import (Chromium + IndexedDB) is a separate hook, run only against a built app.
	if (existsSync(join(ROOT, 'build'))) {
		const { runBrowserImport } = await import('./browser-import');
		const b = await runBrowserImport({ root: ROOT, projectsDir: PROJECTS, bytes: stamp.bytes, expected });
		if (!b) console.log('\nbrowser import: not implemented yet (bench/browser-import.ts)');
		else {
			const ccMs = (results.ccusage as { best?: number } | undefined)?.best;
			const ratio = ccMs ? `, ${(ccMs / b.ms).toFixed(2)}× ccusage's throughput` : '';
			console.log(`\nbrowser import (Chromium worker → IndexedDB): ${fmtS(b.ms)}, ${mbps(stamp.bytes, b.ms).toFixed(1)} MB/s${ratio}, ${b.sessions} sessions, ${b.rows.turns} turns + ${b.rows.toolCalls} tool calls written, ${verdict(b.totals, expected)}`);
			for (const n of b.notes ?? []) console.log(`  ${n}`);
			results.browser = b;
			if (verdict(b.totals, expected) !== 'MATCH') mismatch = true;
		}
	} else console.log('\nbrowser import: skipped: app not built');

	writeFileSync(join(OUT, 'results.json'), JSON.stringify(results, null, '\t') + '\n');
	console.log(`\nwrote ${relative(ROOT, join(OUT, 'results.json'))}`);
	if (mismatch) process.exitCode = 1;
}

main().catch((err) => {
	console.error(err);
	process.exitCode = 1;
});
