// SHA-1 of git objects in plain JS: hash(`<type> <size>\0` + body) without concatenating the two.
// Synchronous (WebCrypto's digest is one promise per call: far too slow for 100k small objects) and
// dependency-free. Measured in bench/git/README.md.

const W = new Int32Array(80);
const H = new Int32Array(5);
const block = new Uint8Array(64);

function compress(d: Uint8Array, o: number): void {
	for (let i = 0; i < 16; i++, o += 4) W[i] = (d[o] << 24) | (d[o + 1] << 16) | (d[o + 2] << 8) | d[o + 3];
	for (let i = 16; i < 80; i++) {
		const x = W[i - 3] ^ W[i - 8] ^ W[i - 14] ^ W[i - 16];
		W[i] = (x << 1) | (x >>> 31);
	}
	let a = H[0];
	let b = H[1];
	let c = H[2];
	let e = H[4];
	let dd = H[3];
	let i = 0;
	for (; i < 20; i++) {
		const t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & dd)) + e + 0x5a827999 + W[i]) | 0;
		e = dd;
		dd = c;
		c = (b << 30) | (b >>> 2);
		b = a;
		a = t;
	}
	for (; i < 40; i++) {
		const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ dd) + e + 0x6ed9eba1 + W[i]) | 0;
		e = dd;
		dd = c;
		c = (b << 30) | (b >>> 2);
		b = a;
		a = t;
	}
	for (; i < 60; i++) {
		const t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & dd) | (c & dd)) + e - 0x70e44324 + W[i]) | 0;
		e = dd;
		dd = c;
		c = (b << 30) | (b >>> 2);
		b = a;
		a = t;
	}
	for (; i < 80; i++) {
		const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ dd) + e - 0x359d3e2a + W[i]) | 0;
		e = dd;
		dd = c;
		c = (b << 30) | (b >>> 2);
		b = a;
		a = t;
	}
	H[0] = (H[0] + a) | 0;
	H[1] = (H[1] + b) | 0;
	H[2] = (H[2] + c) | 0;
	H[3] = (H[3] + dd) | 0;
	H[4] = (H[4] + e) | 0;
}

/**
 * SHA-1 of `prefix` followed by `body`, written as 20 bytes into `out` at `outOffset`.
 * `prefix` is short (a git object header).
 */
export function sha1Parts(prefix: Uint8Array, body: Uint8Array, out: Uint8Array, outOffset = 0): void {
	H[0] = 0x67452301;
	H[1] = 0xefcdab89 | 0;
	H[2] = 0x98badcfe | 0;
	H[3] = 0x10325476;
	H[4] = 0xc3d2e1f0 | 0;
	const total = prefix.length + body.length;
	// Fill the first blocks from prefix + the start of body.
	let fill = 0;
	for (let i = 0; i < prefix.length; i++) {
		block[fill++] = prefix[i];
		if (fill === 64) {
			compress(block, 0);
			fill = 0;
		}
	}
	let p = 0;
	const n = body.length;
	if (fill > 0) {
		const take = Math.min(64 - fill, n);
		block.set(body.subarray(0, take), fill);
		fill += take;
		p = take;
		if (fill === 64) {
			compress(block, 0);
			fill = 0;
		}
	}
	if (fill === 0) {
		for (; p + 64 <= n; p += 64) compress(body, p);
		for (; p < n; p++) block[fill++] = body[p];
	}
	// Padding.
	block[fill++] = 0x80;
	if (fill > 56) {
		block.fill(0, fill, 64);
		compress(block, 0);
		fill = 0;
	}
	block.fill(0, fill, 56);
	const bitsHi = Math.floor(total / 0x20000000);
	const bitsLo = (total * 8) >>> 0;
	block[56] = bitsHi >>> 24;
	block[57] = bitsHi >>> 16;
	block[58] = bitsHi >>> 8;
	block[59] = bitsHi;
	block[60] = bitsLo >>> 24;
	block[61] = bitsLo >>> 16;
	block[62] = bitsLo >>> 8;
	block[63] = bitsLo;
	compress(block, 0);
	for (let i = 0; i < 5; i++) {
		const h = H[i];
		out[outOffset++] = h >>> 24;
		out[outOffset++] = h >>> 16;
		out[outOffset++] = h >>> 8;
		out[outOffset++] = h;
	}
}

const EMPTY = new Uint8Array(0);

/** SHA-1 of bytes (tests, the pack trailer). */
export function sha1(bytes: Uint8Array): Uint8Array {
	const out = new Uint8Array(20);
	sha1Parts(EMPTY, bytes, out);
	return out;
}

const TYPE_NAMES = ['', 'commit', 'tree', 'blob', 'tag'];
const headerCache = new Map<number, Uint8Array>();

/** The git object header `<type> <size>\0` as bytes (cached by a numeric key: no string per object). */
export function objectHeader(type: number, size: number): Uint8Array {
	const key = size * 8 + type;
	let h = headerCache.get(key);
	if (!h) {
		const s = `${TYPE_NAMES[type]} ${size}\0`;
		h = new Uint8Array(s.length);
		for (let i = 0; i < s.length; i++) h[i] = s.charCodeAt(i);
		if (headerCache.size > 4096) headerCache.clear();
		headerCache.set(key, h);
	}
	return h;
}

/** The object id of a git object of `type` (1 commit, 2 tree, 3 blob, 4 tag) into `out`. */
export function hashObject(type: number, body: Uint8Array, out: Uint8Array, outOffset = 0): void {
	sha1Parts(objectHeader(type, body.length), body, out, outOffset);
}
