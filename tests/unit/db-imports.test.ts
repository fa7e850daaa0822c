import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { HindsightDB } from '../../src/lib/db/schema';
import { beginImport, cleanupInterrupted, commitImport, rollbackImport, writeBatch, writeCommits, type FileOutcome } from '../../src/lib/db/imports';
import { emptyTokens, type Session, type Turn } from '../../src/lib/model';

let db: HindsightDB;
let n = 0;
beforeEach(async () => {
	db = new HindsightDB(`test-${n++}`);
	await db.open();
});

const session = (id: string, turns: number): Session => ({
	id, harness: 'claude-code', nativeId: id, sourceId: `${id}.jsonl`, activeMs: 0, models: [], tokens: emptyTokens(), ownTokens: emptyTokens(),
	cost: { usd: 0, source: 'estimated' }, turns, toolCalls: 0, rejected: 0, errors: 0, linesAdded: 0, linesRemoved: 0, filesEdited: [], subagents: [], commits: []
});
const turns = (sessionId: string, k: number): Turn[] => Array.from({ length: k }, (_, i) => ({ id: `${sessionId}-${i}`, sessionId, seq: i, role: 'user', text: 'x' }));
const file = (path: string, hash: string): FileOutcome => ({ path, format: 'claude-code', bytes: 10, hash, records: 1, skipped: [], skippedCount: 0, warnings: [] });

async function runImport(id: string, sessions: [string, number][], files: FileOutcome[]) {
	await beginImport(db, id, 'test');
	for (const [sid, k] of sessions) await writeBatch(db, id, turns(sid, k), []);
	return commitImport(db, id, sessions.map(([sid, k]) => session(sid, k)), files, (f) => f.path, new Map(files.map((f) => [f.path, 1])));
}

describe('import transactions', () => {
	it('keeps the rows of a completed import', async () => {
		const s = await runImport('i1', [['s1', 3], ['s2', 2]], [file('s1.jsonl', 'h1'), file('s2.jsonl', 'h2')]);
		expect(s).toMatchObject({ alreadyImported: false, sessionsAdded: 2, sessionsReplaced: 0, filesImported: 2 });
		expect(await db.turns.count()).toBe(5);
		expect(await db.sources.count()).toBe(2);
		expect((await db.imports.get('i1'))?.state).toBe('complete');
	});

	it('importing the same content twice adds nothing and says so', async () => {
		await runImport('i1', [['s1', 3]], [file('s1.jsonl', 'h1')]);
		const again = await runImport('i2', [['s1', 3]], [file('s1.jsonl', 'h1')]);
		expect(again.alreadyImported).toBe(true);
		expect(again.filesUnchanged).toBe(1);
		expect(await db.turns.count()).toBe(3);
		expect(await db.sessions.count()).toBe(1);
		expect(await db.imports.get('i2')).toBeUndefined();
	});

	it('a grown log replaces its session instead of duplicating it', async () => {
		await runImport('i1', [['s1', 3], ['s2', 1]], [file('s1.jsonl', 'h1'), file('s2.jsonl', 'h2')]);
		const grown = await runImport('i2', [['s1', 5]], [file('s1.jsonl', 'h1b')]);
		expect(grown).toMatchObject({ sessionsAdded: 0, sessionsReplaced: 1 });
		expect(await db.turns.count()).toBe(6);
		expect((await db.sessions.get('s1'))?.turns).toBe(5);
		expect(await db.sources.count()).toBe(2);
		expect((await db.sources.get('s1.jsonl'))?.hash).toBe('h1b');
	});

	it('rollback and start-up cleanup leave no rows of an unfinished import', async () => {
		await runImport('i1', [['s1', 2]], [file('s1.jsonl', 'h1')]);
		await beginImport(db, 'i2', 'x');
		await writeBatch(db, 'i2', turns('s9', 4), []);
		await beginImport(db, 'i3', 'y');
		await writeBatch(db, 'i3', turns('s8', 2), []);
		await rollbackImport(db, 'i3');
		expect(await db.turns.count()).toBe(6);
		expect(await cleanupInterrupted(db)).toBe(1);
		expect(await db.turns.count()).toBe(2);
		expect(await db.imports.count()).toBe(1);
	});

	it('an import with only unknown files keeps nothing and names them', async () => {
		await beginImport(db, 'i1', 'x');
		const s = await commitImport(db, 'i1', [], [{ ...file('notes.txt', 'h'), format: 'unknown' }], (f) => f.path, new Map());
		expect(s).toMatchObject({ alreadyImported: false, filesImported: 0, unknownFiles: ['notes.txt'] });
		expect(await db.imports.count()).toBe(0);
	});
});

