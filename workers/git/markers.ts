// Agent markers in commits (reference: shared/reference/git-durability.md §5). Each rule has a stable
// id, and every match is recorded with the rule that matched and the text it matched. Matching is
// case-insensitive. The whole message is scanned, not only the final trailer block: footers are not
// trailers, and squash merges carry several commits' trailers in one body.

import type { AgentMarker, AgentSignalKind, GitPerson } from '../../src/lib/model/git';

interface Rule {
	id: string;
	agent: string;
	kind: AgentSignalKind;
	/** Tested against each message line (trailer, footer, subject, link kinds) or `name <email>` (author, committer). */
	re: RegExp;
	/** Which capture group holds a model name or a session link/id. */
	model?: number;
	session?: number;
	/** Only the subject line (first line) is tested. */
	subjectOnly?: boolean;
}

const T = (key: string) => `^\\s*${key}\\s*:\\s*`;
const CO = T('co-authored-by');

export const MARKER_RULES: readonly Rule[] = [
	// Claude Code
	{ id: 'claude-code/co-authored-by', agent: 'claude-code', kind: 'trailer', re: new RegExp(`${CO}(claude(?:\\s+([^<]*?))?)\\s*<noreply@anthropic\\.com>`, 'i'), model: 2 },
	{ id: 'claude-code/generated-with', agent: 'claude-code', kind: 'footer', re: /generated with \[claude code\]\((?:https?:\/\/)?(?:claude\.com\/claude-code|claude\.ai\/code)[^)]*\)/i },
	{ id: 'claude-code/session-trailer', agent: 'claude-code', kind: 'link', re: new RegExp(`${T('claude-session')}(\\S+)`, 'i'), session: 1 },
	{ id: 'claude-code/session-link', agent: 'claude-code', kind: 'link', re: /^\s*(https:\/\/claude\.ai\/code\/session_[A-Za-z0-9_-]+)\s*$/i, session: 1 },
	{ id: 'claude-code/bot', agent: 'claude-code', kind: 'author', re: /(?:^|<)[^<]*\b(?:claude|claude-code-action|anthropic-claude)\[bot\]/i },
	// OpenCode
	{ id: 'opencode/generated-with', agent: 'opencode', kind: 'footer', re: /generated with \[opencode\]\(https:\/\/opencode\.ai\)/i },
	{ id: 'opencode/co-authored-by', agent: 'opencode', kind: 'trailer', re: new RegExp(`${CO}opencode\\s*<noreply@opencode\\.ai>`, 'i') },
	// OpenAI Codex
	{ id: 'codex/co-authored-by', agent: 'codex', kind: 'trailer', re: new RegExp(`${CO}codex\\s*<(?:noreply@openai\\.com|codex@openai\\.com|codex@example\\.com)>`, 'i') },
	{ id: 'codex/task-link', agent: 'codex', kind: 'link', re: /(https:\/\/chatgpt\.com\/codex\/tasks\/task_[A-Za-z0-9_]+)/i, session: 1 },
	{ id: 'codex/bot', agent: 'codex', kind: 'author', re: /\b(?:chatgpt-codex-connector|openai-codex)\[bot\]/i },
	{ id: 'codex/identity', agent: 'codex', kind: 'author', re: /<codex@(?:openai\.com|example\.com)>/i },
	// Aider: three eras — author-name suffix, `aider: ` message prefix, co-authored-by trailer
	{ id: 'aider/author-suffix', agent: 'aider', kind: 'author', re: /\(aider\)\s*</i },
	{ id: 'aider/committer-suffix', agent: 'aider', kind: 'committer', re: /\(aider\)\s*</i },
	{ id: 'aider/message-prefix', agent: 'aider', kind: 'subject', re: /^aider: /i, subjectOnly: true },
	{ id: 'aider/co-authored-by', agent: 'aider', kind: 'trailer', re: new RegExp(`${CO}aider(?:\\s*\\(([^)]*)\\))?\\s*<(?:aider@aider\\.chat|noreply@aider\\.chat|noreply@aider\\.dev)>`, 'i'), model: 1 },
	// GitHub Copilot: coding agent, VS Code/CLI, review suggestions and Autofix
	{ id: 'copilot/swe-agent-author', agent: 'copilot', kind: 'author', re: /copilot-swe-agent\[bot\]|<198982749\+copilot@users\.noreply\.github\.com>/i },
	{ id: 'copilot/swe-agent-co-author', agent: 'copilot', kind: 'trailer', re: new RegExp(`${CO}.*<198982749\\+copilot@users\\.noreply\\.github\\.com>`, 'i') },
	{ id: 'copilot/agent-logs-url', agent: 'copilot', kind: 'link', re: new RegExp(`${T('agent-logs-url')}(\\S+)`, 'i'), session: 1 },
	{ id: 'copilot/co-authored-by', agent: 'copilot', kind: 'trailer', re: new RegExp(`${CO}copilot[^<]*<(?:\\d+\\+copilot@users\\.noreply\\.github\\.com|copilot@github\\.com)>`, 'i') },
	// Cursor
	{ id: 'cursor/co-authored-by', agent: 'cursor', kind: 'trailer', re: new RegExp(`${CO}cursor[^<]*<cursoragent@cursor\\.com>`, 'i') },
	{ id: 'cursor/made-with', agent: 'cursor', kind: 'trailer', re: new RegExp(`${T('made-with')}cursor\\b`, 'i') },
	{ id: 'cursor/agent-author', agent: 'cursor', kind: 'author', re: /<cursoragent@cursor\.com>|\bcursor\[bot\]/i },
	{ id: 'cursor/agent-link', agent: 'cursor', kind: 'link', re: /(cursor\.com\/agents\/bc-[A-Za-z0-9-]+)/i, session: 1 },
	// Devin
	{ id: 'devin/author', agent: 'devin', kind: 'author', re: /devin-ai-integration\[bot\]/i },
	{ id: 'devin/co-authored-by', agent: 'devin', kind: 'trailer', re: new RegExp(`${CO}.*devin-ai-integration\\[bot\\]`, 'i') },
	// Jules
	{ id: 'jules/author', agent: 'jules', kind: 'author', re: /google-labs-jules\[bot\]/i },
	{ id: 'jules/co-authored-by', agent: 'jules', kind: 'trailer', re: new RegExp(`${CO}.*google-labs-jules\\[bot\\]`, 'i') },
	// Amp
	{ id: 'amp/co-authored-by', agent: 'amp', kind: 'trailer', re: new RegExp(`${CO}amp\\s*<amp@ampcode\\.com>`, 'i') },
	{ id: 'amp/thread-id', agent: 'amp', kind: 'link', re: new RegExp(`${T('amp-thread-id')}(\\S+)`, 'i'), session: 1 },
	// Crush
	{ id: 'crush/generated-with', agent: 'crush', kind: 'footer', re: /(?:💘|💖)\s*generated with crush/i },
	{ id: 'crush/co-authored-by', agent: 'crush', kind: 'trailer', re: new RegExp(`${CO}(?:charm\\s+)?crush\\s*<crush@charm\\.land>`, 'i') },
	// Replit Agent
	{ id: 'replit/commit-author', agent: 'replit', kind: 'trailer', re: new RegExp(`${T('replit-commit-author')}agent\\b`, 'i') },
	{ id: 'replit/session-id', agent: 'replit', kind: 'link', re: new RegExp(`${T('replit-commit-session-id')}(\\S+)`, 'i'), session: 1 },
	// Generic disclosure trailers
	{ id: 'generic/assisted-by', agent: 'generic', kind: 'trailer', re: new RegExp(`${T('assisted-by')}(.+)`, 'i') },
	{ id: 'generic/generated-by', agent: 'generic', kind: 'trailer', re: new RegExp(`${T('generated-by')}(.+)`, 'i') },
	{ id: 'generic/entire-session', agent: 'generic', kind: 'link', re: new RegExp(`${T('entire-session')}(\\S+)`, 'i'), session: 1 }
];

