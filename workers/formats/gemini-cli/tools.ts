// Gemini CLI tool calls: normalized kinds, paths, summaries, outcomes, line counts from the diffs
// its edit tools put in `resultDisplay`, and commits seen in shell output.

import type { ToolKind, ToolOutcome } from '../../../src/lib/model';
import { lineHash } from '../../../src/lib/analysis/line-hash';
import { count as num, countContent, str, summaryOf, type LineCounts } from '../common';
export { countContent, type LineCounts };

// Built-in tool names across versions (`search_file_content` became `grep_search`; `hashline_edit`
// and `smart_edit` are edit variants). MCP and discovered tools fall through to 'other'.
const KINDS: Record<string, ToolKind> = {
	replace: 'edit',
	edit: 'edit',
	smart_edit: 'edit',
	hashline_edit: 'edit',
	write_file: 'write',
	read_file: 'read',
	read_many_files: 'read',
	run_shell_command: 'shell',
	glob: 'search',
	grep_search: 'search',
	search_file_content: 'search',
	grep: 'search',
	list_directory: 'search',
	ls: 'search',
	web_fetch: 'web',
	google_web_search: 'web',
	codebase_investigator: 'task',
	delegate_to_agent: 'task'
};

export function toolKind(name: string): ToolKind {
	return KINDS[name] ?? 'other';
}

/**
 * Scheduler status → outcome. `cancelled` is what a declined confirmation (or an interrupt) leaves,
 * so it counts as rejected; the transient states (scheduled, validating, awaiting_approval,
 * executing) mean the call never finished in this log.
 */
export function toolOutcome(status: unknown): ToolOutcome {
	switch (status) {
		case 'success':
			return 'ok';
		case 'error':
			return 'error';
		case 'cancelled':
		case 'canceled':
			return 'rejected';
		default:
			return 'pending';
	}
}

export function toolPaths(args: Record<string, unknown>): string[] {
	const p = str(args.file_path) ?? str(args.absolute_path) ?? str(args.path) ?? str(args.dir_path);
	if (p) return [p];
	if (Array.isArray(args.paths)) return args.paths.filter((x): x is string => typeof x === 'string' && x !== '').slice(0, 50);
	return [];
}

const SUMMARY_KEYS = ['command', 'pattern', 'file_path', 'absolute_path', 'path', 'dir_path', 'url', 'query', 'prompt', 'description'];

export function toolSummary(args: Record<string, unknown>): string | undefined {
	return summaryOf(args, SUMMARY_KEYS);
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/**
 * Lines added and removed by a unified diff. Hunk headers give how many old and new lines follow,
 * so a content line that happens to start with `---` or `+++` is not mistaken for a file header.
 */
export function countUnifiedDiff(diff: string): LineCounts {
	const r: LineCounts = { added: 0, removed: 0, hashes: [] };
	let oldLeft = 0;
	let newLeft = 0;
	let pos = 0;
	while (pos <= diff.length) {
		let nl = diff.indexOf('\n', pos);
		if (nl < 0) nl = diff.length;
		let line = diff.slice(pos, nl);
		pos = nl + 1;
		if (line.endsWith('\r')) line = line.slice(0, -1);
		if (oldLeft > 0 || newLeft > 0) {
			const c = line.charCodeAt(0);
			if (c === 43 && newLeft > 0) {
				r.added++;
				r.hashes.push(lineHash(line.slice(1)));
				newLeft--;
			} else if (c === 45 && oldLeft > 0) {
				r.removed++;
				oldLeft--;
			} else if (c === 92) {
				// "\ No newline at end of file"
			} else {
				oldLeft--;
				newLeft--;
			}
			continue;
		}
		const m = HUNK.exec(line);
		if (m) {
			oldLeft = m[1] === undefined ? 1 : Number(m[1]);
			newLeft = m[2] === undefined ? 1 : Number(m[2]);
		}
	}
	return r;
}

export interface EditDetail {
	counts?: LineCounts;
	userModified?: boolean;
}

/**
 * Line counts of an edit/write from its `resultDisplay` FileDiff: the unified diff when present,
 * else a new file's content, else the `diffStat` numbers (no hashes then).
 */
export function editDetail(display: unknown): EditDetail {
	if (typeof display !== 'object' || display === null) return {};
	const d = display as Record<string, unknown>;
	const out: EditDetail = {};
	const stat = typeof d.diffStat === 'object' && d.diffStat !== null ? (d.diffStat as Record<string, unknown>) : undefined;
	if (stat) out.userModified = num(stat.user_added_lines) + num(stat.user_removed_lines) > 0;
	if (typeof d.fileDiff === 'string' && d.fileDiff !== '') out.counts = countUnifiedDiff(d.fileDiff);
	else if (d.isNewFile === true && typeof d.newContent === 'string') out.counts = countContent(d.newContent);
	else if (stat) out.counts = { added: num(stat.model_added_lines), removed: num(stat.model_removed_lines), hashes: [] };
	return out;
}

/** The path a FileDiff names, for edits whose args lack one. */
export function displayPath(display: unknown): string | undefined {
	if (typeof display !== 'object' || display === null) return undefined;
	const d = display as Record<string, unknown>;
	return str(d.filePath) ?? str(d.fileName);
}

export { isGitCommit, parseCommits } from '../shell-commits';

/** The text a tool result carries: string parts, functionResponse outputs, and a string resultDisplay. */
export function resultText(result: unknown, display: unknown): string {
	const parts: string[] = [];
	const visit = (v: unknown, depth: number) => {
		if (depth > 4 || v === null || v === undefined) return;
		if (typeof v === 'string') parts.push(v);
		else if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
		else if (typeof v === 'object') {
			const o = v as Record<string, unknown>;
			if (typeof o.text === 'string') parts.push(o.text);
			const fr = o.functionResponse;
			if (typeof fr === 'object' && fr !== null) {
				const resp = (fr as Record<string, unknown>).response;
				if (typeof resp === 'object' && resp !== null) {
					const r = resp as Record<string, unknown>;
					visit(r.output ?? r.llmContent ?? r.error, depth + 1);
				}
			}
		}
	};
	visit(result, 0);
	if (typeof display === 'string') parts.push(display);
	return parts.join('\n');
}
