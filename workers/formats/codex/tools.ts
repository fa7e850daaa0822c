// Codex tool calls: names and kinds, shell commands in their several argument shapes, and what a
// tool's output says about how it went.

import type { ToolKind } from '../../../src/lib/model';
import { extractPatch } from './patch';
import type { Obj } from '../common';

const KINDS: Record<string, ToolKind> = {
	shell: 'shell',
	'container.exec': 'shell',
	container_exec: 'shell',
	local_shell: 'shell',
	shell_command: 'shell',
	exec_command: 'shell',
	write_stdin: 'shell',
	exec: 'shell',
	apply_patch: 'edit',
	read_file: 'read',
	view_image: 'read',
	list_dir: 'search',
	grep_files: 'search',
	web_search: 'web',
	spawn_agent: 'task'
};

/** Everything else (update_plan, MCP tools, collaboration tools, image generation) is `other`. */
export function toolKind(name: string): ToolKind {
	return KINDS[name] ?? 'other';
}

export const SUMMARY_MAX = 200;

export function cap(s: string, max = SUMMARY_MAX): string {
	return s.length > max ? s.slice(0, max) : s;
}

export interface ShellCommand {
	/** The script for `sh -c`/`bash -lc` argv, else the argv joined by spaces. */
	text: string;
	argv?: string[];
	workdir?: string;
}

const SHELLS = /(?:^|\/)(?:ba|z|da|k|fi)?sh(?:\.exe)?$|(?:^|[\\/])(?:pwsh|powershell)(?:\.exe)?$/i;

function argvText(argv: string[]): string {
	if (argv.length >= 3 && SHELLS.test(argv[0]) && /^-\w*c$/.test(argv[1])) return argv.slice(2).join(' ');
	if (argv.length >= 3 && /^(?:pwsh|powershell)/i.test(argv[0]) && /^-command$/i.test(argv[1])) return argv.slice(2).join(' ');
	return argv.join(' ');
}

/** The command of a shell-like call: `command` (argv or string, shell/local_shell/shell_command) or `cmd` (exec_command). */
export function shellCommand(args: Obj): ShellCommand | undefined {
	const workdir = typeof args.workdir === 'string' ? args.workdir : typeof args.working_directory === 'string' ? args.working_directory : undefined;
	const c = args.command ?? args.cmd;
	if (Array.isArray(c) && c.every((x) => typeof x === 'string')) {
		const argv = c as string[];
		return { text: argvText(argv), argv, workdir };
	}
	if (typeof c === 'string') return { text: c, workdir };
	return undefined;
}

/** The patch when a shell call is really apply_patch (`["apply_patch", patch]`, or a heredoc script). */
export function patchOfShell(cmd: ShellCommand): string | undefined {
	const a = cmd.argv;
	if (a && a.length >= 2 && /^(?:apply_patch|applypatch)$/.test(a[0])) return extractPatch(a[1]) ?? a[1];
	if (/\bapply_?patch\b/.test(cmd.text)) return extractPatch(cmd.text);
	return undefined;
}

export interface OutputInfo {
	text: string;
	exitCode?: number;
	/** An explicit `success: false`. */
	failed?: boolean;
}

function contentText(v: unknown): string {
	if (typeof v === 'string') return v;
	if (!Array.isArray(v)) return '';
	const parts: string[] = [];
	for (const it of v) if (it && typeof it === 'object' && typeof (it as Obj).text === 'string') parts.push((it as Obj).text as string);
	return parts.join('\n');
}

function intOf(v: unknown): number | undefined {
	return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

const EXIT_CODE_LINE = /^\s*Exit code: (-?\d+)/;
const PROCESS_EXITED = /Process exited with code (-?\d+)/;

/**
 * A function_call_output / custom_tool_call_output `output`: a string (≤ 0.5x: a JSON string
 * `{"output":…,"metadata":{"exit_code":…}}`; later plain text starting `Exit code: N`, or unified
 * exec's `Process exited with code N`), an array of content items, or `{content, success}`.
 */
export function readOutput(output: unknown): OutputInfo {
	let text = '';
	let exitCode: number | undefined;
	let failed: boolean | undefined;
	if (typeof output === 'string') {
		text = output;
		if (output.charCodeAt(0) === 123 && output.includes('"output"')) {
			try {
				const o = JSON.parse(output) as unknown;
				if (o && typeof o === 'object' && typeof (o as Obj).output === 'string') {
					text = (o as Obj).output as string;
					const meta = (o as Obj).metadata;
					if (meta && typeof meta === 'object') exitCode = intOf((meta as Obj).exit_code);
				}
			} catch {
				// Not the structured form: plain text that happens to start with a brace.
			}
		}
	} else if (Array.isArray(output)) text = contentText(output);
	else if (output && typeof output === 'object') {
		const o = output as Obj;
		text = contentText(o.content ?? o.output ?? o.body);
		if (o.success === false) failed = true;
		exitCode = intOf(o.exit_code);
	}
	if (exitCode === undefined) {
		const m = EXIT_CODE_LINE.exec(text.length > 200 ? text.slice(0, 200) : text) ?? PROCESS_EXITED.exec(text.length > 600 ? text.slice(0, 600) : text);
		if (m) exitCode = Number(m[1]);
	}
	const info: OutputInfo = { text, exitCode };
	if (failed) info.failed = true;
	return info;
}

// How Codex words a denied approval: by the user, or by its guardian reviewer.
const REJECTED = /^\s*(?:exec command rejected by user|patch rejected by user|This action was rejected due to unacceptable risk)/;
// Tool failures Codex reports as plain text, without an exit code.
const FAILED = /^\s*(?:failed to parse function arguments|unsupported call|unknown tool|apply_patch verification failed|failed to apply patch|execution error|command timed out|sandbox error)/i;

export function isRejected(text: string): boolean {
	return REJECTED.test(text.length > 300 ? text.slice(0, 300) : text);
}

export function isFailureText(text: string): boolean {
	return FAILED.test(text.length > 300 ? text.slice(0, 300) : text);
}

export { isGitCommit, parseCommits } from '../shell-commits';

/** `rel` against `cwd` when it is relative (POSIX or Windows), with `./` and `..` folded. */
export function resolvePath(cwd: string | undefined, rel: string): string {
	if (!cwd || rel.startsWith('/') || /^[A-Za-z]:[\\/]/.test(rel) || rel.startsWith('\\\\')) return rel;
	const win = /^[A-Za-z]:[\\/]/.test(cwd) && !cwd.includes('/');
	const sep = win ? '\\' : '/';
	const parts = cwd.split(/[\\/]/);
	if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
	for (const p of rel.split(/[\\/]/)) {
		if (p === '' || p === '.') continue;
		if (p === '..') {
			if (parts.length > 1) parts.pop();
		} else parts.push(p);
	}
	return parts.join(sep) || sep;
}
