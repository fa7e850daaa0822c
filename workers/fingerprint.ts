// Content fingerprint for "this file was already imported": not cryptographic, just fast and
// chunking-independent. Two 32-bit multiply-rotate lanes (murmur3-style constants) each see every
// little-endian 32-bit word of the stream; the byte length and the 0–3 trailing bytes are mixed in
// at the end. Runs at several GB/s in V8 because the hot loop reads a Uint32Array.

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const SCRATCH_BYTES = 64 * 1024;
/** Shared by all instances: update() is synchronous, so no two use it at once. */
let scratch: Uint32Array | undefined;

function fmix(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

export class Fingerprint {
	private h1 = 0x9747b28c | 0;
	private h2 = 0x2545f491 | 0;
	private length = 0;
	/** Bytes of an unfinished word carried to the next chunk. */
	private carry = new Uint8Array(4);
	private carryLen = 0;

	update(chunk: Uint8Array): this {
		let off = 0;
		const n = chunk.length;
		this.length += n;
		if (this.carryLen > 0) {
			while (this.carryLen < 4 && off < n) this.carry[this.carryLen++] = chunk[off++];
			if (this.carryLen < 4) return this;
			const c = this.carry;
			this.words(new Uint32Array([(c[0] | (c[1] << 8) | (c[2] << 16) | (c[3] << 24)) >>> 0]), 1);
			this.carryLen = 0;
		}
		const whole = (n - off) & ~3;
		if (whole > 0) {
			const start = chunk.byteOffset + off;
			if ((start & 3) === 0) {
				this.words(new Uint32Array(chunk.buffer, start, whole >>> 2), whole >>> 2);
			} else {
				// Unaligned view (pooled Node buffers, carried bytes): copy through an aligned scratch.
				scratch ??= new Uint32Array(SCRATCH_BYTES >>> 2);
				const bytes = new Uint8Array(scratch.buffer);
				for (let p = 0; p < whole; p += SCRATCH_BYTES) {
					const len = Math.min(SCRATCH_BYTES, whole - p);
					bytes.set(chunk.subarray(off + p, off + p + len));
					this.words(scratch, len >>> 2);
				}
			}
			off += whole;
		}
		while (off < n) this.carry[this.carryLen++] = chunk[off++];
		return this;
	}

	private words(u32: Uint32Array, count: number): void {
		let h1 = this.h1;
		let h2 = this.h2;
		for (let i = 0; i < count; i++) {
			const w = u32[i];
			h1 = Math.imul(h1 ^ w, C1);
			h1 = (h1 << 15) | (h1 >>> 17);
			h2 = Math.imul(h2 ^ w, C2);
			h2 = (h2 << 13) | (h2 >>> 19);
		}
		this.h1 = h1;
		this.h2 = h2;
	}

	/** 16 hex digits. Does not change the state, so it can be read mid-stream. */
	digest(): string {
		let h1 = this.h1;
		let h2 = this.h2;
		let tail = 0;
		for (let i = this.carryLen - 1; i >= 0; i--) tail = (tail << 8) | this.carry[i];
		h1 = Math.imul(h1 ^ tail, C2);
		h2 = Math.imul(h2 ^ tail, C1);
		const lenLo = this.length >>> 0;
		const lenHi = Math.floor(this.length / 4294967296) >>> 0;
		h1 ^= lenLo;
		h2 ^= lenHi ^ lenLo;
		h1 = (h1 + h2) | 0;
		h2 = (h2 + h1) | 0;
		h1 = fmix(h1);
		h2 = fmix(h2);
		h1 = (h1 + h2) | 0;
		h2 = (h2 + h1) | 0;
		return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
	}
}

/** Fingerprint of bytes held in memory (tests, small files). */
export function fingerprintBytes(bytes: Uint8Array): string {
	return new Fingerprint().update(bytes).digest();
}
