// The line-fate engine: walks the default branch's first-parent line oldest first, diffs each commit
// against its first parent, and keeps for every live line of every tracked file the commit that
// introduced it (its origin). A line removed later is a death of its origin, with an age and a kind.
//
// Two modes:
//  - exact (truth mode): lines are compared byte for byte with git's own diff (xdiff.ts); `added` and
//    `removed` are what `git log --first-parent --numstat --no-renames` says; origins move exactly as
//    `git blame --first-parent` passes lines (whole-file renames followed with git's similarity rule,
//    the blame-side diff trimmed like git's trim_common_tail), so alive-at-head agrees with blame.
//  - default: lines are compared with all whitespace ignored (a whitespace-only change keeps the
//    origin), and blocks of removed lines re-inserted elsewhere in the same commit are moves (origin
//    kept, not a death, not a birth). `added` then counts the lines the commit really authored.

import { FATE_WINDOWS, type DeathKind, type ExclusionRule, type FateOptions, type LineFate } from '../../src/lib/model/git';
import { lineHashBytes } from './linehash';
import { DEFAULT_EXCLUSIONS, Exclusions } from './exclude';
import { isRegularFile, MODE_GITLINK, MODE_LINK, MODE_TREE, type TreeEntry } from './objects';
import { basename, DEFAULT_RENAME_SCORE, MAX_SCORE, similarity } from './similarity';
import { LineInterner } from './intern';
import { commonTailLines, xdiff } from './xdiff';
import { toHex } from './pack';
import { commonPrefix, commonSuffix } from './bytes';

const DAY = 86_400_000;

export interface ObjectReader {
	/** Parsed tree entries, or undefined when the tree is not in the bundle. */
	tree(oid: string): Promise<TreeEntry[] | undefined>;
	/** The tree object's raw bytes (the walk compares trees without parsing them); `tree` is used when absent. */
	rawTree?(oid: string): Promise<Uint8Array | undefined>;
	/** The same when it is at hand at once (no await: most trees are), else undefined. */
	rawTreeNow?(oid: string): Uint8Array | undefined;
	/** Blob bytes, or undefined when the blob is not in the bundle. */
	blob(oid: string): Promise<Uint8Array | undefined>;
}

export interface LineCommit {
	sha: string;
	tree: string;
	/** Landing time (ms), non-decreasing along the line. */
	landedAt: number;
	revert: boolean;
}

export interface CommitLines {
	added: number;
	removed: number;
	paths: string[];
	excluded: { path: string; rule: string }[];
	addedLineHashes: string[];
	/** Files whose content was missing from the bundle (thin or filtered bundles). */
	missing: string[];
}

export interface FateResult {
	commits: (CommitLines & { sha: string; fate: LineFate })[];
	/** Per tracked path at the head: origin commit sha of each line (for blame comparisons). */
	stats: { fileDiffs: number; linesCompared: number; distinctLines: number; ms: number };
}

interface FileState {
	blob: string;
	ids: Int32Array;
	origins: Int32Array;
	/** The version's bytes and line starts (absent after a checkpoint restore). */
	bytes?: Uint8Array;
	starts: Int32Array;
}

/** A serialisable snapshot of the walk at a commit: a newer bundle resumes from it. */
export interface FateCheckpoint {
	version: 1;
	exact: boolean;
	head: string;
	/** The head commit's tree (a thin bundle's boundary commit is not in it), and all its subtrees. */
	headTree: string;
	trees: Record<string, TreeEntry[]>;
	commits: { sha: string; landedAt: number }[];
	counters: { born: number[]; alive?: number[]; deaths: number[][]; revised: number[][]; moved: number[]; firstTouch: number[] };
	/** Tracked files at the head: their content as Latin-1 text (one char per byte) and the origin of each line. */
	files: { path: string; blob: string; content: string; origins: number[] }[];
	results: CommitLines[];
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder();

interface Change {
	path: string;
	oldOid?: string;
	oldMode?: number;
	newOid?: string;
	newMode?: number;
}

function latin1Bytes(s: string): Uint8Array {
	const b = new Uint8Array(s.length);
	for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
	return b;
}

const GEN = [67, 111, 100, 101, 32, 103, 101, 110]; // "Code gen"

/** Whether "Code gen" occurs in the bytes (a cheap test before decoding them for the generated-file rule). */
function mayBeGenerated(b: Uint8Array): boolean {
	for (let i = b.indexOf(67); i >= 0 && i + GEN.length <= b.length; i = b.indexOf(67, i + 1)) {
		let k = 1;
		while (k < GEN.length && b[i + k] === GEN[k]) k++;
		if (k === GEN.length) return true;
	}
	return false;
}

/** git's test: a NUL byte in the first 8000 bytes. */
function isBinary(b: Uint8Array): boolean {
	return (b.length > 8000 ? b.subarray(0, 8000) : b).indexOf(0) >= 0;
}

const EMPTY_IDS = new Int32Array(0);
/** Removed places remembered per line id when looking for moved blocks. */
const MOVE_CANDIDATES = 8;
/** How many old lines ahead a changed line may resynchronise to (a speed hint: ids are always exact). */
const RESYNC_WINDOW = 64;

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
	const b = new Int32Array(a.length * 2);
	b.set(a);
	return b;
}

