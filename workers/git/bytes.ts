// Common prefix and suffix of two byte arrays, four bytes at a time where both sides can be read as
// aligned 32-bit words (the bench spends a good part of tree diffs and line splitting in these loops).

/** Length of the common prefix of a[ai..] and b[bi..], at most `max`. */
export function commonPrefix(a: Uint8Array, b: Uint8Array, max: number, ai = 0, bi = 0): number {
	let p = 0;
	const oa = a.byteOffset + ai;
	const ob = b.byteOffset + bi;
	if (max >= 32 && ((oa - ob) & 3) === 0) {
		while (p < max && ((oa + p) & 3) !== 0) {
			if (a[ai + p] !== b[bi + p]) return p;
			p++;
		}
		const words = (max - p) >>> 2;
		if (words > 0) {
			const wa = new Int32Array(a.buffer, oa + p, words);
			const wb = new Int32Array(b.buffer, ob + p, words);
			let w = 0;
			while (w < words && wa[w] === wb[w]) w++;
			p += w << 2;
		}
	}
	while (p < max && a[ai + p] === b[bi + p]) p++;
	return p;
}

/** Length of the common suffix of a and b, at most `max`. */
export function commonSuffix(a: Uint8Array, b: Uint8Array, max: number): number {
	const na = a.length;
	const nb = b.length;
	let q = 0;
	const ea = a.byteOffset + na;
	const eb = b.byteOffset + nb;
	if (max >= 32 && ((ea - eb) & 3) === 0) {
		while (q < max && ((ea - q) & 3) !== 0) {
			if (a[na - 1 - q] !== b[nb - 1 - q]) return q;
			q++;
		}
		const words = (max - q) >>> 2;
		if (words > 0) {
			const wa = new Int32Array(a.buffer, ea - q - 4 * words, words);
			const wb = new Int32Array(b.buffer, eb - q - 4 * words, words);
			let w = words - 1;
			while (w >= 0 && wa[w] === wb[w]) w--;
			q += (words - 1 - w) << 2;
		}
	}
	while (q < max && a[na - 1 - q] === b[nb - 1 - q]) q++;
	return q;
}
