import type { InputFile } from '../../../workers/formats/types';
import { BUNDLE_PROBE_BYTES, looksLikeBundle } from './git-rows';
import { looksLikeZip, readZip } from './zip';

export interface DroppedBlob {
	path: string;
	file: Blob;
}

export interface ExpandedInputs {
	/** Files as parsers see them; a zip archive becomes its entries. */
	files: InputFile[];
	/** Git bundles, kept as Blobs: the git engine reads them by random access. */
	bundles: DroppedBlob[];
}

const PROBE_BYTES = Math.max(4, BUNDLE_PROBE_BYTES);

/** Sorts what was dropped by its first bytes, not its name: zip archives, git bundles, everything else. */
export async function expandInputs(items: DroppedBlob[]): Promise<ExpandedInputs> {
	// Each read is a round trip in a browser; several at once hide the latency of a folder of small files.
	const kind = new Array<'zip' | 'bundle' | 'file'>(items.length);
	let next = 0;
	const probe = async () => {
		while (next < items.length) {
			const i = next++;
			const head = new Uint8Array(await items[i].file.slice(0, PROBE_BYTES).arrayBuffer());
			kind[i] = looksLikeZip(head) ? 'zip' : looksLikeBundle(head) ? 'bundle' : 'file';
		}
	};
	await Promise.all(Array.from({ length: Math.min(8, items.length) }, probe));
	const out: ExpandedInputs = { files: [], bundles: [] };
	for (let i = 0; i < items.length; i++) {
		const { path, file } = items[i];
		if (kind[i] === 'bundle') out.bundles.push(items[i]);
		else if (kind[i] === 'zip') {
			for (const e of await readZip(file, path)) out.files.push({ path: `${path}/${e.path}`, size: e.size, stream: e.stream });
		} else {
			out.files.push({ path, size: file.size, stream: () => file.stream() as ReadableStream<Uint8Array> });
		}
	}
	return out;
}
