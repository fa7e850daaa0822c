import type { FileReport, InputFile, ParseResult, ParseSink } from '../types';
import {
	addCost,
	addTokens,
	totalTokens,
	type Cost,
	type Session,
	type Tokens,
	type ToolCall,
	type Turn
} from '../../../src/lib/model';
import { estimateCost } from '../../../src/lib/pricing';
import { rollUpSubagents } from '../../../src/lib/analysis/subagent-rollup';
import { DEFAULT_MAX_LINE_BYTES, readPrefix, splitLines } from '../../lines';
import { Fingerprint } from '../../fingerprint';
import { cachedHead } from '../../head-cache';
import { readAhead } from '../../read-ahead';
import { looksComplete, sniffType } from './sniff';
import { parseSlice, scanToolResults, type ScannedResults } from './scan';
import { subtractTokens, usageTokens } from './usage';
import {
	countContent,
	countPatch,
	hasErrorPrefix,
	isGitCommit,
	isRejection,
	parseCommits,
	toolKind,
	toolPaths,
	toolSummary,
	type LineCounts
} from './tools';
import { Batcher, byStart, capText, IDLE_CAP_MS, isObj, markTruncatedLast, objectOrReason, parseTime, sessionOf, skipLine, str, TEXT_MAX, zeroCounts, type Obj, type SessionAcc } from '../common';

/** Responses whose streamed lines may still arrive; older ones are finalized (late lines still adjust totals). */
const MAX_OPEN = 8;
const PEEK_BYTES = 64 * 1024;
const KNOWN_MAJORS = '1.x, 2.x';

/** Record types that are parsed; every other type is skipped unparsed (progress lines are the bulk). */
const PARSED = new Set(['user', 'assistant', 'system', 'summary', 'custom-title', 'ai-title', 'permission-mode']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Plan {
	file: InputFile;
	index: number;
	kind: 'session' | 'subagent' | 'meta';
	dir: string;
	/** Agent id from `agent-<id>.jsonl` / `agent-<id>.meta.json`. */
	agentId?: string;
	/** Parent session id from a `<sessionId>/subagents/…` path. */
	pathParent?: string;
	/** Session id from a `<uuid>.jsonl` file name. */
	nameId?: string;
	firstTs: number;
}

export function planFile(file: InputFile, index: number): Plan {
	const segs = file.path.replace(/\\/g, '/').split('/');
	const base = segs[segs.length - 1];
	const dir = segs.slice(0, -1).join('/');
	const plan: Plan = { file, index, kind: 'session', dir, firstTs: Infinity };
	let m = /^agent-(.+)\.meta\.json$/.exec(base);
	if (m) {
		plan.kind = 'meta';
		plan.agentId = m[1];
		return plan;
	}
	m = /^agent-(.+)\.jsonl?$/.exec(base);
	if (m) {
		plan.kind = 'subagent';
		plan.agentId = m[1];
		const i = segs.indexOf('subagents');
		if (i > 0 && i < segs.length - 1) plan.pathParent = segs[i - 1];
		return plan;
	}
	const stem = base.replace(/\.jsonl?$/, '');
	if (UUID.test(stem)) plan.nameId = stem;
	return plan;
}

interface SessAcc extends SessionAcc {
	metaKey?: string;
	paths: string[];
	summary?: string;
	/** First line of the first prompt: the title Claude Code's own resume list falls back to. */
	firstPrompt?: string;
	aiTitle?: string;
	customTitle?: string;
	project?: string;
	branch?: string;
	version?: string;
	permissionMode?: string;
	est: Cost;
	responses: number;
	logged: boolean;
	turnSeq: number;
	callSeq: number;
}

/** One API response, assembled from its streamed lines. */
interface Resp {
	sess: SessAcc;
	file: FileAcc;
	turnId: string;
	seq: number;
	at?: number;
	model?: string;
	tokens: Tokens;
	total: number;
	costUSD?: number;
	text: string;
	synthetic: boolean;
	open: boolean;
	cost?: Cost;
	est?: Cost;
}

interface Pending {
	call: ToolCall;
	commit: boolean;
	writeContent?: string;
}

interface FileAcc {
	plan: Plan;
	report: FileReport;
	sess?: SessAcc;
	open: Resp[];
	pending: Map<string, Pending>;
	toolIds: Set<string>;
	versionWarned: boolean;
	aiTitle?: string;
	customTitle?: string;
	project?: string;
	branch?: string;
	version?: string;
	permissionMode?: string;
	startedAt?: number;
	endedAt?: number;
	lastTs?: number;
	activeMs: number;
}

interface Meta {
	agentType?: string;
	model?: string;
}

function promptTitle(text: string): string {
	// A slash command is logged as markup; its name and arguments are what the person typed.
	const cmd = /<command-name>([^<]*)<\/command-name>/.exec(text);
	const args = /<command-args>([^<]*)<\/command-args>/.exec(text);
	const typed = cmd ? `${cmd[1].trim()} ${args?.[1].trim() ?? ''}` : text;
	const line = typed.trim().split('\n', 1)[0].trim();
	return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}

function blockText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	let out = '';
	for (const b of content) {
		if (isObj(b) && b.type === 'text' && typeof b.text === 'string') out = out ? out + '\n' + b.text : b.text;
	}
	return out;
}

