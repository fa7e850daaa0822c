// Pack reader (gitformat-pack), in two passes like `git index-pack`:
//  1. a sequential scan that inflates every entry once to find where it ends, hashes every whole
//     object, hands commits and tags to the caller, and keeps the (small) delta payloads in memory
//     up to a budget;
//  2. delta resolution, depth-first from each base object, hashing every reconstructed object.
// The result is an index (offsets, types, extents, object ids) that gives random access by id with a
// bounded LRU of reconstructed objects: no more than the cache budget of inflated data is ever held.

import { BundleError } from './bundle';
import { inflateZlibAt, NEED_MORE } from './inflate';
import type { ObjectHasher } from './hasher';
import { PageCache, concatBytes, type ByteSource } from './source';

export const OBJ_COMMIT = 1;
export const OBJ_TREE = 2;
export const OBJ_BLOB = 3;
export const OBJ_TAG = 4;
export const OBJ_OFS_DELTA = 6;
export const OBJ_REF_DELTA = 7;

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

export function toHex(b: Uint8Array, start = 0, len = b.length - start): string {
	let s = '';
	for (let i = start; i < start + len; i++) s += HEX[b[i]];
	return s;
}

function nib(c: number): number {
	return c <= 57 ? c - 48 : (c | 32) - 87;
}

export function fromHex(hex: string, out = new Uint8Array(hex.length >>> 1), offset = 0): Uint8Array {
	for (let i = 0, o = offset; i < hex.length; i += 2, o++) out[o] = (nib(hex.charCodeAt(i)) << 4) | nib(hex.charCodeAt(i + 1));
	return out;
}

/** The size of the object a git delta builds (its second header varint). */
/** Where the last readDeltaSize stopped: kept outside so the hot path allocates nothing. */
let sizeEnd = 0;

/** A delta header's size (little-endian base-128) at `p`; its end is left in sizeEnd. */
function readDeltaSize(delta: Uint8Array, p: number): number {
	let v = 0;
	let shift = 1;
	let b: number;
	do {
		b = delta[p++];
		v += (b & 0x7f) * shift;
		shift *= 128;
	} while (b & 0x80 && p < delta.length);
	sizeEnd = p;
	return v;
}

export function deltaTargetSize(delta: Uint8Array): number {
	readDeltaSize(delta, 0);
	return readDeltaSize(delta, sizeEnd);
}

/**
 * Hands out views into large shared buffers instead of one ArrayBuffer per object: tens of thousands of
 * small buffers cost more in allocation and garbage collection than the bytes they hold. A slab is
 * freed when no view into it is left; objects above a quarter slab get their own buffer.
 */
export class Slabs {
	private slab: Uint8Array = new Uint8Array(0);
	private used = 0;
	/** Every slab handed out so far, and the one the last alloc() came from (-1: a buffer of its own). */
	readonly slabs: (Uint8Array | undefined)[] = [];
	lastSlab = -1;
	/** Whole slabs given back (no view into them is used any more), reused before touching new memory. */
	private spare: Uint8Array[] = [];
	constructor(readonly slabSize = 4 << 20) {}

	alloc(n: number): Uint8Array {
		if (n > this.slabSize >>> 2) {
			this.lastSlab = -1;
			return new Uint8Array(n);
		}
		if (this.used + n > this.slab.length) {
			this.slab = this.spare.pop() ?? new Uint8Array(this.slabSize);
			this.slabs.push(this.slab);
			this.used = 0;
		}
		this.lastSlab = this.slabs.length - 1;
		const v = this.slab.subarray(this.used, this.used + n);
		this.used += (n + 7) & ~7;
		return v;
	}

	/** Takes back a slab none of whose views will be read again. */
	recycle(slab: Uint8Array): void {
		if (slab.length === this.slabSize) this.spare.push(slab);
	}
}

