// Raw inflate of one zlib stream that says where it ended. Pack entries are zlib streams whose
// compressed length is stored nowhere; the only way to find the next entry is to inflate this one and
// see how many input bytes it used. Neither fflate nor DecompressionStream report that, so this is our
// own decoder for the one case we need: a single zlib stream (RFC 1950/1951) into a buffer of known
// size, returning the offset just past the stream.
//
// Speed notes: bits are kept in a 31-bit accumulator refilled a byte at a time; Huffman codes are
// decoded with two-level tables (a 10-bit root for literals/lengths, 8-bit for distances, short
// subtables for longer codes), built into preallocated arrays, because most pack entries are small and
// a one-level table of up to 2^15 entries per dynamic block would cost more to fill than to use.

export class InflateError extends Error {}

/** Returned when the input ended before the stream did (read more and try again). */
export const NEED_MORE = -1;

// Length codes 257..285 and distance codes 0..29: base values and extra bits (RFC 1951, 3.2.5).
const LBASE = new Int32Array(29);
const LEXTRA = new Uint8Array(29);
const DBASE = new Int32Array(30);
const DEXTRA = new Uint8Array(30);
{
	let base = 3;
	for (let i = 0; i < 28; i++) {
		const eb = i < 8 ? 0 : (i >> 2) - 1;
		LBASE[i] = base;
		LEXTRA[i] = eb;
		base += 1 << eb;
	}
	LBASE[28] = 258;
	base = 1;
	for (let i = 0; i < 30; i++) {
		const eb = i < 4 ? 0 : (i >> 1) - 1;
		DBASE[i] = base;
		DEXTRA[i] = eb;
		base += 1 << eb;
	}
}
/** Order in which code-length code lengths are sent. */
const CLORDER = new Uint8Array([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);

// Table entries (Int32): 0 = no code; direct: sym << 5 | bits; link to a subtable: start << 5 | 16 | subBits.
const LINK = 16;

const blCount = new Uint16Array(16);
const nextCode = new Uint16Array(16);
const subMax = new Uint8Array(1 << 10);
const subStart = new Int32Array(1 << 10);
const nextSub = new Uint16Array(16);

function reverse(code: number, len: number): number {
	let r = 0;
	for (let i = 0; i < len; i++) {
		r = (r << 1) | (code & 1);
		code >>>= 1;
	}
	return r;
}

/**
 * Builds the decoding table of the canonical Huffman code with lengths `lens[off .. off+n)` into
 * `table` and returns its root bits (0 when no symbol has a code). Throws on an over-subscribed code.
 */
function build(lens: Uint8Array, off: number, n: number, table: Int32Array, maxRoot: number): number {
	blCount.fill(0);
	let maxLen = 0;
	for (let i = 0; i < n; i++) {
		const l = lens[off + i];
		blCount[l]++;
		if (l > maxLen) maxLen = l;
	}
	if (maxLen === 0) {
		table[0] = 0;
		return 0;
	}
	blCount[0] = 0;
	let code = 0;
	let left = 1;
	for (let l = 1; l <= 15; l++) {
		left = (left << 1) - blCount[l];
		if (left < 0) throw new InflateError('over-subscribed Huffman code');
		code = (code + blCount[l - 1]) << 1;
		nextCode[l] = code;
	}
	const root = maxLen < maxRoot ? maxLen : maxRoot;
	const rootSize = 1 << root;
	table.fill(0, 0, rootSize);
	let used = rootSize;
	if (maxLen > root) {
		// Size each subtable by the longest code under its root prefix.
		subMax.fill(0, 0, rootSize);
		const nc = nextSub;
		nc.set(nextCode);
		for (let i = 0; i < n; i++) {
			const l = lens[off + i];
			if (l <= root) continue;
			const c = nc[l]++;
			const idx = reverse(c >>> (l - root), root);
			if (l - root > subMax[idx]) subMax[idx] = l - root;
		}
		for (let idx = 0; idx < rootSize; idx++) {
			const sb = subMax[idx];
			if (!sb) continue;
			subStart[idx] = used;
			table.fill(0, used, used + (1 << sb));
			table[idx] = (used << 5) | LINK | sb;
			used += 1 << sb;
		}
	}
	for (let i = 0; i < n; i++) {
		const l = lens[off + i];
		if (!l) continue;
		const c = nextCode[l]++;
		if (l <= root) {
			const e = (i << 5) | l;
			for (let r = reverse(c, l); r < rootSize; r += 1 << l) table[r] = e;
		} else {
			const idx = reverse(c >>> (l - root), root);
			const sb = subMax[idx];
			const rest = l - root;
			const e = (i << 5) | rest;
			const base = subStart[idx];
			for (let r = reverse(c & ((1 << rest) - 1), rest); r < 1 << sb; r += 1 << rest) table[base + r] = e;
		}
	}
	return root;
}

// Room for the root plus a full-size subtable per symbol: more than any code, complete or not, can use.
const dynLit = new Int32Array((1 << 10) + 288 * 32);
const dynDist = new Int32Array((1 << 8) + 32 * 128);
const clTable = new Int32Array(256);
const lens = new Uint8Array(320);
const fixLit = new Int32Array(4096);
const fixDist = new Int32Array(2048);
let fixLitRoot = 0;
let fixDistRoot = 0;
{
	const l = new Uint8Array(288);
	l.fill(8, 0, 144);
	l.fill(9, 144, 256);
	l.fill(7, 256, 280);
	l.fill(8, 280, 288);
	fixLitRoot = build(l, 0, 288, fixLit, 10);
	const d = new Uint8Array(30).fill(5);
	fixDistRoot = build(d, 0, 30, fixDist, 8);
}

/**
 * Inflates the zlib stream starting at `dat[start]` into `out`, which must be exactly the inflated
 * size. Returns the offset just past the stream (after its Adler-32), or NEED_MORE when `dat` ends
 * before the stream does. Throws InflateError on corrupt data or a size mismatch. The Adler-32 is not
 * checked: git verifies objects by their hash.
 */
export function inflateZlibAt(dat: Uint8Array, start: number, out: Uint8Array): number {
	const sl = dat.length;
	if (start + 2 > sl) return NEED_MORE;
	const cmf = dat[start];
	const flg = dat[start + 1];
	if ((cmf & 15) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31) throw new InflateError('invalid zlib header');
	if (flg & 32) throw new InflateError('zlib preset dictionary is not supported');
	try {
		const end = inflateRaw(dat, start + 2, out);
		return end + 4 > sl ? NEED_MORE : end + 4;
	} catch (e) {
		// Past the end of the input the decoder reads zeros; whatever went wrong there means "read more".
		if (e instanceof Truncated) return NEED_MORE;
		throw e;
	}
}

class Truncated extends Error {}
const TRUNCATED = new Truncated();

function fail(msg: string, p: number, bits: number, sl: number): never {
	if (p - (bits >>> 3) > sl) throw TRUNCATED;
	throw new InflateError(msg);
}

/** Inflates raw deflate data from `dat[p]`; returns the offset of the first byte after it. */
function inflateRaw(dat: Uint8Array, p: number, out: Uint8Array): number {
	const sl = dat.length;
	const cap = out.length;
	let hold = 0;
	let bits = 0;
	let bt = 0;
	let final = 0;
	do {
		while (bits < 24) {
			hold |= (p < sl ? dat[p] : 0) << bits;
			p++;
			bits += 8;
		}
		final = hold & 1;
		const type = (hold >>> 1) & 3;
		hold >>>= 3;
		bits -= 3;
		let lt: Int32Array;
		let dt: Int32Array;
		let lroot: number;
		let droot: number;
		if (type === 0) {
			// Stored: skip to the byte boundary and give back the whole bytes still in the accumulator.
			p -= bits >>> 3;
			hold = 0;
			bits = 0;
			if (p + 4 > sl) throw TRUNCATED;
			const len = dat[p] | (dat[p + 1] << 8);
			if ((len ^ 0xffff) !== (dat[p + 2] | (dat[p + 3] << 8))) throw new InflateError('stored block length is corrupt');
			p += 4;
			if (p + len > sl) throw TRUNCATED;
			if (bt + len > cap) throw new InflateError('inflated data longer than its header says');
			out.set(dat.subarray(p, p + len), bt);
			bt += len;
			p += len;
			continue;
		} else if (type === 1) {
			lt = fixLit;
			dt = fixDist;
			lroot = fixLitRoot;
			droot = fixDistRoot;
		} else if (type === 2) {
			const hlit = (hold & 31) + 257;
			const hdist = ((hold >>> 5) & 31) + 1;
			const hclen = ((hold >>> 10) & 15) + 4;
			hold >>>= 14;
			bits -= 14;
			lens.fill(0, 0, 19);
			for (let i = 0; i < hclen; i++) {
				if (bits < 3) {
					hold |= (p < sl ? dat[p] : 0) << bits;
					p++;
					bits += 8;
				}
				lens[CLORDER[i]] = hold & 7;
				hold >>>= 3;
				bits -= 3;
			}
			let clRoot = 0;
			try {
				clRoot = build(lens, 0, 19, clTable, 7);
			} catch (e) {
				fail((e as Error).message, p, bits, sl);
			}
			if (!clRoot) fail('no code-length codes', p, bits, sl);
			const clMask = (1 << clRoot) - 1;
			const total = hlit + hdist;
			for (let i = 0; i < total; ) {
				while (bits < 24) {
					hold |= (p < sl ? dat[p] : 0) << bits;
					p++;
					bits += 8;
				}
				const e = clTable[hold & clMask];
				if (!e) fail('invalid code-length code', p, bits, sl);
				hold >>>= e & 15;
				bits -= e & 15;
				const s = e >>> 5;
				if (s < 16) lens[i++] = s;
				else {
					let rep: number;
					let v = 0;
					if (s === 16) {
						if (i === 0) fail('repeat of no code length', p, bits, sl);
						v = lens[i - 1];
						rep = 3 + (hold & 3);
						hold >>>= 2;
						bits -= 2;
					} else if (s === 17) {
						rep = 3 + (hold & 7);
						hold >>>= 3;
						bits -= 3;
					} else {
						rep = 11 + (hold & 127);
						hold >>>= 7;
						bits -= 7;
					}
					if (i + rep > total) fail('code lengths overflow', p, bits, sl);
					while (rep--) lens[i++] = v;
				}
			}
			if (!lens[256]) fail('no end-of-block code', p, bits, sl);
			try {
				lroot = build(lens, 0, hlit, dynLit, 10);
				droot = build(lens, hlit, hdist, dynDist, 8);
			} catch (e) {
				fail((e as Error).message, p, bits, sl);
			}
			lt = dynLit;
			dt = dynDist;
		} else fail('invalid block type', p, bits, sl);
		const lmask = (1 << lroot) - 1;
		const dmask = (1 << droot) - 1;
		for (;;) {
			if (bits < 20) {
				if (p + 3 < sl) {
					do {
						hold |= dat[p++] << bits;
						bits += 8;
					} while (bits < 24);
				} else {
					// Past the end of the input: zeros, for at most a few bytes.
					if (p > sl + 8) throw TRUNCATED;
					do {
						hold |= (p < sl ? dat[p] : 0) << bits;
						p++;
						bits += 8;
					} while (bits < 24);
				}
			}
			let e = lt[hold & lmask];
			if (e & LINK) {
				hold >>>= lroot;
				bits -= lroot;
				e = lt[(e >>> 5) + (hold & ((1 << (e & 15)) - 1))];
			}
			if (!e) fail('invalid literal/length code', p, bits, sl);
			hold >>>= e & 15;
			bits -= e & 15;
			const sym = e >>> 5;
			if (sym < 256) {
				// A write past the end is dropped by the typed array; the size is checked at the end of the block.
				out[bt++] = sym;
				continue;
			}
			if (sym === 256) {
				if (bt > cap) fail('inflated data longer than its header says', p, bits, sl);
				break;
			}
			const li = sym - 257;
			if (li > 28) fail('invalid length code', p, bits, sl);
			let len = LBASE[li];
			const leb = LEXTRA[li];
			if (leb) {
				len += hold & ((1 << leb) - 1);
				hold >>>= leb;
				bits -= leb;
			}
			if (bits < 20) {
				if (p + 3 < sl) {
					do {
						hold |= dat[p++] << bits;
						bits += 8;
					} while (bits < 24);
				} else {
					// Past the end of the input: zeros, for at most a few bytes.
					if (p > sl + 8) throw TRUNCATED;
					do {
						hold |= (p < sl ? dat[p] : 0) << bits;
						p++;
						bits += 8;
					} while (bits < 24);
				}
			}
			let d = dt[hold & dmask];
			if (d & LINK) {
				hold >>>= droot;
				bits -= droot;
				d = dt[(d >>> 5) + (hold & ((1 << (d & 15)) - 1))];
			}
			if (!d) fail('invalid distance code', p, bits, sl);
			hold >>>= d & 15;
			bits -= d & 15;
			const ds = d >>> 5;
			if (ds > 29) fail('invalid distance code', p, bits, sl);
			let dist = DBASE[ds];
			const deb = DEXTRA[ds];
			if (deb) {
				while (bits < deb) {
					hold |= (p < sl ? dat[p] : 0) << bits;
					p++;
					bits += 8;
				}
				dist += hold & ((1 << deb) - 1);
				hold >>>= deb;
				bits -= deb;
			}
			const end = bt + len;
			if (dist > bt || end > cap) fail(dist > bt ? 'invalid distance' : 'inflated data longer than its header says', p, bits, sl);
			if (dist >= len && len > 32) {
				out.copyWithin(bt, bt - dist, end - dist);
				bt = end;
			} else for (; bt < end; bt++) out[bt] = out[bt - dist];
		}
	} while (!final);
	// The partial byte in the accumulator is consumed; whole bytes in it are not.
	const endByte = p - (bits >>> 3);
	if (endByte > sl) throw TRUNCATED;
	if (bt !== cap) throw new InflateError(`inflated ${bt} bytes, header says ${cap}`);
	return endByte;
}
