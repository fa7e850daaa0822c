// Every agent marker of the reference (shared/reference/git-durability.md §5) is found, with the rule
// that matched; ordinary commits have none.

import { describe, expect, it } from 'vitest';
import type { GitPerson } from '../../src/lib/model/git';
import { findAgentMarkers, revertOf } from '../../workers/git/markers';

const person = (name: string, email: string): GitPerson => ({ name, email, at: 0, tz: '+0000', tzMinutes: 0 });
const ada = person('Ada', 'ada@example.com');
const ids = (msg: string, author = ada, committer = ada) => findAgentMarkers(msg, author, committer).map((m) => m.marker);

describe('agent markers', () => {
	const cases: [string, string, GitPerson?, GitPerson?][] = [
		['claude-code/co-authored-by', 'Fix\n\nCo-Authored-By: Claude <noreply@anthropic.com>'],
		['claude-code/co-authored-by', 'Fix\n\nco-authored-by: Claude Opus 4.6 (1M context) <noreply@anthropic.com>'],
		['claude-code/generated-with', 'Fix\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)'],
		['claude-code/generated-with', 'Fix\n\n🤖 Generated with [Claude Code](https://claude.ai/code)'],
		['claude-code/session-trailer', 'Fix\n\nClaude-Session: https://claude.ai/code/session_01ABC'],
		['claude-code/session-link', 'Fix\n\nhttps://claude.ai/code/session_01XYZ'],
		['claude-code/bot', 'Fix', person('claude[bot]', '209825114+claude[bot]@users.noreply.github.com')],
		['opencode/generated-with', 'Fix\n\n🤖 Generated with [opencode](https://opencode.ai)'],
		['opencode/co-authored-by', 'Fix\n\nCo-Authored-By: opencode <noreply@opencode.ai>'],
		['codex/co-authored-by', 'Fix\n\nCo-authored-by: Codex <noreply@openai.com>'],
		['codex/co-authored-by', 'Fix\n\nCo-authored-by: Codex <codex@openai.com>'],
		['codex/task-link', 'Fix\n\nhttps://chatgpt.com/codex/tasks/task_e_abc123'],
		['codex/bot', 'Fix', person('chatgpt-codex-connector[bot]', '199175422+chatgpt-codex-connector[bot]@users.noreply.github.com')],
		['aider/author-suffix', 'Fix', person('Ada (aider)', 'ada@example.com')],
		['aider/committer-suffix', 'Fix', ada, person('Ada (aider)', 'ada@example.com')],
		['aider/message-prefix', 'aider: fix the parser'],
		['aider/co-authored-by', 'Fix\n\nCo-authored-by: aider (anthropic/claude-sonnet-4) <aider@aider.chat>'],
		['aider/co-authored-by', 'Fix\n\nCo-authored-by: aider (gpt-4o) <noreply@aider.dev>'],
		['copilot/swe-agent-author', 'Initial plan', person('copilot-swe-agent[bot]', '198982749+Copilot@users.noreply.github.com')],
		['copilot/swe-agent-co-author', 'Fix (#12)\n\nCo-authored-by: copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>'],
		['copilot/agent-logs-url', 'Fix\n\nAgent-Logs-Url: https://github.com/o/r/sessions/1b2c'],
		['copilot/co-authored-by', 'Fix\n\nCo-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>'],
		['copilot/co-authored-by', 'Fix\n\nCo-authored-by: Copilot Autofix powered by AI <175728472+Copilot@users.noreply.github.com>'],
		['cursor/co-authored-by', 'Fix\n\nCo-authored-by: Cursor <cursoragent@cursor.com>'],
		['cursor/made-with', 'Fix\n\nMade-with: Cursor'],
		['cursor/agent-author', 'Fix', person('Cursor Agent', 'cursoragent@cursor.com')],
		['devin/author', 'Fix', person('Devin AI', '158243242+devin-ai-integration[bot]@users.noreply.github.com')],
		['jules/author', 'Fix', person('google-labs-jules[bot]', '161369871+google-labs-jules[bot]@users.noreply.github.com')],
		['amp/co-authored-by', 'Fix\n\nCo-authored-by: Amp <amp@ampcode.com>'],
		['amp/thread-id', 'Fix\n\nAmp-Thread-ID: https://ampcode.com/threads/T-1234'],
		['crush/generated-with', 'Fix\n\n💘 Generated with Crush'],
		['crush/co-authored-by', 'Fix\n\nCo-Authored-By: Crush <crush@charm.land>'],
		['replit/commit-author', 'Fix\n\nReplit-Commit-Author: Agent'],
		['generic/assisted-by', 'Fix\n\nAssisted-by: SomeTool'],
		['generic/entire-session', 'Fix\n\nEntire-Session: abc']
	];
	for (const [id, msg, author, committer] of cases) {
		it(`${id}: ${msg.split('\n').pop()!.slice(0, 60)}${author ? ` (${author.name})` : ''}`, () => {
			expect(ids(msg, author ?? ada, committer ?? ada)).toContain(id);
		});
	}
	it('extracts models and session links', () => {
		const m = findAgentMarkers('x\n\nCo-Authored-By: Claude Sonnet 4.6 <noreply@anthropic.com>\nClaude-Session: https://claude.ai/code/session_9', ada, ada);
		expect(m.find((x) => x.marker === 'claude-code/co-authored-by')?.model).toBe('Sonnet 4.6');
		expect(m.find((x) => x.marker === 'claude-code/session-trailer')?.session).toBe('https://claude.ai/code/session_9');
		expect(findAgentMarkers('x\n\nCo-authored-by: aider (gpt-5) <aider@aider.chat>', ada, ada)[0].model).toBe('gpt-5');
	});
	it('finds nothing in ordinary commits', () => {
		expect(ids('Fix the parser\n\nCo-authored-by: Bob <bob@example.com>\nSigned-off-by: Ada <ada@example.com>')).toEqual([]);
	});
	it('detects reverts', () => {
		expect(revertOf('Revert "x"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.')).toEqual({ revert: true, sha: '0123456789abcdef0123456789abcdef01234567' });
		expect(revertOf('Revert "x"')).toEqual({ revert: true });
		expect(revertOf('Fix')).toEqual({ revert: false });
	});
});