/** Applies a git delta to `base`, into `out` when given (it must have the target size). */
export function applyDelta(base: Uint8Array, delta: Uint8Array, into?: Uint8Array): Uint8Array {
	let p = 0;
	const varint = () => {
		const v = readDeltaSize(delta, p);
		p = sizeEnd;
		return v;
	};
	const srcSize = varint();
	const dstSize = varint();
	if (srcSize !== base.length) throw new BundleError(`delta base size ${base.length} does not match the delta's ${srcSize}`, 'corrupt');
	if (into && into.length !== dstSize) throw new BundleError('delta target size does not match', 'corrupt');
	const out = into ?? new Uint8Array(dstSize);
	let o = 0;
	const n = delta.length;
	while (p < n) {
		const op = delta[p++];
		if (op & 0x80) {
			let off = 0;
			let size = 0;
			if (op & 1) off = delta[p++];
			if (op & 2) off |= delta[p++] << 8;
			if (op & 4) off |= delta[p++] << 16;
			if (op & 8) off += delta[p++] * 16777216;
			if (op & 16) size = delta[p++];
			if (op & 32) size |= delta[p++] << 8;
			if (op & 64) size |= delta[p++] << 16;
			if (size === 0) size = 0x10000;
			if (off + size > base.length || o + size > dstSize) throw new BundleError('delta copy out of range', 'corrupt');
			// Short runs (most of a tree delta) are copied by hand: a subarray view per run is garbage to collect.
			if (size < 64) for (let k = 0; k < size; k++) out[o + k] = base[off + k];
			else out.set(base.subarray(off, off + size), o);
			o += size;
		} else if (op) {
			if (o + op > dstSize || p + op > n) throw new BundleError('delta insert out of range', 'corrupt');
			if (op < 64) for (let k = 0; k < op; k++) out[o + k] = delta[p + k];
			else out.set(delta.subarray(p, p + op), o);
			o += op;
			p += op;
		} else throw new BundleError('reserved delta opcode 0', 'corrupt');
	}
	if (o !== dstSize) throw new BundleError('delta result has the wrong size', 'corrupt');
	return out;
}

export interface PackScanOptions {
	hasher: ObjectHasher;
	/** Bytes of delta payloads kept in memory between the passes and for later reads. */
	deltaBudget?: number;
	/** Bytes of reconstructed objects kept for later reads (delta bases). */
	cacheBudget?: number;
	/**
	 * Bytes of tree and blob bodies met while indexing (inflated whole, or rebuilt from deltas) that are
	 * kept for the walk, so that it does not inflate them or rebuild their delta chains a second time.
	 */
	keepBudget?: number;
	/** Page cache budget for random reads of the pack. */
	pageBudget?: number;
	/** Objects outside the pack that REF_DELTAs may use as bases (a thin bundle's prerequisites, from a saved walk). */
	externalBase?(oid: string): { type: number; body: Uint8Array } | undefined;
	/** Called with every commit and tag as it is identified (its body is only valid during the call). */
	onObject?(type: number, oid: string, index: number, body: Uint8Array): void;
	onProgress?(phase: 'scan' | 'resolve', done: number, total: number): void;
	/** Bytes read from the source at a time while scanning (tests use tiny windows). */
	windowSize?: number;
	/** Verify the pack trailer checksum (needs an incremental hasher). */
	trailer?: { update(b: Uint8Array): void; digest(): Uint8Array };
}

export interface PackStats {
	objects: number;
	deltas: number;
	unresolved: number;
	/** Ids of REF_DELTA bases not in the pack (a thin pack). */
	missingBases: string[];
	trailerVerified: boolean | null;
	scanMs: number;
	resolveMs: number;
	deltaBytesKept: number;
	/** Bytes of tree and blob bodies kept from indexing for the walk. */
	bodyBytesKept: number;
}

const DEFAULT_WINDOW = 8 << 20;
/** Bytes of the next chunk copied behind the current one's tail for an entry that crosses between them. */
const BRIDGE = 64 << 10;

