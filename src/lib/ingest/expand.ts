import type { InputFile } from '../../../workers/formats/types';
import { looksLikeZip, readZip } from './zip';

export interface DroppedBlob {
	path: string;
	file: Blob;
}

/** Files as parsers see them: zip archives (recognised by their bytes, not their name) become their entries. */
export async function expandInputs(items: DroppedBlob[]): Promise<InputFile[]> {
	// Each read is a round trip in a browser; several at once hide the latency of a folder of small files.
	const isZip = new Array<boolean>(items.length);
	let next = 0;
	const probe = async () => {
		while (next < items.length) {
			const i = next++;
			isZip[i] = looksLikeZip(new Uint8Array(await items[i].file.slice(0, 4).arrayBuffer()));
		}
	};
	await Promise.all(Array.from({ length: Math.min(8, items.length) }, probe));
	const out: InputFile[] = [];
	for (let i = 0; i < items.length; i++) {
		const { path, file } = items[i];
		if (isZip[i]) {
			for (const e of await readZip(file, path)) out.push({ path: `${path}/${e.path}`, size: e.size, stream: e.stream });
		} else {
			out.push({ path, size: file.size, stream: () => file.stream() as ReadableStream<Uint8Array> });
		}
	}
	return out;
}
