// Object hashing: hash-wasm's SHA-1 (WebAssembly, ~2.7× the plain-JS SHA-1 on bulk data, measured in
// bench/git/README.md), with the plain-JS one as a fallback where WebAssembly cannot be compiled.

import { hashObject as jsHashObject, objectHeader } from './sha1';

export interface ObjectHasher {
	readonly name: string;
	/** Writes the object id of `(type, body)` into `out` at `offset` (20 bytes for SHA-1). */
	hashObject(type: number, body: Uint8Array, out: Uint8Array, offset: number): void;
}

export const jsHasher: ObjectHasher = { name: 'js-sha1', hashObject: jsHashObject };

let wasm: Promise<ObjectHasher> | undefined;

/** The fastest available SHA-1 object hasher. */
export function createObjectHasher(): Promise<ObjectHasher> {
	wasm ??= (async (): Promise<ObjectHasher> => {
		try {
			const { createSHA1 } = await import('hash-wasm');
			const h = await createSHA1();
			return {
				name: 'hash-wasm-sha1',
				hashObject(type, body, out, offset) {
					h.init();
					h.update(objectHeader(type, body.length));
					h.update(body);
					out.set(h.digest('binary'), offset);
				}
			};
		} catch {
			return jsHasher;
		}
	})();
	return wasm;
}

/** An incremental SHA-1 for the pack trailer, or undefined when WebAssembly is unavailable (not verified then). */
export async function createTrailerHasher(): Promise<{ update(b: Uint8Array): void; digest(): Uint8Array } | undefined> {
	try {
		const { createSHA1 } = await import('hash-wasm');
		const h = await createSHA1();
		h.init();
		return { update: (b) => void h.update(b), digest: () => h.digest('binary') };
	} catch {
		return undefined;
	}
}
