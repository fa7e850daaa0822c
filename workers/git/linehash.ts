// lineHash (src/lib/analysis/line-hash.ts) straight from a line's bytes: for ASCII lines the UTF-16
// code units are the bytes, so no string is decoded; any other line goes through the decoder and
// lineHash itself, so the two always agree.

import { lineHash } from '../../src/lib/analysis/line-hash';

const utf8 = new TextDecoder();
const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

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
	return HEX[hi >>> 24] + HEX[(hi >>> 16) & 255] + HEX[(hi >>> 8) & 255] + HEX[hi & 255] + HEX[lo >>> 24] + HEX[(lo >>> 16) & 255] + HEX[(lo >>> 8) & 255] + HEX[lo & 255];
}
