// Reads a .zip lazily from a Blob: the central directory first, then each entry is streamed
// through DecompressionStream only when a parser asks for it. No entry is ever held whole.

export interface ZipEntry {
	path: string;
	size: number;
	stream(): ReadableStream<Uint8Array>;
}

export interface ZipLimits {
	maxEntries: number;
	maxEntryBytes: number;
	maxTotalBytes: number;
	/** Abort an entry whose output outgrows its compressed size by this factor (a decompression bomb). */
	maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
	maxEntries: 100_000,
	maxEntryBytes: 2 * 1024 ** 3,
	maxTotalBytes: 20 * 1024 ** 3,
	maxRatio: 1000
};

export class ZipError extends Error {}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

async function bytes(blob: Blob, start: number, end: number): Promise<DataView> {
	return new DataView(await blob.slice(start, end).arrayBuffer());
}

export function looksLikeZip(head: Uint8Array): boolean {
	return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

function capped(declared: number, compressed: number, name: string, limits: ZipLimits) {
	let seen = 0;
	const cap = Math.min(limits.maxEntryBytes, Math.max(compressed * limits.maxRatio, 1 << 20));
	return new TransformStream<Uint8Array, Uint8Array>({
		transform(chunk, ctl) {
			seen += chunk.byteLength;
			if (seen > cap || seen > declared) {
				ctl.error(new ZipError(`${name}: expands past its declared size (${declared} bytes); refusing it`));
				return;
			}
			ctl.enqueue(chunk);
		}
	});
}

export async function readZip(blob: Blob, archiveName: string, limits = DEFAULT_ZIP_LIMITS): Promise<ZipEntry[]> {
	const tailLen = Math.min(blob.size, 65_557);
	const tail = await bytes(blob, blob.size - tailLen, blob.size);
	let eocd = -1;
	for (let i = tail.byteLength - 22; i >= 0; i--) {
		if (tail.getUint32(i, true) === EOCD_SIG) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw new ZipError(`${archiveName}: not a readable zip archive (no end-of-directory record)`);
	const count = tail.getUint16(eocd + 10, true);
	const cdSize = tail.getUint32(eocd + 12, true);
	const cdOffset = tail.getUint32(eocd + 16, true);
	if (count === 0xffff || cdOffset === 0xffffffff) {
		throw new ZipError(`${archiveName}: ZIP64 archives are not supported yet; unpack it and drop the folder instead`);
	}
	if (count > limits.maxEntries) throw new ZipError(`${archiveName}: ${count} entries is more than the ${limits.maxEntries} allowed`);
	const cd = await bytes(blob, cdOffset, cdOffset + cdSize);
	const entries: ZipEntry[] = [];
	const decoder = new TextDecoder();
	let total = 0;
	let p = 0;
	for (let n = 0; n < count; n++) {
		if (p + 46 > cd.byteLength || cd.getUint32(p, true) !== CEN_SIG) {
			throw new ZipError(`${archiveName}: damaged central directory at entry ${n + 1}`);
		}
		const method = cd.getUint16(p + 10, true);
		const compSize = cd.getUint32(p + 20, true);
		const size = cd.getUint32(p + 24, true);
		const nameLen = cd.getUint16(p + 28, true);
		const extraLen = cd.getUint16(p + 30, true);
		const commentLen = cd.getUint16(p + 32, true);
		const localOffset = cd.getUint32(p + 42, true);
		const path = decoder.decode(new Uint8Array(cd.buffer, cd.byteOffset + p + 46, nameLen));
		p += 46 + nameLen + extraLen + commentLen;
		if (path.endsWith('/')) continue;
		if (method !== 0 && method !== 8) {
			throw new ZipError(`${archiveName}: ${path} uses compression method ${method}; only stored and deflate are supported`);
		}
		if (size > limits.maxEntryBytes) throw new ZipError(`${archiveName}: ${path} is ${size} bytes, over the per-file limit`);
		total += size;
		if (total > limits.maxTotalBytes) throw new ZipError(`${archiveName}: unpacks to more than ${limits.maxTotalBytes} bytes`);
		entries.push({
			path,
			size,
			stream() {
				// The local header's name/extra lengths can differ from the central copy, so read them lazily.
				const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
				(async () => {
					const loc = await bytes(blob, localOffset, localOffset + 30);
					if (loc.getUint32(0, true) !== LOC_SIG) throw new ZipError(`${archiveName}: ${path}: damaged local header`);
					const start = localOffset + 30 + loc.getUint16(26, true) + loc.getUint16(28, true);
					let raw = blob.slice(start, start + compSize).stream() as ReadableStream<Uint8Array>;
					if (method === 8) raw = raw.pipeThrough(new DecompressionStream('deflate-raw') as unknown as TransformStream<Uint8Array, Uint8Array>);
					await raw.pipeThrough(capped(size, compSize, path, limits)).pipeTo(writable);
				})().catch((e) => writable.abort(e).catch(() => {}));
				return readable;
			}
		});
	}
	return entries;
}
