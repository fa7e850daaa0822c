import type { ToolKind } from '../../../src/lib/model';
import { lineHash } from '../../../src/lib/analysis/line-hash';
import { countContent, str, summaryOf, type LineCounts } from '../common';
export { countContent, type LineCounts };

const KINDS: Record<string, ToolKind> = {
	Edit: 'edit',
	MultiEdit: 'edit',
	NotebookEdit: 'edit',
	Write: 'write',
	Read: 'read',
	Bash: 'shell',
	BashOutput: 'shell',
	KillShell: 'shell',
	PowerShell: 'shell',
	Glob: 'search',
	Grep: 'search',
	LS: 'search',
	WebFetch: 'web',
	WebSearch: 'web',
	Task: 'task',
	Agent: 'task' // Task was renamed Agent in 2.1.63
};

export function toolKind(name: string): ToolKind {
	return KINDS[name] ?? 'other';
}

export function toolPaths(input: Record<string, unknown>): string[] {
	const p = str(input.file_path) ?? str(input.notebook_path) ?? str(input.path);
	return p ? [p] : [];
}

const SUMMARY_KEYS = ['command', 'pattern', 'file_path', 'notebook_path', 'path', 'url', 'query', 'description'];

export function toolSummary(input: Record<string, unknown>): string | undefined {
	return summaryOf(input, SUMMARY_KEYS);
}

export { isGitCommit, parseCommits } from '../shell-commits';

// Both wordings Claude Code uses when the user declines a tool call. Only the start of the result is
// looked at: a Read of a file that merely contains the sentence must not count as a rejection.
// The text may still be JSON-escaped (the partial scanner's head): none of these characters are.
const REJECTED = /the user doesn.t want to (?:proceed with this tool use|take this action)|tool use was rejected/i;
const ERROR_PREFIX = /^(?:\s|\\[nrt])*<tool_use_error>/;

export function isRejection(head: string): boolean {
	const h = head.length > 400 ? head.slice(0, 400) : head;
	return (h.includes('want to') || h.includes('rejected')) && REJECTED.test(h);
}

/** Claude Code wraps many tool failures in <tool_use_error>, sometimes without setting is_error. */
export function hasErrorPrefix(head: string): boolean {
	return head.includes('<tool_use_error>') && ERROR_PREFIX.test(head);
}

/** Lines added and removed by `structuredPatch` hunks (`lines` prefixed with '+', '-', ' '). */
export function countPatch(patch: unknown[]): LineCounts {
	const r: LineCounts = { added: 0, removed: 0, hashes: [] };
	for (const hunk of patch) {
		const lines = (hunk as { lines?: unknown } | null)?.lines;
		if (!Array.isArray(lines)) continue;
		for (const l of lines) {
			if (typeof l !== 'string' || l.length === 0) continue;
			const c = l.charCodeAt(0);
			if (c === 43) {
				r.added++;
				r.hashes.push(lineHash(l.slice(1)));
			} else if (c === 45) r.removed++;
		}
	}
	return r;
}

