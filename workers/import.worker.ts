import * as Comlink from 'comlink';
import { getDB } from '../src/lib/db/schema';
import { beginImport, commitImport, writeBatch, writeCommits, type ImportSummary } from '../src/lib/db/imports';
import { getSetting } from '../src/lib/db/activity';
import { SETTING } from '../src/lib/settings';
import { expandInputs, type DroppedBlob } from '../src/lib/ingest/expand';
import { validRules } from '../src/lib/exclusion-rules';
import type { Turn, ToolCall } from '../src/lib/model';
import { ingest } from './ingest-core';
import { classifyInputs } from './classify';
import { ingestTrackers } from './activity-ingest';
import { importBundles } from './bundle-import';
import type { CsvMapping } from './trackers/csv';
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
		const csvMappings = (await getSetting<Record<string, CsvMapping>>(db, SETTING.csvMappings)) ?? {};
		const { sessionFiles: files, trackerFiles, csvPending, bundleFiles } = await classifyInputs(expanded.files, csvMappings);
		// A bundle inside a zip is inflated into a Blob: the git engine reads by random access.
		const bundles = [...expanded.bundles];
		for (const f of bundleFiles) bundles.push({ path: f.path, file: await new Response(f.stream()).blob() });
		const bundleBytes = bundles.reduce((s, b) => s + b.file.size, 0);
		const trackerBytes = trackerFiles.reduce((s, t) => s + t.file.size, 0);
		const bytesTotal = files.reduce((s, f) => s + f.size, 0) + bundleBytes + trackerBytes;
		const report = (done: number) => onProgress({ phase: 'parsing', bytesDone: done, bytesTotal, files: items.length });
		const known = async (hash: string) => (await db.sources.where('hash').equals(hash).filter((s) => s.state === 'complete').count()) > 0;
		await beginImport(db, importId, label);

		const git = await importBundles(
			bundles,
			{
				known,
				async walkFor(shas, optionsKey) {
					const w = await db.walks.where('head').anyOf(shas).filter((x) => x.optionsKey === optionsKey).first();
					return w?.checkpoint;
				},
				writeCommits: (repoId, rows) => writeCommits(db, importId, repoId, rows),
				progress: report
			},
			{ exclusions: validRules(await getSetting<unknown>(db, SETTING.gitExclusions)) }
		);

		const timeout = await getSetting<number>(db, SETTING.wakatimeTimeout);
		const csvTz = await getSetting<string>(db, SETTING.timeZone);
		const activity = await ingestTrackers(
			trackerFiles,
			importId,
			{
				known,
				async write(chunks) {
					await db.activityChunks.bulkPut(chunks);
				},
				progress: (done) => report(bundleBytes + done)
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
				report(before + bytesDone);
			}
		});
		await flush();
		await inflight;
		onProgress({ phase: 'saving', bytesDone: bytesTotal, bytesTotal, files: files.length });
		const perFile = new Map<string, number>();
		for (const s of result.sessions) if (s.sourceId) perFile.set(s.sourceId, (perFile.get(s.sourceId) ?? 0) + 1);
		return commitImport(db, importId, result.sessions, [...result.files, ...activity.files, ...git.files], (f) => f.path, perFile, {
			repos: git.repos,
			walks: git.walks,
			bundleErrors: git.errors,
			activity: { ranges: activity.ranges, spans: activity.spans, dailyTotals: activity.dailyTotals, csvNeedsMapping: csvPending }
		});
	}
};

export type ImportWorkerApi = typeof api;

// Expose synchronously at top level: messages sent before the listener exists are lost.
Comlink.expose(api);
