// The small pure pieces of the Codex parser: apply_patch and diff counting, tool output reading,
// commit lines, path resolution and cumulative token deltas.
import { describe, expect, it } from 'vitest';
import { lineHash } from '../../src/lib/analysis/line-hash';
import { countChange, countUnifiedDiff, extractPatch, parseApplyPatch, readChanges } from '../../workers/formats/codex/patch';
import { isGitCommit, isRejected, parseCommits, patchOfShell, readOutput, resolvePath, shellCommand, toolKind } from '../../workers/formats/codex/tools';
import { CumulativeUsage, toTokens, type Usage } from '../../workers/formats/codex/tokens';
import { isInjected, titleOf } from '../../workers/formats/codex/messages';

describe('apply_patch', () => {
	const patch = [
		'*** Begin Patch',
		'*** Add File: docs/new.md',
		'+# New',
		'+',
		'+text  ',
		'*** Update File: src/a.ts',
		'*** Move to: src/b.ts',
		'@@ export function f() {',
		' \tconst x = 1;',
		'-\treturn x;',
		'+\treturn x + 1;',
		'@@',
		'-// old',
		'*** End of File',
		'*** Delete File: src/gone.ts',
		'*** End Patch'
	].join('\n');

	it('counts added and removed lines per file and hashes every added line', () => {
		expect(parseApplyPatch(patch)).toEqual([
			{ op: 'add', path: 'docs/new.md', added: 3, removed: 0, hashes: [lineHash('# New'), lineHash(''), lineHash('text')] },
			{ op: 'update', path: 'src/a.ts', movePath: 'src/b.ts', added: 1, removed: 2, hashes: [lineHash('\treturn x + 1;')] },
			{ op: 'delete', path: 'src/gone.ts', added: 0, removed: 0, hashes: [] }
		]);
	});

	it('finds the patch inside a heredoc and with CRLF line ends; a text without one is not a patch', () => {
		const crlf = '*** Begin Patch\r\n*** Update File: x\r\n@@\r\n-a\r\n+b\r\n*** End Patch\r\n';
		expect(parseApplyPatch(`cd app && apply_patch <<'EOF'\n${crlf}EOF`)).toEqual([{ op: 'update', path: 'x', added: 1, removed: 1, hashes: [lineHash('b')] }]);
		expect(extractPatch('echo hi')).toBeUndefined();
		expect(parseApplyPatch('no patch here')).toBeUndefined();
	});

	it('counts unified diffs after their first hunk header, and logged changes in either tagging', () => {
		expect(countUnifiedDiff('--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n ctx\n-old\n+new\n+more\n')).toEqual({ added: 2, removed: 1, hashes: [lineHash('new'), lineHash('more')] });
		const changes = readChanges({
			'/w/a.ts': { type: 'update', unified_diff: '@@ -1 +1 @@\n-a\n+b\n', move_path: '/w/c.ts' },
			'/w/n.ts': { add: { content: 'one\ntwo\n' } },
			'/w/d.ts': { delete: { content: 'x\ny\nz' } },
			'/w/bad.ts': { type: 'rename' }
		});
		expect(changes).toEqual([
			{ path: '/w/a.ts', op: 'update', unifiedDiff: '@@ -1 +1 @@\n-a\n+b\n', movePath: '/w/c.ts' },
			{ path: '/w/n.ts', op: 'add', content: 'one\ntwo\n' },
			{ path: '/w/d.ts', op: 'delete', content: 'x\ny\nz' }
		]);
		expect(changes.map((c) => [countChange(c).added, countChange(c).removed])).toEqual([
			[1, 1],
			[2, 0],
			[0, 3]
		]);
	});
});

