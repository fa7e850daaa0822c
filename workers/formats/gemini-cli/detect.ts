// Content-first sniffing of Gemini CLI chat recordings. Both eras start with the session metadata:
// the JSONL of ≥ 0.39 has it as line 1 (`{"sessionId":…,"projectHash":…,…}`), the single JSON
// document of ≤ 0.38 opens with the same keys (pretty-printed) before its `messages` array.
// Claude Code lines carry `sessionId` too, but never `projectHash`.

function isObj(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first non-empty line of a head, without a BOM. */
export function firstLine(head: string): string {
	let start = head.charCodeAt(0) === 0xfeff ? 1 : 0;
	for (;;) {
		const nl = head.indexOf('\n', start);
		const line = (nl < 0 ? head.slice(start) : head.slice(start, nl)).trim();
		if (line || nl < 0) return line;
		start = nl + 1;
	}
}

/** A metadata record: what line 1 of a JSONL recording holds. */
export function isMetadata(o: unknown): o is Record<string, unknown> {
	return isObj(o) && typeof o.sessionId === 'string' && typeof o.projectHash === 'string';
}

/** The first line parsed, when it is a complete JSON object (the JSONL era). */
export function parseFirstLine(head: string): Record<string, unknown> | undefined {
	const line = firstLine(head);
	if (!line.startsWith('{') || !line.endsWith('}')) return undefined;
	try {
		const o = JSON.parse(line) as unknown;
		return isObj(o) ? o : undefined;
	} catch {
		return undefined;
	}
}

const DOC_KEYS = /^\s*\{\s*"(?:sessionId|projectHash|startTime|lastUpdated|messages|summary|kind|directories)"\s*:/;

/** Looks like the opening of a ≤ 0.38 single-document recording (possibly cut off by the head). */
export function looksLikeDocument(head: string): boolean {
	const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
	if (!DOC_KEYS.test(text)) return false;
	const open = text.slice(0, 16 * 1024);
	return /"sessionId"\s*:\s*"/.test(open) && /"projectHash"\s*:\s*"/.test(open) && /"(?:messages|startTime)"\s*:/.test(open);
}

export function detect(head: string, _path: string): boolean {
	const first = parseFirstLine(head);
	if (first) return isMetadata(first);
	return looksLikeDocument(head);
}
