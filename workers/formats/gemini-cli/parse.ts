import type { FileReport, InputFile, ParseResult, ParseSink } from '../types';
import {
	addCost,
	addTokens,
	totalTokens,
	type CommitRef,
	type Session,
	type Tokens,
	type ToolCall,
	type ToolKind,
	type ToolOutcome,
	type Turn
} from '../../../src/lib/model';
import { estimateCost } from '../../../src/lib/pricing';
import { rollUpSubagents } from '../../../src/lib/analysis/subagent-rollup';
import { DEFAULT_MAX_LINE_BYTES, readPrefix, splitLines } from '../../lines';
import { Fingerprint } from '../../fingerprint';
import { cachedHead } from '../../head-cache';
import { firstLine, isMetadata, looksLikeDocument, parseFirstLine } from './detect';
import { JsonDocScanner } from './json-doc';
import {
	displayPath,
	editDetail,
	isGitCommit,
	parseCommits,
	resultText,
	toolKind,
	toolOutcome,
	toolPaths,
	toolSummary,
	type LineCounts
} from './tools';
import { BATCH_ROWS, Batcher, byStart, capText, count as n, IDLE_CAP_MS, isObj, markTruncatedLast, jsonlRecord, parseTime, sessionOf, skipLine, str, TEXT_MAX, zeroCounts, type Obj, type SessionAcc } from '../common';

const PEEK_BYTES = 64 * 1024;
/** One message of a single-document recording may be this large; a larger one is skipped. */
export const MAX_MESSAGE_BYTES = DEFAULT_MAX_LINE_BYTES;
/** Top-level members other than `messages` (summary, directories…) are small; this is a guard. */
const MAX_MEMBER_BYTES = 1 << 20;
/**
 * Upserts and rewinds mean a session's turns are known only at the end of its file(s), so they are
 * buffered. The buffer holds compact rows (text capped at 8 KiB, no raw tool output), estimated at
 * this many bytes at most per session; messages past it are dropped with a warning.
 */
export const MAX_BUFFER_BYTES = 256 * 1024 * 1024;
/** Gemini CLI talks to Google's API only; the hint picks Google's price list. */
const PROVIDER = 'google';
const KNOWN_VERSIONS = 'v0.4–v0.56 (single JSON document ≤ 0.38, JSONL ≥ 0.39)';

/**
 * Gemini usage → canonical buckets. `input` (promptTokenCount) includes `cached`, so the uncached
 * part is input − cached. `tool` (toolUsePromptTokenCount) is prompt sent for built-in tool use,
 * which the API reports beside promptTokenCount rather than inside it, so it is added to input.
 * Thoughts are billed as output: output = output + thoughts, reasoning = thoughts.
 */
export function geminiTokens(t: Obj): Tokens {
	const input = n(t.input);
	const cached = n(t.cached);
	const thoughts = n(t.thoughts);
	return {
		input: Math.max(0, input - cached) + n(t.tool),
		output: n(t.output) + thoughts,
		cacheRead: cached,
		cacheWrite: 0,
		reasoning: thoughts
	};
}

/** Text of a PartListUnion (string, Part or Part[]), thought parts left out. */
function partsText(content: unknown): string {
	if (typeof content === 'string') return capText(content);
	const list = Array.isArray(content) ? content : isObj(content) ? [content] : [];
	let out = '';
	for (const p of list) {
		if (out.length >= TEXT_MAX) break;
		const t = typeof p === 'string' ? p : isObj(p) && p.thought !== true && typeof p.text === 'string' ? p.text : undefined;
		if (t) out = out ? out + '\n' + t : t;
	}
	return capText(out);
}

const KNOWN_TYPES = new Set(['user', 'gemini', 'info', 'error', 'warning']);

interface Call {
	id: string;
	name: string;
	kind: ToolKind;
	paths: string[];
	outcome: ToolOutcome;
	at?: number;
	summary?: string;
	counts?: LineCounts;
	userModified?: boolean;
	commits?: CommitRef[];
}

/** A message reduced to what the canonical rows need, so the buffer stays small. */
interface Msg {
	id: string;
	type: string;
	at?: number;
	model?: string;
	tokens?: Tokens;
	text: string;
	calls: Call[];
	/** Only ever seen inside a `$set.messages` list: made up by Gemini CLI (e.g. a compression summary). */
	synthetic: boolean;
	size: number;
}

