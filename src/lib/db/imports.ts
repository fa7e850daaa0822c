import Dexie from 'dexie';
import type { Session, ToolCall, Turn } from '../model';
import type { DailyTotal } from '../model/activity';
import type { HindsightDB, StoredCommit, StoredRepo, StoredSession, StoredSource, StoredWalk } from './schema';
import { dailyTotalRow, replaceOlderSpans, type StreamRange } from './activity';

export interface FileOutcome {
	path: string;
	format: string;
	bytes: number;
	hash: string;
	records: number;
	skipped: { line: number; reason: string }[];
	skippedCount: number;
	warnings: string[];
	/** Tracker exports carry spans, git bundles commits, harness logs sessions. */
	kind?: 'harness-log' | 'tracker' | 'git-bundle';
}

/** A CSV that no preset reads and no saved mapping fits: the app asks for its columns. */
export interface CsvPending {
	path: string;
	columns: string[];
	/** Normalized header, the key a chosen mapping is remembered under. */
	signature: string;
}

/** What an import read from activity trackers; spans themselves were written in chunks already. */
export interface ActivityImport {
	ranges: Map<string, StreamRange>;
	spans: number;
	dailyTotals: DailyTotal[];
	csvNeedsMapping: CsvPending[];
}

export interface ImportSummary {
	importId: string;
	/** Nothing new: every file's content was already imported. The import was rolled back. */
	alreadyImported: boolean;
	/** Top-level sessions; their subagents are counted apart. */
	sessionsAdded: number;
	sessionsReplaced: number;
	subagents: number;
	filesUnchanged: number;
	filesImported: number;
	unknownFiles: string[];
	/** Repositories read from git bundles, and their commits. */
	repos: number;
	commits: number;
	/** Bundles that could not be read: "name: reason". */
	bundleErrors: string[];
	/** Activity spans and day totals read from tracker exports. */
	activitySpans: number;
	dailyTotals: number;
	csvNeedsMapping: CsvPending[];
}

/**
 * Commits of a repository are written under a staging key until the import commits, so that a
 * re-import of the same repository that is cancelled never overwrites (then deletes) the older rows.
 */
export const stagedRepoId = (importId: string, repoId: string) => `staged:${importId}:${repoId}`;

/** Writes one batch of a bundle's commits; `repoId` is the real id, staged until commitImport. */
export async function writeCommits(db: HindsightDB, importId: string, repoId: string, rows: Omit<StoredCommit, 'repoId' | 'importId'>[]): Promise<void> {
	const staged = stagedRepoId(importId, repoId);
	await db.commits.bulkPut(rows.map((r) => ({ ...r, repoId: staged, importId })));
}

export async function beginImport(db: HindsightDB, importId: string, label: string): Promise<void> {
	await db.imports.put({ id: importId, state: 'importing', startedAt: Date.now(), label });
}

/** One transaction per batch: IndexedDB is fastest with few, large writes. */
export async function writeBatch(
	db: HindsightDB,
	importId: string,
	turns: Turn[],
	toolCalls: ToolCall[]
): Promise<void> {
	await db.transaction('rw', db.turns, db.toolCalls, async () => {
		if (turns.length) await db.turns.bulkAdd(turns.map((t) => ({ ...t, importId })));
		if (toolCalls.length) await db.toolCalls.bulkAdd(toolCalls.map((c) => ({ ...c, importId })));
	});
}

const IMPORT_TABLES = (db: HindsightDB) => [db.turns, db.toolCalls, db.sessions, db.sources, db.repos, db.commits, db.activityChunks, db.dailyTotals, db.walks];

async function deleteRowsOfImport(db: HindsightDB, importId: string): Promise<void> {
	await db.transaction('rw', [...IMPORT_TABLES(db), db.imports], async () => {
		await db.activityChunks.where('importId').equals(importId).delete();
		await db.dailyTotals.where('importId').equals(importId).delete();
		await db.commits.where('importId').equals(importId).delete();
		await db.repos.filter((r) => r.importId === importId).delete();
		await db.turns.where('importId').equals(importId).delete();
		await db.toolCalls.where('importId').equals(importId).delete();
		await db.sessions.where('importId').equals(importId).delete();
		await db.sources.where('importId').equals(importId).delete();
		await db.imports.delete(importId);
	});
}

export const rollbackImport = deleteRowsOfImport;

/** Undo imports a closed tab or a crash left half done. Called once at start-up. */
export async function cleanupInterrupted(db: HindsightDB): Promise<number> {
	const open = await db.imports.where('state').equals('importing').toArray();
	for (const imp of open) await deleteRowsOfImport(db, imp.id);
	return open.length;
}

function sessionRange(id: string) {
	return [
		[id, Dexie.minKey],
		[id, Dexie.maxKey]
	] as const;
}

/** What an import read besides sessions. */
export interface ImportExtras {
	repos?: Omit<StoredRepo, 'importId'>[];
	/** The saved walk per repository, replacing the older one. */
	walks?: Omit<StoredWalk, 'importId'>[];
	/** Bundles that could not be read: "name: reason". */
	bundleErrors?: string[];
	activity?: ActivityImport;
}

