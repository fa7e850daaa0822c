// Bundle → repository, commits and line fates: the whole path, with web-standard APIs only, so that it
// runs in a browser worker (a dropped File is a Blob) and in Node (fs.openAsBlob) alike.

import type { Commit, FateOptions, GitRef, Repo } from '../../src/lib/model/git';
import { BundleError, readBundleHeader, type BundleHeader } from './bundle';
import { FateEngine, type FateCheckpoint, type ObjectReader } from './fate';
import { createObjectHasher, createTrailerHasher } from './hasher';
import { findAgentMarkers, revertOf } from './markers';
import { parseCommit, parseTag, parseTrailers, parseTree, subjectOf, type RawCommit } from './objects';
import { fromHex, OBJ_BLOB, OBJ_COMMIT, OBJ_TAG, OBJ_TREE, PackStore } from './pack';
import type { ByteSource } from './source';

export interface AnalyzeOptions extends FateOptions {
	/** Skip the line-fate walk (commits and markers only). */
	commitsOnly?: boolean;
	/** Resume the walk from a checkpoint of an earlier bundle of the same repository. */
	checkpoint?: FateCheckpoint;
	/**
	 * Looks up a saved walk whose head is one of these commits: asked first with a thin bundle's
	 * prerequisites (their saved state supplies missing delta bases), then with the first-parent line.
	 */
	checkpointFor?(shas: string[]): Promise<FateCheckpoint | undefined>;
	/** Use this default branch (a ref name) instead of the heuristic. */
	defaultBranch?: string;
	/** Keep whole commit messages in the records. */
	keepMessages?: boolean;
	cacheBudget?: number;
	deltaBudget?: number;
	/** Bytes of tree and blob bodies kept from indexing for the walk (see PackScanOptions.keepBudget). */
	keepBudget?: number;
	/** Bytes read from the bundle at a time while scanning. */
	windowSize?: number;
	verifyTrailer?: boolean;
	onProgress?(phase: 'scan' | 'resolve' | 'walk', done: number, total: number): void;
}

export interface AnalyzeResult {
	repo: Repo;
	/** First-parent commits newest first, then the other commits newest first. */
	commits: Commit[];
	/** State after the walk, to extend it with a newer bundle. */
	checkpoint?: FateCheckpoint;
	/** Per tracked path at the head: the commit each line comes from (exact mode: what blame says). */
	blame?: Map<string, string[]>;
	stats: { scanMs: number; resolveMs: number; walkMs: number; objects: number; deltas: number; hasher: string; trailerVerified: boolean | null; fileDiffs: number; linesCompared: number; distinctLines: number };
}

/** Picks the default branch: HEAD (named as a branch with the same id), else main, master, trunk, else the first branch. */
export function pickDefaultBranch(refs: { name: string; oid: string }[]): { name: string; oid: string } | undefined {
	const head = refs.find((r) => r.name === 'HEAD');
	const branches = refs.filter((r) => r.name.startsWith('refs/heads/'));
	if (head) {
		const same = branches.filter((b) => b.oid === head.oid);
		const pref = ['refs/heads/main', 'refs/heads/master', 'refs/heads/trunk'];
		return same.find((b) => pref.includes(b.name)) ?? same[0] ?? head;
	}
	for (const n of ['refs/heads/main', 'refs/heads/master', 'refs/heads/trunk']) {
		const b = branches.find((r) => r.name === n);
		if (b) return b;
	}
	return branches[0] ?? refs[0];
}

