// Bench: bundle → commits → line fates, against native `git log --first-parent -p --no-renames`
// measured in the same run. See bench/git/README.md.
//
//   npx tsx bench/git/run.ts [--commits 4000] [--files 300] [--runs 3] [--exact] [--regen] [--seed S]

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openAsBlob, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeBundle } from '../../workers/git/repo';
import { blobSource } from '../../workers/git/source';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(ROOT, 'bench', '.corpus', 'git');

function arg(name: string, def: string): string {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : def;
}
const COMMITS = Number(arg('commits', '4000'));
const FILES = Number(arg('files', '300'));
const RUNS = Number(arg('runs', '3'));
const SEED = arg('seed', 'hindsight-git-1');
const EXACT = process.argv.includes('--exact');
const REGEN = process.argv.includes('--regen');
const GEN_VERSION = 1;

function rng(seedStr: string) {
	let seed = 0;
	for (let i = 0; i < seedStr.length; i++) seed = (Math.imul(seed, 31) + seedStr.charCodeAt(i)) | 0;
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Writes a git fast-import stream for a synthetic history: code-like files edited, added, deleted, renamed; agent trailers on some commits. */
function generate(dir: string): void {
	const rand = rng(SEED);
	const int = (n: number) => Math.floor(rand() * n);
	const pick = <T>(a: T[]) => a[int(a.length)];
	const words = ['const', 'let', 'return', 'if', 'else', 'for', 'while', 'value', 'result', 'items', 'index', 'config', 'error', 'await', 'fetch', 'parse', 'user', 'data', 'map', 'filter'];
	let uniq = 0;
	const codeLine = (indent: number) => {
		const r = rand();
		if (r < 0.12) return '';
		if (r < 0.22) return ' '.repeat(indent) + '}';
		const n = 2 + int(7);
		const ws = Array.from({ length: n }, () => pick(words));
		return ' '.repeat(indent) + ws.join(' ') + (rand() < 0.3 ? ` // ${uniq++}` : ';');
	};
	const block = (n: number) => Array.from({ length: n }, () => codeLine(2 * int(4)));
	const files = new Map<string, string[]>();
	const dirs = ['src', 'src/lib', 'src/ui', 'server', 'server/api', 'tests', 'docs', 'scripts'];
	const exts = ['.ts', '.ts', '.js', '.py', '.go', '.md'];
	let nextFile = 0;
	const newPath = () => `${pick(dirs)}/file${nextFile++}${pick(exts)}`;
	for (let i = 0; i < FILES; i++) files.set(newPath(), block(40 + int(600)));
	const chunks: string[] = [];
	let mark = 0;
	let time = 1_690_000_000;
	const enc = new TextEncoder();
	const data = (s: string) => `data ${enc.encode(s).length}\n${s}\n`;
	for (let c = 0; c < COMMITS; c++) {
		const ops: string[] = [];
		const touched = c === 0 ? [...files.keys()] : [];
		if (c > 0) {
			const n = 1 + int(4);
			for (let k = 0; k < n; k++) {
				const r = rand();
				const paths = [...files.keys()];
				if (r < 0.8) {
					const p = pick(paths);
					const ls = files.get(p)!;
					const edits = 1 + int(3);
					for (let e = 0; e < edits; e++) {
						const at = int(ls.length + 1);
						const kind = rand();
						if (kind < 0.45) ls.splice(at, 0, ...block(1 + int(25)));
						else if (kind < 0.7) ls.splice(at, 1 + int(8));
						else if (kind < 0.9) ls.splice(at, 1 + int(4), ...block(1 + int(5)));
						else if (ls.length > 20) {
							// move a block within the file
							const from = int(ls.length - 10);
							const moved = ls.splice(from, 3 + int(7));
							ls.splice(int(ls.length + 1), 0, ...moved);
						}
					}
					touched.push(p);
				} else if (r < 0.88) {
					const p = newPath();
					files.set(p, block(20 + int(300)));
					touched.push(p);
				} else if (r < 0.94 && paths.length > 50) {
					const p = pick(paths);
					files.delete(p);
					ops.push(`D ${p}\n`);
				} else if (paths.length > 50) {
					const p = pick(paths);
					const q = newPath();
					const ls = files.get(p)!;
					files.delete(p);
					files.set(q, ls);
					ops.push(`D ${p}\n`);
					touched.push(q);
				}
			}
		}
		for (const p of new Set(touched)) {
			const ls = files.get(p);
			if (!ls) continue;
			ops.push(`M 100644 inline ${p}\n${data(ls.join('\n') + '\n')}`);
		}
		time += 600 + int(6 * 3600);
		const agent = rand();
		let msg = `change ${c}: ${pick(words)} ${pick(words)}\n`;
		if (agent < 0.3) msg += `\nCo-Authored-By: Claude Sonnet 4.6 <noreply@anthropic.com>\n`;
		else if (agent < 0.4) msg += `\nCo-authored-by: aider (gpt-5) <aider@aider.chat>\n`;
		chunks.push(`commit refs/heads/main\nmark :${++mark}\nauthor Dev <dev@example.com> ${time} +0000\ncommitter Dev <dev@example.com> ${time} +0000\n${data(msg)}${c > 0 ? '' : ''}${ops.join('')}\n`);
	}
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	execFileSync('git', ['init', '-q', '-b', 'main', dir]);
	execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: chunks.join(''), maxBuffer: 1 << 30 });
	execFileSync('git', ['repack', '-adq'], { cwd: dir });
	execFileSync('git', ['bundle', 'create', '-q', join(dir, '..', 'repo.bundle'), '--all'], { cwd: dir });
}

