// Line interning over raw bytes: each distinct line (its exact bytes, or its bytes without whitespace)
// gets a small integer id, so diffs compare integers. A byte arena plus an open-addressing table:
// no string is made per line, which matters when millions of lines go through it.

function isWs(c: number): boolean {
	// isspace() in the C locale: space, \t, \n, \v, \f, \r
	return c === 32 || (c >= 9 && c <= 13);
}

export class LineInterner {
	private arena = new Uint8Array(1 << 20);
	private used = 0;
	private off = new Int32Array(1 << 14);
	private len = new Int32Array(1 << 14);
	private hash = new Int32Array(1 << 14);
	/** Alphanumeric characters per id (bytes ≥ 128 count, as letters of other scripts). */
	alnum = new Int32Array(1 << 14);
	private table = new Int32Array(1 << 15);
	private mask = (1 << 15) - 1;
	count = 0;

	/** @param stripWhitespace key lines by their bytes with all whitespace removed */
	constructor(readonly stripWhitespace: boolean) {}

	/** Interns bytes [s, e) of `b` (a line, its newline included when it has one). */
	intern(b: Uint8Array, s: number, e: number): number {
		const strip = this.stripWhitespace;
		let h = 0x811c9dc5 | 0;
		let klen = 0;
		for (let i = s; i < e; i++) {
			const c = b[i];
			if (strip && isWs(c)) continue;
			h = Math.imul(h ^ c, 0x01000193);
			klen++;
		}
		const mask = this.mask;
		let slot = (h ^ (h >>> 15)) & mask;
		const table = this.table;
		for (;;) {
			const t = table[slot];
			if (t === 0) break;
			const id = t - 1;
			if (this.hash[id] === h && this.len[id] === klen && this.equal(id, b, s, e)) return id;
			slot = (slot + 1) & mask;
		}
		// New id.
		const id = this.count++;
		if (id >= this.off.length) this.growIds();
		if (this.used + klen > this.arena.length) {
			let n = this.arena.length * 2;
			while (n < this.used + klen) n *= 2;
			const a = new Uint8Array(n);
			a.set(this.arena.subarray(0, this.used));
			this.arena = a;
		}
		const arena = this.arena;
		let o = this.used;
		let alnum = 0;
		for (let i = s; i < e; i++) {
			const c = b[i];
			if (strip && isWs(c)) continue;
			arena[o++] = c;
			if ((c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c >= 128) alnum++;
		}
		this.off[id] = this.used;
		this.len[id] = klen;
		this.hash[id] = h;
		this.alnum[id] = alnum;
		this.used = o;
		table[slot] = id + 1;
		if (this.count * 2 > table.length) this.rehash();
		return id;
	}

	private equal(id: number, b: Uint8Array, s: number, e: number): boolean {
		const arena = this.arena;
		let o = this.off[id];
		if (!this.stripWhitespace) {
			for (let i = s; i < e; i++) if (arena[o++] !== b[i]) return false;
			return true;
		}
		for (let i = s; i < e; i++) {
			const c = b[i];
			if (isWs(c)) continue;
			if (arena[o++] !== c) return false;
		}
		return true;
	}

	private growIds(): void {
		const n = this.off.length * 2;
		const g = (a: Int32Array) => {
			const x = new Int32Array(n);
			x.set(a);
			return x;
		};
		this.off = g(this.off);
		this.len = g(this.len);
		this.hash = g(this.hash);
		this.alnum = g(this.alnum);
	}

	private rehash(): void {
		const size = this.table.length * 2;
		const table = new Int32Array(size);
		const mask = size - 1;
		for (let id = 0; id < this.count; id++) {
			const h = this.hash[id];
			let slot = (h ^ (h >>> 15)) & mask;
			while (table[slot] !== 0) slot = (slot + 1) & mask;
			table[slot] = id + 1;
		}
		this.table = table;
		this.mask = mask;
	}

	/** Length in bytes of a line's key. */
	length(id: number): number {
		return this.len[id];
	}

	/** The key as a Latin-1 string (one char per byte). */
	text(id: number): string {
		const o = this.off[id];
		const n = this.len[id];
		let s = '';
		for (let i = 0; i < n; i += 4096) s += String.fromCharCode(...this.arena.subarray(o + i, o + Math.min(n, i + 4096)));
		return s;
	}

	/** xdiff's get_indent over the key's bytes (TAB = 8 columns, -1 when blank, capped at 200). */
	indent(id: number): number {
		const a = this.arena;
		const o = this.off[id];
		const n = this.len[id];
		let ret = 0;
		for (let i = 0; i < n; i++) {
			const c = a[o + i];
			if (!isWs(c)) return ret;
			if (c === 32) ret += 1;
			else if (c === 9) ret += 8 - (ret % 8);
			if (ret >= 200) return 200;
		}
		return -1;
	}

	/** Interns a Latin-1 string (checkpoint restore). */
	internText(s: string): number {
		const b = new Uint8Array(s.length);
		for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
		return this.intern(b, 0, b.length);
	}
}
