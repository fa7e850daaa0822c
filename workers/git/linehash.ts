// lineHash (src/lib/analysis/line-hash.ts) straight from a line's bytes: for ASCII lines the UTF-16
// code units are the bytes, so no string is decoded; any other line goes through the decoder and
// lineHash itself, so the two always agree.

import { lineHash } from '../../src/lib/analysis/line-hash';

const utf8 = new TextDecoder();
/** Char codes of the two hex digits of each byte value. */
const DIGITS = new Uint16Array(512);
for (let i = 0; i < 256; i++) {
	DIGITS[2 * i] = '0123456789abcdef'.charCodeAt(i >> 4);
	DIGITS[2 * i + 1] = '0123456789abcdef'.charCodeAt(i & 15);
}
const fromCodes = String.fromCharCode;

/** lineHash(utf8 decode of bytes [s, e) of `b`). */
export function lineHashBytes(b: Uint8Array, s: number, e: number): string {
	let end = e;
	while (end > s && (b[end - 1] === 32 || (b[end - 1] >= 9 && b[end - 1] <= 13))) end--;
	let hi = 0xcbf29ce4;
	let lo = 0x84222325;
	for (let i = s; i < end; i++) {
		const c = b[i];
		if (c >= 128) return lineHash(utf8.decode(b.subarray(s, e)));
		// 64-bit FNV-1a step, as lineHash: the multiply by 2^40 + 0x1b3 split into 32-bit halves.
		lo = (lo ^ c) >>> 0;
		const p = lo * 0x1b3;
		const carry = Math.floor(p / 4294967296);
		hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
		lo = p >>> 0;
	}
	// One flat 16-char string: concatenating hex pairs would leave a tree of string pieces per line,
	// three times the memory of the 800k hashes a big history keeps.
	const D = DIGITS;
	const h0 = (hi >>> 24) << 1;
	const h1 = ((hi >>> 16) & 255) << 1;
	const h2 = ((hi >>> 8) & 255) << 1;
	const h3 = (hi & 255) << 1;
	const l0 = (lo >>> 24) << 1;
	const l1 = ((lo >>> 16) & 255) << 1;
	const l2 = ((lo >>> 8) & 255) << 1;
	const l3 = (lo & 255) << 1;
	return fromCodes(D[h0], D[h0 + 1], D[h1], D[h1 + 1], D[h2], D[h2 + 1], D[h3], D[h3 + 1], D[l0], D[l0 + 1], D[l1], D[l1 + 1], D[l2], D[l2 + 1], D[l3], D[l3 + 1]);
}