/** Harness-generated user lines that are not prompts the human typed. */
function isHarnessText(text: string): boolean {
	return (
		text.startsWith('<local-command-stdout>') ||
		text.startsWith('<local-command-stderr>') ||
		text.startsWith('[Request interrupted by user')
	);
}

function majorOf(version: string): number {
	const m = /^(\d+)\./.exec(version);
	return m ? Number(m[1]) : NaN;
}

function minDef(a: number | undefined, b: number | undefined): number | undefined {
	return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function maxDef(a: number | undefined, b: number | undefined): number | undefined {
	return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

async function firstTimestamp(file: InputFile): Promise<number> {
	try {
		const bytes = cachedHead(file) ?? (await readPrefix(file.stream(), PEEK_BYTES));
		const head = new TextDecoder().decode(bytes.subarray(0, PEEK_BYTES));
		const m = /"timestamp":"([^"]+)"/.exec(head);
		const t = m ? Date.parse(m[1]) : NaN;
		return Number.isFinite(t) ? t : Infinity;
	} catch {
		return Infinity;
	}
}

/** A small file's bytes (at most `cap` kept) and its total size, fingerprinted on the way. */
async function readAll(stream: ReadableStream<Uint8Array>, fp: Fingerprint, cap: number): Promise<{ bytes: Uint8Array; total: number }> {
	const reader = stream.getReader();
	const parts: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		fp.update(value);
		if (total < cap) parts.push(value);
		total += value.length;
	}
	const out = new Uint8Array(Math.min(total, cap));
	let o = 0;
	for (const p of parts) {
		const take = Math.min(p.length, out.length - o);
		out.set(p.subarray(0, take), o);
		o += take;
	}
	return { bytes: out, total };
}

export interface ParseOptions {
	/**
	 * Skip unneeded lines by their type without parsing them, and read tool results with the partial
	 * scanner. On by default; off parses every line with JSON.parse (tests compare the two).
	 */
	fastPaths?: boolean;
}

/** A tool result, however it was read. */
interface ResultInfo {
	/** The start of the result text (at least its first 400 characters; JSON-escaped from the scanner). */
	head: string;
	isError: boolean;
	/** `toolUseResult` when it belongs to this result. */
	result: unknown;
	fullText: () => string;
}

function needsDetail(p: Pending | undefined): boolean {
	return p !== undefined && (p.commit || p.call.kind === 'edit' || p.call.kind === 'write');
}

/** toolUseResult describes a line's one result; with several, only a matching filePath ties it to one. */
function resultOf(p: Pending, results: number, result: unknown): unknown {
	if (results <= 1) return result;
	return isObj(result) && p.call.paths.includes(result.filePath as string) ? result : undefined;
}

/**
 * Parses Claude Code session and subagent files. Usage is deduplicated across all files of the call,
 * so files that belong together (a session, its subagents, sessions resumed from it) must be passed
 * in one call.
 */