export async function analyzeBundle(src: ByteSource, opts: AnalyzeOptions = {}): Promise<AnalyzeResult> {
	const header: BundleHeader = await readBundleHeader(src);
	if (header.objectFormat === 'sha256') {
		throw new BundleError('this bundle is from a SHA-256 repository, which Hindsight does not read yet (only SHA-1 repositories are supported)', 'sha256');
	}
	const warnings: string[] = [];
	if (header.filter) warnings.push(`filtered bundle (${header.filter}): objects left out by the filter are missing, so files whose contents are missing are left out of the line counts`);
	const hashLen = 20;
	const hasher = await createObjectHasher();
	const trailer = opts.verifyTrailer === false ? undefined : await createTrailerHasher();
	const raw = new Map<string, RawCommit>();
	const tags = new Map<string, { object: string; type: string }>();
	let saved = opts.checkpoint;
	if (!saved && opts.checkpointFor && header.prerequisites.length) saved = await opts.checkpointFor(header.prerequisites.map((p) => p.oid));
	const store = await PackStore.open(src, header.packOffset, hashLen, {
		hasher,
		trailer,
		cacheBudget: opts.cacheBudget,
		deltaBudget: opts.deltaBudget,
		keepBudget: opts.keepBudget,
		windowSize: opts.windowSize,
		onProgress: opts.onProgress,
		externalBase: saved ? checkpointObjects(saved) : undefined,
		onObject(type, oid, _i, body) {
			if (type === OBJ_COMMIT) raw.set(oid, parseCommit(body));
			else if (type === OBJ_TAG) tags.set(oid, parseTag(body));
		}
	});
	if (store.stats.unresolved > 0) {
		const prereq = header.prerequisites.length;
		warnings.push(
			`${store.stats.unresolved} objects are deltas against ${store.stats.missingBases.length} objects that are not in this bundle` +
				(prereq ? ` (an incremental bundle with ${prereq} prerequisite commits: import the full bundle, made with \`git bundle create repo.bundle --all\`, first)` : ' (a thin or damaged pack)')
		);
	}

	// Refs, peeled through annotated tags.
	const peel = (oid: string): string | undefined => {
		for (let k = 0; k < 16; k++) {
			if (raw.has(oid)) return oid;
			const t = tags.get(oid);
			if (!t) return undefined;
			oid = t.object;
		}
		return undefined;
	};
	const refs: GitRef[] = header.refs.map((r) => {
		const p = peel(r.oid);
		return p && p !== r.oid ? { name: r.name, sha: r.oid, peeled: p } : { name: r.name, sha: r.oid };
	});
	const chosen = opts.defaultBranch ? header.refs.find((r) => r.name === opts.defaultBranch || r.name === `refs/heads/${opts.defaultBranch}`) : pickDefaultBranch(header.refs);
	if (!chosen) throw new BundleError(opts.defaultBranch ? `no ref named ${opts.defaultBranch} in the bundle` : 'the bundle has no refs', 'corrupt');
	const head = peel(chosen.oid);
	if (!head) throw new BundleError(`${chosen.name} does not point to a commit in the bundle`, 'corrupt');

	// The first-parent line, oldest first, with landing times clamped to be non-decreasing.
	const line: string[] = [];
	const onLine = new Set<string>();
	for (let c: string | undefined = head; c && raw.has(c) && !onLine.has(c); c = raw.get(c)!.parents[0]) {
		line.push(c);
		onLine.add(c);
	}
	line.reverse();
	const oldest = raw.get(line[0])!;
	const boundary = oldest.parents[0];
	const landed = new Map<string, number>();
	let prev = -Infinity;
	for (const sha of line) {
		const t = Math.max(raw.get(sha)!.committer.at, prev);
		landed.set(sha, t);
		prev = t;
	}
	const headTime = raw.get(head)!.committer.at;

	// The walk. Trees are read raw (the engine compares their bytes); each blob version is read once.
	const reader: ObjectReader = {
		async tree(oid) {
			const o = await store.get(oid);
			return o && o.type === OBJ_TREE ? parseTree(o.body, hashLen) : undefined;
		},
		async rawTree(oid) {
			const o = await store.get(oid);
			return o && o.type === OBJ_TREE ? o.body : undefined;
		},
		rawTreeNow(oid) {
			const i = store.find(oid);
			return i >= 0 && store.type[i] === OBJ_TREE ? store.bodyNow(i) : undefined;
		},
		async blob(oid) {
			const i = store.find(oid);
			if (i < 0 || store.type[i] !== OBJ_BLOB) return undefined;
			try {
				return await store.body(i, true);
			} catch (e) {
				if (e instanceof BundleError && e.code === 'thin') return undefined;
				throw e;
			}
		}
	};
	let engine: FateEngine | undefined;
	let walkMs = 0;
	const fateBySha = new Map<string, number>();
	if (!opts.commitsOnly) {
		engine = new FateEngine(reader, opts);
		let start = 0;
		let parentTree: string | undefined;
		let canWalk = !boundary;
		if (!saved && opts.checkpointFor) saved = await opts.checkpointFor(line);
		const cp = saved;
		if (cp) {
			const at = line.indexOf(cp.head);
			if (at >= 0 && cp.commits.length === at + 1 && cp.commits.every((c, k) => c.sha === line[k])) {
				engine.restore(cp);
				start = at + 1;
				parentTree = raw.get(cp.head)!.tree;
				canWalk = true;
			} else if (boundary && boundary === cp.head && cp.headTree) {
				// A thin bundle whose prerequisite is the saved head: continue from the saved state.
				engine.restore(cp);
				parentTree = cp.headTree;
				canWalk = true;
			} else warnings.push('the saved walk does not lead into this bundle (its head is not on this default branch): walked from the start');
		}
		if (!canWalk) {
			warnings.push(`the first-parent line starts at ${line[0].slice(0, 12)}, whose parent ${boundary!.slice(0, 12)} is not in this bundle: line fates need the full history (\`git bundle create repo.bundle --all\`)`);
		} else {
			const t0 = performance.now();
			for (let k = start; k < line.length; k++) {
				const sha = line[k];
				const c = raw.get(sha)!;
				await engine.step({ sha, tree: c.tree, landedAt: landed.get(sha)!, revert: revertOf(c.message).revert }, parentTree);
				parentTree = c.tree;
				if (opts.onProgress && (k & 63) === 0) opts.onProgress('walk', k, line.length);
			}
			walkMs = performance.now() - t0;
		}
		for (let i = 0; i < engine.processed; i++) fateBySha.set(engine.shaAt(i), i);
	}

	// Commit records.
	const fates = engine && engine.processed ? engine.fates(headTime) : [];
	const results = engine ? engine.lineResults : [];
	const toCommit = (sha: string): Commit => {
		const c = raw.get(sha)!;
		const rv = revertOf(c.message);
		const rec: Commit = {
			sha,
			parents: c.parents,
			tree: c.tree,
			author: c.author,
			committer: c.committer,
			subject: subjectOf(c.message),
			trailers: parseTrailers(c.message),
			agents: findAgentMarkers(c.message, c.author, c.committer),
			firstParent: onLine.has(sha)
		};
		if (opts.keepMessages) rec.message = c.message;
		if (rv.revert) rec.revertOf = rv.sha ?? '';
		if (onLine.has(sha)) rec.landedAt = landed.get(sha);
		const i = fateBySha.get(sha);
		if (i !== undefined) {
			const r = results[i];
			rec.added = r.added;
			rec.removed = r.removed;
			rec.paths = [...new Set(r.paths)];
			rec.excluded = r.excluded;
			rec.addedLineHashes = r.addedLineHashes;
			rec.fate = fates[i];
		}
		return rec;
	};
	const others = [...raw.keys()].filter((s) => !onLine.has(s)).sort((a, b) => raw.get(b)!.committer.at - raw.get(a)!.committer.at);
	const commits = [...[...line].reverse(), ...others].map(toCommit);
	const es = engine?.stats;
	const repo: Repo = {
		id: line[0],
		objectFormat: header.objectFormat,
		bundleVersion: header.version,
		head,
		defaultBranch: chosen.name === 'HEAD' ? 'HEAD' : chosen.name.replace(/^refs\/heads\//, ''),
		refs,
		prerequisites: header.prerequisites.map((p) => p.oid),
		headTime,
		commits: raw.size,
		objects: store.count,
		warnings
	};
	return {
		repo,
		commits,
		checkpoint: engine?.processed ? await engine.checkpoint() : undefined,
		blame: engine?.blameAtHead(),
		stats: {
			scanMs: store.stats.scanMs,
			resolveMs: store.stats.resolveMs,
			walkMs,
			objects: store.count,
			deltas: store.stats.deltas,
			hasher: hasher.name,
			trailerVerified: store.stats.trailerVerified,
			fileDiffs: es?.fileDiffs ?? 0,
			linesCompared: es?.linesCompared ?? 0,
			distinctLines: es?.distinctLines ?? 0
		}
	};
}

const enc = new TextEncoder();

/** Objects a saved walk can supply as delta bases for a thin bundle: the head's blobs and trees. */
function checkpointObjects(cp: FateCheckpoint): (oid: string) => { type: number; body: Uint8Array } | undefined {
	const blobs = new Map(cp.files.map((f) => [f.blob, f.content]));
	return (oid) => {
		const content = blobs.get(oid);
		if (content !== undefined) {
			const b = new Uint8Array(content.length);
			for (let i = 0; i < content.length; i++) b[i] = content.charCodeAt(i);
			return { type: OBJ_BLOB, body: b };
		}
		const t = cp.trees?.[oid];
		if (t) {
			const parts: Uint8Array[] = [];
			for (const e of t) {
				parts.push(enc.encode(`${e.mode.toString(8)} ${e.name}\0`), fromHex(e.oid));
			}
			const n = parts.reduce((a, p) => a + p.length, 0);
			const body = new Uint8Array(n);
			let o = 0;
			for (const p of parts) {
				body.set(p, o);
				o += p.length;
			}
			return { type: OBJ_TREE, body };
		}
		return undefined;
	};
}