interface Meta {
	sessionId?: string;
	projectHash?: string;
	startTime?: number;
	lastUpdated?: number;
	summary?: string;
	kind?: string;
}

interface Plan {
	file: InputFile;
	index: number;
	legacy: boolean;
	headSessionId?: string;
	parentNative?: string;
	/** `<project>` in `…/tmp/<project>/chats/…`: the slug (≥ 0.29) or the SHA-256 hash directory. */
	pathProject?: string;
	/** The folder holding the file, a subagent's parent id when `kind` says subagent. */
	dirName?: string;
	stem: string;
	key: string;
}

interface FileAcc {
	plan: Plan;
	report: FileReport;
	unknown: Set<string>;
	rewound: number;
	rewoundTokens: number;
	clearedByRewind: boolean;
	dropped: number;
	recordsSeen: boolean;
}

interface Group {
	key: string;
	plans: Plan[];
	msgs: Map<string, Msg>;
	meta: Meta;
	bytes: number;
	full: boolean;
}

interface SessAcc extends SessionAcc {
	paths: string[];
	title?: string;
	project?: string;
	responses: number;
}

function planFile(file: InputFile, index: number, head: string): Plan {
	const segs = file.path.replace(/\\/g, '/').split('/');
	const base = segs[segs.length - 1];
	const stem = base.replace(/\.jsonl?$/i, '');
	const chats = segs.lastIndexOf('chats');
	const plan: Plan = { file, index, legacy: false, stem, key: '' };
	if (chats > 0) plan.pathProject = segs[chats - 1];
	if (segs.length >= 2 && segs[segs.length - 2] !== 'chats') plan.dirName = segs[segs.length - 2];
	const first = parseFirstLine(head);
	let kind: string | undefined;
	if (first) {
		if (isMetadata(first)) {
			plan.headSessionId = first.sessionId as string;
			kind = str(first.kind);
		}
	} else if (looksLikeDocument(head) || firstLine(head) === '{' || /\.json$/i.test(base)) {
		plan.legacy = true;
		const m = /"sessionId"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(head.slice(0, 16 * 1024));
		if (m) {
			try {
				plan.headSessionId = JSON.parse(`"${m[1]}"`) as string;
			} catch {
				// left to the parse
			}
		}
		kind = /"kind"\s*:\s*"(\w+)"/.exec(head.slice(0, 16 * 1024))?.[1];
	}
	// Subagents live in `chats/<parentSessionId>/<sessionId>.jsonl` (≥ 0.39) with kind "subagent".
	if (plan.dirName && ((chats >= 0 && chats === segs.length - 3) || kind === 'subagent')) plan.parentNative = plan.dirName;
	plan.key = `${plan.parentNative ?? ''}/${plan.headSessionId ?? 'file:' + file.path}`;
	return plan;
}

async function headOf(file: InputFile): Promise<string> {
	try {
		const bytes = cachedHead(file) ?? (await readPrefix(file.stream(), PEEK_BYTES));
		return new TextDecoder().decode(bytes.subarray(0, PEEK_BYTES));
	} catch {
		return '';
	}
}

/**
 * Parses Gemini CLI chat recordings. Files of the same session (a ≤ 0.38 `.json` and the `.jsonl`
 * it was migrated to on resume) are read into one buffer, oldest era first, so upserts by message
 * id merge them; each session's rows are emitted when its last file ends.
 */
