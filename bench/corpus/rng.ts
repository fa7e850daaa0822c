// Seeded PRNG (sfc32 fed by a small string hash) so every corpus is byte-for-byte reproducible.

function hash128(s: string): [number, number, number, number] {
	let h1 = 0x6a09e667,
		h2 = 0xbb67ae85,
		h3 = 0x3c6ef372,
		h4 = 0xa54ff53a;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		h1 = Math.imul(h1 ^ c, 0x85ebca6b);
		h2 = Math.imul(h2 ^ c, 0xc2b2ae35);
		h3 = Math.imul(h3 ^ c, 0x27d4eb2f);
		h4 = Math.imul(h4 ^ c, 0x165667b1);
		h1 = (h1 << 13) | (h1 >>> 19);
		h2 = (h2 << 17) | (h2 >>> 15);
		h3 = (h3 << 5) | (h3 >>> 27);
		h4 = (h4 << 11) | (h4 >>> 21);
		h1 = (h1 + h2) | 0;
		h3 = (h3 + h4) | 0;
	}
	h1 ^= h3 ^ s.length;
	h2 ^= h4;
	return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64 = B62 + '+/';
const HEX = '0123456789abcdef';

export class Rng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;
	constructor(readonly seed: string) {
		[this.a, this.b, this.c, this.d] = hash128(seed);
		for (let i = 0; i < 16; i++) this.next();
	}

	/** An independent stream, so one part's draws never shift another's. */
	fork(label: string | number): Rng {
		return new Rng(`${this.seed}/${label}`);
	}

	next(): number {
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return (t >>> 0) / 4294967296;
	}

	int(lo: number, hi: number): number {
		return lo + Math.floor(this.next() * (hi - lo + 1));
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(arr: readonly T[]): T {
		return arr[Math.floor(this.next() * arr.length)];
	}

	weighted<T>(items: readonly (readonly [T, number])[]): T {
		let sum = 0;
		for (const [, w] of items) sum += w;
		let r = this.next() * sum;
		for (const [v, w] of items) {
			r -= w;
			if (r < 0) return v;
		}
		return items[items.length - 1][0];
	}

	gauss(): number {
		const u = 1 - this.next();
		const v = this.next();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	/** Log-normal around a median: most draws near it, a long right tail. */
	logn(median: number, sigma: number): number {
		return median * Math.exp(sigma * this.gauss());
	}

	/** Rounded log-normal clamped to [lo, hi]. */
	logi(median: number, sigma: number, lo: number, hi: number): number {
		return Math.max(lo, Math.min(hi, Math.round(this.logn(median, sigma))));
	}

	chars(n: number, alphabet: string): string {
		let s = '';
		for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
		return s;
	}

	hex(n: number): string {
		return this.chars(n, HEX);
	}

	b62(n: number): string {
		return this.chars(n, B62);
	}

	b64(n: number): string {
		return this.chars(n, B64);
	}

	uuid(): string {
		const h = this.hex(32);
		const variant = HEX[8 + Math.floor(this.next() * 4)];
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
	}
}