const cap = (s: string) => (s.length > 200 ? s.slice(0, 200) + '…' : s);

/** Every agent marker in a commit, in rule order, each with the rule that matched. */
export function findAgentMarkers(message: string, author: GitPerson, committer: GitPerson): AgentMarker[] {
	const lines = message.split('\n');
	const subject = lines.find((l) => l.trim() !== '') ?? '';
	const who = { author: `${author.name} <${author.email}>`, committer: `${committer.name} <${committer.email}>` };
	const out: AgentMarker[] = [];
	const seen = new Set<string>();
	for (const r of MARKER_RULES) {
		const targets = r.kind === 'author' ? [who.author] : r.kind === 'committer' ? [who.committer] : r.subjectOnly ? [subject] : lines;
		for (const t of targets) {
			const m = r.re.exec(t);
			if (!m) continue;
			const key = r.id + '\0' + m[0];
			if (seen.has(key)) continue;
			seen.add(key);
			const mk: AgentMarker = { agent: r.agent, marker: r.id, kind: r.kind, text: cap(t.trim()) };
			const model = r.model ? m[r.model]?.trim() : undefined;
			if (model) mk.model = model;
			const session = r.session ? m[r.session]?.trim() : undefined;
			if (session) mk.session = session;
			out.push(mk);
		}
	}
	return out;
}

/** `Revert "…"` subjects and `This reverts commit <sha>.` lines: the reverted sha when given. */
export function revertOf(message: string): { revert: boolean; sha?: string } {
	const m = /This reverts commit ([0-9a-f]{7,64})/i.exec(message);
	if (m) return { revert: true, sha: m[1].toLowerCase() };
	const subject = message.split('\n', 1)[0] ?? '';
	if (/^Revert "/.test(subject)) return { revert: true };
	return { revert: false };
}
