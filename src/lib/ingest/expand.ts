import type { InputFile } from '../../../workers/formats/types';
import { looksLikeZip, readZip } from './zip';

export interface DroppedBlob {
	path: string;
	file: Blob;
}

/** Files as parsers see them: zip archives (recognised by their bytes, not their name) become their entries. */
export async function expandInputs(items: DroppedBlob[]): Promise<InputFile[]> {
	const out: InputFile[] = [];
	for (const { path, file } of items) {
		const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
		if (looksLikeZip(head)) {
			for (const e of await readZip(file, path)) out.push({ path: `${path}/${e.path}`, size: e.size, stream: e.stream });
		} else {
			out.push({ path, size: file.size, stream: () => file.stream() as ReadableStream<Uint8Array> });
		}
	}
	return out;
}