/** An indexed pack inside a source, with random access to its objects by id. */
export class PackStore {
	count = 0;
	/** Entry start, zlib stream start and end (absolute offsets in the source). */
	offset!: Float64Array;
	dataStart!: Float64Array;
	dataEnd!: Float64Array;
	/** Inflated size of the entry's zlib data (the delta payload for deltas). */
	size!: Float64Array;
	/** Raw entry type (1–4, 6, 7). */
	rawType!: Uint8Array;
	/** Object type after delta resolution (0 while unresolved). */
	type!: Uint8Array;
	/** Delta base entry index, -1 when none or not in the pack. */
	base!: Int32Array;
	/** Object ids, hashLen bytes each; all zero while unresolved. */
	oids!: Uint8Array;
	resolved!: Uint8Array;
	private table!: Int32Array;
	private keyBuf = new Uint8Array(32);
	private tableMask = 0;
	private deltaData: (Uint8Array | undefined)[] = [];
	private deltaBytes = 0;
	private refBase = new Map<number, string>();
	private cache = new Map<number, Uint8Array>();
	/** Bases outside the pack, by id, and which entries use them. */
	private external = new Map<string, Uint8Array>();
	private cacheBytes = 0;
	/** Tree and blob bodies kept from indexing, by entry index (see PackScanOptions.keepBudget). */
	private kept: (Uint8Array | undefined)[] = [];
	private keptBytes = 0;
	private readonly keepBudget: number;
	private bodySlabs = new Slabs();
	private deltaSlabs = new Slabs();
	/** Per delta entry, the payload slab its inflated payload sits in (-1: none); live payloads per slab. */
	private payloadSlab!: Int32Array;
	private payloadsLive: number[] = [];
	/** Scratch output for bodies that are hashed and dropped. */
	private scratch = new Uint8Array(1 << 16);
	private pages: PageCache;
	stats: PackStats = { objects: 0, deltas: 0, unresolved: 0, missingBases: [], trailerVerified: null, scanMs: 0, resolveMs: 0, deltaBytesKept: 0, bodyBytesKept: 0 };

	private constructor(
		readonly src: ByteSource,
		readonly packOffset: number,
		readonly hashLen: number,
		private opts: PackScanOptions
	) {
		this.pages = new PageCache(src, 4 << 20, opts.pageBudget ?? 256 << 20);
		this.keepBudget = opts.keepBudget ?? 320 << 20;
	}

	static async open(src: ByteSource, packOffset: number, hashLen: number, opts: PackScanOptions): Promise<PackStore> {
		const store = new PackStore(src, packOffset, hashLen, opts);
		let t = performance.now();
		await store.scan();
		store.stats.scanMs = performance.now() - t;
		t = performance.now();
		await store.resolveDeltas();
		store.stats.resolveMs = performance.now() - t;
		return store;
	}

	// ---- pass 1 ----

