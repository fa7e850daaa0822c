// OpenCode tool parts: kinds, outcomes, paths, and the line counts of edits read from their diffs.
import type { ToolKind, ToolOutcome } from '../../../src/lib/model';
import { lineHash } from '../../../src/lib/analysis/line-hash';
// Same `git commit` output and new-file rules as the other harnesses: shared rather than duplicated.
import { isGitCommit, parseCommits } from '../shell-commits';
import { countContent, str, summaryOf, type LineCounts } from '../common';
export { countContent, isGitCommit, parseCommits, type LineCounts };

const KINDS: Record<string, ToolKind> = {
	edit: 'edit',
	multiedit: 'edit',
	patch: 'edit',
	apply_patch: 'edit',
	write: 'write',
	read: 'read',
	bash: 'shell',
	shell: 'shell',
	glob: 'search',
	grep: 'search',
	list: 'search',
	ls: 'search',
	codesearch: 'search',
	webfetch: 'web',
	websearch: 'web',
	task: 'task'
};

/** Built-in tool names (lowercase); anything else, MCP `<server>_<tool>` included, is `other`. */
export function toolKind(name: string): ToolKind {
	const n = name.toLowerCase();
	const k = KINDS[n];
	if (k) return k;
	if (n.startsWith('pty_')) return 'shell'; // pty_spawn, pty_write, pty_read…
	return 'other';
}

// PermissionRejectedError / PermissionCorrectedError ("…with the following feedback: …") and, older,
// "…You may try again with different parameters." all start the same. A rule configured to deny
// (PermissionDeniedError) is a standing "no" from the user, so it counts as rejected as well.
const REJECTED = /^\s*(?:Error:\s*)?(?:The user rejected permission to use this|The user has specified a rule which prevents you from using this)/;

/**
 * completed → ok (but a bash command that exited non-zero → error); error → rejected for permission
 * refusals, else error ("Tool execution aborted", an interrupted call, is an error); pending/running → pending.
 */
export function toolOutcome(status: unknown, error: unknown, exit: unknown): ToolOutcome {
	if (status === 'completed') return typeof exit === 'number' && exit !== 0 ? 'error' : 'ok';
	if (status === 'error') return typeof error === 'string' && REJECTED.test(error) ? 'rejected' : 'error';
	return 'pending';
}

const SUMMARY_KEYS = ['command', 'pattern', 'filePath', 'path', 'url', 'query', 'description', 'subagent_type'];

export function toolSummary(input: Record<string, unknown>): string | undefined {
	return summaryOf(input, SUMMARY_KEYS);
}

// `*** Add File: p`, `*** Update File: p`, `*** Delete File: p`, `*** Move to: p` in apply_patch input.
const PATCH_FILE = /^\*\*\* (?:Add File|Update File|Delete File|Move to): (.+)$/gm;