describe('tool calls', () => {
	it('maps tool names to kinds', () => {
		expect(['shell', 'shell_command', 'exec_command', 'local_shell', 'apply_patch', 'read_file', 'view_image', 'grep_files', 'web_search', 'spawn_agent', 'update_plan', 'mcp__fs__read_file'].map(toolKind)).toEqual([
			'shell',
			'shell',
			'shell',
			'shell',
			'edit',
			'read',
			'read',
			'search',
			'web',
			'task',
			'other',
			'other'
		]);
	});

	it('reads shell commands in argv and string form, and recognises apply_patch run through a shell', () => {
		expect(shellCommand({ command: ['bash', '-lc', 'npm test'], workdir: '/w' })).toEqual({ text: 'npm test', argv: ['bash', '-lc', 'npm test'], workdir: '/w' });
		expect(shellCommand({ command: ['git', 'status'] })?.text).toBe('git status');
		expect(shellCommand({ cmd: 'ls -la' })?.text).toBe('ls -la');
		expect(shellCommand({ command: ['pwsh', '-Command', 'dir'] })?.text).toBe('dir');
		expect(shellCommand({})).toBeUndefined();
		const p = '*** Begin Patch\n*** Add File: a\n+x\n*** End Patch';
		expect(patchOfShell(shellCommand({ command: ['apply_patch', p] })!)).toBe(p);
		expect(patchOfShell(shellCommand({ command: `apply_patch <<'EOF'\n${p}\nEOF` })!)).toBe(p);
		expect(patchOfShell(shellCommand({ command: 'grep apply_patch src' })!)).toBeUndefined();
	});

	it('reads outputs: structured JSON strings, Exit code lines, unified exec, content arrays, success flags', () => {
		expect(readOutput('{"output":"ok\\n","metadata":{"exit_code":3,"duration_seconds":0.1}}')).toEqual({ text: 'ok\n', exitCode: 3 });
		expect(readOutput('Exit code: 0\nWall time: 1 seconds\nOutput:\nfine')).toEqual({ text: 'Exit code: 0\nWall time: 1 seconds\nOutput:\nfine', exitCode: 0 });
		expect(readOutput('Chunk ID: 9\nWall time: 2.0 seconds\nProcess exited with code 7\nOutput:\n').exitCode).toBe(7);
		expect(readOutput('{not json').text).toBe('{not json');
		expect(readOutput([{ type: 'input_text', text: 'a' }, { type: 'input_text', text: 'b' }])).toEqual({ text: 'a\nb', exitCode: undefined });
		expect(readOutput({ content: 'nope', success: false })).toEqual({ text: 'nope', exitCode: undefined, failed: true });
		// A later line that merely says "Exit code:" is command output, not the status.
		expect(readOutput('ok\n'.repeat(100) + 'Exit code: 1').exitCode).toBeUndefined();
	});

	it('recognises rejections only at the start of the output', () => {
		expect(isRejected('exec command rejected by user')).toBe(true);
		expect(isRejected('patch rejected by user')).toBe(true);
		expect(isRejected('This action was rejected due to unacceptable risk. Reason: x')).toBe(true);
		expect(isRejected('Exit code: 0\nOutput:\ngrep: "exec command rejected by user" found')).toBe(false);
	});

	it('finds git commits in commands and [branch sha] lines in their output', () => {
		expect(['git commit -m x', 'git -C /w commit -am x', 'git -c user.name=a commit', 'cd w && git commit --amend'].map(isGitCommit)).toEqual([true, true, true, true]);
		expect(['git log', 'git commit-tree abc', 'git status'].map(isGitCommit)).toEqual([false, false, false]);
		expect(parseCommits('[main 1a2b3c4] First\n[feat/x (root-commit) 89abcdef] Root\n[detached HEAD 0000fff] Loose\n', 5)).toEqual([
			{ sha: '1a2b3c4', branch: 'main', subject: 'First', at: 5, evidence: 'shell-output' },
			{ sha: '89abcdef', branch: 'feat/x', subject: 'Root', at: 5, evidence: 'shell-output' },
			{ sha: '0000fff', subject: 'Loose', at: 5, evidence: 'shell-output' }
		]);
	});

	it('resolves relative paths against the working directory, POSIX and Windows', () => {
		expect(resolvePath('/w/app', 'src/./a.ts')).toBe('/w/app/src/a.ts');
		expect(resolvePath('/w/app/', '../lib/b.ts')).toBe('/w/lib/b.ts');
		expect(resolvePath('/w', '/abs/c.ts')).toBe('/abs/c.ts');
		expect(resolvePath('C:\\w\\app', 'src\\d.ts')).toBe('C:\\w\\app\\src\\d.ts');
		expect(resolvePath(undefined, 'e.ts')).toBe('e.ts');
	});
});

describe('cumulative token totals', () => {
	const u = (input: number, cached: number, output: number, reasoning: number): Usage => ({ input, cached, output, reasoning });

	it('hands out deltas, nothing for a repeat, everything after a restart, and counts from a baseline', () => {
		const c = new CumulativeUsage();
		expect(c.advance(u(10, 4, 2, 1))).toEqual(u(10, 4, 2, 1));
		expect(c.advance(u(10, 4, 2, 1))).toBeUndefined();
		expect(c.advance(u(15, 4, 3, 1))).toEqual(u(5, 0, 1, 0));
		expect(c.advance(u(6, 6, 0, 0))).toEqual(u(6, 6, 0, 0));
		expect(c.resets).toBe(1);
		c.baseline(u(100, 50, 10, 5));
		expect(c.advance(u(120, 60, 12, 5))).toEqual(u(20, 10, 2, 0));
	});

	it('splits cached input out of input', () => {
		expect(toTokens(u(120, 100, 30, 12))).toEqual({ input: 20, output: 30, cacheRead: 100, cacheWrite: 0, reasoning: 12 });
		expect(toTokens(u(5, 9, 0, 0)).input).toBe(0);
	});
});

describe('messages', () => {
	it('tells injected context from prompts', () => {
		expect(isInjected('<environment_context>\n<cwd>/w</cwd>\n</environment_context>')).toBe(true);
		expect(isInjected('  <user_instructions>\nbe nice\n</user_instructions>\n')).toBe(true);
		expect(isInjected('# AGENTS.md instructions for /w\n\n<INSTRUCTIONS>\nx\n</INSTRUCTIONS>')).toBe(true);
		expect(isInjected('<b>bold</b> is not rendered, why?')).toBe(false);
		expect(isInjected('Fix <div> nesting')).toBe(false);
	});

	it('makes titles from the first non-empty line', () => {
		expect(titleOf('\n  \n  Hello there  \nmore')).toBe('Hello there');
		expect(titleOf('   ')).toBeUndefined();
	});
});
