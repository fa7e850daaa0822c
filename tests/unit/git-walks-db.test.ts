// Git bundles through the import path into IndexedDB (fake-indexeddb): the walk is saved, a newer
// bundle of the same repository extends it (same figures as analysing the full history), an
// identical bundle is "already imported", other exclusion rules mean a new analysis, and a bundle
// inside a zip is found.

import 'fake-indexeddb/auto';
import { openAsBlob, readFileSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { HindsightDB } from '../../src/lib/db/schema';
import { beginImport, commitImport, writeCommits } from '../../src/lib/db/imports';
import { expandInputs } from '../../src/lib/ingest/expand';
import { importBundles, type BundleSettings } from '../../workers/bundle-import';
import { classifyInputs } from '../../workers/classify';
import { DEFAULT_EXCLUSIONS } from '../../workers/git/exclude';
import { TestRepo } from './git-helpers';

let db: HindsightDB;
let n = 0;
beforeEach(async () => {
	db = new HindsightDB(`walks-${n++}`);
	await db.open();
});

const repos: TestRepo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

function history(): TestRepo {
	const r = new TestRepo();
	repos.push(r);
	let text = Array.from({ length: 120 }, (_, i) => `line ${i} of the service\n`).join('');
	r.write('src/app.ts', text);
	r.commit('start');
	for (let k = 0; k < 8; k++) {
		text = text.replace(`line ${k * 10} `, `line ${k * 10} changed `) + `added ${k}\n`;
		r.write('src/app.ts', text);
		r.write(`src/f${k}.ts`, `export const v${k} = ${k};\n`);
		r.commit(k % 3 === 0 ? `edit ${k}\n\nCo-Authored-By: Claude <noreply@anthropic.com>` : `edit ${k}`, { days: 2 });
	}
	return r;
}

async function runImport(id: string, paths: string[], settings: BundleSettings = {}) {
	await beginImport(db, id, 'test');
	const walkCalls: string[][] = [];
	const git = await importBundles(
		await Promise.all(paths.map(async (p) => ({ path: p.split('/').pop()!, file: await openAsBlob(p) }))),
		{
			known: async (h) => (await db.sources.where('hash').equals(h).count()) > 0,
			async walkFor(shas, key) {
				walkCalls.push(shas);
				return (await db.walks.where('head').anyOf(shas).filter((w) => w.optionsKey === key).first())?.checkpoint;
			},
			writeCommits: (repoId, rows) => writeCommits(db, id, repoId, rows)
		},
		settings
	);
	const summary = await commitImport(db, id, [], git.files, (f) => f.path, new Map(), { repos: git.repos, walks: git.walks, bundleErrors: git.errors });
	return { git, summary, walkCalls };
}

const fates = async (repoId: string) =>
	(await db.commits.where('repoId').equals(repoId).toArray())
		.filter((c) => c.firstParent)
		.sort((a, b) => a.committedAt - b.committedAt)
		.map((c) => [c.sha, c.added, c.removed, c.aliveAtHead, c.revised, c.pending]);

describe('saved walks', () => {
	const r = history();
	r.git('branch', 'old', 'main~4');
	const oldBundle = r.bundle('old.bundle', 'old');
	const fullBundle = r.bundle('full.bundle', 'main');

	it('a newer bundle extends the saved walk and ends with the figures of a walk from scratch', async () => {
		const first = await runImport('i1', [oldBundle]);
		const repoId = first.git.repos[0].id;
		const walk = await db.walks.get(repoId);
		expect(walk?.head).toBe(r.git('rev-parse', 'main~4').trim());
		expect(first.git.repos[0].resumedFrom).toBeUndefined();

		const second = await runImport('i2', [fullBundle]);
		expect(second.git.repos[0]).toMatchObject({ id: repoId, resumedFrom: walk!.head, commits: 9 });
		expect((await db.walks.get(repoId))?.head).toBe(r.git('rev-parse', 'main').trim());
		const extended = await fates(repoId);

		const fresh = new HindsightDB(`walks-fresh-${n++}`);
		await fresh.open();
		const keep = db;
		db = fresh;
		const scratch = await runImport('i3', [fullBundle]);
		expect(scratch.git.repos[0].resumedFrom).toBeUndefined();
		expect(await fates(repoId)).toEqual(extended);
		db = keep;
		expect(extended).toHaveLength(9);
	});

	it('the same bundle again is already imported and is not analysed', async () => {
		await runImport('i1', [fullBundle]);
		const again = await runImport('i2', [fullBundle]);
		expect(again.summary.alreadyImported).toBe(true);
		expect(again.walkCalls).toEqual([]);
		expect((await db.sources.toArray()).filter((s) => s.kind === 'git-bundle')).toHaveLength(1);
	});

	it('other exclusion rules analyse the same bundle again, without resuming a walk made under the old ones', async () => {
		await runImport('i1', [fullBundle]);
		const rules = [...DEFAULT_EXCLUSIONS, { id: 'user-1', kind: 'glob' as const, pattern: 'src/f*.ts', reason: 'other' as const, enabled: true }];
		const again = await runImport('i2', [fullBundle], { exclusions: rules });
		expect(again.summary.alreadyImported).toBe(false);
		expect(again.git.repos[0]).toMatchObject({ options: { exclusions: 'custom' } });
		expect(again.git.repos[0].resumedFrom).toBeUndefined();
		// The excluded small files no longer count: each first-parent commit after the first adds its line in app.ts only.
		const rows = await fates(again.git.repos[0].id);
		expect(rows.slice(1).every((c) => c[1] === 2)).toBe(true);
	});
});

describe('a bundle inside a zip', () => {
	const r = history();
	const bundle = new Uint8Array(readFileSync(r.bundle('z.bundle')));
	it('is found by its first bytes and analysed like a dropped one', async () => {
		const zip = zipSync({ 'backup/repo.bundle': bundle, 'backup/notes.txt': new TextEncoder().encode('hello') });
		const { files, bundles } = await expandInputs([{ path: 'backup.zip', file: new Blob([zip]) }]);
		expect(bundles).toHaveLength(0);
		const c = await classifyInputs(files);
		expect(c.bundleFiles.map((f) => f.path)).toEqual(['backup.zip/backup/repo.bundle']);
		expect(c.sessionFiles.map((f) => f.path)).toEqual(['backup.zip/backup/notes.txt']);
		const blob = await new Response(c.bundleFiles[0].stream()).blob();
		expect(blob.size).toBe(bundle.length);
	});
});
