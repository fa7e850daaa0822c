import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { HindsightDB } from '../../src/lib/db/schema';
import { beginImport, cleanupInterrupted, commitImport, rollbackImport, writeBatch, type FileOutcome } from '../../src/lib/db/imports';
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
