// Raw inflate of one zlib stream that says where it ended. Pack entries are zlib streams whose
// compressed length is stored nowhere; the only way to find the next entry is to inflate this one and
// see how many input bytes it used. Neither fflate nor DecompressionStream report that, so this is
// fflate 0.8.3's `inflt` (MIT, Copyright (c) 2026 Arjun Barrett, see node_modules/fflate/LICENSE),
// reduced to the one case we need — a single zlib stream into a buffer of known size — and returning
// the bit position where the stream ended.

const u8 = Uint8Array;
const u16 = Uint16Array;
const i32 = Int32Array;

const fleb = new u8([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0, 0, 0, 0]);
const fdeb = new u8([0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 0, 0]);
const clim = new u8([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);

/** Base values of the length (start 2) and distance (start 0) codes; `1 << eb[-1]` is 1 as in fflate. */
function freb(eb: Uint8Array, start: number): Int32Array {
	const b = new i32(31);
	for (let i = 0; i < 31; ++i) b[i] = start += 1 << (i === 0 ? 0 : eb[i - 1]);
	return b;
}
const fl = freb(fleb, 2);
fl[28] = 258;
const fd = freb(fdeb, 0);

const rev = new u16(32768);
for (let i = 0; i < 32768; ++i) {
	let x = ((i & 0xaaaa) >> 1) | ((i & 0x5555) << 1);
	x = ((x & 0xcccc) >> 2) | ((x & 0x3333) << 2);
	x = ((x & 0xf0f0) >> 4) | ((x & 0x0f0f) << 4);
	rev[i] = (((x & 0xff00) >> 8) | ((x & 0x00ff) << 8)) >> 1;
}

/** Reversed-code lookup table for code lengths `cd` with max bits `mb`. */
function hMap(cd: Uint8Array, mb: number): Uint16Array {
	const s = cd.length;
	const l = new u16(mb);
	for (let i = 0; i < s; ++i) if (cd[i]) ++l[cd[i] - 1];
	const le = new u16(mb);
	for (let i = 1; i < mb; ++i) le[i] = (le[i - 1] + l[i - 1]) << 1;
	const co = new u16(1 << mb);
	const rvb = 15 - mb;
	for (let i = 0; i < s; ++i) {
		if (cd[i]) {
			const sv = (i << 4) | cd[i];
			const r = mb - cd[i];
			let v = le[cd[i] - 1]++ << r;
			for (const m = v | ((1 << r) - 1); v <= m; ++v) co[rev[v] >> rvb] = sv;
		}
	}
	return co;
}

const flt = new u8(288);
for (let i = 0; i < 144; ++i) flt[i] = 8;
for (let i = 144; i < 256; ++i) flt[i] = 9;
for (let i = 256; i < 280; ++i) flt[i] = 7;
for (let i = 280; i < 288; ++i) flt[i] = 8;
const fdt = new u8(32);
for (let i = 0; i < 32; ++i) fdt[i] = 5;
const flrm = hMap(flt, 9);
const fdrm = hMap(fdt, 5);

function max(a: Uint8Array): number {
	let m = a[0];
	for (let i = 1; i < a.length; ++i) if (a[i] > m) m = a[i];
	return m;
}
function bits(d: Uint8Array, p: number, m: number): number {
	const o = p >>> 3;
	return ((d[o] | (d[o + 1] << 8)) >> (p & 7)) & m;
}
function bits16(d: Uint8Array, p: number): number {
	const o = p >>> 3;
	return (d[o] | (d[o + 1] << 8) | (d[o + 2] << 16)) >> (p & 7);
}

export class InflateError extends Error {}

/** Returned when the input ended before the stream did (read more and try again). */
export const NEED_MORE = -1;

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
	const tbts = sl * 8;
	const cap = out.length;
	let pos = (start + 2) * 8;
	let bt = 0;
	let final = 0;
	do {
		final = bits(dat, pos, 1);
		const type = bits(dat, pos + 1, 3);
		pos += 3;
		let lm: Uint16Array;
		let dm: Uint16Array;
		let lbt: number;
		let dbt: number;
		if (!type) {
			const s = ((pos + 7) >>> 3) + 4;
			if (s > sl) return NEED_MORE;
			const l = dat[s - 4] | (dat[s - 3] << 8);
			const t = s + l;
			if (t > sl) return NEED_MORE;
			if (bt + l > cap) throw new InflateError('inflated data longer than its header says');
			out.set(dat.subarray(s, t), bt);
			bt += l;
			pos = t * 8;
			continue;
		} else if (type === 1) {
			lm = flrm;
			dm = fdrm;
			lbt = 9;
			dbt = 5;
		} else if (type === 2) {
			const hLit = bits(dat, pos, 31) + 257;
			const hcLen = bits(dat, pos + 10, 15) + 4;
			const tl = hLit + bits(dat, pos + 5, 31) + 1;
			pos += 14;
			const ldt = new u8(tl);
			const clt = new u8(19);
			for (let i = 0; i < hcLen; ++i) clt[clim[i]] = bits(dat, pos + i * 3, 7);
			pos += hcLen * 3;
			const clb = max(clt);
			const clbmsk = (1 << clb) - 1;
			const clm = hMap(clt, clb);
			for (let i = 0; i < tl; ) {
				const r = clm[bits(dat, pos, clbmsk)];
				pos += r & 15;
				if (pos > tbts) return NEED_MORE;
				const s = r >> 4;
				if (s < 16) ldt[i++] = s;
				else {
					let c = 0;
					let n = 0;
					if (s === 16) {
						n = 3 + bits(dat, pos, 3);
						pos += 2;
						c = ldt[i - 1];
					} else if (s === 17) {
						n = 3 + bits(dat, pos, 7);
						pos += 3;
					} else if (s === 18) {
						n = 11 + bits(dat, pos, 127);
						pos += 7;
					}
					if (i + n > tl) throw new InflateError('invalid code lengths');
					while (n--) ldt[i++] = c;
				}
			}
			const lt = ldt.subarray(0, hLit);
			const dt = ldt.subarray(hLit);
			lbt = max(lt);
			dbt = max(dt);
			lm = hMap(lt, lbt);
			dm = hMap(dt, dbt);
		} else throw new InflateError('invalid block type');
		if (pos > tbts) return NEED_MORE;
		const lms = (1 << lbt) - 1;
		const dms = (1 << dbt) - 1;
		for (;;) {
			const c = lm[bits16(dat, pos) & lms];
			const sym = c >> 4;
			pos += c & 15;
			if (pos > tbts) return NEED_MORE;
			if (!c) throw new InflateError('invalid length/literal');
			if (sym < 256) {
				if (bt >= cap) throw new InflateError('inflated data longer than its header says');
				out[bt++] = sym;
			} else if (sym === 256) break;
			else {
				let add = sym - 254;
				if (sym > 264) {
					const i = sym - 257;
					const b = fleb[i];
					add = bits(dat, pos, (1 << b) - 1) + fl[i];
					pos += b;
				}
				const d = dm[bits16(dat, pos) & dms];
				const dsym = d >> 4;
				if (!d) {
					if (pos > tbts - 24) return NEED_MORE;
					throw new InflateError('invalid distance');
				}
				pos += d & 15;
				let dt = fd[dsym];
				if (dsym > 3) {
					const b = fdeb[dsym];
					dt += bits16(dat, pos) & ((1 << b) - 1);
					pos += b;
				}
				if (pos > tbts) return NEED_MORE;
				if (dt > bt) throw new InflateError('invalid distance');
				const end = bt + add;
				if (end > cap) throw new InflateError('inflated data longer than its header says');
				for (; bt < end; ++bt) out[bt] = out[bt - dt];
			}
		}
	} while (!final);
	const endByte = ((pos + 7) >>> 3) + 4;
	if (endByte > sl) return NEED_MORE;
	if (bt !== cap) throw new InflateError(`inflated ${bt} bytes, header says ${cap}`);
	return endByte;
}