/** One version of a file, split and interned. */
interface Version {
	bytes: Uint8Array;
	ids: Int32Array;
	/** Byte offset of each line start, plus the end. */
	starts: Int32Array;
	binary: boolean;
	excludedBy?: ExclusionRule;
	/** Classified but not split into lines yet (ids and starts are empty). */
	unsplit?: boolean;
}

const KINDS: DeathKind[] = ['modify', 'delete', 'file-delete', 'revert'];

/** Default mode, within one commit: old lines removed (mask 1), with their kind (index in KINDS); marks lie in [lo, hi). */
interface RemovedRun {
	origins: Int32Array;
	ids: Int32Array;
	mask: Uint8Array;
	kind: Uint8Array;
	lo: number;
	hi: number;
}

/** Default mode, within one commit: new lines inserted (mask 1); marks lie in [lo, hi). */
interface InsertedRun {
	path: string;
	v: Version;
	mask: Uint8Array;
	origins: Int32Array;
	lo: number;
	hi: number;
}

const OID_LEN = 20;
const EMPTY = new Uint8Array(0);

/** Reads the entries of a raw tree object (`<octal mode> <name>\0<raw id>`) one at a time, in place. */
class TreeCursor {
	pos = 0;
	/** Where the current entry starts. */
	start = 0;
	done = false;
	mode = 0;
	nameStart = 0;
	nameEnd = 0;
	oid = 0;
	constructor(readonly buf: Uint8Array) {}

	next(): boolean {
		const b = this.buf;
		let p = this.pos;
		if (p >= b.length) {
			this.done = true;
			return false;
		}
		let mode = 0;
		while (b[p] !== 32) mode = mode * 8 + (b[p++] - 48);
		const z = b.indexOf(0, p + 1);
		if (z < 0 || z + 1 + OID_LEN > b.length) {
			this.done = true;
			return false;
		}
		this.mode = mode;
		this.start = this.pos;
		this.nameStart = p + 1;
		this.nameEnd = z;
		this.oid = z + 1;
		this.pos = z + 1 + OID_LEN;
		return true;
	}

	/** Moves to the start of the entry that holds byte `limit` (or the end), without decoding entries. */
	skipTo(limit: number): void {
		const b = this.buf;
		let p = this.pos;
		for (;;) {
			const z = b.indexOf(0, p);
			if (z < 0) return;
			const next = z + 1 + OID_LEN;
			if (next > limit) break;
			p = next;
		}
		this.pos = p;
	}

	name(): string {
		const b = this.buf;
		let s = '';
		for (let i = this.nameStart; i < this.nameEnd; i++) {
			const c = b[i];
			if (c >= 128) return utf8.decode(b.subarray(this.nameStart, this.nameEnd));
			s += String.fromCharCode(c);
		}
		return s;
	}

	oidHex(): string {
		return toHex(this.buf, this.oid, OID_LEN);
	}
}

/** git's tree order: names compared as bytes, a tree's name as if it ended in '/'. */
function compareEntries(a: TreeCursor, b: TreeCursor): number {
	const ab = a.buf;
	const bb = b.buf;
	const la = a.nameEnd - a.nameStart;
	const lb = b.nameEnd - b.nameStart;
	const n = la < lb ? la : lb;
	for (let i = 0; i < n; i++) {
		const d = ab[a.nameStart + i] - bb[b.nameStart + i];
		if (d) return d;
	}
	const ca = la > n ? ab[a.nameStart + n] : a.mode === MODE_TREE ? 47 : 0;
	const cb = lb > n ? bb[b.nameStart + n] : b.mode === MODE_TREE ? 47 : 0;
	if (la === lb && ca === cb) return 0;
	return ca - cb || la - lb;
}

function sameBytes(a: Uint8Array, ia: number, b: Uint8Array, ib: number, n: number): boolean {
	for (let k = 0; k < n; k++) if (a[ia + k] !== b[ib + k]) return false;
	return true;
}

const textEnc = new TextEncoder();

/** Parsed entries back to a raw tree object. */
function encodeTree(entries: TreeEntry[]): Uint8Array {
	const parts = entries.map((e) => textEnc.encode(`${e.mode.toString(8)} ${e.name}\0`));
	const body = new Uint8Array(parts.reduce((n, p) => n + p.length + OID_LEN, 0));
	let o = 0;
	entries.forEach((e, k) => {
		body.set(parts[k], o);
		o += parts[k].length;
		for (let i = 0; i < OID_LEN; i++) body[o + i] = parseInt(e.oid.slice(2 * i, 2 * i + 2), 16);
		o += OID_LEN;
	});
	return body;
}

export class FateEngine {
	readonly exact: boolean;
	private rules: Exclusions;
	private moveMinAlnum: number;
	// Interning: line key → id.
	private lines: LineInterner;
	/** Growable scratch for splitting a version (copied out at its exact size). */
	private idScratch = new Int32Array(1 << 12);
	// Move detection scratch (see settleMoves).
	private mvStamp = new Int32Array(1 << 12);
	private mvHead = new Int32Array(1 << 12);
	private mvTail = new Int32Array(1 << 12);
	private mvCount = new Uint8Array(1 << 12);
	private mvEpoch = 0;
	private mvCandR = new Int32Array(1 << 12);
	private mvCandX = new Int32Array(1 << 12);
	private mvNext = new Int32Array(1 << 12);
	private startScratch = new Int32Array(1 << 12);
	private files = new Map<string, FileState>();
	// Per first-parent commit (index along the line).
	private shas: string[] = [];
	private landed: number[] = [];
	private born: number[] = [];
	private moved: number[] = [];
	private deaths: number[][] = KINDS.map(() => []);
	private revised: number[][] = FATE_WINDOWS.map(() => []);
	private firstTouch: number[] = [];
	private results: CommitLines[] = [];
	private headTree = '';
	private savedTrees = new Map<string, TreeEntry[]>();
	private fileDiffs = 0;
	private linesCompared = 0;
	private ms = 0;