	private async scan(): Promise<void> {
		const { src, packOffset, hashLen, opts } = this;
		const head = await src.read(packOffset, packOffset + 12);
		if (head.length < 12 || head[0] !== 0x50 || head[1] !== 0x41 || head[2] !== 0x43 || head[3] !== 0x4b) {
			throw new BundleError('no pack after the bundle header', 'corrupt');
		}
		const version = (head[4] << 24) | (head[5] << 16) | (head[6] << 8) | head[7];
		if (version !== 2 && version !== 3) throw new BundleError(`pack version ${version} is not supported`, 'unsupported');
		const n = ((head[8] << 24) | (head[9] << 16) | (head[10] << 8) | head[11]) >>> 0;
		this.count = n;
		this.offset = new Float64Array(n);
		this.dataStart = new Float64Array(n);
		this.dataEnd = new Float64Array(n);
		this.size = new Float64Array(n);
		this.rawType = new Uint8Array(n);
		this.type = new Uint8Array(n);
		this.base = new Int32Array(n).fill(-1);
		this.oids = new Uint8Array(n * hashLen);
		this.resolved = new Uint8Array(n);
		this.deltaData = new Array(n);
		this.kept = new Array(n);
		this.payloadSlab = new Int32Array(n).fill(-1);
		let tsize = 1;
		while (tsize < n * 2) tsize <<= 1;
		this.table = new Int32Array(Math.max(tsize, 16)).fill(-1);
		this.tableMask = this.table.length - 1;
		opts.trailer?.update(head);

		// The pack is read in WINDOW-sized chunks. Entries are parsed straight from the current chunk; one
		// that crosses into the next is parsed from a small bridge (the chunk's tail and the next chunk's
		// head), so chunks are never copied whole. The trailer checksum is fed each chunk as it is read.
		const fileEnd = src.size;
		const trailerStart = fileEnd - hashLen;
		const readChunk = async (start: number, len: number): Promise<Uint8Array> => {
			const b = await src.read(start, start + len);
			if (opts.trailer && start < trailerStart) opts.trailer.update(b.subarray(0, Math.min(b.length, trailerStart - start)));
			return b;
		};
		let chunkStart = packOffset + 12;
		const WINDOW = opts.windowSize ?? DEFAULT_WINDOW;
		let chunk = await readChunk(chunkStart, WINDOW);
		let next: Uint8Array | undefined;
		let win = chunk;
		let winStart = chunkStart;
		let pos = chunkStart;
		const budget = opts.deltaBudget ?? 512 << 20;
		let kept = 0;
		/** Makes `win` hold at least `need` bytes from `pos`, or all that is left; false when no more can be read. */
		const refill = async (need: number): Promise<boolean> => {
			for (;;) {
				let chunkEnd = chunkStart + chunk.length;
				if (pos >= chunkEnd) {
					if (chunkEnd >= fileEnd) return false;
					chunk = next ?? (await readChunk(chunkEnd, Math.max(WINDOW, need)));
					chunkStart = chunkEnd;
					next = undefined;
					chunkEnd = chunkStart + chunk.length;
					win = chunk;
					winStart = chunkStart;
					if (pos + need <= chunkEnd || chunkEnd >= fileEnd) return true;
				}
				if (chunkEnd >= fileEnd) return winStart + win.length < chunkEnd ? ((win = chunk), (winStart = chunkStart), true) : false;
				next ??= await readChunk(chunkEnd, Math.max(WINDOW, need));
				const nextEnd = chunkEnd + next.length;
				if (pos + need > nextEnd && nextEnd < fileEnd) {
					// Wider than the next chunk: join the two and look again.
					chunk = concatBytes(chunk.subarray(pos - chunkStart), next);
					chunkStart = pos;
					next = undefined;
					win = chunk;
					winStart = chunkStart;
					continue;
				}
				const take = Math.min(next.length, Math.max(BRIDGE, pos + need - chunkEnd));
				if (winStart === pos && win.length >= chunkEnd - pos + take) return false;
				win = concatBytes(chunk.subarray(pos - chunkStart), next.subarray(0, take));
				winStart = pos;
				return true;
			}
		};

		for (let i = 0; i < n; i++) {
			if (opts.onProgress && (i & 4095) === 0) opts.onProgress('scan', i, n);
			// Entry header: at most 10 size bytes + 20 (or 32) base bytes.
			if (pos + 64 > winStart + win.length) await refill(64);
			let p = pos - winStart;
			let c = win[p++];
			const type = (c >> 4) & 7;
			let size = c & 15;
			let shift = 16;
			while (c & 0x80) {
				c = win[p++];
				size += (c & 0x7f) * shift;
				shift *= 128;
			}
			this.offset[i] = pos;
			this.rawType[i] = type;
			this.size[i] = size;
			if (type === OBJ_OFS_DELTA) {
				c = win[p++];
				let o = c & 0x7f;
				while (c & 0x80) {
					c = win[p++];
					o = (o + 1) * 128 + (c & 0x7f);
				}
				const baseOff = pos - o;
				const b = this.entryAt(baseOff, i);
				if (b < 0) throw new BundleError(`OFS_DELTA at ${pos} points to ${baseOff}, which is no entry`, 'corrupt');
				this.base[i] = b;
			} else if (type === OBJ_REF_DELTA) {
				this.refBase.set(i, toHex(win, p, hashLen));
				p += hashLen;
			} else if (type < 1 || type > 4) {
				throw new BundleError(`pack entry ${i} at ${pos} has invalid type ${type}`, 'corrupt');
			}
			const ds = winStart + p;
			this.dataStart[i] = ds;
			// Bodies and payloads that will be kept get their own buffer; the rest share a scratch one.
			const keep = type > 4 ? kept + size <= budget : (type === OBJ_TREE || type === OBJ_BLOB) && this.keptBytes + size <= this.keepBudget;
			const out = keep ? (type > 4 ? this.deltaSlabs : this.bodySlabs).alloc(size) : this.scratchOf(size);
			let end: number;
			for (;;) {
				try {
					end = inflateZlibAt(win, ds - winStart, out);
				} catch (e) {
					throw new BundleError(`pack entry ${i} at ${pos}: ${(e as Error).message}`, 'corrupt');
				}
				if (end !== NEED_MORE) break;
				if (!(await refill(2 * (winStart + win.length - pos) + BRIDGE))) throw new BundleError(`pack entry ${i} at ${pos} is cut off: the bundle is truncated`, 'corrupt');
			}
			pos = winStart + end;
			this.dataEnd[i] = pos;
			// Back from a bridge to the chunk that now holds `pos`.
			if (win !== chunk) {
				const chunkEnd = chunkStart + chunk.length;
				if (pos < chunkEnd) {
					win = chunk;
					winStart = chunkStart;
				} else if (next && pos < chunkEnd + next.length) {
					chunk = next;
					chunkStart = chunkEnd;
					next = undefined;
					win = chunk;
					winStart = chunkStart;
				}
			}
			if (type <= 4) {
				this.type[i] = type;
				this.setOid(i, type, out);
				if (keep) {
					this.kept[i] = out;
					this.keptBytes += size;
				}
			} else {
				this.stats.deltas++;
				if (keep) {
					this.deltaData[i] = out;
					kept += size;
					const si = this.deltaSlabs.lastSlab;
					this.payloadSlab[i] = si;
					if (si >= 0) this.payloadsLive[si] = (this.payloadsLive[si] ?? 0) + 1;
				}
			}
		}
		this.deltaBytes = kept;
		this.stats.objects = n;
		// Trailer: the pack checksum (checked when the pack ends the file, as git writes bundles).
		const tail = await src.read(pos, pos + hashLen);
		if (tail.length !== hashLen) throw new BundleError('the pack has no trailing checksum: the bundle is truncated', 'corrupt');
		if (opts.trailer && pos === trailerStart) {
			const sum = opts.trailer.digest();
			if (toHex(sum) !== toHex(tail)) throw new BundleError('the pack checksum does not match: the bundle is corrupt', 'corrupt');
			this.stats.trailerVerified = true;
		}
	}