export async function parseClaudeCode(files: InputFile[], sink: ParseSink, opts: ParseOptions = {}): Promise<ParseResult> {
	const fastPaths = opts.fastPaths ?? true;
	const decoder = new TextDecoder();
	const sessions = new Map<string, SessAcc>();
	const metas = new Map<string, Meta>();
	/** (message.id, requestId) → the response that counted it. */
	const responses = new Map<string, Resp>();
	/** message.ids counted from a non-sidechain line: sidechain replays of them are not counted. */
	const mainMsgIds = new Set<string>();
	/** uuids of counted prompts, system lines and id-less (1.0.x) assistant lines: copies in resumed sessions are not counted again. */
	const seenUuids = new Set<string>();
	// A summary line names the conversation ending at its leafUuid, often a session in another (earlier) file.
	const uuidOwner = new Map<string, SessAcc>();
	const summaries: { text: string; leaf?: string; fa: FileAcc }[] = [];
	const batches = new Batcher(sink);
	const flush = (force: boolean) => batches.flush(force);

	const plans = files.map(planFile);
	// Session files in order of their first record, the smaller first on a tie: a resumed session
	// copies its predecessor's history (same ids and timestamps), which must stay counted in the original.
	for (const p of plans) if (p.kind === 'session') p.firstTs = await firstTimestamp(p.file);
	const rank = { meta: 0, session: 1, subagent: 2 } as const;
	const order = [...plans].sort(
		(a, b) =>
			rank[a.kind] - rank[b.kind] ||
			a.firstTs - b.firstTs ||
			(a.firstTs === Infinity ? 0 : a.file.size - b.file.size) ||
			(a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0)
	);

	const reports: FileReport[] = plans.map((p) => ({
		path: p.file.path,
		format: 'claude-code',
		bytes: p.file.size,
		hash: '',
		records: 0,
		skipped: [],
		skippedCount: 0,
		warnings: []
	}));

	const skip = (fa: FileAcc, line: number, reason: string) => skipLine(fa.report, line, reason);

	const resolveSession = (fa: FileAcc, lineSessionId: string | undefined): SessAcc => {
		if (fa.sess) return fa.sess;
		const p = fa.plan;
		let id: string;
		let nativeId: string;
		let parentNative: string | undefined;
		if (p.kind === 'subagent') {
			parentNative = p.pathParent ?? lineSessionId;
			nativeId = p.agentId!;
			id = parentNative ? `claude-code:${parentNative}:agent-${nativeId}` : `claude-code:agent-${nativeId}`;
		} else {
			nativeId = p.nameId ?? lineSessionId ?? p.file.path.replace(/^.*[\\/]/, '').replace(/\.jsonl?$/, '');
			id = `claude-code:${nativeId}`;
		}
		let s = sessions.get(id);
		if (!s) {
			s = {
				id,
				nativeId,
				parentNative,
				metaKey: p.kind === 'subagent' ? `${p.dir}/${p.agentId}` : undefined,
				sourceId: p.file.path,
				paths: [],
				...zeroCounts(),
				cost: { usd: 0, source: 'logged' },
				est: { usd: 0, source: 'logged' },
				responses: 0,
				logged: false,
				turnSeq: 0,
				callSeq: 0
			};
			sessions.set(id, s);
		}
		s.paths.push(p.file.path);
		fa.sess = s;
		return s;
	};

	const finalize = (r: Resp) => {
		r.open = false;
		const s = r.sess;
		const turn: Turn = { id: r.turnId, sessionId: s.id, seq: r.seq, role: 'assistant', text: r.text, tokens: r.tokens };
		if (r.at !== undefined) turn.at = r.at;
		if (r.model) turn.model = r.model;
		if (r.synthetic) {
			// Locally generated (errors, limits): no API call, so no tokens or cost in the totals.
			turn.synthetic = true;
		} else {
			const est = estimateCost(r.model ?? '', r.tokens, r.at);
			const cost: Cost = r.costUSD !== undefined ? { usd: r.costUSD, source: 'logged' } : est;
			r.cost = cost;
			r.est = est;
			turn.cost = cost;
			addTokens(s.own, r.tokens);
			s.cost = addCost(s.cost, cost);
			s.est = addCost(s.est, est);
			s.responses++;
			if (r.costUSD !== undefined) s.logged = true;
			if (r.model && !s.models.includes(r.model)) s.models.push(r.model);
		}
		s.turns++;
		batches.out.turns.push(turn);
		r.text = '';
	};

	const finalizeOpen = (fa: FileAcc) => {
		for (const r of fa.open) finalize(r);
		fa.open = [];
	};

	/** A streamed line of an already finalized response carried a larger usage: correct the totals. */
	const grow = (r: Resp, tokens: Tokens, total: number, costUSD: number | undefined) => {
		const s = r.sess;
		if (!r.synthetic && r.cost && r.est) {
			const est = estimateCost(r.model ?? '', tokens, r.at);
			const logged = costUSD ?? r.costUSD;
			const cost: Cost = logged !== undefined ? { usd: logged, source: 'logged' } : est;
			subtractTokens(s.own, r.tokens);
			addTokens(s.own, tokens);
			s.cost = addCost(s.cost, { usd: cost.usd - r.cost.usd, source: cost.source });
			s.est = addCost(s.est, { usd: est.usd - r.est.usd, source: est.source });
			r.cost = cost;
			r.est = est;
		}
		r.tokens = tokens;
		r.total = total;
		if (costUSD !== undefined) r.costUSD = costUSD;
	};

	const emitCall = (fa: FileAcc, p: Pending) => {
		const s = fa.sess!;
		const c = p.call;
		s.toolCalls++;
		if (c.outcome === 'rejected') s.rejected++;
		else if (c.outcome === 'error') s.errors++;
		if (c.linesAdded) s.linesAdded += c.linesAdded;
		if (c.linesRemoved) s.linesRemoved += c.linesRemoved;
		if ((c.kind === 'edit' || c.kind === 'write') && c.outcome === 'ok') for (const path of c.paths) s.filesEdited.add(path);
		batches.out.toolCalls.push(c);
	};

	const startCall = (fa: FileAcc, r: Resp, block: Obj, at: number | undefined) => {
		const toolId = str(block.id);
		if (!toolId || fa.toolIds.has(toolId)) return;
		fa.toolIds.add(toolId);
		const name = str(block.name) ?? 'unknown';
		const input = isObj(block.input) ? block.input : {};
		const s = r.sess;
		const kind = toolKind(name);
		const call: ToolCall = {
			id: `${s.id}:${toolId}`,
			sessionId: s.id,
			turnId: r.turnId,
			seq: s.callSeq++,
			kind,
			name,
			paths: toolPaths(input),
			outcome: 'pending'
		};
		if (at !== undefined) call.at = at;
		const summary = toolSummary(input);
		if (summary !== undefined) call.summary = summary;
		const p: Pending = { call, commit: kind === 'shell' && typeof input.command === 'string' && isGitCommit(input.command) };
		if (name === 'Write' && typeof input.content === 'string') p.writeContent = input.content;
		fa.pending.set(toolId, p);
	};

	const completeCall = (fa: FileAcc, p: Pending, r: ResultInfo, at: number | undefined) => {
		const c = p.call;
		const result = r.result;
		const resObj = isObj(result) ? result : undefined;
		if (isRejection(r.head)) c.outcome = 'rejected';
		else if (r.isError || hasErrorPrefix(r.head)) c.outcome = 'error';
		else c.outcome = 'ok';
		if (at !== undefined) c.endedAt = at;
		if (resObj) {
			if (typeof resObj.userModified === 'boolean') c.userModified = resObj.userModified;
			if (c.kind === 'edit' || c.kind === 'write') {
				let counts: LineCounts | undefined;
				const patch = resObj.structuredPatch;
				if (Array.isArray(patch) && patch.length > 0) counts = countPatch(patch);
				else if (c.name === 'Write' && resObj.type === 'create') {
					const content = typeof resObj.content === 'string' ? resObj.content : p.writeContent;
					if (content !== undefined) counts = countContent(content);
				}
				if (counts) {
					c.linesAdded = counts.added;
					c.linesRemoved = counts.removed;
					c.addedLineHashes = counts.hashes;
				}
			}
		}
		if (p.commit && c.outcome !== 'rejected') {
			const stdout = typeof resObj?.stdout === 'string' ? resObj.stdout : r.fullText();
			const s = fa.sess!;
			for (const commit of parseCommits(stdout, at)) {
				if (!s.commits.some((x) => x.sha === commit.sha)) s.commits.push(commit);
			}
		}
		emitCall(fa, p);
	};

	const onAssistant = (fa: FileAcc, s: SessAcc, rec: Obj, at: number | undefined): boolean => {
		const msg = rec.message;
		if (!isObj(msg)) return false;
		const mid = str(msg.id);
		const sidechain = rec.isSidechain === true;
		const model = str(msg.model);
		const tokens = usageTokens(msg.usage);
		const total = totalTokens(tokens);
		const costUSD = typeof rec.costUSD === 'number' && Number.isFinite(rec.costUSD) ? rec.costUSD : undefined;
		let r: Resp | undefined;
		if (mid) {
			// The first file to carry a line owns it: copies in resumed files keep pointing at the original.
			const lineId = str(rec.uuid);
			if (lineId && !uuidOwner.has(lineId)) uuidOwner.set(lineId, s);
			const key = mid + '\u0000' + (str(rec.requestId) ?? '');
			r = responses.get(key);
			if (r) {
				// Counted from another file: a resumed session's copy or a sidechain replay.
				if (r.file !== fa) return false;
				if (total > r.total) {
					if (r.open) {
						r.tokens = tokens;
						r.total = total;
						if (costUSD !== undefined) r.costUSD = costUSD;
					} else grow(r, tokens, total, costUSD);
				}
				if (!r.model && model) r.model = model;
			} else {
				if (sidechain && mainMsgIds.has(mid)) return false;
				r = openResp(fa, s, at, model, tokens, total, costUSD);
				responses.set(key, r);
				if (!sidechain) mainMsgIds.add(mid);
			}
		} else {
			const uuid = str(rec.uuid);
			if (uuid) {
				if (seenUuids.has(uuid)) return false;
				seenUuids.add(uuid);
				uuidOwner.set(uuid, s);
			}
			r = openResp(fa, s, at, model, tokens, total, costUSD);
		}
		const content = msg.content;
		if (Array.isArray(content)) {
			for (const b of content) {
				if (!isObj(b)) continue;
				if (b.type === 'text' && typeof b.text === 'string') appendText(r, b.text);
				else if (b.type === 'tool_use') startCall(fa, r, b, at);
			}
		} else if (typeof content === 'string') appendText(r, content);
		if (!mid) {
			fa.open.splice(fa.open.indexOf(r), 1);
			finalize(r);
		}
		return true;
	};

	const openResp = (
		fa: FileAcc,
		s: SessAcc,
		at: number | undefined,
		model: string | undefined,
		tokens: Tokens,
		total: number,
		costUSD: number | undefined
	): Resp => {
		const seq = s.turnSeq++;
		const r: Resp = {
			sess: s,
			file: fa,
			turnId: `${s.id}:t${seq}`,
			seq,
			at,
			model,
			tokens,
			total,
			costUSD,
			text: '',
			synthetic: model === '<synthetic>',
			open: true
		};
		fa.open.push(r);
		if (fa.open.length > MAX_OPEN) finalize(fa.open.shift()!);
		return r;
	};

	const appendText = (r: Resp, t: string) => {
		if (!r.open || r.text.length >= TEXT_MAX || t === '') return;
		r.text = capText(r.text ? r.text + '\n' + t : t);
	};

	const onUser = (fa: FileAcc, s: SessAcc, rec: Obj, at: number | undefined): boolean => {
		const msg = rec.message;
		const content = isObj(msg) ? msg.content : undefined;
		if (Array.isArray(content) && content.some((b) => isObj(b) && b.type === 'tool_result')) {
			let matched = false;
			let results = 0;
			for (const b of content) if (isObj(b) && b.type === 'tool_result') results++;
			for (const b of content) {
				if (!isObj(b) || b.type !== 'tool_result') continue;
				const id = str(b.tool_use_id);
				const p = id ? fa.pending.get(id) : undefined;
				if (!p) continue;
				fa.pending.delete(id!);
				matched = true;
				const text = blockText(b.content);
				const info: ResultInfo = {
					head: text,
					isError: b.is_error === true,
					result: resultOf(p, results, rec.toolUseResult),
					fullText: () => text
				};
				completeCall(fa, p, info, at);
			}
			return matched;
		}
		if (rec.isMeta === true || rec.isCompactSummary === true) return false;
		const text = blockText(content);
		if (isHarnessText(text)) return false;
		const uuid = str(rec.uuid);
		if (uuid) {
			if (seenUuids.has(uuid)) return false;
			seenUuids.add(uuid);
			uuidOwner.set(uuid, s);
		}
		finalizeOpen(fa);
		if (s.firstPrompt === undefined && text.trim()) s.firstPrompt = promptTitle(text);
		const seq = s.turnSeq++;
		const turn: Turn = { id: `${s.id}:t${seq}`, sessionId: s.id, seq, role: 'user', text: capText(text) };
		if (at !== undefined) turn.at = at;
		s.turns++;
		batches.out.turns.push(turn);
		return true;
	};

	const envelope = (
		fa: FileAcc,
		version: string | undefined,
		cwd: string | undefined,
		branch: string | undefined,
		mode: string | undefined
	) => {
		if (version && version !== fa.version) {
			fa.version = version;
			if (!fa.versionWarned && majorOf(version) > 2) {
				fa.versionWarned = true;
				fa.report.warnings.push(
					`${fa.plan.file.path}: written by Claude Code ${version}, newer than the versions this parser knows (${KNOWN_MAJORS}); read anyway`
				);
			}
		}
		if (cwd && fa.project === undefined) fa.project = cwd;
		if (branch) fa.branch = branch;
		if (mode) fa.permissionMode = mode;
	};

	/** Timing counts only lines that produced something: copies of another session's lines do not stretch this one. */
	const touch = (fa: FileAcc, at: number | undefined) => {
		if (at === undefined) return;
		fa.startedAt = minDef(fa.startedAt, at);
		fa.endedAt = maxDef(fa.endedAt, at);
		if (fa.lastTs !== undefined && at > fa.lastTs) fa.activeMs += Math.min(at - fa.lastTs, IDLE_CAP_MS);
		fa.lastTs = maxDef(fa.lastTs, at);
	};

	const onRecord = (fa: FileAcc, rec: Obj, type: string): boolean => {
		switch (type) {
			case 'summary': {
				const text = str(rec.summary);
				if (text) summaries.push({ text, leaf: str(rec.leafUuid), fa });
				return true;
			}
			case 'ai-title':
				fa.aiTitle = str(rec.aiTitle) ?? str(rec.title) ?? fa.aiTitle;
				return true;
			case 'custom-title':
				fa.customTitle = str(rec.customTitle) ?? str(rec.title) ?? fa.customTitle;
				return true;
			case 'permission-mode':
				fa.permissionMode = str(rec.permissionMode) ?? str(rec.mode) ?? fa.permissionMode;
				return true;
		}
		// user, assistant, system
		envelope(fa, str(rec.version), str(rec.cwd), str(rec.gitBranch), str(rec.permissionMode));
		const at = parseTime(rec.timestamp);
		const s = resolveSession(fa, str(rec.sessionId));
		let produced: boolean;
		if (type === 'assistant') produced = onAssistant(fa, s, rec, at);
		else if (type === 'user') produced = onUser(fa, s, rec, at);
		else {
			const uuid = str(rec.uuid);
			produced = !uuid || !seenUuids.has(uuid);
			if (uuid) {
				seenUuids.add(uuid);
				if (produced) uuidOwner.set(uuid, s);
			}
		}
		if (produced) touch(fa, at);
		return produced;
	};

	/**
	 * Tool results read by the partial scanner. Undefined when a result needs the whole line (edits and
	 * writes want toolUseResult's patch, commits its stdout): the caller then parses it.
	 */
	/** Tool results read by the partial scanner (see scan.ts); the same outcome rules as onUser. */
	const onScanned = (fa: FileAcc, sc: ScannedResults, buf: Uint8Array): boolean => {
		envelope(fa, sc.version, sc.cwd, sc.gitBranch, sc.permissionMode);
		resolveSession(fa, sc.sessionId);
		const at = parseTime(sc.timestamp);
		let matched = false;
		for (const x of sc.results) {
			const p = fa.pending.get(x.toolUseId);
			if (!p) continue;
			fa.pending.delete(x.toolUseId);
			matched = true;
			const info: ResultInfo = {
				head: x.head,
				isError: x.isError,
				result: resultOf(p, sc.results.length, sc.toolUseResult),
				fullText: () => parseSlice(buf, x.textStart, x.textEnd) as string
			};
			completeCall(fa, p, info, at);
		}
		if (matched) touch(fa, at);
		return matched;
	};

	const parseMeta = async (fa: FileAcc, fp: Fingerprint, stream: ReadableStream<Uint8Array>) => {
		const { bytes, total } = await readAll(stream, fp, 1 << 20);
		fa.report.bytes = total;
		try {
			const o = JSON.parse(decoder.decode(bytes)) as unknown;
			if (!isObj(o)) throw new Error('not an object');
			metas.set(`${fa.plan.dir}/${fa.plan.agentId}`, { agentType: str(o.agentType), model: str(o.model) });
			fa.report.records = 1;
		} catch {
			skip(fa, 1, 'invalid JSON');
		}
	};

	const mergeFile = (fa: FileAcc) => {
		const s = fa.sess;
		if (!s) return;
		s.startedAt = minDef(s.startedAt, fa.startedAt);
		s.endedAt = maxDef(s.endedAt, fa.endedAt);
		s.activeMs += fa.activeMs;
		s.project ??= fa.project;
		s.branch = fa.branch ?? s.branch;
		s.version = fa.version ?? s.version;
		s.permissionMode = fa.permissionMode ?? s.permissionMode;
		s.aiTitle = fa.aiTitle ?? s.aiTitle;
		s.customTitle = fa.customTitle ?? s.customTitle;
	};

	let base = 0;
	const ahead = readAhead(order.map((p) => p.file));
	for (const plan of order) {
		if (sink.cancelled?.()) break;
		const stream = ahead.next();
		const fa: FileAcc = {
			plan,
			report: reports[plan.index],
			open: [],
			pending: new Map(),
			toolIds: new Set(),
			versionWarned: false,
			activeMs: 0
		};
		const fp = new Fingerprint();
		if (plan.kind === 'meta') {
			await parseMeta(fa, fp, stream);
			fa.report.hash = fp.digest();
			base += fa.report.bytes;
			sink.progress?.(base);
			continue;
		}
		// The last line's uuid is usually the leaf a later summary line names, whatever its type.
		let lastBuf: Uint8Array | undefined;
		let lastStart = 0;
		let lastEnd = 0;
		const onLine = (buf: Uint8Array, start: number, end: number, lineNo: number) => {
			while (start < end && (buf[start] === 32 || buf[start] === 9)) start++;
			if (start === end) return;
			lastBuf = buf;
			lastStart = start;
			lastEnd = end;
			const t = sniffType(buf, start, end);
			if (t !== undefined && fastPaths && looksComplete(buf, start, end)) {
				if (!PARSED.has(t)) return;
				if (t === 'user') {
					const sc = scanToolResults(buf, start, end, (rs) => rs.some((x) => needsDetail(fa.pending.get(x.toolUseId))));
					if (sc) {
						if (onScanned(fa, sc, buf)) fa.report.records++;
						return;
					}
				}
			}
			const rec = objectOrReason(decoder.decode(buf.subarray(start, end)));
			if (typeof rec === 'string') {
				skip(fa, lineNo, rec);
				return;
			}
			const type = rec.type;
			// Unknown and unneeded record types are expected (the format grows); they are ignored silently.
			if (typeof type !== 'string' || !PARSED.has(type)) return;
			if (onRecord(fa, rec, type)) fa.report.records++;
		};
		const stats = await splitLines(stream, onLine, {
			maxLineBytes: DEFAULT_MAX_LINE_BYTES,
			onOverlong: (lineNo, bytes) => skip(fa, lineNo, `line too long (${bytes} bytes)`),
			onChunk: (c) => fp.update(c),
			afterChunk: () => flush(false),
			onProgress: (b) => sink.progress?.(base + b),
			cancelled: sink.cancelled ? () => sink.cancelled!() : undefined
		});
		markTruncatedLast(fa.report, stats);
		finalizeOpen(fa);
		if (lastBuf && fa.sess) {
			const leaf = /"uuid"\s*:\s*"([^"]+)"/.exec(decoder.decode(lastBuf.subarray(lastStart, Math.min(lastEnd, lastStart + 65536))));
			if (leaf && !uuidOwner.has(leaf[1])) uuidOwner.set(leaf[1], fa.sess);
		}
		if (fa.sess) for (const p of fa.pending.values()) emitCall(fa, p);
		fa.pending.clear();
		fa.toolIds.clear();
		mergeFile(fa);
		fa.report.bytes = stats.bytes;
		fa.report.hash = fp.digest();
		base += stats.bytes;
		await flush(false);
		if (stats.cancelled) break;
	}
	ahead.close();
	await flush(true);
	// The last summary naming a conversation wins; one whose leaf is in no imported file names its own file's session.
	for (const { text, leaf, fa } of summaries) {
		const owner = leaf !== undefined ? uuidOwner.get(leaf) : undefined;
		const target = owner ?? (leaf === undefined || !seenUuids.has(leaf) ? fa.sess : undefined);
		if (target) target.summary = text;
	}
	return { sessions: buildSessions(sessions, metas, reports, plans), files: reports };
}