	constructor(
		private reader: ObjectReader,
		opts: FateOptions = {}
	) {
		this.exact = !!opts.exact;
		this.rules = new Exclusions(opts.exclusions ?? DEFAULT_EXCLUSIONS);
		this.moveMinAlnum = opts.moveMinAlnum ?? 20;
		this.lines = new LineInterner(!this.exact);
	}

	get head(): string | undefined {
		return this.shas[this.shas.length - 1];
	}

	shaAt(i: number): string {
		return this.shas[i];
	}

	get processed(): number {
		return this.shas.length;
	}

	// ---- interning ----

	private indentOf = (id: number): number => this.lines.indent(id);

	/**
	 * Splits and interns a file version. With `prev` (the tracked previous version of the same path),
	 * lines that are byte-equal to the old line expected at that point take the old line's id without
	 * being hashed: only the changed lines are interned. After a changed line, the expected old line is
	 * moved to the next old line with the same id (a short look-ahead), so that deletions resynchronise.
	 */
	private version(bytes: Uint8Array, path: string, useRules: boolean, prev?: FileState, split = true): Version {
		const binary = isBinary(bytes);
		if (binary) return { bytes, ids: new Int32Array(0), starts: new Int32Array(1), binary };
		const n = bytes.length;
		void path;
		if (useRules) {
			let count = 0;
			if (n > this.rules.lineLimit) {
				for (let p = bytes.indexOf(10); p >= 0; p = bytes.indexOf(10, p + 1)) count++;
				if (n > 0 && bytes[n - 1] !== 10) count++;
			}
			const head = bytes.subarray(0, 4096);
			const excludedBy = this.rules.byContent(n, count, mayBeGenerated(head) ? latin1.decode(head) : '');
			if (excludedBy) return { bytes, ids: new Int32Array(0), starts: new Int32Array(1), binary, excludedBy };
		}
		// An added file is split once its rename source is known, so that a renamed file's lines resynchronise with the old ones.
		if (!split) return { bytes, ids: EMPTY_IDS, starts: EMPTY_IDS, binary, unsplit: true };
		return this.split(bytes, prev);
	}

	/** The lines of a text version (see version()). */
	private split(bytes: Uint8Array, prev?: FileState): Version {
		const n = bytes.length;
		const lines = this.lines;
		let ids = this.idScratch;
		let starts = this.startScratch;
		let i = 0;
		let p = 0;
		const old = prev && prev.bytes ? prev.bytes : undefined;
		const oids = prev ? prev.ids : EMPTY_IDS;
		const os = prev ? prev.starts : EMPTY_IDS;
		let an = old ? oids.length : 0;
		let j = 0;
		// Old lines wholly inside the common byte suffix are the new version's last lines.
		let tail = 0;
		let end = n;
		if (old && an) {
			const on = old.length;
			const q = commonSuffix(old, bytes, on < n ? on : n);
			// Lines starting strictly inside the suffix: the newline before them is shared too.
			let k = an;
			while (k > 0 && os[k - 1] > on - q) k--;
			tail = an - k;
			end = n - (on - os[an - tail]);
			an -= tail;
		}
		while (p < end) {
			if (j < an) {
				// The run of bytes equal to the old version from the expected old line on; the whole old
				// lines inside it (newline included, or both files ending there) are unchanged lines.
				const s0 = os[j];
				const lim = s0 + commonPrefix(old!, bytes, Math.min(end - p, os[an] - s0), s0, p);
				let k = j;
				while (k < an) {
					const e1 = os[k + 1];
					if (e1 > lim || (old![e1 - 1] !== 10 && !(e1 === old!.length && p + e1 - s0 === n))) break;
					k++;
				}
				if (k > j) {
					while (i + (k - j) + 1 >= ids.length) {
						ids = this.idScratch = grow(ids);
						starts = this.startScratch = grow(starts);
					}
					for (let x = j; x < k; x++) {
						ids[i] = oids[x];
						starts[i++] = p + os[x] - s0;
					}
					p += os[k] - s0;
					j = k;
					continue;
				}
			}
			if (i + 1 >= ids.length) {
				ids = this.idScratch = grow(ids);
				starts = this.startScratch = grow(starts);
			}
			starts[i] = p;
			const nl = bytes.indexOf(10, p);
			const e = nl < 0 ? n : nl + 1;
			const id = lines.intern(bytes, p, e);
			ids[i++] = id;
			p = e;
			// Resynchronise on the nearest old copy of this line, ahead (lines were deleted) or behind (an
			// earlier resync went too far); blank lines and lone braces are too common to go by.
			if (an && lines.alnum[id] > 0) {
				for (let d = 0; d < RESYNC_WINDOW; d++) {
					const ahead = j + d;
					const behind = j - 1 - d;
					if (ahead < an && oids[ahead] === id) {
						j = ahead + 1;
						break;
					}
					if (behind >= 0 && oids[behind] === id) {
						j = behind + 1;
						break;
					}
					if (ahead >= an && behind < 0) break;
				}
			}
		}
		if (tail) {
			if (i + tail + 1 > ids.length) {
				const need = i + tail + 1;
				while (ids.length < need) {
					ids = this.idScratch = grow(ids);
					starts = this.startScratch = grow(starts);
				}
			}
			const shift = n - old!.length;
			for (let k = an; k < an + tail; k++) {
				ids[i] = oids[k];
				starts[i++] = os[k] + shift;
			}
		}
		starts[i] = n;
		return { bytes, ids: ids.slice(0, i), starts: starts.slice(0, i + 1), binary: false };
	}

