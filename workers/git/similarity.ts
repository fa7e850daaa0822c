// Rename similarity as git computes it (diffcore-delta.c's span hashing and diffcore-rename.c's
// estimate_similarity, git v2.39), so that the engine follows a renamed file exactly when
// `git blame` would. Scores are out of MAX_SCORE; git's default rename threshold is 50%.

export const MAX_SCORE = 60000;
export const DEFAULT_RENAME_SCORE = 30000;
const HASHBASE = 107927;

/** Span hashes of a blob: chunks end at a newline or after 64 bytes; CR of CRLF is skipped in text. */
export function spanHash(buf: Uint8Array, isText: boolean): Map<number, number> {
	const m = new Map<number, number>();
	let n = 0;
	let accum1 = 0;
	let accum2 = 0;
	const sz = buf.length;
	for (let i = 0; i < sz; i++) {
		const c = buf[i];
		if (isText && c === 13 && i + 1 < sz && buf[i + 1] === 10) continue;
		const old1 = accum1;
		accum1 = ((accum1 << 7) ^ (accum2 >>> 25)) >>> 0;
		accum2 = ((accum2 << 7) ^ (old1 >>> 25)) >>> 0;
		accum1 = (accum1 + c) >>> 0;
		if (++n < 64 && c !== 10) continue;
		const hashval = (accum1 + Math.imul(accum2, 0x61)) >>> 0;
		const h = hashval % HASHBASE;
		m.set(h, (m.get(h) ?? 0) + n);
		n = 0;
		accum1 = accum2 = 0;
	}
	if (n > 0) {
		const hashval = (accum1 + Math.imul(accum2, 0x61)) >>> 0;
		const h = hashval % HASHBASE;
		m.set(h, (m.get(h) ?? 0) + n);
	}
	return m;
}

/** estimate_similarity for two regular files: 0 when below `minScore`. */
export function similarity(src: Uint8Array, dst: Uint8Array, srcText: boolean, dstText: boolean, minScore = DEFAULT_RENAME_SCORE): number {
	const maxSize = Math.max(src.length, dst.length);
	const baseSize = Math.min(src.length, dst.length);
	const deltaSize = maxSize - baseSize;
	if (maxSize * (MAX_SCORE - minScore) < deltaSize * MAX_SCORE) return 0;
	if (!dst.length) return 0;
	const a = spanHash(src, srcText);
	const b = spanHash(dst, dstText);
	let copied = 0;
	for (const [h, na] of a) {
		const nb = b.get(h);
		if (nb !== undefined) copied += Math.min(na, nb);
	}
	// git: (int)(src_copied * MAX_SCORE / max_size) with unsigned long arithmetic.
	return Math.floor((copied * MAX_SCORE) / maxSize);
}

export function basename(path: string): string {
	const s = path.lastIndexOf('/');
	return s < 0 ? path : path.slice(s + 1);
}
