// Content-first sniffing of Codex CLI files:
// - wrapped rollouts (Sep 2025 →): every line `{"timestamp","type","payload"}` with a known type;
// - bare rollouts (≤ Sep 2025): first line `{"id","timestamp","instructions","git"}`, then bare
//   response items (`{"type":"message",…}`) and `{"record_type":"state"}` markers;
// - `session_index.jsonl` lines `{"id","thread_name","updated_at"}` (thread titles);
// - zstd-compressed rollouts (`rollout-*.jsonl.zst`), claimed only to say they must be decompressed.
import { isObj, type Obj } from '../common';

export const WRAPPED_TYPES = new Set(['session_meta', 'response_item', 'event_msg', 'turn_context', 'compacted']);
export const ITEM_TYPES = new Set([
	'message',
	'reasoning',
	'function_call',
	'function_call_output',
	'custom_tool_call',
	'custom_tool_call_output',
	'local_shell_call',
	'web_search_call',
	'image_generation_call',
	'tool_search_call',
	'tool_search_output',
	'ghost_snapshot',
	'compaction',
	'compaction_summary'
]);

/** zstd frame magic 28 B5 2F FD, as the head decodes it (the two high bytes become U+FFFD). */
export function isZstdHead(head: string): boolean {
	return head.charCodeAt(0) === 0x28 && head.charCodeAt(1) === 0xfffd && head.charCodeAt(2) === 0x2f && head.charCodeAt(3) === 0xfffd;
}

export type CodexFileKind = 'wrapped' | 'bare' | 'index';

/** What one complete first-lines object says about the file, or undefined when it is not Codex's. */
export function kindOfLine(o: Obj, first: boolean): CodexFileKind | undefined {
	if (typeof o.type === 'string' && WRAPPED_TYPES.has(o.type) && isObj(o.payload) && typeof o.timestamp === 'string') {
		// Codex always writes these two in session_meta; a bare {id, cwd} is someone else's file.
		if (o.type === 'session_meta') return typeof o.payload.cli_version === 'string' || typeof o.payload.originator === 'string' ? 'wrapped' : undefined;
		return 'wrapped';
	}
	if (first && typeof o.id === 'string' && typeof o.timestamp === 'string' && o.type === undefined && ('instructions' in o || 'git' in o))
		return 'bare';
	if (first && typeof o.id === 'string' && typeof o.thread_name === 'string') return 'index';
	return undefined;
}

export function detect(head: string, path: string): boolean {
	if (isZstdHead(head)) return /\.zst$/i.test(path);
	const start = head.charCodeAt(0) === 0xfeff ? 1 : 0;
	let pos = start;
	// The first non-empty line decides; a line cut off by the end of the head is judged by its opening.
	while (pos < head.length) {
		const nl = head.indexOf('\n', pos);
		const line = (nl < 0 ? head.slice(pos) : head.slice(pos, nl)).trim();
		pos = nl < 0 ? head.length : nl + 1;
		if (!line) continue;
		let o: unknown;
		try {
			o = JSON.parse(line);
		} catch {
			return nl < 0 && opensLikeCodex(line);
		}
		return isObj(o) && kindOfLine(o, true) !== undefined;
	}
	return false;
}

function opensLikeCodex(line: string): boolean {
	const first = line.slice(0, 4096);
	return (
		(/^\{"timestamp":"[^"]+","type":"(?:session_meta|response_item|event_msg|turn_context|compacted)","payload":\{/.test(first) &&
			(!first.includes('"type":"session_meta"') || /"(?:cli_version|originator)":"/.test(first))) ||
		/^\{"id":"[^"]+","timestamp":"[^"]+","instructions":/.test(first)
	);
}