export function toolPaths(input: Record<string, unknown>, metadata: Record<string, unknown> | undefined): string[] {
	const p = str(input.filePath) ?? str(input.file_path) ?? str(input.path);
	if (p) return [p];
	const out: string[] = [];
	const files = metadata?.files;
	if (Array.isArray(files)) {
		for (const f of files) {
			if (typeof f === 'string') out.push(f);
			else if (f && typeof f === 'object') {
				const o = f as Record<string, unknown>;
				const fp = str(o.movePath) ?? str(o.filePath);
				if (fp) out.push(fp);
			}
		}
	}
	if (out.length === 0 && typeof input.patchText === 'string') for (const m of input.patchText.matchAll(PATCH_FILE)) out.push(m[1].trim());
	return [...new Set(out)];
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/** Parses a unified diff (one or several files) into its hunks' lines: '+' added, '-' removed. */
function diffLines(diff: string): { added: string[]; removed: number } {
	const added: string[] = [];
	let removed = 0;
	let oldLeft = 0;
	let newLeft = 0;
	for (const raw of diff.split('\n')) {
		const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
		if (oldLeft > 0 || newLeft > 0) {
			// Inside a hunk the counts from its header say where it ends, so a removed line that reads
			// "-- x" or an added "++ y" is never taken for a file header.
			const c = line.charCodeAt(0);
			if (c === 43) {
				added.push(line.slice(1));
				newLeft--;
			} else if (c === 45) {
				removed++;
				oldLeft--;
			} else if (c === 32 || line === '') {
				oldLeft--;
				newLeft--;
			} else if (c === 92) {
				// "\ No newline at end of file"
			} else {
				oldLeft = newLeft = 0;
			}
			continue;
		}
		const m = HUNK.exec(line);
		if (m) {
			oldLeft = m[1] === undefined ? 1 : Number(m[1]);
			newLeft = m[2] === undefined ? 1 : Number(m[2]);
		}
	}
	return { added, removed };
}

function isBlank(s: string): boolean {
	return s.trim() === '';
}

/**
 * OpenCode's `trimDiff` strips the indentation common to all lines of a diff before storing it
 * (edit/write `metadata.diff`, `filediff.patch`, apply_patch `files[].patch`), so an added line
 * `    return x` may be stored as `return x`. Line hashes must match the file as committed, so the
 * stripped width is recovered from text that holds the real lines (the edit's newString, the
 * written content): each candidate width w is scored by how many non-blank added lines are some
 * evidence line minus w leading whitespace characters, and the best wins (the smaller on a tie).
 * Matched lines are taken verbatim from the evidence; the others (say, a line that only partly
 * came from newString) get the stripped prefix seen on a matched line. Without evidence, or when
 * nothing matches, the lines are hashed as stored.
 */
function reindent(added: string[], evidence: string[] | undefined): string[] {
	if (!evidence || evidence.length === 0) return added;
	const lead = (l: string) => l.length - l.replace(/^[ \t]+/, '').length;
	// Evidence lines by their text without leading whitespace, with the indents they had.
	const byBody = new Map<string, string[]>();
	for (const e of evidence) {
		const line = e.endsWith('\r') ? e.slice(0, -1) : e;
		const n = lead(line);
		const body = line.slice(n);
		const indent = line.slice(0, n);
		const indents = byBody.get(body);
		if (!indents) byBody.set(body, [indent]);
		else if (!indents.includes(indent)) indents.push(indent);
	}
	const nonBlank = added.filter((l) => !isBlank(l));
	const widths = new Set<number>();
	for (const l of nonBlank) {
		const have = lead(l);
		for (const ind of byBody.get(l.slice(have)) ?? []) if (ind.length >= have) widths.add(ind.length - have);
	}
	const match = (l: string, w: number): string | undefined => {
		const have = lead(l);
		const prefix = l.slice(0, have);
		return (byBody.get(l.slice(have)) ?? []).find((ind) => ind.length === have + w && ind.endsWith(prefix));
	};
	let best = -1;
	let bestCount = 0;
	for (const w of [...widths].sort((a, b) => a - b)) {
		let count = 0;
		for (const l of nonBlank) if (match(l, w) !== undefined) count++;
		if (count > bestCount) {
			best = w;
			bestCount = count;
		}
	}
	if (best <= 0) return added;
	let stripped: string | undefined;
	const out = added.map((l) => {
		if (isBlank(l)) return l;
		const ind = match(l, best);
		if (ind === undefined) return l;
		stripped ??= ind.slice(0, best);
		return ind + l.slice(lead(l));
	});
	// Lines without evidence get the prefix trimDiff removed from every line.
	return stripped === undefined ? out : out.map((l, i) => (isBlank(l) || match(added[i], best) !== undefined ? l : stripped + l));
}

/** Lines added/removed by a unified diff, with hashes of the added lines (indentation restored, see reindent). */
export function countDiff(diff: string, evidence?: string[]): LineCounts {
	const { added, removed } = diffLines(diff);
	const lines = reindent(added, evidence);
	return { added: lines.length, removed, hashes: lines.map((l) => lineHash(l)) };
}

/** Lines of a text, as evidence for reindent. */
export function textLines(...texts: unknown[]): string[] {
	const out: string[] = [];
	for (const t of texts) if (typeof t === 'string' && t !== '') for (const l of t.split('\n')) out.push(l);
	return out;
}

/** The '+' lines of an apply_patch `patchText` (its own envelope format), as evidence. */
export function patchTextLines(patchText: unknown): string[] {
	if (typeof patchText !== 'string') return [];
	const out: string[] = [];
	for (const l of patchText.split('\n')) if (l.startsWith('+')) out.push(l.slice(1));
	return out;
}