	// ---- accounting ----

	private kill(origin: number, at: number, kind: DeathKind): void {
		this.killAs(origin, at, KINDS.indexOf(kind));
	}

	/** kill() with the kind as its index in KINDS (the per-line loops). */
	private killAs(origin: number, at: number, kind: number): void {
		this.deaths[kind][origin]++;
		const age = this.landed[at] - this.landed[origin];
		for (let w = 0; w < FATE_WINDOWS.length; w++) if (age <= FATE_WINDOWS[w] * DAY) this.revised[w][origin]++;
		if (this.firstTouch[origin] < 0) this.firstTouch[origin] = at;
	}

	// ---- tree diff ----

	private async tree(oid: string): Promise<TreeEntry[] | undefined> {
		return (await this.reader.tree(oid)) ?? this.savedTrees.get(oid);
	}

	/** A tree's raw bytes: from the reader, else from a restored checkpoint's parsed trees. */
	private async rawTree(oid: string): Promise<Uint8Array | undefined> {
		const raw = this.reader.rawTree ? await this.reader.rawTree(oid) : undefined;
		if (raw) return raw;
		const t = await this.tree(oid);
		return t && encodeTree(t);
	}

	/**
	 * The file changes between two trees, in git's tree order, compared on the raw tree bytes: entries
	 * with the same name, mode and id are skipped without decoding, and only differing subtrees are read.
	 */
	private async treeChanges(oldTree: string | undefined, newTree: string, prefix: string, out: Change[]): Promise<void> {
		const a = oldTree ? (this.reader.rawTreeNow?.(oldTree) ?? (await this.rawTree(oldTree))) : EMPTY;
		const b = this.reader.rawTreeNow?.(newTree) ?? (await this.rawTree(newTree));
		if (!a || !b) throw new Error(`tree ${!a ? oldTree : newTree} is missing from the bundle`);
		const ca = new TreeCursor(a);
		const cb = new TreeCursor(b);
		// Entries before the first differing byte are the same in both trees: skip them unparsed.
		const m = a.length < b.length ? a.length : b.length;
		const same = commonPrefix(a, b, m);
		ca.skipTo(same);
		cb.pos = ca.pos;
		// Once both cursors stand the same distance from the end inside the common tail, the rest is equal too.
		const tail = commonSuffix(a, b, m - same);
		ca.next();
		cb.next();
		while (!ca.done || !cb.done) {
			if (!ca.done && !cb.done && a.length - ca.start <= tail && a.length - ca.start === b.length - cb.start) break;
			const cmp = ca.done ? 1 : cb.done ? -1 : compareEntries(ca, cb);
			if (cmp === 0) {
				if (ca.mode !== cb.mode || !sameBytes(a, ca.oid, b, cb.oid, OID_LEN)) {
					if (ca.mode === MODE_TREE) await this.treeChanges(ca.oidHex(), cb.oidHex(), prefix + ca.name() + '/', out);
					else if ((ca.mode & 0o170000) !== (cb.mode & 0o170000)) {
						// Type change (file ↔ symlink or gitlink): a delete and an add.
						const path = prefix + ca.name();
						out.push({ path, oldOid: ca.oidHex(), oldMode: ca.mode });
						out.push({ path, newOid: cb.oidHex(), newMode: cb.mode });
					} else out.push({ path: prefix + ca.name(), oldOid: ca.oidHex(), oldMode: ca.mode, newOid: cb.oidHex(), newMode: cb.mode });
				}
				ca.next();
				cb.next();
			} else if (cmp < 0) {
				if (ca.mode === MODE_TREE) await this.allFiles(ca.oidHex(), prefix + ca.name() + '/', out, true);
				else out.push({ path: prefix + ca.name(), oldOid: ca.oidHex(), oldMode: ca.mode });
				ca.next();
			} else {
				if (cb.mode === MODE_TREE) await this.allFiles(cb.oidHex(), prefix + cb.name() + '/', out, false);
				else out.push({ path: prefix + cb.name(), newOid: cb.oidHex(), newMode: cb.mode });
				cb.next();
			}
		}
	}

	private async allFiles(tree: string, prefix: string, out: Change[], old: boolean): Promise<void> {
		const t = this.reader.rawTreeNow?.(tree) ?? (await this.rawTree(tree));
		if (!t) throw new Error(`tree ${tree} is missing from the bundle`);
		for (const c = new TreeCursor(t); c.next(); ) {
			if (c.mode === MODE_TREE) await this.allFiles(c.oidHex(), prefix + c.name() + '/', out, old);
			else if (old) out.push({ path: prefix + c.name(), oldOid: c.oidHex(), oldMode: c.mode });
			else out.push({ path: prefix + c.name(), newOid: c.oidHex(), newMode: c.mode });
		}
	}

