import * as Comlink from 'comlink';
import { getDB } from '../src/lib/db/schema';
import { beginImport, commitImport, writeBatch, writeCommits, type ImportSummary } from '../src/lib/db/imports';
import type { StoredRepo } from '../src/lib/db/schema';
import { commitRow, repoRow } from '../src/lib/ingest/git-rows';
import { analyzeBundle } from './git/repo';
import { blobSource } from './git/source';
import { expandInputs, type DroppedBlob } from '../src/lib/ingest/expand';
import type { Turn, ToolCall } from '../src/lib/model';
import { ingest } from './ingest-core';
import { ingestTrackers, splitTrackerFiles } from './activity-ingest';
import { getSetting } from '../src/lib/db/activity';
import type { CsvMapping } from './trackers/csv';
import { SETTING } from '../src/lib/activity-settings';
import { setSqliteLoader } from './formats/opencode';
import { browserSqlite } from './formats/opencode/sqlite-browser';

// SQLite (for opencode.db) loads its WebAssembly from our own origin, and only when such a file is dropped.
setSqliteLoader(browserSqlite);

export interface ImportProgress {
	phase: 'reading' | 'parsing' | 'saving';
	bytesDone: number;
	bytesTotal: number;
	files: number;
}

// Fewer, larger IndexedDB transactions: commits, not rows, dominate write time.
const FLUSH_ROWS = 5000;

const api = {
	async importFiles(
		importId: string,
		label: string,
		items: DroppedBlob[],
		onProgress: (p: ImportProgress) => void
	): Promise<ImportSummary> {
		const db = getDB();
		onProgress({ phase: 'reading', bytesDone: 0, bytesTotal: 0, files: items.length });
		const expanded = await expandInputs(items);
		const { bundles } = expanded;
		const csvMappings = (await getSetting<Record<string, CsvMapping>>(db, SETTING.csvMappings)) ?? {};
		const { sessionFiles: files, trackerFiles, csvPending } = await splitTrackerFiles(expanded.files, csvMappings);
		const bundleBytes = bundles.reduce((s, b) => s + b.file.size, 0);
		const trackerBytes = trackerFiles.reduce((s, t) => s + t.file.size, 0);
		const bytesTotal = files.reduce((s, f) => s + f.size, 0) + bundleBytes + trackerBytes;
		await beginImport(db, importId, label);
		const repos: Omit<StoredRepo, 'importId'>[] = [];
		const bundleErrors: string[] = [];
		let bundleDone = 0;
		for (const b of bundles) {
			try {
				const res = await analyzeBundle(blobSource(b.file), {
					onProgress(_phase, done, total) {
						const frac = total > 0 ? Math.min(1, done / total) : 0;
						onProgress({ phase: 'parsing', bytesDone: bundleDone + Math.round(frac * b.file.size), bytesTotal, files: items.length });
					}
				});
				const repo = repoRow(res.repo, res.commits, b.path, { exact: false, exclusions: 'default' }, Date.now());
				for (let i = 0; i < res.commits.length; i += FLUSH_ROWS) {
					await writeCommits(db, importId, repo.id, res.commits.slice(i, i + FLUSH_ROWS).map(commitRow));
				}
				repos.push(repo);
			} catch (e) {
				bundleErrors.push(`${b.path}: ${e instanceof Error ? e.message : String(e)}`);
			}
			bundleDone += b.file.size;
		}
		const timeout = await getSetting<number>(db, SETTING.wakatimeTimeout);
		const csvTz = await getSetting<string>(db, SETTING.timeZone);
		const activity = await ingestTrackers(
			trackerFiles,
			importId,
			{
				async known(hash) {
					return (await db.sources.where('hash').equals(hash).filter((s) => s.state === 'complete').count()) > 0;
				},
				async write(chunks) {
					await db.activityChunks.bulkPut(chunks);
				},
				progress(done) {
					onProgress({ phase: 'parsing', bytesDone: bundleBytes + done, bytesTotal, files: items.length });
				}
			},
			{ ...(timeout ? { timeoutMinutes: timeout } : {}), ...(csvTz ? { tz: csvTz } : {}) }
		);
		const before = bundleBytes + trackerBytes;
		let turns: Turn[] = [];
		let calls: ToolCall[] = [];
		let lastReport = 0;
		// One batch is written while the parser fills the next: IndexedDB commits off this thread.
		let inflight: Promise<void> = Promise.resolve();
		const flush = async () => {
			if (!turns.length && !calls.length) return;
			const t = turns;
			const c = calls;
			turns = [];
			calls = [];
			await inflight;
			inflight = writeBatch(db, importId, t, c);
			// Awaited at the next flush; until then a failure must not count as unhandled.
			inflight.catch(() => {});
		};
		const result = await ingest(files, {
			async batch(b) {
				turns.push(...b.turns);
				calls.push(...b.toolCalls);
				if (turns.length + calls.length >= FLUSH_ROWS) await flush();
			},
			progress(bytesDone) {
				const now = Date.now();
				if (now - lastReport < 100) return;
				lastReport = now;
				onProgress({ phase: 'parsing', bytesDone: before + bytesDone, bytesTotal, files: files.length });
			}
		});
		await flush();
		await inflight;
		onProgress({ phase: 'saving', bytesDone: bytesTotal, bytesTotal, files: files.length });
		const perFile = new Map<string, number>();
		for (const s of result.sessions) if (s.sourceId) perFile.set(s.sourceId, (perFile.get(s.sourceId) ?? 0) + 1);
		return commitImport(db, importId, result.sessions, [...result.files, ...activity.files], (f) => f.path, perFile, repos, bundleErrors, {
			ranges: activity.ranges,
			spans: activity.spans,
			dailyTotals: activity.dailyTotals,
			csvNeedsMapping: csvPending
		});
	}
};

export type ImportWorkerApi = typeof api;

// Expose synchronously at top level: messages sent before the listener exists are lost.
Comlink.expose(api);