function ms(t: number) {
	return `${(t / 1000).toFixed(2)} s`;
}

async function main() {
	const meta = join(OUT, 'corpus.json');
	const want = { seed: SEED, commits: COMMITS, files: FILES, version: GEN_VERSION };
	const repoDir = join(OUT, 'repo');
	const bundle = join(OUT, 'repo.bundle');
	if (REGEN || !existsSync(meta) || readFileSync(meta, 'utf8') !== JSON.stringify(want) || !existsSync(bundle)) {
		process.stdout.write(`generating ${COMMITS} commits over ${FILES} files…\n`);
		const t = performance.now();
		generate(repoDir);
		writeFileSync(meta, JSON.stringify(want));
		process.stdout.write(`  done in ${ms(performance.now() - t)}\n`);
	}
	const size = statSync(bundle).size;
	process.stdout.write(`bundle: ${(size / 1e6).toFixed(1)} MB, ${COMMITS} commits (${EXACT ? 'exact' : 'default'} mode)\n`);

	// Native git: the same history, first-parent patches.
	const gitTimes: number[] = [];
	let patchLines = 0;
	for (let r = 0; r < RUNS; r++) {
		const t = performance.now();
		const p = spawnSync('sh', ['-c', 'git log --first-parent -p --no-renames main | wc -l'], { cwd: repoDir, encoding: 'utf8', maxBuffer: 1 << 30 });
		gitTimes.push(performance.now() - t);
		patchLines = Number(p.stdout.trim());
	}
	const ours: number[] = [];
	let last: Awaited<ReturnType<typeof analyzeBundle>> | undefined;
	let peak = 0;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
	for (let r = 0; r < RUNS; r++) {
		const t = performance.now();
		last = await analyzeBundle(blobSource(await openAsBlob(bundle)), { exact: EXACT });
		ours.push(performance.now() - t);
	}
	clearInterval(sampler);
	peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
	const best = (a: number[]) => Math.min(...a);
	const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
	const s = last!.stats;
	const fp = last!.commits.filter((c) => c.firstParent);
	const added = fp.reduce((n, c) => n + (c.added ?? 0), 0);
	process.stdout.write(
		[
			``,
			`native git log --first-parent -p --no-renames: best ${ms(best(gitTimes))}, median ${ms(median(gitTimes))} (${patchLines.toLocaleString()} patch lines)`,
			`hindsight bundle → fates:                      best ${ms(best(ours))}, median ${ms(median(ours))}`,
			`  pack scan ${ms(s.scanMs)} · delta resolve ${ms(s.resolveMs)} · walk ${ms(s.walkMs)} · ${s.objects.toLocaleString()} objects (${s.deltas.toLocaleString()} deltas) · hasher ${s.hasher} · trailer verified ${s.trailerVerified}`,
			`  ${fp.length} first-parent commits, ${s.fileDiffs.toLocaleString()} file diffs, ${(s.linesCompared / 1e6).toFixed(1)} M lines compared, ${s.distinctLines.toLocaleString()} distinct lines, ${added.toLocaleString()} lines added`,
			`  throughput ${((size / 1e6) / (best(ours) / 1000)).toFixed(1)} MB/s of bundle, ${(s.linesCompared / 1e6 / (s.walkMs / 1000)).toFixed(1)} M lines/s in the walk`,
			`  peak RSS ${(peak / 1048576).toFixed(0)} MB`,
			``,
			`ratio (ours ÷ native git, best of ${RUNS}): ${(best(ours) / best(gitTimes)).toFixed(2)}×  (goal: ≤ 2×)`,
			``
		].join('\n')
	);
	mkdirSync(join(ROOT, 'bench', '.out'), { recursive: true });
	writeFileSync(
		join(ROOT, 'bench', '.out', 'git-results.json'),
		JSON.stringify({ bundleBytes: size, commits: COMMITS, mode: EXACT ? 'exact' : 'default', gitMs: gitTimes, oursMs: ours, peakRss: peak, stats: s, ratio: best(ours) / best(gitTimes) }, null, 2)
	);
}

main().catch((e) => {
	console.error(e);
	process.exitCode = 1;
});