	/** A scratch buffer of exactly `size` bytes (a fresh one for large sizes, so that none stays huge). */
	private scratchOf(size: number): Uint8Array {
		if (size > 16 << 20) return new Uint8Array(size);
		if (size > this.scratch.length) this.scratch = new Uint8Array(Math.max(size, this.scratch.length * 2));
		return this.scratch.subarray(0, size);
	}

	/** Entry index whose offset is `off` (binary search over the first `upTo` entries). */
	private entryAt(off: number, upTo: number): number {
		let lo = 0;
		let hi = upTo - 1;
		const a = this.offset;
		while (lo <= hi) {
			const mid = (lo + hi) >>> 1;
			const v = a[mid];
			if (v === off) return mid;
			if (v < off) lo = mid + 1;
			else hi = mid - 1;
		}
		return -1;
	}

	private setOid(i: number, type: number, body: Uint8Array): void {
		const hl = this.hashLen;
		this.opts.hasher.hashObject(type, body, this.oids, i * hl);
		this.resolved[i] = 1;
		// Insert into the open-addressing table keyed by the first 4 bytes.
		const o = this.oids;
		const k = i * hl;
		let h = ((o[k] << 24) | (o[k + 1] << 16) | (o[k + 2] << 8) | o[k + 3]) & this.tableMask;
		while (this.table[h] >= 0) {
			if (this.sameOid(this.table[h], k)) break; // duplicate object in the pack: keep the first
			h = (h + 1) & this.tableMask;
		}
		if (this.table[h] < 0) this.table[h] = i;
		if (this.opts.onObject && (type === OBJ_COMMIT || type === OBJ_TAG)) this.opts.onObject(type, toHex(o, k, hl), i, body);
	}

	private sameOid(j: number, k: number): boolean {
		const o = this.oids;
		const hl = this.hashLen;
		const a = j * hl;
		for (let x = 0; x < hl; x++) if (o[a + x] !== o[k + x]) return false;
		return true;
	}

	/** Entry index of an object id (hex), or -1. */
	find(hex: string): number {
		const hl = this.hashLen;
		if (hex.length !== hl * 2) return -1;
		const key = fromHex(hex, this.keyBuf);
		let h = ((key[0] << 24) | (key[1] << 16) | (key[2] << 8) | key[3]) & this.tableMask;
		const o = this.oids;
		for (;;) {
			const j = this.table[h];
			if (j < 0) return -1;
			let eq = true;
			const a = j * hl;
			for (let x = 0; x < hl; x++)
				if (o[a + x] !== key[x]) {
					eq = false;
					break;
				}
			if (eq) return j;
			h = (h + 1) & this.tableMask;
		}
	}

