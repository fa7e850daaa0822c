// Random access to a bundle's bytes with web-standard APIs only: a Blob (a dropped File in the
// browser, fs.openAsBlob in Node) read by Blob.slice().arrayBuffer(), or bytes already in memory.
// PageCache keeps fixed-size pages in an LRU so that many small reads by offset cost one read per page.

export interface ByteSource {
	readonly size: number;
	/** Bytes [start, end) (end is clamped to the size). */
	read(start: number, end: number): Promise<Uint8Array>;
}

export function blobSource(blob: Blob): ByteSource {
	return {
		size: blob.size,
		async read(start, end) {
			return new Uint8Array(await blob.slice(start, Math.min(end, blob.size)).arrayBuffer());
		}
	};
}

export function bytesSource(bytes: Uint8Array): ByteSource {
	return {
		size: bytes.length,
		async read(start, end) {
			return bytes.subarray(start, Math.min(end, bytes.length));
		}
	};
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
	if (a.length === 0) return b;
	if (b.length === 0) return a;
	const out = new Uint8Array(a.length + b.length);
	out.set(a, 0);
	out.set(b, a.length);
	return out;
}

export class PageCache {
	private pages = new Map<number, Uint8Array>();
	private bytes = 0;
	reads = 0;

	constructor(
		readonly src: ByteSource,
		readonly pageSize = 4 << 20,
		readonly budget = 256 << 20
	) {}

	/** True when [start, end) is in memory, so `get` will not throw. */
	has(start: number, end: number): boolean {
		const ps = this.pageSize;
		for (let p = Math.floor(start / ps); p * ps < end; p++) if (!this.pages.has(p)) return false;
		return true;
	}

	/** Loads the pages covering [start, end). */
	async ensure(start: number, end: number): Promise<void> {
		const ps = this.pageSize;
		for (let p = Math.floor(start / ps); p * ps < end; p++) {
			if (this.pages.has(p)) continue;
			const data = await this.src.read(p * ps, (p + 1) * ps);
			this.reads++;
			this.pages.set(p, data);
			this.bytes += data.length;
		}
		this.evict(start, end);
	}

	private evict(keepStart: number, keepEnd: number): void {
		if (this.bytes <= this.budget) return;
		const ps = this.pageSize;
		const lo = Math.floor(keepStart / ps);
		const hi = Math.floor((keepEnd - 1) / ps);
		for (const [p, d] of this.pages) {
			if (this.bytes <= this.budget) break;
			if (p >= lo && p <= hi) continue;
			this.pages.delete(p);
			this.bytes -= d.length;
		}
	}

	/** Bytes [start, end): a view when inside one page, else a copy. The range must be ensured. */
	get(start: number, end: number): Uint8Array {
		const ps = this.pageSize;
		const p0 = Math.floor(start / ps);
		const p1 = Math.floor((end - 1) / ps);
		if (p0 === p1 || end <= start) {
			const page = this.page(p0);
			return page.subarray(start - p0 * ps, end - p0 * ps);
		}
		const out = new Uint8Array(end - start);
		for (let p = p0, o = 0; p <= p1; p++) {
			const page = this.page(p);
			const a = Math.max(start, p * ps) - p * ps;
			const b = Math.min(end, (p + 1) * ps) - p * ps;
			out.set(page.subarray(a, b), o);
			o += b - a;
		}
		return out;
	}

	private page(p: number): Uint8Array {
		const page = this.pages.get(p);
		if (!page) throw new Error(`page ${p} not loaded`);
		// Refresh its LRU position.
		this.pages.delete(p);
		this.pages.set(p, page);
		return page;
	}
}
