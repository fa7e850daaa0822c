// The generated repository both halves of the git bench read: a deterministic history written with
// `git fast-import`, repacked and bundled. One folder per (seed, commits, files), so switching sizes
// does not rebuild a corpus that already exists.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GEN_VERSION = 1;

export interface CorpusSpec {
	seed: string;
	commits: number;
	files: number;
}

export interface Corpus extends CorpusSpec {
	repoDir: string;
	bundle: string;
	bytes: number;
}

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
function generate(spec: CorpusSpec, dir: string, bundle: string): void {
	const rand = rng(spec.seed);
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
	for (let i = 0; i < spec.files; i++) files.set(newPath(), block(40 + int(600)));
	const chunks: string[] = [];
	let mark = 0;
	let time = 1_690_000_000;
	const enc = new TextEncoder();
	const data = (s: string) => `data ${enc.encode(s).length}\n${s}\n`;
	for (let c = 0; c < spec.commits; c++) {
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
		chunks.push(`commit refs/heads/main\nmark :${++mark}\nauthor Dev <dev@example.com> ${time} +0000\ncommitter Dev <dev@example.com> ${time} +0000\n${data(msg)}${ops.join('')}\n`);
	}
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	execFileSync('git', ['init', '-q', '-b', 'main', dir]);
	execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: chunks.join(''), maxBuffer: 1 << 30 });
	execFileSync('git', ['repack', '-adq'], { cwd: dir });
	execFileSync('git', ['bundle', 'create', '-q', bundle, '--all'], { cwd: dir });
}

/** The corpus for `spec`, generated on first use (or always with `regen`). */
export function ensureCorpus(spec: CorpusSpec, regen = false, log: (s: string) => void = (s) => process.stdout.write(s)): Corpus {
	const dir = join(ROOT, 'bench', '.corpus', 'git', `${spec.seed}-${spec.commits}c-${spec.files}f`);
	const meta = join(dir, 'corpus.json');
	const repoDir = join(dir, 'repo');
	const bundle = join(dir, 'repo.bundle');
	const want = JSON.stringify({ ...spec, version: GEN_VERSION });
	if (regen || !existsSync(meta) || readFileSync(meta, 'utf8') !== want || !existsSync(bundle)) {
		log(`generating ${spec.commits} commits over ${spec.files} files…\n`);
		const t = performance.now();
		mkdirSync(dir, { recursive: true });
		generate(spec, repoDir, bundle);
		writeFileSync(meta, want);
		log(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
	}
	return { ...spec, repoDir, bundle, bytes: statSync(bundle).size };
}

/** Native git over the same history: first-parent patches, counted by `wc -l`. */
export function timeNativeGit(repoDir: string): { ms: number; patchLines: number } {
	const t = performance.now();
	const out = execFileSync('sh', ['-c', 'git log --first-parent -p --no-renames main | wc -l'], { cwd: repoDir, encoding: 'utf8', maxBuffer: 1 << 30 });
	return { ms: performance.now() - t, patchLines: Number(out.trim()) };
}