	// ---- one commit ----

	/** Processes the next first-parent commit (its parent must be the previous one, or none for a root). */
	async step(c: LineCommit, parentTree: string | undefined): Promise<CommitLines> {
		const t0 = performance.now();
		const at = this.shas.length;
		this.shas.push(c.sha);
		this.headTree = c.tree;
		this.landed.push(c.landedAt);
		this.born.push(0);
		this.moved.push(0);
		for (const d of this.deaths) d.push(0);
		for (const r of this.revised) r.push(0);
		this.firstTouch.push(-1);
		const res: CommitLines = { added: 0, removed: 0, paths: [], excluded: [], addedLineHashes: [], missing: [] };
		const changes: Change[] = [];
		if (parentTree !== c.tree) await this.treeChanges(parentTree, c.tree, '', changes);
		const exact = this.exact;
		const delKind: DeathKind = c.revert ? 'revert' : 'delete';
		const modKind: DeathKind = c.revert ? 'revert' : 'modify';

		// Deleted files are rename sources for files added in the same commit (as blame follows them).
		const deleted: { path: string; oid: string; state?: FileState; bytes?: Uint8Array; keptBy: Uint8Array | null; firstDiff?: Uint8Array }[] = [];
		const added: { ch: Change; v: Version; count: boolean }[] = [];
		// Default mode: removed and inserted lines of this commit, for move detection.
		const removedRuns: RemovedRun[] = [];
		const inserted: InsertedRun[] = [];

		for (const ch of changes) {
			res.paths.push(ch.path);
			const oldFile = ch.oldOid !== undefined && ch.oldMode !== undefined && isRegularFile(ch.oldMode);
			const newFile = ch.newOid !== undefined && ch.newMode !== undefined && isRegularFile(ch.newMode);
			if (!oldFile && !newFile) continue; // symlinks, submodules
			const rule = this.rules.byPath(ch.path);
			if (rule) {
				res.excluded.push({ path: ch.path, rule: rule.id });
				this.files.delete(ch.path);
				continue;
			}
			if (oldFile && !newFile) {
				const state = this.files.get(ch.path);
				this.files.delete(ch.path);
				if (exact || state) {
					// numstat counts the old version's lines; load it unless state has them.
					if (state) {
						deleted.push({ path: ch.path, oid: ch.oldOid!, state, keptBy: null });
						if (exact) res.removed += state.ids.length;
					} else {
						const bytes = await this.reader.blob(ch.oldOid!);
						if (!bytes) res.missing.push(ch.path);
						else {
							const v = this.version(bytes, ch.path, true);
							if (v.excludedBy) res.excluded.push({ path: ch.path, rule: v.excludedBy.id });
							else if (!v.binary) res.removed += v.ids.length;
						}
					}
				}
				continue;
			}
			const newBytes = await this.reader.blob(ch.newOid!);
			if (!newBytes) {
				res.missing.push(ch.path);
				this.files.delete(ch.path);
				continue;
			}
			const v = this.version(newBytes, ch.path, true, oldFile ? this.files.get(ch.path) : undefined, oldFile);
			if (v.excludedBy) {
				res.excluded.push({ path: ch.path, rule: v.excludedBy.id });
				this.files.delete(ch.path);
				continue;
			}
			const state = oldFile ? this.files.get(ch.path) : undefined;
			if (oldFile && !state) {
				// The old version was not tracked (binary, excluded by its content, or missing): its
				// lines start here. numstat still diffs two text versions; binary on a side: no counts.
				if (v.binary) continue;
				if (exact) {
					const oldBytes = await this.reader.blob(ch.oldOid!);
					if (oldBytes && !isBinary(oldBytes)) {
						const ov = this.version(oldBytes, ch.path, false);
						const d = xdiff(ov.ids, ov.ids.length, v.ids, v.ids.length, this.lines.count, {});
						res.removed += d.nRemoved;
						res.added += d.nAdded;
						this.addHashes(res, v, d.added);
					}
				}
				added.push({ ch, v, count: false });
				continue;
			}
			if (v.binary) {
				// Text turned binary: its lines are revised away.
				if (state) for (let k = 0; k < state.origins.length; k++) this.kill(state.origins[k], at, modKind);
				this.files.delete(ch.path);
				continue;
			}
			if (!state) {
				added.push({ ch, v, count: true });
				continue;
			}
			// Modified text file.
			this.fileDiffs++;
			this.linesCompared += state.ids.length + v.ids.length;
			const origins = this.passThrough(state, v, at, exact, res, modKind, delKind, removedRuns, inserted, ch.path);
			this.files.set(ch.path, { blob: ch.newOid!, ids: v.ids, origins, bytes: v.bytes, starts: v.starts });
		}

		// Added files: follow a rename from a deleted file (exact oid, then same basename ≥ 75%, then ≥ 50%).
		for (const a of added) {
			const { ch, count } = a;
			let src: (typeof deleted)[number] | undefined;
			if (deleted.length && count) src = await this.findRenameSource(ch, a.v, deleted);
			const v = a.v.unsplit ? this.split(a.v.bytes, src?.state) : a.v;
			if (exact && count) {
				res.added += v.ids.length;
				this.addHashes(res, v, undefined);
			}
			if (src?.state) {
				this.fileDiffs++;
				const origins = this.passThrough(src.state, v, at, exact, exact ? null : res, modKind, delKind, removedRuns, inserted, ch.path, src);
				this.files.set(ch.path, { blob: ch.newOid!, ids: v.ids, origins, bytes: v.bytes, starts: v.starts });
			} else {
				const origins = new Int32Array(v.ids.length).fill(at);
				if (!exact) {
					const mask = new Uint8Array(v.ids.length).fill(1);
					inserted.push({ path: ch.path, v, mask, origins, lo: 0, hi: mask.length });
				} else this.born[at] += v.ids.length;
				this.files.set(ch.path, { blob: ch.newOid!, ids: v.ids, origins, bytes: v.bytes, starts: v.starts });
			}
		}
		// Deleted files: lines not passed on to a renamed file die.
		for (const d of deleted) {
			if (!d.state) continue;
			const { origins } = d.state;
			if (exact) {
				for (let k = 0; k < origins.length; k++) if (!d.keptBy || !d.keptBy[k]) this.kill(origins[k], at, d.keptBy ? (d.firstDiff?.[k] ? modKind : delKind) : c.revert ? 'revert' : 'file-delete');
			} else {
				const mask = new Uint8Array(origins.length);
				const kind = new Uint8Array(origins.length);
				for (let k = 0; k < origins.length; k++) {
					if (d.keptBy && d.keptBy[k]) continue;
					mask[k] = 1;
					kind[k] = d.keptBy ? (d.firstDiff?.[k] ? 0 : 1) : 2;
				}
				removedRuns.push({ origins, ids: d.state.ids, mask, kind, lo: 0, hi: mask.length });
			}
		}
		if (!exact) this.settleMoves(at, res, removedRuns, inserted, c.revert);
		this.results.push(res);
		this.ms += performance.now() - t0;
		return res;
	}

