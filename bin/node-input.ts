// Node side of reading inputs: walks paths given on a command line into InputFiles that stream
// through web ReadableStreams, exactly as the browser's Files do, so ingest-core sees no difference.
// Reads are synchronous on purpose: for a command-line import they are several times faster than
// fs/promises (no thread-pool round trip per read), and nothing else waits on the event loop.

import { closeSync, openSync, readSync, readdirSync, statSync, type Stats } from 'node:fs';
import { openAsBlob } from 'node:fs';
import { join } from 'node:path';
import { looksLikeZip, readZip } from '../src/lib/ingest/zip';
import type { InputFile } from '../workers/formats/types';
import { setSqliteLoader } from '../workers/formats/opencode';
import { nodeSqlite } from '../workers/formats/opencode/sqlite-node';

// Every Node entry point (CLI, tests, benches) reads its inputs through here, so SQLite is wired once.
setSqliteLoader(nodeSqlite);

const CHUNK = 1 << 20;
/** The first read is small: format detection only wants the head of each file. */
const FIRST_CHUNK = 64 * 1024;
/** Folders under a Claude config dir that hold no session logs (file backups, externalized outputs). */
const SKIP_DIRS = new Set(['.git', 'node_modules', 'file-history', 'tool-results']);

export interface WalkResult {
	files: InputFile[];
	/** Inputs left out, with the reason (a missing path, an unreadable archive). */
	ignored: { path: string; reason: string }[];
}

/**
 * A pull stream over a file, up to the size it had when walked (a log still being appended reads as
 * that snapshot). Each chunk is a fresh Buffer, so the line splitter's indexOf is Node's memchr.
 */
export function fileStream(fsPath: string, size: number): ReadableStream<Uint8Array> {
	let fd: number | undefined;
	let pos = 0;
	const close = () => {
		if (fd !== undefined) closeSync(fd);
		fd = undefined;
	};
	return new ReadableStream<Uint8Array>(
		{
			pull(ctrl) {
				const want = Math.min(pos === 0 ? FIRST_CHUNK : CHUNK, size - pos);
				if (want <= 0) {
					close();
					ctrl.close();
					return;
				}
				fd ??= openSync(fsPath, 'r');
				const buf = Buffer.allocUnsafe(want);
				const got = readSync(fd, buf, 0, want, pos);
				if (got === 0) {
					close();
					ctrl.close();
					return;
				}
				pos += got;
				ctrl.enqueue(got < want ? buf.subarray(0, got) : buf);
			},
			cancel: close
		},
		{ highWaterMark: 0 }
	);
}

export function nodeInputFile(fsPath: string, path: string, size: number): InputFile {
	return { path, size, stream: () => fileStream(fsPath, size) };
}

/** By content, not name: the four bytes every zip starts with. */
function isZip(fsPath: string): boolean {
	const head = Buffer.alloc(4);
	const fd = openSync(fsPath, 'r');
	try {
		return readSync(fd, head, 0, 4, 0) === 4 && looksLikeZip(head);
	} finally {
		closeSync(fd);
	}
}

function toPosix(p: string): string {
	return p.replace(/\\/g, '/');
}

function statOrUndefined(p: string): Stats | undefined {
	try {
		return statSync(p);
	} catch {
		return undefined;
	}
}

/** Files and directories (walked recursively, in name order) to InputFiles named as the user wrote them. */
export async function collectInputFiles(paths: string[]): Promise<WalkResult> {
	const result: WalkResult = { files: [], ignored: [] };
	const zips: { fsPath: string; path: string }[] = [];
	const add = (fsPath: string, size: number) => {
		const path = toPosix(fsPath);
		if (isZip(fsPath)) zips.push({ fsPath, path });
		else result.files.push(nodeInputFile(fsPath, path, size));
	};
	const walk = (dir: string) => {
		const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const e of entries) {
			const p = join(dir, e.name);
			if (e.isDirectory()) {
				if (!SKIP_DIRS.has(e.name)) walk(p);
			} else if (e.isFile() || e.isSymbolicLink()) {
				const st = statOrUndefined(p);
				if (st?.isFile()) add(p, st.size);
			}
		}
	};
	for (const p of paths) {
		const st = statOrUndefined(p);
		if (!st) result.ignored.push({ path: toPosix(p), reason: 'no such file or directory' });
		else if (st.isDirectory()) walk(p);
		else add(p, st.size);
	}
	// Archives are read the way the browser reads them: lazily, one entry stream at a time.
	for (const z of zips) {
		try {
			for (const e of await readZip(await openAsBlob(z.fsPath), z.path)) {
				result.files.push({ path: `${z.path}/${e.path}`, size: e.size, stream: e.stream });
			}
		} catch (err) {
			result.ignored.push({ path: z.path, reason: err instanceof Error ? err.message : String(err) });
		}
	}
	return result;
}
