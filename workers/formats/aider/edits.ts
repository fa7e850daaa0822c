// Edit blocks in aider's assistant text, so an `Applied edit to <path>` line can be given line counts.
//
// Heuristic, documented in the README:
// - SEARCH/REPLACE blocks (`<<<<<<< SEARCH` … `=======` … `>>>>>>> REPLACE`) belong to the file named
//   on the last non-blank, non-fence line before the block (a line without spaces, with `#`, `*`,
//   `:` and backticks stripped); a block with no such line reuses the previous block's file.
// - `udiff` edits (a ```diff fence with `--- a` / `+++ b` headers and `@@` hunks) are read the same
//   way: context and `-` lines are the SEARCH side, context and `+` lines the REPLACE side.
// - Per block, added = REPLACE lines not in SEARCH and removed = SEARCH lines not in REPLACE, as
//   multisets of lines (trailing whitespace ignored) rather than a positional diff: a moved line
//   counts as unchanged. addedLineHashes are the hashes of the added lines.
// - Whole-file edits carry no old text, so they get no counts.

import { lineHash, normalizeLine } from '../../../src/lib/analysis/line-hash';
import type { LineCounts } from '../common';
export type { LineCounts };

interface Block {
	/** Normalized path (see normPath). */
	file?: string;
	search: string[];
	replace: string[];
}