	/**
	 * Diffs a tracked version against a new one, carrying origins over unchanged lines. In exact mode
	 * the diff is blame's (tail-trimmed) and the counts are numstat's (untrimmed); the two only differ
	 * when the files share at least 1 KiB of tail.
	 */
	private passThrough(
		state: FileState,
		v: Version,
		at: number,
		exact: boolean,
		res: CommitLines | null,
		modKind: DeathKind,
		delKind: DeathKind,
		removedRuns: RemovedRun[],
		inserted: InsertedRun[],
		path: string,
		renameSrc?: { keptBy: Uint8Array | null; firstDiff?: Uint8Array }
	): Int32Array {
		const a = state.ids;
		const b = v.ids;
		const maxId = this.lines.count;
		const opts = exact ? { indentHeuristic: true, indent: this.indentOf } : {};
		let d = xdiff(a, a.length, b, b.length, maxId, opts);
		if (exact && res) {
			res.added += d.nAdded;
			res.removed += d.nRemoved;
			this.addHashes(res, v, d.added);
		}
		if (exact) {
			const tail = commonTailLines(a, a.length, b, b.length, (id) => this.lines.length(id), (id) => this.lines.text(id));
			if (tail > 0) {
				const t = xdiff(a, a.length - tail, b, b.length - tail, maxId, opts);
				const rem = new Uint8Array(a.length);
				rem.set(t.removed);
				const add = new Uint8Array(b.length);
				add.set(t.added);
				d = { removed: rem, added: add, nRemoved: t.nRemoved, nAdded: t.nAdded };
			}
		}
		// Walk both sides: unchanged lines pair up in order.
		const origins = new Int32Array(b.length);
		const kind = new Uint8Array(a.length); // 0 modify, 1 delete (for removed lines)
		// A removed line's hunk has insertions → modify, else delete.
		let i = 0;
		let j = 0;
		// Where the changes lie on each side, so that move detection looks only there.
		let loA = a.length;
		let hiA = 0;
		let loB = b.length;
		let hiB = 0;
		while (i < a.length || j < b.length) {
			if (i < a.length && j < b.length && !d.removed[i] && !d.added[j]) {
				origins[j++] = state.origins[i++];
				continue;
			}
			const i0 = i;
			const j0 = j;
			if (i0 < loA) loA = i0;
			if (j0 < loB) loB = j0;
			while (i < a.length && d.removed[i]) i++;
			while (j < b.length && d.added[j]) j++;
			const k = j > j0 ? 0 : 1;
			for (let x = i0; x < i; x++) kind[x] = k;
			for (let y = j0; y < j; y++) origins[y] = at;
			hiA = i;
			hiB = j;
			if (i === i0 && j === j0) break; // should not happen
		}
		if (renameSrc) {
			// Lines kept by the renamed file are passed on; the deleted source settles the rest.
			if (!renameSrc.keptBy) renameSrc.keptBy = new Uint8Array(a.length);
			for (let x = 0; x < a.length; x++) if (!d.removed[x]) renameSrc.keptBy[x] = 1;
			if (!renameSrc.firstDiff) renameSrc.firstDiff = kind.map((k) => (k === 0 ? 1 : 0));
		}
		if (exact) {
			if (!renameSrc) for (let x = 0; x < a.length; x++) if (d.removed[x]) this.kill(state.origins[x], at, kind[x] === 0 ? modKind : delKind);
			for (let y = 0; y < b.length; y++) if (d.added[y]) this.born[at]++;
		} else {
			// The diff's own marks become the masks move detection clears (each diff's arrays are its own).
			if (!renameSrc) removedRuns.push({ origins: state.origins, ids: a, mask: d.removed, kind, lo: loA, hi: hiA });
			inserted.push({ path, v, mask: d.added, origins, lo: loB, hi: hiB });
		}
		return origins;
	}

