// Content-first sniffing: Claude Code lines are JSON objects with a `type` from a known set and,
// on conversation lines, a `sessionId`. File names are only used for the subagent .meta.json files.

const KNOWN_TYPES = new Set([
	'user',
	'assistant',
	'system',
	'summary',
	'progress',
	'attachment',
	'file-history-snapshot',
	'queue-operation',
	'pr-link',
	'custom-title',
	'ai-title',
	'agent-name',
	'last-prompt',
	'permission-mode',
	'agent-setting',
	'bridge-session',
	'worktree-state'
]);

const MAX_LINES = 20;

export function isClaudeMetaPath(path: string): boolean {
	return /(^|[\\/])agent-[^\\/]+\.meta\.json$/.test(path);
}

function looksLikeClaude(rec: Record<string, unknown>): boolean {
	const type = rec.type as string;
	if (type === 'summary') return typeof rec.leafUuid === 'string';
	if (type === 'file-history-snapshot') return typeof rec.snapshot === 'object';
	if (!KNOWN_TYPES.has(type) || typeof rec.sessionId !== 'string') return false;
	if (type === 'user' || type === 'assistant') return typeof rec.uuid === 'string' && typeof rec.message === 'object';
	return true;
}

export function detect(head: string, path: string): boolean {
	if (isClaudeMetaPath(path)) {
		try {
			const o = JSON.parse(head) as unknown;
			return typeof o === 'object' && o !== null && !Array.isArray(o) && ('agentType' in o || 'spawnDepth' in o);
		} catch {
			return false;
		}
	}
	const start = head.charCodeAt(0) === 0xfeff ? 1 : 0;
	let pos = start;
	let seen = 0;
	let claudeLike = 0;
	// false: rules the file out; true: judged; undefined: ignored (malformed, or cut off by the head).
	const judge = (line: string): boolean | undefined => {
		let o: unknown;
		try {
			o = JSON.parse(line);
		} catch {
			return undefined;
		}
		if (typeof o !== 'object' || o === null || Array.isArray(o)) return undefined;
		const rec = o as Record<string, unknown>;
		if (typeof rec.type !== 'string') return false;
		seen++;
		if (looksLikeClaude(rec)) claudeLike++;
		return true;
	};
	while (pos < head.length && seen < MAX_LINES) {
		const nl = head.indexOf('\n', pos);
		const line = (nl < 0 ? head.slice(pos) : head.slice(pos, nl)).trim();
		pos = nl < 0 ? head.length : nl + 1;
		if (line && judge(line) === false) return false;
		if (claudeLike > 0) return true;
	}
	if (seen > 0) return claudeLike > 0;
	// A first line longer than the head: fall back to its opening fields.
	const first = head.slice(start, start + 4096);
	return (
		first.startsWith('{') &&
		/"sessionId":"[^"]+"/.test(head) &&
		/"type":"(user|assistant|system|progress|queue-operation|attachment)"/.test(head)
	);
}
