// Content-first sniffing of OpenCode's files: the SQLite database (its header and schema text),
// `opencode export` output, and the JSON storage tree, where each file is recognised by its id
// prefix (ses_ / msg_ / prt_). File names are used only for the database's -wal/-shm companions
// (binary, no schema to look at) and for the storage tree's side files that hold nothing we read.

export type OpencodeKind = 'db' | 'wal' | 'shm' | 'export' | 'session' | 'message' | 'part' | 'side';

const SQLITE_MAGIC = 'SQLite format 3\u0000';
const DB_NAME = /^opencode(?:-[\w.-]+)?\.db$/i;
const WAL_NAME = /^opencode(?:-[\w.-]+)?\.db-wal$/i;
const SHM_NAME = /^opencode(?:-[\w.-]+)?\.db-shm$/i;
/** todo/<ses>.json, session_diff/<ses>.json, session_share/<ses>.json, permission/<project>.json, project/<id>.json */
const SIDE_PATH = /(?:^|[\\/])(?:(?:todo|session_diff|session_share)[\\/]ses_[A-Za-z0-9]+|permission[\\/](?:[0-9a-f]{40}|global)|project[\\/](?:[0-9a-f]{40}|global))\.json$/;
const PROJECT_ID = /^(?:[0-9a-f]{40}|global)$/;

export function baseName(path: string): string {
	const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
	return i < 0 ? path : path.slice(i + 1);
}

/** `opencode export` writes "Exporting session: …" to stderr; a capture with 2>&1 has it before the JSON. */
export function jsonStart(text: string): number {
	let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	for (let lines = 0; lines < 5; lines++) {
		while (i < text.length && /\s/.test(text[i])) i++;
		if (text[i] === '{' || text[i] === '[') return i;
		const nl = text.indexOf('\n', i);
		if (nl < 0 || nl - i > 300) return -1;
		i = nl + 1;
	}
	return -1;
}

function isObj(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function prefixed(v: unknown, prefix: string): boolean {
	return typeof v === 'string' && v.startsWith(prefix);
}

/** What a parsed JSON file is, or undefined when it is not OpenCode's. */
export function classifyJson(o: unknown, path: string): OpencodeKind | undefined {
	if (Array.isArray(o)) return SIDE_PATH.test(path) ? 'side' : undefined;
	if (!isObj(o)) return undefined;
	if (isObj(o.info) && prefixed(o.info.id, 'ses_') && Array.isArray(o.messages)) return 'export';
	if (prefixed(o.id, 'ses_') && (typeof o.projectID === 'string' || typeof o.directory === 'string')) return 'session';
	if (prefixed(o.id, 'msg_') && typeof o.sessionID === 'string' && typeof o.role === 'string') return 'message';
	if (prefixed(o.id, 'prt_') && typeof o.messageID === 'string' && typeof o.type === 'string') return 'part';
	if (typeof o.id === 'string' && PROJECT_ID.test(o.id) && typeof o.worktree === 'string') return 'side';
	if (SIDE_PATH.test(path)) return 'side';
	return undefined;
}

/** The same judgement from the opening of a file too large for its head to parse. */
function classifyHead(head: string, path: string): OpencodeKind | undefined {
	const start = head.slice(0, 400);
	if (/^\{\s*"info"\s*:\s*\{/.test(start) && /"id"\s*:\s*"ses_/.test(start)) return 'export';
	const id = /^\{\s*"id"\s*:\s*"(ses|msg|prt)_[A-Za-z0-9]+"/.exec(start);
	if (id?.[1] === 'ses' && /"(?:projectID|directory)"\s*:/.test(head)) return 'session';
	if (id?.[1] === 'msg' && /"sessionID"\s*:\s*"ses_/.test(head) && /"role"\s*:/.test(head)) return 'message';
	if (id?.[1] === 'prt' && /"messageID"\s*:\s*"msg_/.test(head) && /"type"\s*:/.test(head)) return 'part';
	if (/^\[/.test(start) && SIDE_PATH.test(path)) return 'side';
	return undefined;
}

export function detectKind(head: string, path: string): OpencodeKind | undefined {
	const base = baseName(path);
	if (head.startsWith(SQLITE_MAGIC)) {
		// The schema (sqlite_master) is on the first pages: drizzle writes CREATE TABLE `part` (…).
		const schema = /CREATE TABLE [`"']?part[`"']?\s*\(/.test(head) && /CREATE TABLE [`"']?message[`"']?\s*\(/.test(head) && head.includes('message_id');
		return schema || DB_NAME.test(base) ? 'db' : undefined;
	}
	// WAL magic 0x377f0682/3 (the last byte decodes to U+FFFD); an empty -wal is a checkpointed one.
	if (WAL_NAME.test(base)) return head === '' || head.startsWith('7\u007f\u0006') ? 'wal' : undefined;
	if (SHM_NAME.test(base)) return 'shm';
	const i = jsonStart(head);
	if (i < 0) return undefined;
	const text = i === 0 ? head : head.slice(i);
	try {
		return classifyJson(JSON.parse(text), path);
	} catch {
		return classifyHead(text, path);
	}
}

export function detect(head: string, path: string): boolean {
	return detectKind(head, path) !== undefined;
}
