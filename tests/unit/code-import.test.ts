import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HindsightDB } from '../../src/lib/db/schema';
import { beginImport, commitImport, writeCommits } from '../../src/lib/db/imports';
import { commitRow, looksLikeBundle, repoRow } from '../../src/lib/ingest/git-rows';
import { revisionRateChart, survivalChart } from '../../src/lib/charts/code-charts';
import { analyzeBundle } from '../../workers/git/repo';
import { bytesSource } from '../../workers/git/source';

const enc = new TextEncoder();

describe('git bundle rows', () => {
	it('recognises v2 and v3 bundles by their first line only', () => {
		expect(looksLikeBundle(enc.encode('# v2 git bundle\n'))).toBe(true);
		expect(looksLikeBundle(enc.encode('# v3 git bundle\n@object-format=sha1\n'))).toBe(true);
		expect(looksLikeBundle(enc.encode('{"type":"user"}'))).toBe(false);
		expect(looksLikeBundle(enc.encode('# v4 git bundle'))).toBe(false);
	});

	it('a real bundle becomes one repo row and one commit row per commit, stored under the repo id', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hindsight-rows-'));
		try {
			const env = { ...process.env, GIT_AUTHOR_NAME: 'D', GIT_AUTHOR_EMAIL: 'd@example.com', GIT_COMMITTER_NAME: 'D', GIT_COMMITTER_EMAIL: 'd@example.com' };
			const git = (args: string[], t: number) => execFileSync('git', args, { cwd: dir, env: { ...env, GIT_AUTHOR_DATE: `@${t} +0000`, GIT_COMMITTER_DATE: `@${t} +0000` } });
			execFileSync('git', ['init', '-q', '-b', 'main', dir]);
			writeFileSync(join(dir, 'a.txt'), 'one\ntwo\nthree\n');
			git(['add', '.'], 1_700_000_000);
			git(['commit', '-q', '-m', 'first\n\nCo-Authored-By: Claude <noreply@anthropic.com>'], 1_700_000_000);
			writeFileSync(join(dir, 'a.txt'), 'one\nTWO\nthree\nfour\n');
			git(['commit', '-q', '-am', 'second'], 1_700_100_000);
			git(['bundle', 'create', join(dir, 'x.bundle'), '--all'], 1_700_100_000);
			const bytes = new Uint8Array(readFileSync(join(dir, 'x.bundle')));
			expect(looksLikeBundle(bytes.subarray(0, 16))).toBe(true);
			const res = await analyzeBundle(bytesSource(bytes));
			const repo = repoRow(res.repo, res.commits, 'x.bundle', { exact: false, exclusions: 'default' }, 0);
			expect(repo).toMatchObject({ id: res.repo.id, commits: 2, firstParentCommits: 2, agentCommits: 1, defaultBranch: 'main' });
			const first = commitRow(res.commits.find((c) => c.subject === 'first')!);
			expect(first).toMatchObject({ added: 3, removed: 0, born: 3, aliveAtHead: 2, firstParent: true });
			expect(first.revised!['14']).toBe(1);
			expect(first.agents[0].agent).toBe('claude-code');

			const db = new HindsightDB('code-import-test');
			await beginImport(db, 'i1', 'x.bundle');
			await writeCommits(db, 'i1', repo.id, res.commits.map(commitRow));
			const s = await commitImport(db, 'i1', [], [], (f) => f.path, new Map(), { repos: [repo] });
			expect(s).toMatchObject({ repos: 1, commits: 2 });
			expect((await db.commits.where('repoId').equals(repo.id).toArray()).map((c) => c.subject).sort()).toEqual(['first', 'second']);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('code chart builders', () => {
	it('label their axes with units', () => {
		const s = survivalChart([{ cohort: '2025-01', days: 0, share: 1, at: '0', lines: 3 }], 600);
		expect(s.x).toMatchObject({ label: 'days since commit' });
		expect((s.y as { label: string }).label).toContain('%');
		const r = revisionRateChart([{ month: '2025-01', group: 'other', rate: 0.5, lines: 2, commits: 1 }], 600);
		expect((r.y as { label: string }).label).toContain('within 30 days (%)');
		expect(r.marks?.length).toBe(3);
	});
});