	private addHashes(res: CommitLines, v: Version, mask: Uint8Array | undefined): void {
		const { bytes, starts } = v;
		for (let y = 0; y < v.ids.length; y++) {
			if (mask && !mask[y]) continue;
			res.addedLineHashes.push(lineHashBytes(bytes, starts[y], starts[y + 1]));
		}
	}

	private async findRenameSource(ch: Change, v: Version, deleted: { path: string; oid: string; state?: FileState; bytes?: Uint8Array; keptBy: Uint8Array | null }[]) {
		const exactHit = deleted.filter((d) => d.oid === ch.newOid);
		if (exactHit.length) return exactHit.find((d) => basename(d.path) === basename(ch.path)) ?? exactHit[0];
		const dst = v.bytes;
		// A tracked file's bytes are the deleted version's (each blob version is read from the pack once).
		const load = async (d: (typeof deleted)[number]) =>
			(d.bytes ??= d.state?.bytes ?? (await this.reader.blob(d.oid)) ?? new Uint8Array(0));
		const base = basename(ch.path);
		const same = deleted.filter((d) => basename(d.path) === base);
		const minBase = DEFAULT_RENAME_SCORE + Math.floor(0.5 * (MAX_SCORE - DEFAULT_RENAME_SCORE));
		if (same.length === 1) {
			const s = same[0];
			const srcBytes = await load(s);
			if (similarity(srcBytes, dst, !isBinary(srcBytes), !v.binary, DEFAULT_RENAME_SCORE) >= minBase) return s;
		}
		let best: (typeof deleted)[number] | undefined;
		let bestScore = -1;
		let bestName = false;
		for (const d of deleted) {
			const srcBytes = await load(d);
			const score = similarity(srcBytes, dst, !isBinary(srcBytes), !v.binary, DEFAULT_RENAME_SCORE);
			if (score < DEFAULT_RENAME_SCORE) continue;
			const nameSame = basename(d.path) === base;
			if (score > bestScore || (score === bestScore && nameSame && !bestName)) {
				best = d;
				bestScore = score;
				bestName = nameSame;
			}
		}
		return best;
	}

	/** Default mode: match removed blocks to inserted blocks (moves), then settle deaths and births. */
	private settleMoves(
		at: number,
		res: CommitLines,
		removedRuns: RemovedRun[],
		inserted: InsertedRun[],
		revert: boolean
	): void {
		// Index removed lines by id: for each id its first MOVE_CANDIDATES (run, line) pairs in order, as
		// linked lists in scratch arrays; `stamp` marks which ids have a list in this commit.
		const alnumOf = this.lines.alnum;
		const nIds = this.lines.count;
		if (this.mvStamp.length < nIds) {
			let n = this.mvStamp.length;
			while (n < nIds) n *= 2;
			const st = new Int32Array(n);
			st.set(this.mvStamp);
			this.mvStamp = st;
			this.mvHead = new Int32Array(n);
			this.mvTail = new Int32Array(n);
			this.mvCount = new Uint8Array(n);
		}
		const stamp = this.mvStamp;
		const headOf = this.mvHead;
		const tailOf = this.mvTail;
		const countOf = this.mvCount;
		const mark = ++this.mvEpoch;
		let cands = 0;
		let candR = this.mvCandR;
		let candX = this.mvCandX;
		let next = this.mvNext;
		for (let r = 0; r < removedRuns.length; r++) {
			const { ids, mask, lo, hi } = removedRuns[r];
			for (let x = lo; x < hi; x++) {
				if (!mask[x]) continue;
				const id = ids[x];
				if (alnumOf[id] === 0) continue;
				if (stamp[id] !== mark) {
					stamp[id] = mark;
					countOf[id] = 0;
					headOf[id] = -1;
				} else if (countOf[id] >= MOVE_CANDIDATES) continue;
				if (cands === candR.length) {
					candR = this.mvCandR = grow(candR);
					candX = this.mvCandX = grow(candX);
					next = this.mvNext = grow(next);
				}
				candR[cands] = r;
				candX[cands] = x;
				next[cands] = -1;
				if (headOf[id] < 0) headOf[id] = cands;
				else next[tailOf[id]] = cands;
				tailOf[id] = cands++;
				countOf[id]++;
			}
		}
		if (cands) {
			for (const ins of inserted) {
				const bids = ins.v.ids;
				const { mask, hi } = ins;
				for (let y = ins.lo; y < hi; y++) {
					if (!mask[y]) continue;
					const id0 = bids[y];
					if (stamp[id0] !== mark) continue;
					let bestLen = 0;
					let bestR = -1;
					let bestX = -1;
					for (let c = headOf[id0]; c >= 0; c = next[c]) {
						const r = candR[c];
						const x = candX[c];
						const run = removedRuns[r];
						if (!run.mask[x]) continue;
						const rids = run.ids;
						const rmask = run.mask;
						let len = 0;
						while (y + len < bids.length && x + len < rids.length && mask[y + len] && rmask[x + len] && bids[y + len] === rids[x + len]) len++;
						if (len > bestLen) {
							bestLen = len;
							bestR = r;
							bestX = x;
						}
					}
					if (bestLen === 0) continue;
					let alnum = 0;
					const run = removedRuns[bestR];
					for (let k = 0; k < bestLen; k++) alnum += alnumOf[bids[y + k]];
					if (alnum < this.moveMinAlnum) continue;
					for (let k = 0; k < bestLen; k++) {
						ins.mask[y + k] = 0;
						run.mask[bestX + k] = 0;
						ins.origins[y + k] = run.origins[bestX + k];
						this.moved[run.origins[bestX + k]]++;
					}
					y += bestLen - 1;
				}
			}
		}
		const REVERT = KINDS.indexOf('revert');
		for (const run of removedRuns) {
			const { mask, kind, origins, hi } = run;
			for (let x = run.lo; x < hi; x++) {
				if (!mask[x]) continue;
				res.removed++;
				// kind: 0 modify, 1 delete, 2 file-delete, the order of KINDS
				this.killAs(origins[x], at, revert ? REVERT : kind[x]);
			}
		}
		for (const ins of inserted) {
			let n = 0;
			for (let y = ins.lo; y < ins.hi; y++) if (ins.mask[y]) n++;
			res.added += n;
			this.born[at] += n;
			if (n) this.addHashes(res, ins.v, ins.mask);
		}
	}

