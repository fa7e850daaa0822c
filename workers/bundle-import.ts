// Git bundles inside an import: skip one already analysed with the same rules, resume the walk a
// previous bundle of the repository saved, hand commits on in batches, and return the rows to commit.

import type { FileOutcome } from '../src/lib/db/imports';
import type { StoredCommit, StoredRepo, StoredWalk } from '../src/lib/db/schema';
import { commitRow, repoRow } from '../src/lib/ingest/git-rows';
import type { ExclusionRule } from '../src/lib/model/git';
import { DEFAULT_EXCLUSIONS } from './git/exclude';
import type { FateCheckpoint } from './git/fate';
import { toHex } from './git/pack';
import { analyzeBundle } from './git/repo';
import { blobSource } from './git/source';
import { fingerprintBytes } from './fingerprint';

export interface BundleInput {
	path: string;
	file: Blob;
}

export interface BundleSink {
	known(hash: string): Promise<boolean>;
	/** A saved walk with these engine options whose head is one of `shas`. */
	walkFor(shas: string[], optionsKey: string): Promise<FateCheckpoint | undefined>;
	writeCommits(repoId: string, rows: Omit<StoredCommit, 'repoId' | 'importId'>[]): Promise<void>;
	progress?(bytesDone: number): void;
}

export interface BundleImport {
	repos: Omit<StoredRepo, 'importId'>[];
	walks: Omit<StoredWalk, 'importId'>[];
	files: FileOutcome[];
	errors: string[];
}

export interface BundleSettings {
	/** The user's rule list; undefined = the defaults. */
	exclusions?: ExclusionRule[];
	exact?: boolean;
}

const BATCH = 5000;

/** Identifies the engine options a result depends on: a different rule list means a different analysis. */
export function optionsKey(s: BundleSettings): string {
	const rules = s.exclusions ?? DEFAULT_EXCLUSIONS;
	const text = JSON.stringify({ exact: !!s.exact, rules: rules.filter((r) => r.enabled).map((r) => [r.kind, r.pattern ?? '', r.limit ?? 0]) });
	return fingerprintBytes(new TextEncoder().encode(text));
}

function exclusionLabel(s: BundleSettings): StoredRepo['options']['exclusions'] {
	if (!s.exclusions) return 'default';
	if (!s.exclusions.some((r) => r.enabled)) return 'none';
	const same = s.exclusions.length === DEFAULT_EXCLUSIONS.length && s.exclusions.every((r, i) => r.enabled && r.id === DEFAULT_EXCLUSIONS[i].id && r.pattern === DEFAULT_EXCLUSIONS[i].pattern && r.limit === DEFAULT_EXCLUSIONS[i].limit);
	return same ? 'default' : 'custom';
}

/** The pack's trailing SHA-1 names its content; with the options it names the analysis. */
async function bundleHash(file: Blob, key: string): Promise<string> {
	const tail = new Uint8Array(await file.slice(Math.max(0, file.size - 20)).arrayBuffer());
	return `bundle:${toHex(tail)}:${file.size}:${key}`;
}

export async function importBundles(bundles: BundleInput[], sink: BundleSink, settings: BundleSettings = {}, now = Date.now()): Promise<BundleImport> {
	const out: BundleImport = { repos: [], walks: [], files: [], errors: [] };
	const key = optionsKey(settings);
	const options = { exact: !!settings.exact, exclusions: exclusionLabel(settings) };
	let done = 0;
	for (const b of bundles) {
		const outcome: FileOutcome = { path: b.path, format: 'git-bundle', bytes: b.file.size, hash: await bundleHash(b.file, key), records: 0, skipped: [], skippedCount: 0, warnings: [], kind: 'git-bundle' };
		try {
			if (await sink.known(outcome.hash)) {
				out.files.push(outcome);
				continue;
			}
			let resumed: string | undefined;
			const res = await analyzeBundle(blobSource(b.file), {
				exact: settings.exact,
				...(settings.exclusions ? { exclusions: settings.exclusions } : {}),
				async checkpointFor(shas) {
					const cp = await sink.walkFor(shas, key);
					if (cp) resumed = cp.head;
					return cp;
				},
				onProgress(_phase, d, total) {
					sink.progress?.(done + (total > 0 ? Math.round(Math.min(1, d / total) * b.file.size) : 0));
				}
			});
			const repo = repoRow(res.repo, res.commits, b.path, options, now);
			if (resumed && !res.repo.warnings.some((w) => w.startsWith('the saved walk does not lead'))) repo.resumedFrom = resumed;
			for (let i = 0; i < res.commits.length; i += BATCH) await sink.writeCommits(repo.id, res.commits.slice(i, i + BATCH).map(commitRow));
			out.repos.push(repo);
			if (res.checkpoint) out.walks.push({ repoId: repo.id, head: res.checkpoint.head, optionsKey: key, checkpoint: res.checkpoint });
			outcome.records = res.commits.length;
			outcome.warnings = res.repo.warnings;
			out.files.push(outcome);
		} catch (e) {
			out.errors.push(`${b.path}: ${e instanceof Error ? e.message : String(e)}`);
		}
		done += b.file.size;
		sink.progress?.(done);
	}
	return out;
}
