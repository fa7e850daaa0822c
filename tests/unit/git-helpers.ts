// Builds real repositories with the git CLI in temp dirs, and asks git itself for the truth
// (numstat per first-parent commit, blame at the head) to compare the engine against.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openAsBlob, rmSync, writeFileSync, existsSync, unlinkSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyzeBundle, type AnalyzeOptions, type AnalyzeResult } from '../../workers/git/repo';
import { blobSource } from '../../workers/git/source';

export class TestRepo {
	readonly dir: string;
	private clock: number;

	constructor(startEpoch = 1_700_000_000) {
		this.dir = mkdtempSync(join(tmpdir(), 'hindsight-git-'));
		this.clock = startEpoch;
		this.git('init', '-q', '-b', 'main');
		this.git('config', 'core.autocrlf', 'false');
		this.git('config', 'commit.gpgsign', 'false');
	}

	git(...args: string[]): string {
		return execFileSync('git', args, {
			cwd: this.dir,
			encoding: 'utf8',
			maxBuffer: 1 << 30,
			env: {
				...process.env,
				GIT_AUTHOR_NAME: 'Ada',
				GIT_AUTHOR_EMAIL: 'ada@example.com',
				GIT_COMMITTER_NAME: 'Ada',
				GIT_COMMITTER_EMAIL: 'ada@example.com',
				GIT_AUTHOR_DATE: `${this.clock} +0000`,
				GIT_COMMITTER_DATE: `${this.clock} +0000`,
				GIT_CONFIG_NOSYSTEM: '1',
				HOME: this.dir
			}
		});
	}

	write(path: string, content: string | Uint8Array): void {
		const p = join(this.dir, path);
		mkdirSync(dirname(p), { recursive: true });
		writeFileSync(p, content);
	}

	read(path: string): string {
		return readFileSync(join(this.dir, path), 'latin1');
	}

	exists(path: string): boolean {
		return existsSync(join(this.dir, path));
	}

	remove(path: string): void {
		unlinkSync(join(this.dir, path));
	}

	/** Advances the clock by `days` (default one hour) and commits everything. */
	commit(message: string, opts: { days?: number; author?: string; allowEmpty?: boolean } = {}): string {
		this.clock += Math.round((opts.days ?? 1 / 24) * 86400);
		this.git('add', '-A');
		const args = ['commit', '-q', '--no-verify', '-m', message];
		if (opts.allowEmpty) args.push('--allow-empty');
		if (opts.author) args.push('--author', opts.author);
		this.git(...args);
		return this.git('rev-parse', 'HEAD').trim();
	}

	tick(days: number): void {
		this.clock += Math.round(days * 86400);
	}

	bundle(name = 'repo.bundle', ...refs: string[]): string {
		const out = join(this.dir, '..', `${this.dir.split('/').pop()}-${name}`);
		const opts = refs.filter((x) => x.startsWith('--version'));
		const rest = refs.filter((x) => !x.startsWith('--version'));
		this.git('bundle', 'create', '-q', ...opts, out, ...(rest.length ? rest : ['--all']));
		return out;
	}

	/** git log --first-parent --diff-merges=first-parent --numstat --no-renames: per sha, per path [added, removed] (binary: null). */
	numstat(): Map<string, Map<string, [number, number] | null>> {
		const out = this.git('log', '--first-parent', '--diff-merges=first-parent', '--numstat', '--no-renames', '--format=%x00%H');
		const res = new Map<string, Map<string, [number, number] | null>>();
		let cur: Map<string, [number, number] | null> | undefined;
		for (const line of out.split('\n')) {
			if (line.startsWith('\0')) {
				cur = new Map();
				res.set(line.slice(1), cur);
			} else if (line.trim() && cur) {
				const [a, r, ...p] = line.split('\t');
				cur.set(p.join('\t'), a === '-' ? null : [Number(a), Number(r)]);
			}
		}
		return res;
	}

	/** Text files at HEAD (regular files without a NUL in the first 8000 bytes). */
	headTextFiles(): string[] {
		const out = this.git('ls-tree', '-r', '-z', 'HEAD');
		const files: string[] = [];
		for (const rec of out.split('\0')) {
			if (!rec) continue;
			const [meta, path] = rec.split('\t');
			const [mode, type, oid] = meta.split(' ');
			if (type !== 'blob' || !mode.startsWith('100')) continue;
			const body = execFileSync('git', ['cat-file', 'blob', oid], { cwd: this.dir, maxBuffer: 1 << 30 });
			if (body.subarray(0, 8000).includes(0)) continue;
			files.push(path);
		}
		return files;
	}

	/** git blame --first-parent at HEAD: per path, the sha of each line. */
	blame(path: string): string[] {
		const out = this.git('blame', '--root', '--first-parent', '-l', '-s', 'HEAD', '--', path);
		return out
			.split('\n')
			.filter((l) => l.length)
			.map((l) => l.replace(/^\^/, '').slice(0, 40));
	}

	cleanup(): void {
		rmSync(this.dir, { recursive: true, force: true });
	}
}

export async function analyze(bundlePath: string, opts: AnalyzeOptions = {}): Promise<AnalyzeResult> {
	return analyzeBundle(blobSource(await openAsBlob(bundlePath)), opts);
}

export interface Disagreement {
	what: string;
	sha?: string;
	path?: string;
	git: unknown;
	ours: unknown;
}

/**
 * Compares an exact, no-exclusion analysis with git: per first-parent commit, added/removed summed
 * over text files (numstat), and alive-at-head per commit plus the line-by-line blame of every text file.
 */
export function compareWithGit(repo: TestRepo, res: AnalyzeResult, skipPath: (p: string) => boolean = () => false): Disagreement[] {
	const out: Disagreement[] = [];
	const ns = repo.numstat();
	const bySha = new Map(res.commits.map((c) => [c.sha, c]));
	for (const [sha, files] of ns) {
		let a = 0;
		let r = 0;
		for (const [p, v] of files) {
			if (!v || skipPath(p)) continue;
			a += v[0];
			r += v[1];
		}
		const c = bySha.get(sha);
		if (!c || !c.firstParent) {
			out.push({ what: 'missing first-parent commit', sha, git: [a, r], ours: c?.firstParent });
			continue;
		}
		if (c.added !== a || c.removed !== r) out.push({ what: 'numstat', sha, git: [a, r], ours: [c.added, c.removed] });
	}
	const alive = new Map<string, number>();
	for (const p of repo.headTextFiles()) {
		if (skipPath(p)) continue;
		const lines = repo.blame(p);
		for (const s of lines) alive.set(s, (alive.get(s) ?? 0) + 1);
		const ours = res.blame?.get(p);
		if (!ours) out.push({ what: 'untracked at head', path: p, git: lines.length, ours: undefined });
		else if (ours.join() !== lines.join()) {
			const k = lines.findIndex((s, i) => ours[i] !== s);
			out.push({ what: 'blame', path: p, git: `${lines.length} lines, first difference at line ${k + 1}: ${lines[k]}`, ours: `${ours.length} lines: ${ours[k]}` });
		}
	}
	for (const c of res.commits) {
		if (!c.firstParent) continue;
		const g = alive.get(c.sha) ?? 0;
		if ((c.fate?.aliveAtHead ?? 0) !== g) out.push({ what: 'aliveAtHead', sha: c.sha, git: g, ours: c.fate?.aliveAtHead });
	}
	return out;
}
