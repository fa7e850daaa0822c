// The bundle header (gitformat-bundle): signature, v3 capabilities, prerequisites, refs, an empty
// line, then the pack. Read line by line from the start of the source; the header of an --all bundle
// can hold thousands of refs, so it is read in growing pieces rather than assumed small.

import type { ByteSource } from './source';
import { concatBytes } from './source';

export class BundleError extends Error {
	constructor(
		message: string,
		/** Machine-readable reason for the UI. */
		readonly code: 'not-a-bundle' | 'unsupported-capability' | 'sha256' | 'filtered' | 'thin' | 'corrupt' | 'unsupported'
	) {
		super(message);
	}
}

export interface BundleRef {
	oid: string;
	name: string;
}

export interface BundleHeader {
	version: 2 | 3;
	capabilities: Record<string, string>;
	objectFormat: 'sha1' | 'sha256';
	filter?: string;
	prerequisites: { oid: string; comment: string }[];
	refs: BundleRef[];
	/** Byte offset of the pack ("PACK" signature) in the source. */
	packOffset: number;
}

const KNOWN_CAPS = new Set(['object-format', 'filter']);
const CHUNK = 64 * 1024;
const MAX_HEADER = 256 << 20;

function latin1(bytes: Uint8Array, start: number, end: number): string {
	let s = '';
	for (let i = start; i < end; i += 8192) s += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 8192)));
	return s;
}

/**
 * Parses the header. Throws BundleError for something that is not a bundle or that this reader
 * cannot handle (an unknown capability, SHA-256). Filtered and thin bundles parse: the caller decides.
 */
export async function readBundleHeader(src: ByteSource): Promise<BundleHeader> {
	let buf = await src.read(0, CHUNK);
	let pos = 0;
	const utf8 = new TextDecoder();
	const nextLine = async (): Promise<string | undefined> => {
		for (;;) {
			const nl = buf.indexOf(10, pos);
			if (nl >= 0) {
				const line = utf8.decode(buf.subarray(pos, nl));
				pos = nl + 1;
				return line;
			}
			if (buf.length >= src.size || buf.length > MAX_HEADER) return undefined;
			buf = concatBytes(buf, await src.read(buf.length, buf.length + Math.max(CHUNK, buf.length)));
		}
	};
	const sig = await nextLine();
	let version: 2 | 3;
	if (sig === '# v2 git bundle') version = 2;
	else if (sig === '# v3 git bundle') version = 3;
	else {
		const head = latin1(buf, 0, Math.min(buf.length, 16));
		throw new BundleError(
			head.startsWith('PACK') ? 'this is a bare pack file, not a git bundle (make one with `git bundle create repo.bundle --all`)' : 'not a git bundle (it does not start with "# v2 git bundle" or "# v3 git bundle")',
			'not-a-bundle'
		);
	}
	const capabilities: Record<string, string> = {};
	const prerequisites: { oid: string; comment: string }[] = [];
	const refs: BundleRef[] = [];
	for (;;) {
		const line = await nextLine();
		if (line === undefined) throw new BundleError('the bundle header never ends (no empty line before the pack)', 'corrupt');
		if (line === '') break;
		if (line.startsWith('@')) {
			if (version === 2) throw new BundleError(`capability line in a v2 bundle: ${line}`, 'corrupt');
			const eq = line.indexOf('=');
			const key = eq < 0 ? line.slice(1) : line.slice(1, eq);
			const value = eq < 0 ? '' : line.slice(eq + 1);
			if (!KNOWN_CAPS.has(key)) throw new BundleError(`the bundle needs capability "${key}", which this reader does not know`, 'unsupported-capability');
			capabilities[key] = value;
		} else if (line.startsWith('-')) {
			const sp = line.indexOf(' ');
			prerequisites.push({ oid: (sp < 0 ? line.slice(1) : line.slice(1, sp)).toLowerCase(), comment: sp < 0 ? '' : line.slice(sp + 1) });
		} else {
			const sp = line.indexOf(' ');
			if (sp < 0) throw new BundleError(`bad ref line in the bundle header: ${line.slice(0, 100)}`, 'corrupt');
			refs.push({ oid: line.slice(0, sp).toLowerCase(), name: line.slice(sp + 1) });
		}
	}
	const format = capabilities['object-format'] ?? 'sha1';
	if (format !== 'sha1' && format !== 'sha256') throw new BundleError(`unknown object format "${format}"`, 'unsupported-capability');
	const objectFormat = format;
	const hexLen = objectFormat === 'sha1' ? 40 : 64;
	for (const r of [...refs, ...prerequisites]) {
		if (r.oid.length !== hexLen || !/^[0-9a-f]+$/.test(r.oid)) throw new BundleError(`bad object id in the bundle header: ${r.oid.slice(0, 80)}`, 'corrupt');
	}
	return { version, capabilities, objectFormat, filter: capabilities.filter, prerequisites, refs, packOffset: pos };
}
