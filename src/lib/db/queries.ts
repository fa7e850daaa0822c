import type { HindsightDB } from './schema';

export async function listSources(db: HindsightDB) {
	const rows = await db.sources.where('state').equals('complete').toArray();
	return rows.sort((a, b) => b.importedAt - a.importedAt || a.name.localeCompare(b.name));
}

export async function listSessions(db: HindsightDB) {
	return db.sessions.orderBy('startedAt').reverse().toArray();
}

export async function getSession(db: HindsightDB, id: string) {
	return db.sessions.get(id);
}

export async function childSessions(db: HindsightDB, id: string) {
	return db.sessions.where('parentId').equals(id).sortBy('startedAt');
}

function bySession<T extends { sessionId: string; seq: number }>(db: HindsightDB, table: 'turns' | 'toolCalls', id: string) {
	return (db[table] as unknown as import('dexie').Table<T>)
		.where('[sessionId+seq]')
		.between([id, -Infinity], [id, Infinity], true, true)
		.toArray();
}

export const sessionTurns = (db: HindsightDB, id: string) => bySession<import('./schema').StoredTurn>(db, 'turns', id);
export const sessionToolCalls = (db: HindsightDB, id: string) =>
	bySession<import('./schema').StoredToolCall>(db, 'toolCalls', id);

export async function clearAll(db: HindsightDB) {
	const tables = [db.imports, db.sources, db.sessions, db.turns, db.toolCalls, db.repos, db.commits, db.activityChunks, db.dailyTotals, db.walks];
	await db.transaction('rw', tables, async () => {
		await Promise.all(tables.map((t) => t.clear()));
	});
}

export async function listRepos(db: HindsightDB) {
	const rows = await db.repos.toArray();
	return rows.sort((a, b) => b.headTime - a.headTime);
}

export async function repoCommits(db: HindsightDB, repoId: string) {
	return db.commits.where('repoId').equals(repoId).toArray();
}

export interface StorageInfo {
	usage?: number;
	quota?: number;
	persisted?: boolean;
}

export async function storageInfo(): Promise<StorageInfo> {
	const est = await navigator.storage?.estimate?.().catch(() => undefined);
	const persisted = await navigator.storage?.persisted?.().catch(() => undefined);
	return { usage: est?.usage, quota: est?.quota, persisted };
}
