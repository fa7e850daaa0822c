// The engine in exact mode (no move detection, no whitespace rules, no exclusions) against git itself:
// added/removed per first-parent commit = git log --first-parent --diff-merges=first-parent --numstat
// --no-renames, and every line at the head = git blame --first-parent. Real repositories built with
// the git CLI.

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, compareWithGit, TestRepo } from './git-helpers';

const repos: TestRepo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

function newRepo(): TestRepo {
	const r = new TestRepo();
	repos.push(r);
	return r;
}

function lines(n: number, tag: string, from = 0): string {
	return Array.from({ length: n }, (_, i) => `${tag} line ${from + i}\n`).join('');
}

async function exact(r: TestRepo) {
	return analyze(r.bundle(), { exact: true, exclusions: [] });
}

describe('exact mode agrees with git', () => {
	it('on a history with renames, merges, reverts, CRLF, binary files, no trailing newline, deletes and re-adds', async () => {
		const r = newRepo();
		r.write('src/a.ts', lines(30, 'a'));
		r.write('src/b.ts', 'function b() {\n  return 1;\n}\n');
		r.write('README.md', 'hello\nworld');
		r.commit('initial');
		// modify, no trailing newline fixed
		r.write('README.md', 'hello\nworld\n');
		r.write('src/a.ts', lines(10, 'a') + 'inserted\n' + lines(20, 'a', 10));
		r.commit('edit a', { days: 2 });
		// rename with an edit (similar enough for git's 50% rule)
		r.remove('src/a.ts');
		r.write('lib/a.ts', lines(10, 'a') + 'inserted\n' + lines(18, 'a', 10) + 'tail change\n');
		r.commit('move a to lib', { days: 3 });
		// CRLF file, then a whitespace-only change to LF
		r.write('win.txt', 'one\r\ntwo\r\nthree\r\n');
		r.commit('crlf', { days: 1 });
		r.write('win.txt', 'one\ntwo\r\nthree\r\nfour\r\n');
		r.commit('crlf edit', { days: 1 });
		// binary file added and changed
		r.write('img.bin', new Uint8Array([1, 0, 2, 3, 10, 65, 10]));
		r.commit('binary', { days: 1 });
		r.write('img.bin', new Uint8Array([1, 0, 2, 4, 10, 66, 10, 67]));
		r.commit('binary edit', { days: 1 });
		// delete and re-add
		r.remove('src/b.ts');
		r.commit('delete b', { days: 5 });
		r.write('src/b.ts', 'function b() {\n  return 2;\n}\n');
		r.commit('re-add b', { days: 5 });
		// a branch merged with a merge commit
		r.git('checkout', '-q', '-b', 'feature');
		r.write('lib/a.ts', r.read('lib/a.ts').replace('a line 3\n', 'a line 3 changed on feature\n'));
		r.write('feature.ts', lines(5, 'feature'));
		r.commit('feature work', { days: 1 });
		r.write('feature.ts', lines(6, 'feature'));
		r.commit('feature more', { days: 1 });
		r.git('checkout', '-q', 'main');
		r.write('README.md', 'hello\nworld\nmain moved on\n');
		const mainC = r.commit('main work', { days: 1 });
		r.tick(1);
		r.git('merge', '-q', '--no-ff', '-m', 'Merge feature', 'feature');
		// a revert
		r.write('lib/a.ts', r.read('lib/a.ts').replace('a line 15\n', 'a line 15 bad\n'));
		const badSha = r.commit('bad edit', { days: 1 });
		r.tick(2);
		r.git('revert', '--no-edit', badSha);
		void mainC;
		const res = await exact(r);
		expect(compareWithGit(r, res)).toEqual([]);
		const byMsg = new Map(res.commits.map((c) => [c.subject, c]));
		// The merge is on the first-parent line and carries the branch's lines; the branch commits are not.
		expect(byMsg.get('Merge feature')?.firstParent).toBe(true);
		expect(byMsg.get('feature work')?.firstParent).toBe(false);
		expect(byMsg.get('Merge feature')?.added).toBe(7);
		// The revert kills the bad line with kind 'revert'.
		expect(byMsg.get('bad edit')?.fate?.deaths.revert).toBe(1);
		expect(byMsg.get('Revert "bad edit"')?.revertOf).toBe(badSha);
		// Deleting b killed its 3 lines as file-delete, within 14 days.
		expect(byMsg.get('initial')?.fate?.deaths['file-delete']).toBeGreaterThanOrEqual(3);
	});

	it('on files full of repeated lines (braces, blanks), where git discards frequent lines and slides hunks', async () => {
		const r = newRepo();
		const block = (name: string, body: string[]) => [`function ${name}() {`, ...body.map((b) => `  ${b}`), '}', ''].join('\n');
		let src = Array.from({ length: 40 }, (_, i) => block(`f${i}`, [`if (x) {`, `  return ${i};`, `}`, ''])).join('\n');
		r.write('code.js', src + '\n');
		r.commit('many functions');
		for (let k = 0; k < 12; k++) {
			const parts = src.split('\n');
			// insert a function in the middle, delete some braces, duplicate a block
			const at = (k * 37) % parts.length;
			parts.splice(at, k % 3, ...block(`g${k}`, ['}', '', `return ${k};`, '}']).split('\n'));
			if (k % 4 === 0) parts.splice((k * 11) % parts.length, 5);
			src = parts.join('\n');
			r.write('code.js', src + (k % 5 === 0 ? '' : '\n'));
			r.commit(`edit ${k}`, { days: 1 });
		}
		const res = await exact(r);
		expect(compareWithGit(r, res)).toEqual([]);
	});

	it('on names whose tree order is not plain name order (a tree sorts as if its name ended in /), type changes and non-ASCII names', async () => {
		const r = newRepo();
		for (const p of ['x.txt', 'x-y', 'x/inner.txt', 'x0', 'y', 'é.txt', 'e.txt', 'sub/a', 'sub.d/b', 'sub-d/c']) r.write(p, lines(5, p));
		r.commit('names');
		for (const p of ['x.txt', 'x/inner.txt', 'x-y', 'x0', 'é.txt', 'sub/a', 'sub.d/b']) r.write(p, lines(3, p) + 'changed\n' + lines(2, p, 3));
		r.commit('edit every name', { days: 1 });
		// A file turns into a folder of the same name, and a folder into a file.
		r.remove('y');
		r.write('y/z.txt', lines(4, 'yz'));
		rmSync(join(r.dir, 'sub-d'), { recursive: true });
		r.write('sub-d', lines(2, 'now a file'));
		r.commit('type changes', { days: 1 });
		const res = await exact(r);
		expect(compareWithGit(r, res)).toEqual([]);
		expect(res.commits.find((c) => c.subject === 'edit every name')?.paths?.length).toBe(7);
	});

	it('on a large file with a long shared tail (blame trims 1 KiB blocks of common tail)', async () => {
		const r = newRepo();
		const body = lines(400, 'tail');
		r.write('big.txt', 'head 1\nhead 2\n' + body);
		r.commit('big');
		r.write('big.txt', 'head 1\nchanged\nhead 2\n' + body.replace('tail line 390\n', 'tail line 390 edited\n'));
		r.commit('edit big', { days: 1 });
		r.write('big.txt', '\n' + r.read('big.txt').replace('tail line 3\n', ''));
		r.commit('edit big again', { days: 1 });
		const res = await exact(r);
		expect(compareWithGit(r, res)).toEqual([]);
	});
});

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number) {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('exact mode agrees with git on random histories', () => {
	for (const [seed, big] of [[1, 0], [2, 0], [3, 0], [11, 1], [12, 1]] as const) {
		it(`seed ${seed}${big ? ' (large files: frequent-line discards, tail trims)' : ''}`, async () => {
			const rand = rng(seed);
			const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];
			const vocab = ['}', '', '{', 'return x;', '  }', '\t}', 'x = 1;', 'y = 2;', 'if (a) {', 'else {', '// note', 'end', 'foo();', 'bar();'];
			const r = newRepo();
			const files = new Map<string, string[]>();
			const eol = new Map<string, string>();
			const write = (p: string) => {
				const ls = files.get(p)!;
				const e = eol.get(p) ?? '\n';
				const noNl = ls.length > 0 && rand() < 0.1;
				r.write(p, ls.join(e) + (ls.length && !noNl ? e : ''));
			};
			let uniq = 0;
			const newLine = () => (rand() < 0.6 ? pick(vocab) : `unique ${uniq++} ${'z'.repeat(Math.floor(rand() * 5))}`);
			for (let i = 0; i < 4; i++) {
				const p = `d${i % 2}/f${i}.txt`;
				files.set(p, Array.from({ length: big ? 200 + Math.floor(rand() * 400) : 5 + Math.floor(rand() * 60) }, newLine));
				if (rand() < 0.2) eol.set(p, '\r\n');
				write(p);
			}
			r.commit('root');
			let n = 0;
			const onBranch = () => r.git('rev-parse', '--abbrev-ref', 'HEAD').trim();
			for (let step = 0; step < 40; step++) {
				const op = rand();
				const paths = [...files.keys()];
				if (op < 0.55 && paths.length) {
					const p = pick(paths);
					const ls = files.get(p)!;
					const edits = 1 + Math.floor(rand() * 4);
					for (let e = 0; e < edits; e++) {
						const at = Math.floor(rand() * (ls.length + 1));
						const kind = rand();
						if (kind < 0.4) ls.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rand() * 6) }, newLine));
						else if (kind < 0.7) ls.splice(at, 1 + Math.floor(rand() * 4));
						else ls.splice(at, 1 + Math.floor(rand() * 3), ...Array.from({ length: 1 + Math.floor(rand() * 3) }, newLine));
					}
					write(p);
				} else if (op < 0.65 && paths.length > 1) {
					// rename, sometimes with an edit
					const p = pick(paths);
					const q = `d${Math.floor(rand() * 3)}/r${n++}.txt`;
					const ls = files.get(p)!;
					files.delete(p);
					r.remove(p);
					if (rand() < 0.5 && ls.length) ls[Math.floor(rand() * ls.length)] = newLine();
					files.set(q, ls);
					eol.set(q, eol.get(p) ?? '\n');
					write(q);
				} else if (op < 0.72 && paths.length > 1) {
					const p = pick(paths);
					files.delete(p);
					r.remove(p);
				} else if (op < 0.8) {
					const p = `d${Math.floor(rand() * 3)}/n${n++}.txt`;
					files.set(p, Array.from({ length: 1 + Math.floor(rand() * 30) }, newLine));
					write(p);
				} else if (op < 0.85) {
					r.write(`bin${n++}.dat`, new Uint8Array([0, 1, 2, Math.floor(rand() * 255)]));
				} else if (op < 0.92 && onBranch() === 'main') {
					// a short branch merged back with a merge commit
					r.git('checkout', '-q', '-b', `b${n}`);
					const p = pick([...files.keys()]);
					files.get(p)!.splice(0, 0, `branch line ${n++}`);
					write(p);
					r.commit(`branch ${step}`, { days: rand() * 3 });
					r.git('checkout', '-q', 'main');
					r.write('main-only.txt', `main ${n++}\n`);
					r.commit(`main ${step}`, { days: rand() * 3 });
					r.git('merge', '-q', '--no-ff', '-m', `merge ${step}`, `b${n - 2}`);
					// The merge changed files on disk: reload our model of them.
					for (const q of files.keys()) if (r.exists(q)) files.set(q, r.read(q).split(eol.get(q) ?? '\n').filter((_, i, a) => i < a.length - 1 || a[i] !== ''));
					continue;
				}
				r.commit(`step ${step}`, { days: rand() * 10, allowEmpty: true });
			}
			const res = await exact(r);
			expect(compareWithGit(r, res)).toEqual([]);
		});
	}
});