/**
 * Makes an import visible in one transaction: sessions it re-parsed replace their older copies
 * (so importing the same logs again, or a grown log, never duplicates rows), sources are recorded,
 * and the import is marked complete. If every file was already imported, nothing is kept.
 */
export async function commitImport(
	db: HindsightDB,
	importId: string,
	sessions: Session[],
	files: FileOutcome[],
	sourceIdOf: (f: FileOutcome) => string,
	sessionsPerFile: Map<string, number>,
	extra: ImportExtras = {}
): Promise<ImportSummary> {
	const repos = extra.repos ?? [];
	const bundleErrors = extra.bundleErrors ?? [];
	const activity = extra.activity ?? { ranges: new Map(), spans: 0, dailyTotals: [], csvNeedsMapping: [] };
	const known = files.filter((f) => f.format !== 'unknown');
	const unknownFiles = files.filter((f) => f.format === 'unknown').map((f) => f.path);
	const existingHashes = new Set(
		(await db.sources.where('hash').anyOf(known.map((f) => f.hash)).toArray())
			.filter((s) => s.state === 'complete')
			.map((s) => s.hash)
	);
	const unchanged = known.filter((f) => existingHashes.has(f.hash)).length;
	const commitCount = repos.reduce((a, r) => a + r.commits, 0);
	if (repos.length === 0 && (known.length === 0 || unchanged === known.length)) {
		await rollbackImport(db, importId);
		return {
			repos: 0,
			commits: 0,
			bundleErrors,
			activitySpans: 0,
			dailyTotals: 0,
			csvNeedsMapping: activity.csvNeedsMapping,
			importId,
			alreadyImported: known.length > 0,
			sessionsAdded: 0,
			sessionsReplaced: 0,
			subagents: 0,
			filesUnchanged: unchanged,
			filesImported: 0,
			unknownFiles
		};
	}
	let replaced = 0;
	await db.transaction('rw', [...IMPORT_TABLES(db), db.imports], async () => {
		await replaceOlderSpans(db, importId, activity.ranges);
		if (activity.dailyTotals.length) await db.dailyTotals.bulkPut(activity.dailyTotals.map((t) => dailyTotalRow(t, importId)));
		// A re-imported repository replaces its previous rows; staged commits take the real repo id.
		for (const r of repos) {
			await db.commits.where('repoId').equals(r.id).delete();
			const staged = await db.commits.where('repoId').equals(stagedRepoId(importId, r.id)).toArray();
			await db.commits.bulkDelete(staged.map((c) => [c.repoId, c.sha] as [string, string]));
			await db.commits.bulkPut(staged.map((c) => ({ ...c, repoId: r.id })));
			await db.repos.put({ ...r, importId });
		}
		for (const w of extra.walks ?? []) await db.walks.put({ ...w, importId });
		const ids = sessions.map((s) => s.id);
		const old = await db.sessions.bulkGet(ids);
		for (const prev of old) {
			if (!prev || prev.importId === importId) continue;
			if (!prev.parentId) replaced++;
			const [lo, hi] = sessionRange(prev.id);
			const notOurs = (r: { importId: string }) => r.importId !== importId;
			await db.turns.where('[sessionId+seq]').between(lo, hi, true, true).filter(notOurs).delete();
			await db.toolCalls.where('[sessionId+seq]').between(lo, hi, true, true).filter(notOurs).delete();
		}
		await db.sessions.bulkPut(sessions.map((s): StoredSession => ({ ...s, importId })));
		const names = known.map((f) => f.path);
		await db.sources.where('hash').anyOf(known.map((f) => f.hash)).delete();
		await db.sources.where('name').anyOf(names).delete();
		const now = Date.now();
		await db.sources.bulkPut(
			known.map(
				(f): StoredSource => ({
					id: sourceIdOf(f),
					hash: f.hash,
					kind: f.kind ?? 'harness-log',
					format: f.format,
					name: f.path,
					bytes: f.bytes,
					records: f.records,
					sessions: sessionsPerFile.get(f.path) ?? 0,
					skipped: f.skipped,
					skippedCount: f.skippedCount,
					warnings: f.warnings,
					state: 'complete',
					importedAt: now,
					importId
				})
			)
		);
		await db.imports.update(importId, { state: 'complete', finishedAt: now });
	});
	return {
		importId,
		alreadyImported: false,
		sessionsAdded: sessions.filter((s) => !s.parentId).length - replaced,
		sessionsReplaced: replaced,
		subagents: sessions.filter((s) => s.parentId).length,
		filesUnchanged: unchanged,
		filesImported: known.length,
		unknownFiles,
		repos: repos.length,
		commits: commitCount,
		bundleErrors,
		activitySpans: activity.spans,
		dailyTotals: activity.dailyTotals.length,
		csvNeedsMapping: activity.csvNeedsMapping
	};
}
