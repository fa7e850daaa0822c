// A partial reader for tool-result lines, the bulk of a session file's bytes (file contents, command
// output — often twice, in `message.content` and in `toolUseResult`). Most results only need their
// tool_use_id, is_error and the start of their text, so instead of JSON.parse this walks the line's
// structure, skipping over values without building them, and stops once it has `message` and
// `timestamp`. Results that need more (an edit's patch, a commit's stdout) get only those members of
// `toolUseResult` parsed, never the file contents beside them. Anything unexpected (string content,
// content arrays, odd syntax) returns undefined and the caller parses the line with JSON.parse.

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const HEAD_BYTES = 400;

export interface ScannedResult {
	toolUseId: string;
	isError: boolean;
	/** The first bytes of the result text, still JSON-escaped. */
	head: string;
	/** Where the whole result text (a JSON string) lies in the line. */
	textStart: number;
	textEnd: number;
}

export interface ScannedResults {
	results: ScannedResult[];
	timestamp?: string;
	sessionId?: string;
	version?: string;
	cwd?: string;
	gitBranch?: string;
	permissionMode?: string;
	isSidechain?: boolean;
	/** The members of `toolUseResult` a caller asked for (see TOOL_USE_RESULT_KEYS), or its string. */
	toolUseResult?: unknown;
}

/** The `toolUseResult` members the parser uses; the rest (file contents, old/new strings) is skipped. */
const TOOL_USE_RESULT_KEYS = ['structuredPatch', 'userModified', 'type', 'content', 'stdout', 'filePath'];

const decoder = new TextDecoder();

