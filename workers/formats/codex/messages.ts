// Message text: what a human typed versus context Codex injects as user messages.
import type { Obj } from '../common';

/**
 * Context Codex sends as a user message: `<environment_context>`, `<user_instructions>`, the
 * AGENTS.md block (`# AGENTS.md instructions for …`), `<user_shell_command>`, `<turn_aborted>` and
 * other single tagged blocks. These are not prompts: they are dropped as turns.
 */
export function isInjected(text: string): boolean {
	const t = text.trimStart();
	if (t.startsWith('# AGENTS.md instructions for') || t.startsWith('<INSTRUCTIONS>')) return true;
	const m = /^<([a-zA-Z_][\w-]*)(?:\s[^>]*)?>/.exec(t);
	if (!m) return false;
	return t.trimEnd().endsWith(`</${m[1]}>`);
}

/** The working directory an `<environment_context>` block names (the bare era logs it nowhere else). */
export function envCwd(text: string): string | undefined {
	if (!text.includes('<environment_context>')) return undefined;
	const m = /<cwd>([^<]+)<\/cwd>/.exec(text);
	return m ? m[1].trim() : undefined;
}

/** Text parts of a response-item message's `content` (input_text / output_text / text). */
export function contentParts(content: unknown): string[] {
	if (typeof content === 'string') return [content];
	if (!Array.isArray(content)) return [];
	const out: string[] = [];
	for (const c of content) {
		if (c && typeof c === 'object' && typeof (c as Obj).text === 'string') out.push((c as Obj).text as string);
	}
	return out;
}

const IDE_REQUEST = '## My request for Codex:';

export const TITLE_MAX = 100;

/** First non-empty line of the prompt (after an IDE context preamble), at most 100 characters. */
export function titleOf(prompt: string): string | undefined {
	const i = prompt.indexOf(IDE_REQUEST);
	const body = i >= 0 ? prompt.slice(i + IDE_REQUEST.length) : prompt;
	for (const raw of body.split('\n')) {
		const line = raw.trim();
		if (line) return line.length > TITLE_MAX ? line.slice(0, TITLE_MAX - 1) + '…' : line;
	}
	return undefined;
}

/** Two channels (response items, events) carry the same message; treat near-identical texts as one. */
export function sameText(a: string, b: string): boolean {
	const x = a.trim();
	const y = b.trim();
	if (x === y) return true;
	return x.length > 0 && y.length > 0 && (x.includes(y) || y.includes(x));
}