function buildSessions(sessions: Map<string, SessAcc>, metas: Map<string, Meta>, reports: FileReport[], plans: Plan[]): Session[] {
	const reportOf = new Map(plans.map((p) => [p.file.path, reports[p.index]]));
	const ownCost = (s: SessAcc): Cost => (s.responses > 0 ? s.cost : { usd: 0, source: 'estimated' });
	const { total, subagents } = rollUpSubagents(sessions.values(), {
		parentId: (s) => (s.parentNative === undefined ? undefined : `claude-code:${s.parentNative}`),
		own: (s) => ({ tokens: s.own, cost: ownCost(s), models: s.models }),
		onOrphan: (s) => {
			for (const path of s.paths)
				reportOf.get(path)?.warnings.push(`${path}: subagent of session ${s.parentNative}, whose file is not among the inputs`);
		}
	});
	const out: Session[] = [];
	for (const s of sessions.values()) {
		const t = total(s, 0);
		const session = sessionOf(
			s,
			'claude-code',
			t,
			t.cost,
			subagents(s).map(({ node: c, total: ct }) => {
				const meta = c.metaKey ? metas.get(c.metaKey) : undefined;
				const entry: Session['subagents'][number] = { id: c.id, tokens: ct.tokens, cost: ct.cost };
				if (meta?.agentType) entry.agentType = meta.agentType;
				return entry;
			})
		);
		const title = s.customTitle ?? s.aiTitle ?? s.summary ?? s.firstPrompt;
		if (title !== undefined) session.title = title;
		if (s.project !== undefined) session.project = s.project;
		if (s.branch !== undefined) session.branch = s.branch;
		if (s.version !== undefined) session.version = s.version;
		if (s.permissionMode !== undefined) session.permissionMode = s.permissionMode;
		if (s.logged) session.estimatedCost = s.est;
		out.push(session);
	}
	out.sort(byStart);
	return out;
}
