// Codex's apply_patch envelope, and the per-file changes of its patch_apply_end events.
//
//   *** Begin Patch
//   *** Add File: path        every following line is `+content`
//   *** Update File: path     optionally `*** Move to: new path`, then `@@ …` hunks of ' ', '-', '+' lines
//   *** Delete File: path     no content lines: what was deleted is only in patch_apply_end
//   *** End Patch

import { lineHash } from '../../../src/lib/analysis/line-hash';
import type { LineCounts } from '../common';
export type { LineCounts };

export type PatchOp = 'add' | 'update' | 'delete';

export interface PatchFile {
	op: PatchOp;
	path: string;
	movePath?: string;
	added: number;
	removed: number;
	/** lineHash of every added line, in order. */
	hashes: string[];
}

const BEGIN = '*** Begin Patch';
const END = '*** End Patch';

/** The patch text inside `s` (a tool input, or a shell script with a heredoc), or undefined. */
export function extractPatch(s: string): string | undefined {
	const b = s.indexOf(BEGIN);
	if (b < 0) return undefined;
	const e = s.indexOf(END, b);
	return e < 0 ? s.slice(b) : s.slice(b, e + END.length);
}

/** Files of an apply_patch text, with lines added and removed; undefined when it holds no patch. */
export function parseApplyPatch(text: string): PatchFile[] | undefined {
	const patch = extractPatch(text);
	if (patch === undefined) return undefined;
	const files: PatchFile[] = [];
	let cur: PatchFile | undefined;
	for (let line of patch.split('\n')) {
		if (line.endsWith('\r')) line = line.slice(0, -1);
		if (line.startsWith('*** ')) {
			let m: RegExpExecArray | null;
			if ((m = /^\*\*\* (Add|Update|Delete) File: (.+)$/.exec(line))) {
				const op = m[1] === 'Add' ? 'add' : m[1] === 'Update' ? 'update' : 'delete';
				cur = { op, path: m[2].trim(), added: 0, removed: 0, hashes: [] };
				files.push(cur);
				continue;
			}
			if ((m = /^\*\*\* Move to: (.+)$/.exec(line))) {
				if (cur) cur.movePath = m[1].trim();
				continue;
			}
			// *** Begin Patch, *** End Patch, *** End of File
			if (line === BEGIN || line === END || line === '*** End of File') continue;
		}
		if (!cur || cur.op === 'delete') continue;
		const c = line.charCodeAt(0);
		if (c === 43) {
			cur.added++;
			cur.hashes.push(lineHash(line.slice(1)));
		} else if (c === 45 && cur.op === 'update') cur.removed++;
	}
	return files;
}

/** Lines of a file's whole content (a final newline does not start a line). */
export function contentLines(content: string): string[] {
	if (content === '') return [];
	const lines = content.split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	return lines;
}

/** Added and removed lines of a unified diff's hunks (file headers before the first @@ are skipped). */
export function countUnifiedDiff(diff: string): LineCounts {
	const r: LineCounts = { added: 0, removed: 0, hashes: [] };
	let inHunk = false;
	for (const line of diff.split('\n')) {
		if (line.startsWith('@@')) {
			inHunk = true;
			continue;
		}
		if (!inHunk) continue;
		const c = line.charCodeAt(0);
		if (c === 43) {
			r.added++;
			r.hashes.push(lineHash(line.slice(1)));
		} else if (c === 45) r.removed++;
	}
	return r;
}

export interface FileChange {
	path: string;
	op: PatchOp;
	movePath?: string;
	/** Whole content of an added or deleted file. */
	content?: string;
	unifiedDiff?: string;
}

/**
 * The `changes` map of patch_apply_end (and paginated FileChange items): path → change, written
 * internally tagged (`{"type":"update","unified_diff":…}`) or, by older builds, externally tagged
 * (`{"update":{"unified_diff":…}}`).
 */
export function readChanges(changes: unknown): FileChange[] {
	if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) return [];
	const out: FileChange[] = [];
	for (const [path, raw] of Object.entries(changes as Record<string, unknown>)) {
		if (typeof raw !== 'object' || raw === null) continue;
		let r = raw as Record<string, unknown>;
		let type = typeof r.type === 'string' ? r.type : undefined;
		if (type === undefined) {
			for (const k of ['add', 'update', 'delete']) {
				if (typeof r[k] === 'object' && r[k] !== null) {
					type = k;
					r = r[k] as Record<string, unknown>;
					break;
				}
			}
		}
		if (type !== 'add' && type !== 'update' && type !== 'delete') continue;
		const c: FileChange = { path, op: type };
		if (typeof r.content === 'string') c.content = r.content;
		if (typeof r.unified_diff === 'string') c.unifiedDiff = r.unified_diff;
		if (typeof r.move_path === 'string' && r.move_path) c.movePath = r.move_path;
		out.push(c);
	}
	return out;
}

/** Line counts of one logged change. */
export function countChange(c: FileChange): LineCounts {
	if (c.op === 'update') return c.unifiedDiff !== undefined ? countUnifiedDiff(c.unifiedDiff) : { added: 0, removed: 0, hashes: [] };
	const lines = contentLines(c.content ?? '');
	if (c.op === 'delete') return { added: 0, removed: lines.length, hashes: [] };
	return { added: lines.length, removed: 0, hashes: lines.map(lineHash) };
}