// aider ≤ 0.1x wrote ORIGINAL/UPDATED where later versions write SEARCH/REPLACE.
const SEARCH = /^<{5,9} (?:SEARCH|ORIGINAL)>?\s*$/;
const DIVIDER = /^={5,9}\s*$/;
const REPLACE = /^>{5,9} (?:REPLACE|UPDATED)\s*$/;
const FENCE = /^\s*(?:```|~~~)/;
/** Lines kept across one response's blocks; past this, blocks are dropped (no counts, never wrong ones). */
const MAX_LINES = 200_000;

function cleanName(line: string): string | undefined {
	const s = line
		.trim()
		.replace(/^#+\s*/, '')
		.replace(/^[`*]+|[`*:]+$/g, '')
		.trim();
	return s && !/\s/.test(s) && s.length <= 1024 ? s : undefined;
}

function normPath(p: string): string {
	return p.replace(/\\/g, '/').replace(/^\.\//, '');
}

/** Both normalized: the same file, or one a suffix of the other at a path boundary. */
function samePath(x: string, y: string): boolean {
	return x === y || x.endsWith('/' + y) || y.endsWith('/' + x);
}

const LT = 60;
const EQ = 61;
const GT = 62;

/** Reads the assistant lines of one response and keeps its edit blocks until they are applied. */
export class EditBlocks {
	private blocks: Block[] = [];
	private state: 'text' | 'search' | 'replace' | 'udiff' = 'text';
	/** The last non-blank, non-fence text line, cleaned only when a block needs it. */
	private candidate: string | undefined;
	private lastFile: string | undefined;
	private cur: Block | undefined;
	private udiffFile: string | undefined;
	private pendingMinus: string | undefined;
	private kept = 0;
	private overflow = false;

	/** Forget every block (a new response, or a new prompt). */
	reset(): void {
		this.blocks = [];
		this.state = 'text';
		this.candidate = undefined;
		this.lastFile = undefined;
		this.cur = undefined;
		this.udiffFile = undefined;
		this.pendingMinus = undefined;
		this.kept = 0;
		this.overflow = false;
	}

	private push(side: string[], line: string): void {
		if (this.kept >= MAX_LINES) {
			this.overflow = true;
			return;
		}
		side.push(line);
		this.kept++;
	}

	line(line: string): void {
		switch (this.state) {
			case 'search':
				if (line.charCodeAt(0) === EQ && DIVIDER.test(line)) this.state = 'replace';
				else this.push(this.cur!.search, line);
				return;
			case 'replace':
				if (line.charCodeAt(0) === GT && REPLACE.test(line)) {
					if (!this.overflow) this.blocks.push(this.cur!);
					this.lastFile = this.cur!.file;
					this.cur = undefined;
					this.candidate = undefined;
					this.state = 'text';
				} else if ((line.charCodeAt(0) === EQ && DIVIDER.test(line)) || (line.charCodeAt(0) === LT && SEARCH.test(line))) {
					// A malformed block: drop it rather than guess.
					this.cur = undefined;
					this.state = 'text';
					if (SEARCH.test(line)) this.line(line);
				} else this.push(this.cur!.replace, line);
				return;
			case 'udiff':
				this.udiffLine(line);
				return;
		}
		const c = line.charCodeAt(0);
		if (c === LT && SEARCH.test(line)) {
			const named = this.candidate !== undefined ? cleanName(this.candidate) : undefined;
			this.cur = { file: named !== undefined ? normPath(named) : this.lastFile, search: [], replace: [] };
			this.state = 'search';
			return;
		}
		if ((c === 96 || c === 126 || c === 32) && FENCE.test(line)) {
			if (/^\s*```\s*diff\s*$/.test(line)) {
				this.state = 'udiff';
				this.udiffFile = undefined;
				this.cur = undefined;
			}
			return;
		}
		if (line.trim() !== '') this.candidate = line;
	}

	private udiffLine(line: string): void {
		if (this.pendingMinus !== undefined) {
			const minus = this.pendingMinus;
			this.pendingMinus = undefined;
			if (line.startsWith('+++ ')) {
				this.endHunk();
				const p = line.slice(4).trim().replace(/^b\//, '');
				this.udiffFile = normPath(p === '/dev/null' ? minus.slice(4).trim().replace(/^a\//, '') : p);
				return;
			}
			// Not a header after all: a removed line that starts with "--".
			if (this.cur) this.push(this.cur.search, minus.slice(1));
		}
		if (FENCE.test(line)) {
			this.endHunk();
			this.state = 'text';
			this.candidate = undefined;
			return;
		}
		if (line.startsWith('--- ')) {
			this.pendingMinus = line;
			return;
		}
		if (line.startsWith('@@')) {
			this.endHunk();
			this.cur = { file: this.udiffFile ?? this.lastFile, search: [], replace: [] };
			return;
		}
		if (!this.cur) return;
		const c = line.charCodeAt(0);
		if (c === 45) this.push(this.cur.search, line.slice(1));
		else if (c === 43) this.push(this.cur.replace, line.slice(1));
		else {
			const ctx = c === 32 ? line.slice(1) : line;
			this.push(this.cur.search, ctx);
			this.push(this.cur.replace, ctx);
		}
	}

	private endHunk(): void {
		if (this.cur && !this.overflow) {
			this.blocks.push(this.cur);
			this.lastFile = this.cur.file;
		}
		this.cur = undefined;
	}

	/** The counts of every complete block for `path`, which are then used up; undefined if none. */
	take(path: string): LineCounts | undefined {
		if (this.state === 'udiff') this.endHunk();
		let r: LineCounts | undefined;
		const rest: Block[] = [];
		const want = normPath(path);
		for (const b of this.blocks) {
			if (b.file === undefined || !samePath(b.file, want)) {
				rest.push(b);
				continue;
			}
			r ??= { added: 0, removed: 0, hashes: [] };
			const old = new Map<string, number>();
			for (const s of b.search) {
				const k = normalizeLine(s);
				old.set(k, (old.get(k) ?? 0) + 1);
			}
			for (const l of b.replace) {
				const k = normalizeLine(l);
				const left = old.get(k) ?? 0;
				if (left > 0) old.set(k, left - 1);
				else {
					r.added++;
					r.hashes.push(lineHash(l));
				}
			}
			for (const v of old.values()) r.removed += v;
		}
		this.blocks = rest;
		return r;
	}
}