	oidHex(i: number): string {
		return toHex(this.oids, i * this.hashLen, this.hashLen);
	}

	// ---- pass 2 ----

	private async resolveDeltas(): Promise<void> {
		const n = this.count;
		// Children lists (CSR) for OFS deltas; REF deltas keyed by base id.
		const childCount = new Int32Array(n + 1);
		for (let i = 0; i < n; i++) if (this.base[i] >= 0) childCount[this.base[i] + 1]++;
		for (let i = 0; i < n; i++) childCount[i + 1] += childCount[i];
		const childStart = childCount;
		const children = new Int32Array(childStart[n]);
		const fill = childStart.slice(0, n);
		for (let i = 0; i < n; i++) if (this.base[i] >= 0) children[fill[this.base[i]]++] = i;
		const refChildren = new Map<string, number[]>();
		for (const [i, oid] of this.refBase) {
			let l = refChildren.get(oid);
			if (!l) refChildren.set(oid, (l = []));
			l.push(i);
		}
		let done = 0;
		const total = this.stats.deltas;
		const visit = async (i: number, body: Uint8Array, type: number, externalOid?: string): Promise<void> => {
			// OFS children straight from the child lists; REF children (rare) appended after them.
			const ofsFrom = i >= 0 ? childStart[i] : 0;
			const ofsTo = i >= 0 ? childStart[i + 1] : 0;
			let refKids: number[] | undefined;
			if (refChildren.size) {
				const oid = externalOid ?? this.oidHex(i);
				const r = refChildren.get(oid);
				if (r) {
					refChildren.delete(oid);
					for (const c of r) this.base[c] = i;
					refKids = r;
				}
			}
			const nKids = ofsTo - ofsFrom + (refKids ? refKids.length : 0);
			for (let x = 0; x < nKids; x++) {
				const c = x < ofsTo - ofsFrom ? children[ofsFrom + x] : refKids![x - (ofsTo - ofsFrom)];
				const delta = await this.deltaPayload(c);
				const size = deltaTargetSize(delta);
				const keep = (type === OBJ_TREE || type === OBJ_BLOB) && this.keptBytes + size <= this.keepBudget;
				const out = applyDelta(body, delta, keep ? this.bodySlabs.alloc(size) : undefined);
				this.type[c] = type;
				this.setOid(c, type, out);
				if (keep) {
					this.kept[c] = out;
					this.keptBytes += out.length;
					// A kept object ends every chain through it, so its payload is not needed (it can be re-inflated).
					const d = this.deltaData[c];
					if (d) {
						this.deltaBytes -= d.length;
						this.deltaData[c] = undefined;
						// A payload slab whose payloads are all used up becomes room for bodies: no new memory to touch.
						const si = this.payloadSlab[c];
						if (si >= 0 && --this.payloadsLive[si] === 0) {
							this.bodySlabs.recycle(this.deltaSlabs.slabs[si]!);
							this.deltaSlabs.slabs[si] = undefined;
						}
					}
				}
				done++;
				if (this.opts.onProgress && (done & 4095) === 0) this.opts.onProgress('resolve', done, total);
				const hasKids = childStart[c + 1] > childStart[c] || (refChildren.size > 0 && refChildren.has(this.oidHex(c)));
				if (hasKids) await visit(c, out, type);
			}
		};
		for (let i = 0; i < n; i++) {
			const t = this.rawType[i];
			if (t > 4) continue;
			const hasKids = childStart[i + 1] > childStart[i] || (refChildren.size > 0 && refChildren.has(this.oidHex(i)));
			if (!hasKids) continue;
			const body = this.kept[i] ?? (await this.inflateEntry(i));
			await visit(i, body, t);
		}
		if (refChildren.size && this.opts.externalBase) {
			for (const oid of [...refChildren.keys()]) {
				const ext = this.opts.externalBase(oid);
				if (!ext || !refChildren.has(oid)) continue;
				this.external.set(oid, ext.body);
				await visit(-1, ext.body, ext.type, oid);
			}
		}
		let unresolved = 0;
		for (let i = 0; i < n; i++) if (!this.resolved[i]) unresolved++;
		this.stats.unresolved = unresolved;
		// Payloads still needed hold on to their slabs; the rest go with the allocator.
		this.deltaSlabs = new Slabs();
		this.stats.deltaBytesKept = this.deltaBytes;
		this.stats.bodyBytesKept = this.keptBytes;
		this.stats.missingBases = [...refChildren.keys()];
	}