export async function parseGeminiCli(files: InputFile[], sink: ParseSink): Promise<ParseResult> {
	const decoder = new TextDecoder();
	const sessions = new Map<string, SessAcc>();
	const batches = new Batcher(sink);
	const flush = (force: boolean) => batches.flush(force);

	const plans: Plan[] = [];
	for (let i = 0; i < files.length; i++) plans.push(planFile(files[i], i, await headOf(files[i])));
	const reports: FileReport[] = plans.map((p) => ({
		path: p.file.path,
		format: 'gemini-cli',
		bytes: p.file.size,
		hash: '',
		records: 0,
		skipped: [],
		skippedCount: 0,
		warnings: []
	}));
	const groups = new Map<string, Group>();
	for (const p of plans) {
		let g = groups.get(p.key);
		if (!g) groups.set(p.key, (g = { key: p.key, plans: [], msgs: new Map(), meta: {}, bytes: 0, full: false }));
		g.plans.push(p);
	}
	// Within a session: the single-document era first, then the smaller (older) file first.
	for (const g of groups.values())
		g.plans.sort((a, b) => Number(b.legacy) - Number(a.legacy) || a.file.size - b.file.size || (a.file.path < b.file.path ? -1 : 1));

	const skip = (fa: FileAcc, line: number, reason: string) => skipLine(fa.report, line, reason);

	const note = (fa: FileAcc, what: string) => {
		if (fa.unknown.size < 20) fa.unknown.add(what);
	};

	const toCall = (tc: Obj, index: number): Call => {
		const name = str(tc.name) ?? 'unknown';
		const args = isObj(tc.args) ? tc.args : {};
		const kind = toolKind(name);
		const call: Call = { id: str(tc.id) ?? `#${index}`, name, kind, paths: toolPaths(args), outcome: toolOutcome(tc.status) };
		const at = parseTime(tc.timestamp);
		if (at !== undefined) call.at = at;
		const summary = toolSummary(args);
		if (summary !== undefined) call.summary = summary;
		if (kind === 'edit' || kind === 'write') {
			if (call.paths.length === 0) {
				const p = displayPath(tc.resultDisplay);
				if (p) call.paths = [p];
			}
			// A declined or failed edit may still carry the proposed diff: only applied edits count.
			if (call.outcome === 'ok') {
				const d = editDetail(tc.resultDisplay);
				if (d.counts) call.counts = d.counts;
				if (d.userModified !== undefined) call.userModified = d.userModified;
			}
		} else if (kind === 'shell' && call.outcome === 'ok' && typeof args.command === 'string' && isGitCommit(args.command)) {
			const commits = parseCommits(resultText(tc.result, tc.resultDisplay), at);
			if (commits.length) call.commits = commits;
		}
		return call;
	};

	const toMsg = (fa: FileAcc, rec: Obj, synthetic: boolean): Msg => {
		const type = str(rec.type) ?? 'unknown';
		if (!KNOWN_TYPES.has(type)) note(fa, `message type "${type}"`);
		const msg: Msg = {
			id: rec.id as string,
			type,
			text: partsText(type === 'user' && rec.displayContent !== undefined ? rec.displayContent : rec.content),
			calls: [],
			synthetic,
			size: 0
		};
		const at = parseTime(rec.timestamp);
		if (at !== undefined) msg.at = at;
		if (type === 'gemini') {
			const model = str(rec.model);
			if (model) msg.model = model;
			if (isObj(rec.tokens)) msg.tokens = geminiTokens(rec.tokens);
			if (Array.isArray(rec.toolCalls)) {
				const byId = new Map<string, Call>();
				rec.toolCalls.forEach((tc, i) => {
					if (isObj(tc)) {
						const c = toCall(tc, i);
						byId.set(c.id, c);
					}
				});
				msg.calls = [...byId.values()];
			}
		}
		let size = 96 + msg.text.length * 2;
		for (const c of msg.calls) size += 160 + (c.summary?.length ?? 0) * 2 + (c.counts?.hashes.length ?? 0) * 48;
		msg.size = size;
		return msg;
	};

	const upsert = (g: Group, fa: FileAcc, rec: Obj, synthetic: boolean) => {
		const id = rec.id as string;
		const prev = g.msgs.get(id);
		if (!prev && g.full) {
			fa.dropped++;
			return;
		}
		// A real record of a message only seen in a `$set.messages` list makes it real.
		const msg = toMsg(fa, rec, synthetic && (prev === undefined || prev.synthetic));
		if (prev) g.bytes -= prev.size;
		// Map.set on an existing key keeps its position: a replaced message stays where it was.
		g.msgs.set(id, msg);
		g.bytes += msg.size;
		if (g.bytes > MAX_BUFFER_BYTES) g.full = true;
	};

	const rewind = (g: Group, fa: FileAcc, id: string) => {
		const drop = (m: Msg) => {
			fa.rewound++;
			if (m.tokens) fa.rewoundTokens += totalTokens(m.tokens);
			g.bytes -= m.size;
		};
		if (!g.msgs.has(id)) {
			// Gemini CLI's own loader clears the history when the id is unknown; so do we.
			for (const m of g.msgs.values()) drop(m);
			g.msgs.clear();
			fa.clearedByRewind = true;
			return;
		}
		let found = false;
		for (const [k, m] of g.msgs) {
			if (k === id) found = true;
			if (found) {
				drop(m);
				g.msgs.delete(k);
			}
		}
	};

	const applyMeta = (g: Group, fa: FileAcc, o: Obj, origin: 'metadata' | '$set' | 'document', line: number) => {
		for (const [k, v] of Object.entries(o)) {
			switch (k) {
				case 'sessionId':
					if (typeof v === 'string' && g.meta.sessionId === undefined) g.meta.sessionId = v;
					break;
				case 'projectHash':
					if (typeof v === 'string') g.meta.projectHash = v;
					break;
				case 'startTime': {
					const t = parseTime(v);
					if (t !== undefined) g.meta.startTime = g.meta.startTime === undefined ? t : Math.min(g.meta.startTime, t);
					break;
				}
				case 'lastUpdated': {
					const t = parseTime(v);
					if (t !== undefined) g.meta.lastUpdated = g.meta.lastUpdated === undefined ? t : Math.max(g.meta.lastUpdated, t);
					break;
				}
				case 'summary':
					if (typeof v === 'string' && v !== '') g.meta.summary = v;
					break;
				case 'kind':
					if (v === 'main' || v === 'subagent') g.meta.kind = v;
					else if (v !== undefined && v !== null) note(fa, `${origin}.kind "${String(v)}"`);
					break;
				case 'messages':
					// A `$set` of the whole list (after compression or masking) updates and adds by id but
					// drops nothing: messages it leaves out still happened and were paid for.
					if (Array.isArray(v))
						for (const m of v) {
							if (isObj(m) && typeof m.id === 'string') upsert(g, fa, m, origin === '$set');
							else skip(fa, line, 'message without an id');
						}
					break;
				case 'directories':
				case 'memoryScratchpad':
				case 'activeExtensionName':
					break;
				default: {
					const shown = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? `=${JSON.stringify(v).slice(0, 40)}` : '';
					note(fa, `${origin === 'document' ? '' : origin + '.'}${k}${shown}`);
				}
			}
		}
	};

	/** One record of a JSONL recording; false when it is of no kind this parser knows. */
	const onRecord = (g: Group, fa: FileAcc, rec: Obj, line: number): boolean => {
		// The same precedence as Gemini CLI's loader: rewind, message, metadata update, metadata.
		if (typeof rec.$rewindTo === 'string') {
			rewind(g, fa, rec.$rewindTo);
			return true;
		}
		if (typeof rec.id === 'string') {
			upsert(g, fa, rec, false);
			return true;
		}
		if (isObj(rec.$set)) {
			applyMeta(g, fa, rec.$set, '$set', line);
			return true;
		}
		if (isMetadata(rec)) {
			applyMeta(g, fa, rec, 'metadata', line);
			return true;
		}
		const keys = Object.keys(rec).slice(0, 3).join(', ');
		note(fa, `a record with ${keys ? 'keys ' + keys : 'no keys'}`);
		return false;
	};

	const parseJsonl = async (g: Group, fa: FileAcc, fp: Fingerprint, base: number) => {
		const onLine = (buf: Uint8Array, start: number, end: number, lineNo: number) => {
			const rec = jsonlRecord(buf, start, end);
			if (rec === undefined) return;
			if (typeof rec === 'string') {
				skip(fa, lineNo, rec);
				return;
			}
			if (onRecord(g, fa, rec, lineNo)) fa.report.records++;
		};
		const stats = await splitLines(fa.plan.file.stream(), onLine, {
			maxLineBytes: DEFAULT_MAX_LINE_BYTES,
			onOverlong: (lineNo, bytes) => skip(fa, lineNo, `line too long (${bytes} bytes)`),
			onChunk: (c) => fp.update(c),
			onProgress: (b) => sink.progress?.(base + b),
			cancelled: sink.cancelled ? () => sink.cancelled!() : undefined
		});
		markTruncatedLast(fa.report, stats);
		return stats;
	};

	const parseDocument = async (g: Group, fa: FileAcc, fp: Fingerprint, base: number) => {
		const scanner = new JsonDocScanner(
			{
				member: (key, value, line) => {
					let v: unknown;
					try {
						v = JSON.parse(decoder.decode(value));
					} catch {
						skip(fa, line, `invalid JSON in "${key}"`);
						return;
					}
					if (!fa.recordsSeen) {
						fa.recordsSeen = true;
						fa.report.records++;
					}
					applyMeta(g, fa, { [key]: v }, 'document', line);
				},
				element: (bytes, line) => {
					let m: unknown;
					try {
						m = JSON.parse(decoder.decode(bytes));
					} catch {
						skip(fa, line, 'invalid JSON');
						return;
					}
					if (!isObj(m)) skip(fa, line, 'not a JSON object');
					else if (typeof m.id !== 'string') skip(fa, line, 'message without an id');
					else {
						upsert(g, fa, m, false);
						fa.report.records++;
					}
				},
				overlong: (line, bytes, what) => skip(fa, line, `${what} too long (${bytes} bytes)`),
				problem: (line, reason) => skip(fa, line, reason)
			},
			MAX_MESSAGE_BYTES,
			MAX_MEMBER_BYTES
		);
		const reader = fa.plan.file.stream().getReader();
		let bytes = 0;
		let cancelled = false;
		try {
			for (;;) {
				if (sink.cancelled?.()) {
					cancelled = true;
					await reader.cancel();
					break;
				}
				const { done, value } = await reader.read();
				if (done) break;
				fp.update(value);
				bytes += value.length;
				scanner.push(value);
				sink.progress?.(base + bytes);
			}
		} finally {
			reader.releaseLock();
		}
		if (!cancelled) scanner.end();
		return { bytes, cancelled };
	};

	const finishFile = (fa: FileAcc, g: Group) => {
		const path = fa.plan.file.path;
		const w = fa.report.warnings;
		if (fa.unknown.size > 0)
			w.push(
				`${path}: records or fields this parser does not know (${[...fa.unknown].join('; ')}); ` +
					`expected Gemini CLI chat recordings of ${KNOWN_VERSIONS}: metadata, messages, $set of known fields, $rewindTo. Known fields were read`
			);
		if (fa.rewound > 0)
			w.push(
				`${path}: ${fa.rewound} message${fa.rewound === 1 ? ' was' : 's were'} rewound ($rewindTo${fa.clearedByRewind ? ' to an unknown message id, which clears the history as Gemini CLI does' : ''}) and ${fa.rewound === 1 ? 'is' : 'are'} not counted` +
					(fa.rewoundTokens > 0 ? ` (${fa.rewoundTokens} tokens)` : '')
			);
		if (fa.dropped > 0)
			w.push(`${path}: session ${g.meta.sessionId ?? fa.plan.stem} buffers more than ${MAX_BUFFER_BYTES >> 20} MiB of messages; ${fa.dropped} later messages were not read`);
	};

	const emitGroup = async (g: Group) => {
		const plan = g.plans[0];
		const nativeId = plan.headSessionId ?? g.meta.sessionId ?? plan.stem;
		const parentNative = plan.parentNative ?? (g.meta.kind === 'subagent' ? plan.dirName : undefined);
		const id = parentNative ? `gemini-cli:${parentNative}:${nativeId}` : `gemini-cli:${nativeId}`;
		let emitted = 0;
		for (const m of g.msgs.values()) if (KNOWN_TYPES.has(m.type)) emitted++;
		if (emitted === 0) return; // metadata only: Gemini CLI writes a file before the first prompt
		let s = sessions.get(id);
		if (!s) {
			s = {
				id,
				nativeId,
				parentNative,
				sourceId: plan.file.path,
				paths: [],
				...zeroCounts(),
				cost: { usd: 0, source: 'estimated' },
				responses: 0
			};
			sessions.set(id, s);
		}
		for (const p of g.plans) s.paths.push(p.file.path);
		s.title = g.meta.summary ?? s.title;
		s.project ??= plan.pathProject ?? g.meta.projectHash;
		const times: number[] = [];
		let seq = s.turns;
		let callSeq = s.toolCalls;
		for (const m of g.msgs.values()) {
			if (!KNOWN_TYPES.has(m.type)) continue;
			const role = m.type === 'user' ? 'user' : m.type === 'gemini' ? 'assistant' : 'system';
			const turn: Turn = { id: `${id}:${m.id}`, sessionId: id, seq: seq++, role, text: m.text };
			if (m.at !== undefined) {
				turn.at = m.at;
				times.push(m.at);
			}
			if (role === 'system' || m.synthetic) turn.synthetic = true;
			if (m.model) {
				turn.model = m.model;
				if (!s.models.includes(m.model)) s.models.push(m.model);
			}
			if (m.tokens && !m.synthetic) {
				const cost = estimateCost(m.model ?? '', m.tokens, m.at ?? g.meta.startTime, PROVIDER);
				turn.tokens = m.tokens;
				turn.cost = cost;
				addTokens(s.own, m.tokens);
				s.cost = s.responses === 0 ? { usd: cost.usd, source: cost.source } : addCost(s.cost, cost);
				s.responses++;
			}
			s.turns++;
			batches.out.turns.push(turn);
			for (const c of m.calls) {
				const call: ToolCall = {
					id: `${id}:${m.id}:${c.id}`,
					sessionId: id,
					turnId: turn.id,
					seq: callSeq++,
					kind: c.kind,
					name: c.name,
					paths: c.paths,
					outcome: c.outcome
				};
				if (c.at !== undefined) {
					call.at = c.at;
					times.push(c.at);
				}
				if (c.summary !== undefined) call.summary = c.summary;
				if (c.counts) {
					call.linesAdded = c.counts.added;
					call.linesRemoved = c.counts.removed;
					if (c.counts.hashes.length || c.counts.added === 0) call.addedLineHashes = c.counts.hashes;
					s.linesAdded += c.counts.added;
					s.linesRemoved += c.counts.removed;
				}
				if (c.userModified !== undefined) call.userModified = c.userModified;
				s.toolCalls++;
				if (c.outcome === 'rejected') s.rejected++;
				else if (c.outcome === 'error') s.errors++;
				if ((c.kind === 'edit' || c.kind === 'write') && c.outcome === 'ok') for (const p of c.paths) s.filesEdited.add(p);
				for (const cm of c.commits ?? []) if (!s.commits.some((x) => x.sha === cm.sha)) s.commits.push(cm);
				batches.out.toolCalls.push(call);
			}
			if (batches.out.turns.length + batches.out.toolCalls.length >= BATCH_ROWS) await flush(false);
		}
		times.sort((a, b) => a - b);
		for (let i = 1; i < times.length; i++) s.activeMs += Math.min(times[i] - times[i - 1], IDLE_CAP_MS);
		const start = g.meta.startTime === undefined ? times[0] : times.length ? Math.min(g.meta.startTime, times[0]) : g.meta.startTime;
		const end = times.length ? times[times.length - 1] : g.meta.lastUpdated;
		if (start !== undefined) s.startedAt = s.startedAt === undefined ? start : Math.min(s.startedAt, start);
		if (end !== undefined) s.endedAt = s.endedAt === undefined ? end : Math.max(s.endedAt, end);
		g.msgs.clear();
	};

	let base = 0;
	let stopped = false;
	for (const g of groups.values()) {
		if (stopped || sink.cancelled?.()) break;
		for (const plan of g.plans) {
			const fa: FileAcc = {
				plan,
				report: reports[plan.index],
				unknown: new Set(),
				rewound: 0,
				rewoundTokens: 0,
				clearedByRewind: false,
				dropped: 0,
				recordsSeen: false
			};
			const fp = new Fingerprint();
			const res = plan.legacy ? await parseDocument(g, fa, fp, base) : await parseJsonl(g, fa, fp, base);
			fa.report.bytes = res.bytes;
			fa.report.hash = fp.digest();
			base += res.bytes;
			finishFile(fa, g);
			if (res.cancelled) {
				stopped = true;
				break;
			}
		}
		if (stopped) break;
		await emitGroup(g);
		await flush(false);
	}
	await flush(true);
	return { sessions: buildSessions(sessions, reports, plans), files: reports };
}

function buildSessions(sessions: Map<string, SessAcc>, reports: FileReport[], plans: Plan[]): Session[] {
	const reportOf = new Map(plans.map((p) => [p.file.path, reports[p.index]]));
	const { total, subagents } = rollUpSubagents(sessions.values(), {
		parentId: (s) => (s.parentNative === undefined ? undefined : `gemini-cli:${s.parentNative}`),
		own: (s) => ({ tokens: s.own, cost: { ...s.cost }, models: s.models }),
		onOrphan: (s) => {
			for (const path of s.paths) reportOf.get(path)?.warnings.push(`${path}: subagent of session ${s.parentNative}, whose file is not among the inputs`);
		}
	});
	const out: Session[] = [];
	for (const s of sessions.values()) {
		const t = total(s, 0);
		const session = sessionOf(s, 'gemini-cli', t, t.cost, subagents(s).map(({ node: c, total: ct }) => ({ id: c.id, tokens: ct.tokens, cost: ct.cost })));
		if (s.title !== undefined) session.title = s.title;
		if (s.project !== undefined) session.project = s.project;
		out.push(session);
	}
	out.sort(byStart);
	return out;
}