describe('import summary', () => {
	it('counts subagent runs apart from sessions', async () => {
		await beginImport(db, 'i1', 'x');
		const child = { ...session('c1', 1), parentId: 's1' };
		const s = await commitImport(db, 'i1', [session('s1', 1), child], [file('s1.jsonl', 'h1')], (f) => f.path, new Map());
		expect(s).toMatchObject({ sessionsAdded: 1, subagents: 1 });
	});
});

const repo = (id: string, commits: number) => ({
	id, head: `${id}-head`, defaultBranch: 'main', bundleName: 'x.bundle', headTime: 0, commits, firstParentCommits: commits, agentCommits: 0,
	analysedAt: 0, options: { exact: false, exclusions: 'default' as const }, warnings: []
});
const commitRows = (k: number, tag: string) =>
	Array.from({ length: k }, (_, i) => ({ sha: `c${i}`, parents: [], authoredAt: i, committedAt: i, subject: `${tag} ${i}`, firstParent: true, agents: [] }));

async function importRepo(importId: string, id: string, k: number, tag: string) {
	await beginImport(db, importId, 'bundle');
	await writeCommits(db, importId, id, commitRows(k, tag));
	return commitImport(db, importId, [], [], (f) => f.path, new Map(), { repos: [repo(id, k)] });
}

describe('git bundle imports', () => {
	it('a bundle alone is an import: its repository and commits are kept and counted', async () => {
		const s = await importRepo('i1', 'r1', 3, 'first');
		expect(s).toMatchObject({ repos: 1, commits: 3, filesImported: 0, alreadyImported: false });
		expect(await db.commits.where('repoId').equals('r1').count()).toBe(3);
		expect((await db.repos.get('r1'))?.importId).toBe('i1');
		expect((await db.imports.get('i1'))?.state).toBe('complete');
	});

	it('re-importing a repository replaces its rows', async () => {
		await importRepo('i1', 'r1', 3, 'first');
		await importRepo('i2', 'r1', 2, 'second');
		const rows = await db.commits.where('repoId').equals('r1').toArray();
		expect(rows.map((r) => r.subject).sort()).toEqual(['second 0', 'second 1']);
		expect(await db.commits.count()).toBe(2);
		expect((await db.repos.get('r1'))?.commits).toBe(2);
	});

	it('rollback and start-up cleanup remove repos and commits of the unfinished import, and keep the older copy', async () => {
		await importRepo('i1', 'r1', 3, 'first');
		await beginImport(db, 'i2', 'again');
		await writeCommits(db, 'i2', 'r1', commitRows(5, 'second'));
		await beginImport(db, 'i3', 'other');
		await writeCommits(db, 'i3', 'r2', commitRows(4, 'x'));
		await rollbackImport(db, 'i3');
		expect(await db.commits.count()).toBe(8);
		expect(await cleanupInterrupted(db)).toBe(1);
		expect(await db.commits.count()).toBe(3);
		expect((await db.commits.where('repoId').equals('r1').toArray()).map((r) => r.subject)).toContain('first 0');
		expect(await db.repos.count()).toBe(1);
	});

	it('rollback removes a repo row written by the import', async () => {
		await importRepo('i1', 'r1', 1, 'first');
		await rollbackImport(db, 'i1');
		expect(await db.repos.count()).toBe(0);
		expect(await db.commits.count()).toBe(0);
	});
});