	private async deltaPayload(i: number): Promise<Uint8Array> {
		return this.deltaData[i] ?? this.inflateEntry(i);
	}

	/** Inflates entry `i`'s own zlib data (an object body or a delta payload) from its known extent. */
	async inflateEntry(i: number): Promise<Uint8Array> {
		const s = this.dataStart[i];
		const e = this.dataEnd[i];
		if (!this.pages.has(s, e)) await this.pages.ensure(s, e);
		const bytes = this.pages.get(s, e);
		const out = new Uint8Array(this.size[i]);
		const end = inflateZlibAt(bytes, 0, out);
		if (end < 0) throw new BundleError(`pack entry ${i} no longer inflates`, 'corrupt');
		return out;
	}

	// ---- random access ----

	/**
	 * The object's body by entry index; resolves delta chains through the LRU. With `once`, the caller
	 * will not ask again (the walk reads each blob version once): a body kept from indexing is handed
	 * over and forgotten, so that its memory goes with the caller's copy.
	 */
	async body(i: number, once = false): Promise<Uint8Array> {
		const k = this.kept[i];
		if (k) {
			if (once) {
				this.kept[i] = undefined;
				this.keptBytes -= k.length;
			}
			return k;
		}
		const hit = this.cache.get(i);
		if (hit) {
			this.cache.delete(i);
			this.cache.set(i, hit);
			return hit;
		}
		if (!this.resolved[i]) throw new BundleError(`object ${i} cannot be reconstructed (its delta base is not in the bundle)`, 'thin');
		// Walk down the chain to something cached or whole.
		const chain: number[] = [];
		let j = i;
		let body: Uint8Array | undefined;
		while (this.rawType[j] > 4) {
			chain.push(j);
			if (this.base[j] < 0) {
				body = this.external.get(this.refBase.get(j) ?? '');
				if (!body) throw new BundleError(`object ${j} cannot be reconstructed (its delta base is not in the bundle)`, 'thin');
				break;
			}
			j = this.base[j];
			const c = this.kept[j] ?? this.cache.get(j);
			if (c) {
				body = c;
				break;
			}
		}
		if (!body) {
			body = await this.inflateEntry(j);
			if (chain.length) this.remember(j, body);
		}
		for (let k = chain.length - 1; k >= 0; k--) {
			body = applyDelta(body, await this.deltaPayload(chain[k]));
			if (k > 0) this.remember(chain[k], body);
		}
		this.remember(i, body);
		return body;
	}

	/** The body of entry i when it is at hand without reading or rebuilding anything (kept or cached), else undefined. */
	bodyNow(i: number): Uint8Array | undefined {
		const k = this.kept[i];
		if (k) return k;
		const hit = this.cache.get(i);
		if (hit) {
			this.cache.delete(i);
			this.cache.set(i, hit);
		}
		return hit;
	}

	/** Object by id (hex): its type and body, or undefined when it is not in the pack. */
	async get(hex: string): Promise<{ type: number; body: Uint8Array; index: number } | undefined> {
		const i = this.find(hex);
		if (i < 0) return undefined;
		return { type: this.type[i], body: await this.body(i), index: i };
	}

	private remember(i: number, body: Uint8Array): void {
		const budget = this.opts.cacheBudget ?? 128 << 20;
		if (body.length > budget / 8) return;
		if (this.cache.has(i)) return;
		this.cache.set(i, body);
		this.cacheBytes += body.length;
		if (this.cacheBytes > budget) {
			for (const [k, v] of this.cache) {
				this.cache.delete(k);
				this.cacheBytes -= v.length;
				if (this.cacheBytes <= budget * 0.75) break;
			}
		}
	}

	/** Frees the delta payloads and bodies kept from indexing (later reads re-inflate them). */
	dropKept(): void {
		this.deltaData = new Array(this.count);
		this.deltaBytes = 0;
		this.kept = new Array(this.count);
		this.keptBytes = 0;
	}
}