	// ---- results ----

	/** Alive-at-head counts per commit index. */
	aliveAtHead(): number[] {
		const alive = new Array<number>(this.shas.length).fill(0);
		for (const f of this.files.values()) for (let k = 0; k < f.origins.length; k++) alive[f.origins[k]]++;
		return alive;
	}

	/** Per path at the head: the sha that introduced each line (what blame says, in exact mode). */
	blameAtHead(): Map<string, string[]> {
		const out = new Map<string, string[]>();
		for (const [p, f] of this.files) out.set(p, Array.from(f.origins, (o) => this.shas[o]));
		return out;
	}

	fates(headTime: number): LineFate[] {
		const alive = this.aliveAtHead();
		return this.shas.map((_, i) => {
			const revised = {} as LineFate['revised'];
			const pending: LineFate['pending'] = [];
			FATE_WINDOWS.forEach((w, k) => {
				revised[`${w}`] = this.revised[k][i];
				if (headTime - this.landed[i] < w * DAY) pending.push(`${w}`);
			});
			const deaths = {} as LineFate['deaths'];
			KINDS.forEach((k, x) => (deaths[k] = this.deaths[x][i]));
			const f: LineFate = { born: this.born[i], revised, pending, aliveAtHead: alive[i], deaths, moved: this.moved[i] };
			if (this.firstTouch[i] >= 0) f.firstTouchedBy = this.shas[this.firstTouch[i]];
			return f;
		});
	}

	get lineResults(): CommitLines[] {
		return this.results;
	}

	get stats() {
		return { fileDiffs: this.fileDiffs, linesCompared: this.linesCompared, distinctLines: this.lines.count, ms: this.ms };
	}

	// ---- checkpoints ----

	async checkpoint(): Promise<FateCheckpoint> {
		const trees: Record<string, TreeEntry[]> = {};
		const collect = async (oid: string) => {
			if (trees[oid]) return;
			const t = await this.tree(oid);
			if (!t) return;
			trees[oid] = t;
			for (const e of t) if (e.mode === MODE_TREE) await collect(e.oid);
		};
		if (this.headTree) await collect(this.headTree);
		return {
			trees,
			version: 1,
			exact: this.exact,
			head: this.head ?? '',
			headTree: this.headTree,
			commits: this.shas.map((sha, i) => ({ sha, landedAt: this.landed[i] })),
			counters: { born: [...this.born], deaths: this.deaths.map((d) => [...d]), revised: this.revised.map((r) => [...r]), moved: [...this.moved], firstTouch: [...this.firstTouch] },
			files: [...this.files].map(([path, f]) => ({ path, blob: f.blob, content: f.bytes ? latin1.decode(f.bytes) : '', origins: Array.from(f.origins) })),
			results: this.results.map((r) => ({ ...r }))
		};
	}

	/** Restores a checkpoint made with the same mode; the walk then continues after its head. */
	restore(cp: FateCheckpoint): void {
		if (cp.exact !== this.exact) throw new Error('checkpoint was made in the other mode');
		this.shas = cp.commits.map((c) => c.sha);
		this.headTree = cp.headTree;
		this.savedTrees = new Map(Object.entries(cp.trees ?? {}));
		this.landed = cp.commits.map((c) => c.landedAt);
		this.born = [...cp.counters.born];
		this.deaths = cp.counters.deaths.map((d) => [...d]);
		this.revised = cp.counters.revised.map((r) => [...r]);
		this.moved = [...cp.counters.moved];
		this.firstTouch = [...cp.counters.firstTouch];
		this.results = cp.results.map((r) => ({ ...r }));
		this.files.clear();
		for (const f of cp.files) {
			const v = this.version(latin1Bytes(f.content), f.path, false);
			if (v.ids.length !== f.origins.length) throw new Error(`checkpoint for ${f.path} is inconsistent`);
			this.files.set(f.path, { blob: f.blob, ids: v.ids, origins: Int32Array.from(f.origins), bytes: v.bytes, starts: v.starts });
		}
	}
}

export { MODE_GITLINK, MODE_LINK };