function isWs(c: number): boolean {
	return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The next quote at or after `j`: a plain loop for short distances, indexOf (memchr in Node) beyond. */
function findQuote(buf: Uint8Array, j: number, end: number): number {
	const lim = j + 48 < end ? j + 48 : end;
	for (; j < lim; j++) if (buf[j] === QUOTE) return j;
	return j < end ? buf.indexOf(QUOTE, j) : -1;
}

/** Index just past the string starting at `i` (a quote), or -1. */
function skipString(buf: Uint8Array, i: number, end: number): number {
	let j = i + 1;
	for (;;) {
		const q = findQuote(buf, j, end);
		if (q < 0 || q >= end) return -1;
		let k = q - 1;
		while (buf[k] === BACKSLASH) k--;
		if (((q - 1 - k) & 1) === 0) return q + 1;
		j = q + 1;
	}
}

/** Index just past the value starting at `i`, or -1. */
function skipValue(buf: Uint8Array, i: number, end: number): number {
	const c = buf[i];
	if (c === QUOTE) return skipString(buf, i, end);
	if (c === LBRACE || c === LBRACKET) {
		let depth = 0;
		while (i < end) {
			const b = buf[i];
			if (b === QUOTE) {
				i = skipString(buf, i, end);
				if (i < 0) return -1;
				continue;
			}
			if (b === LBRACE || b === LBRACKET) depth++;
			else if (b === RBRACE || b === RBRACKET) {
				depth--;
				if (depth === 0) return i + 1;
			}
			i++;
		}
		return -1;
	}
	while (i < end) {
		const b = buf[i];
		if (b === COMMA || b === RBRACE || b === RBRACKET || isWs(b)) return i;
		i++;
	}
	return i;
}

function skipWs(buf: Uint8Array, i: number, end: number): number {
	while (i < end && isWs(buf[i])) i++;
	return i;
}

function keyIs(buf: Uint8Array, s: number, e: number, key: string): boolean {
	if (e - s !== key.length) return false;
	for (let k = 0; k < key.length; k++) if (buf[s + k] !== key.charCodeAt(k)) return false;
	return true;
}

/** A string value (unescaped if it has escapes), or undefined. */
function plainString(buf: Uint8Array, i: number, end: number): string | undefined {
	const e = skipString(buf, i, end);
	if (e < 0) return undefined;
	for (let k = i + 1; k < e - 1; k++) if (buf[k] === BACKSLASH) return JSON.parse(decoder.decode(buf.subarray(i, e))) as string;
	return decoder.decode(buf.subarray(i + 1, e - 1));
}

/**
 * Iterates the members of the object at `i` (a `{`), calling `member(keyStart, keyEnd, valueStart)`,
 * which returns the index after the value, or -1 to give up, or -2 to stop early with success.
 */
function members(
	buf: Uint8Array,
	i: number,
	end: number,
	member: (ks: number, ke: number, v: number) => number
): number {
	if (buf[i] !== LBRACE) return -1;
	i = skipWs(buf, i + 1, end);
	if (buf[i] === RBRACE) return i + 1;
	for (;;) {
		if (buf[i] !== QUOTE) return -1;
		const ke = skipString(buf, i, end);
		if (ke < 0) return -1;
		let v = skipWs(buf, ke, end);
		if (buf[v] !== COLON) return -1;
		v = skipWs(buf, v + 1, end);
		const after = member(i + 1, ke - 1, v);
		if (after < 0) return after;
		i = skipWs(buf, after, end);
		if (buf[i] === COMMA) i = skipWs(buf, i + 1, end);
		else if (buf[i] === RBRACE) return i + 1;
		else return -1;
	}
}

function scanBlock(buf: Uint8Array, i: number, end: number, out: ScannedResult[]): number {
	let id: string | undefined;
	let type: string | undefined;
	let isError = false;
	let head: string | undefined;
	let textStart = 0;
	let textEnd = 0;
	const after = members(buf, i, end, (ks, ke, v) => {
		if (keyIs(buf, ks, ke, 'tool_use_id')) {
			id = plainString(buf, v, end);
			return id === undefined ? -1 : skipString(buf, v, end);
		}
		if (keyIs(buf, ks, ke, 'type')) {
			type = plainString(buf, v, end);
			return type === undefined ? -1 : skipString(buf, v, end);
		}
		if (keyIs(buf, ks, ke, 'is_error')) {
			isError = buf[v] === 116; // true
			return skipValue(buf, v, end);
		}
		if (keyIs(buf, ks, ke, 'content')) {
			if (buf[v] !== QUOTE) return -1; // text blocks, images: leave to the full parser
			const e = skipString(buf, v, end);
			if (e < 0) return -1;
			head = decoder.decode(buf.subarray(v + 1, Math.min(e - 1, v + 1 + HEAD_BYTES)));
			textStart = v;
			textEnd = e;
			return e;
		}
		return skipValue(buf, v, end);
	});
	if (after < 0 || type !== 'tool_result' || id === undefined) return -1;
	out.push({ toolUseId: id, isError, head: head ?? '', textStart, textEnd });
	return after;
}

function scanContent(buf: Uint8Array, i: number, end: number, out: ScannedResult[]): number {
	if (buf[i] !== LBRACKET) return -1;
	i = skipWs(buf, i + 1, end);
	if (buf[i] === RBRACKET) return i + 1;
	for (;;) {
		i = scanBlock(buf, i, end, out);
		if (i < 0) return -1;
		i = skipWs(buf, i, end);
		if (buf[i] === COMMA) i = skipWs(buf, i + 1, end);
		else if (buf[i] === RBRACKET) return i + 1;
		else return -1;
	}
}

/** A JSON value in the line, parsed on its own. */
export function parseSlice(buf: Uint8Array, start: number, end: number): unknown {
	return JSON.parse(decoder.decode(buf.subarray(start, end)));
}


function readToolUseResult(buf: Uint8Array, v: number, end: number): { value: unknown; after: number } | undefined {
	if (buf[v] !== LBRACE) {
		const after = skipValue(buf, v, end);
		return after < 0 ? undefined : { value: parseSlice(buf, v, after), after };
	}
	const value: Record<string, unknown> = {};
	const after = members(buf, v, end, (ks, ke, mv) => {
		const e = skipValue(buf, mv, end);
		if (e < 0) return -1;
		for (const k of TOOL_USE_RESULT_KEYS) if (keyIs(buf, ks, ke, k)) value[k] = parseSlice(buf, mv, e);
		return e;
	});
	return after < 0 ? undefined : { value, after };
}

/**
 * The tool results of a `type: "user"` line, or undefined when the line needs a real parse.
 * `wantDetail` is asked once the results are known; when it says yes, `toolUseResult` is read too.
 */
export function scanToolResults(
	buf: Uint8Array,
	start: number,
	end: number,
	wantDetail: (results: ScannedResult[]) => boolean
): ScannedResults | undefined {
	const res: ScannedResults = { results: [] };
	let haveMessage = false;
	let detail = false;
	let haveDetail = false;
	const stringField = (v: number, set: (s: string) => void): number => {
		if (buf[v] !== QUOTE) return skipValue(buf, v, end);
		const s = plainString(buf, v, end);
		if (s === undefined) return -1;
		set(s);
		return skipString(buf, v, end);
	};
	const r = members(buf, skipWs(buf, start, end), end, (ks, ke, v) => {
		let after: number;
		if (keyIs(buf, ks, ke, 'message')) {
			after = members(buf, v, end, (mks, mke, mv) =>
				keyIs(buf, mks, mke, 'content') ? scanContent(buf, mv, end, res.results) : skipValue(buf, mv, end)
			);
			haveMessage = after >= 0 && res.results.length > 0;
			if (!haveMessage) return -1;
			detail = wantDetail(res.results);
		} else if (keyIs(buf, ks, ke, 'toolUseResult')) {
			const tur = readToolUseResult(buf, v, end);
			if (!tur) return -1;
			res.toolUseResult = tur.value;
			haveDetail = true;
			after = tur.after;
		} else if (keyIs(buf, ks, ke, 'timestamp')) after = stringField(v, (s) => (res.timestamp = s));
		else if (keyIs(buf, ks, ke, 'sessionId')) after = stringField(v, (s) => (res.sessionId = s));
		else if (keyIs(buf, ks, ke, 'version')) after = stringField(v, (s) => (res.version = s));
		else if (keyIs(buf, ks, ke, 'cwd')) after = stringField(v, (s) => (res.cwd = s));
		else if (keyIs(buf, ks, ke, 'gitBranch')) after = stringField(v, (s) => (res.gitBranch = s));
		else if (keyIs(buf, ks, ke, 'permissionMode')) after = stringField(v, (s) => (res.permissionMode = s));
		else if (keyIs(buf, ks, ke, 'isSidechain')) {
			res.isSidechain = buf[v] === 116;
			after = skipValue(buf, v, end);
		} else after = skipValue(buf, v, end);
		// Everything needed is in hand: the rest (often toolUseResult, as large again) is not read.
		if (after >= 0 && haveMessage && res.timestamp !== undefined && (!detail || haveDetail)) return -2;
		return after;
	});
	if (r === -1 || !haveMessage) return undefined;
	return res;
}
