// `commits BUNDLE --json` (bin/commands/commits.ts), called as a function.

import { afterAll, describe, expect, it } from 'vitest';
import { commitsCommand } from '../../bin/commands/commits';
import { captureCli } from './cli-capture';
import { TestRepo } from './git-helpers';

const r = new TestRepo();
afterAll(() => r.cleanup());

const run = (...args: string[]) => captureCli(commitsCommand, args);

describe('cli commits', () => {
	r.write('src/a.ts', 'one\ntwo\nthree\n');
	r.write('package-lock.json', '{\n}\n');
	r.commit('first');
	r.write('src/a.ts', 'one\n  two\nthree\nfour\n');
	r.write('package-lock.json', '{\n "x": 1\n}\n');
	r.commit('second\n\nCo-Authored-By: Claude <noreply@anthropic.com>', { days: 20 });
	const bundle = r.bundle();

	it('prints the documented JSON shape', async () => {
		const { code, out } = await run(bundle, '--json');
		expect(code).toBe(0);
		const doc = JSON.parse(out);
		expect(Object.keys(doc)).toEqual(['repo', 'commits']);
		expect(Object.keys(doc.repo)).toEqual(['head', 'defaultBranch']);
		expect(doc.repo).toEqual({ head: r.git('rev-parse', 'HEAD').trim(), defaultBranch: 'main' });
		for (const c of doc.commits) {
			expect(Object.keys(c)).toEqual(['sha', 'parents', 'authoredAt', 'committedAt', 'firstParent', 'agent', 'added', 'removed', 'fate']);
			expect(Object.keys(c.fate)).toEqual(['aliveAtHead', 'revised', 'pending']);
			expect(Object.keys(c.fate.revised)).toEqual(['14', '30', '90']);
		}
		const [second, first] = doc.commits;
		expect(second.agent).toEqual({ name: 'claude-code', agents: ['claude-code'], markers: ['claude-code/co-authored-by'] });
		expect(first.agent).toBeNull();
		// default: whitespace-only change is not a revision, the lock file is excluded
		expect([second.added, second.removed]).toEqual([1, 0]);
		expect(first.fate).toEqual({ aliveAtHead: 3, revised: { '14': 0, '30': 0, '90': 0 }, pending: ['30', '90'] });
		expect(first.committedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
	});

	it('--exact and --no-exclude switch the rules off', async () => {
		const ex = JSON.parse((await run(bundle, '--json', '--exact')).out);
		expect([ex.commits[0].added, ex.commits[0].removed]).toEqual([2, 1]);
		const all = JSON.parse((await run(bundle, '--json', '--exact', '--no-exclude')).out);
		expect([all.commits[0].added, all.commits[0].removed]).toEqual([3, 1]);
	});

	it('prints a table without --json, and a clear error for a bad file', async () => {
		const t = await run(bundle);
		expect(t.code).toBe(0);
		expect(t.out).toMatch(/2 commits, 2 on main's first-parent line/);
		const bad = await run(`${r.dir}/src/a.ts`);
		expect(bad.code).toBe(1);
		expect(bad.err).toMatch(/not a git bundle/);
		expect((await run()).code).toBe(2);
	});
});
