// The first bytes of each input, read once for format detection and reused by parsers that want to
// peek before parsing (e.g. to order files), so a file is not opened an extra time for it.

import type { InputFile } from './formats/types';

const heads = new WeakMap<InputFile, Uint8Array>();

export function rememberHead(file: InputFile, head: Uint8Array): void {
	heads.set(file, head);
}

export function cachedHead(file: InputFile): Uint8Array | undefined {
	return heads.get(file);
}
