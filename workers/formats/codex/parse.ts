// Codex CLI rollouts → canonical sessions, turns and tool calls. One pass per file over its lines,
// parents before their forks and subagents (plan.ts); see README.md for what is read and why.

import type { FileReport, InputFile, ParseResult, ParseSink } from '../types';
import {
	addCost,
	addTokens,
	type Cost,
	type Session,
	type Tokens,
	type ToolCall,
	type Turn
} from '../../../src/lib/model';
import { estimateCost } from '../../../src/lib/pricing';
import { rollUpSubagents } from '../../../src/lib/analysis/subagent-rollup';
import { DEFAULT_MAX_LINE_BYTES, splitLines } from '../../lines';
import { Fingerprint } from '../../fingerprint';
import { WRAPPED_TYPES, kindOfLine } from './detect';
import { arrange, metaAgentType, metaParent, planFile, type Plan } from './plan';
import { contentParts, envCwd, isInjected, sameText, titleOf } from './messages';
import { countChange, parseApplyPatch, readChanges, type FileChange, type PatchFile } from './patch';
import { CumulativeUsage, readUsage, toTokens, usageKey } from './tokens';
import {
	cap,
	isFailureText,
	isGitCommit,
	isRejected,
	parseCommits,
	patchOfShell,
	readOutput,
	resolvePath,
	shellCommand,
	toolKind
} from './tools';
import { Batcher, byStart, capText, IDLE_CAP_MS, isObj, markTruncatedLast, jsonlRecord, parseTime, sessionOf, skipLine, str, zeroCounts, type Obj, type SessionAcc } from '../common';

/** cli_version majors this parser was written against (0.1 TypeScript era through 0.14x). */
export const KNOWN_MAJORS = '0.x';
/** Completed tool calls wait this many for late events (exec_command_end, patch_apply_end) before being emitted. */
const MAX_SETTLING = 64;

type Channel = 'item' | 'event';
/** How a line of a fork's or spawned agent's file relates to the parent: its own, surely copied, or in the copied prefix. */
type Replay = false | 'old' | 'prefix';

function majorOf(version: string): number {
	const m = /^v?(\d+)\./.exec(version);
	return m ? Number(m[1]) : NaN;
}

// ---------------------------------------------------------------------------------------------
// Accumulators.

interface SessAcc extends SessionAcc {
	agentType?: string;
	threadName?: string;
	promptTitle?: string;
	project?: string;
	envProject?: string;
	branch?: string;
	repoUrl?: string;
	headCommit?: string;
	provider?: string;
	subscription: boolean;
	version?: string;
	permissionMode?: string;
	priced: number;
	sawTokenCount: boolean;
	activity: boolean;
	turnSeq: number;
	callSeq: number;
}

/** One model response: the items between two token counts. */
interface Resp {
	turnId: string;
	seq: number;
	at?: number;
	texts: { text: string; channel: Channel; matched: boolean }[];
}

interface Pending {
	call: ToolCall;
	commit: boolean;
	patch?: PatchFile[];
	/** Directory relative patch paths resolve against. */
	cwd?: string;
	done: boolean;
	outputText?: string;
	exitCode?: number;
	failed?: boolean;
	rejected?: boolean;
	execOutput?: string;
	patchStatus?: 'ok' | 'error' | 'rejected';
	changes?: FileChange[];
}

interface FileState {
	plan: Plan;
	report: FileReport;
	sess: SessAcc;
	ownMetaSeen: boolean;
	createdAt?: number;
	/** Replayed history of another session is being read (a fork's or a spawned agent's copied prefix). */
	replay: boolean;
	replayPrompt?: { text: string; at?: number; channel: Channel };
	parentTotals?: Set<string>;
	ownTotals?: Set<string>;
	usage: CumulativeUsage;
	model?: string;
	cwd?: string;
	open?: Resp;
	lastClosed?: Resp;
	/** A tool output was read since the last model item (splits responses when no token counts exist). */
	afterOutput: boolean;
	lastPrompt?: { text: string; channel: Channel };
	pending: Map<string, Pending>;
	settling: Pending[];
	callIds: Set<string>;
	versionWarned: boolean;
	lastTs?: number;
	bare: boolean;
	anonCalls: number;
}

function newSession(plan: Plan): SessAcc {
	return {
		id: `codex:${plan.nativeId}`,
		nativeId: plan.nativeId,
		sourceId: plan.file.path,
		parentNative: plan.parentNative,
		subscription: false,
		...zeroCounts(),
		cost: { usd: 0, source: 'estimated' },
		priced: 0,
		sawTokenCount: false,
		activity: false,
		turnSeq: 0,
		callSeq: 0
	};
}

// Response items Codex never copies into a fork or a spawned agent's history: the first of them in a
// child file is the child's own work (see README, "Forks and subagents").
const NEVER_REPLAYED = new Set([
	'reasoning',
	'function_call',
	'function_call_output',
	'custom_tool_call',
	'custom_tool_call_output',
	'local_shell_call',
	'web_search_call',
	'image_generation_call',
	'tool_search_call',
	'tool_search_output'
]);

function isOwnItem(item: Obj): boolean {
	const t = item.type;
	if (typeof t !== 'string') return false;
	if (NEVER_REPLAYED.has(t)) return true;
	return t === 'message' && item.role === 'assistant' && item.phase !== 'final_answer';
}

/**
 * Parses Codex CLI rollouts (every era), session_index.jsonl title files, and reports compressed
 * rollouts. Files of sessions that belong together (a session and its forks or subagents) should be
 * passed in one call, so that replayed parent history is recognised exactly.
 */
export async function parseCodex(files: InputFile[], sink: ParseSink): Promise<ParseResult> {
	const decoder = new TextDecoder();
	const sessions = new Map<string, SessAcc>();
	/** session_index.jsonl titles: native id → thread name. */
	const titles = new Map<string, string>();
	/** Cumulative totals each parent session reported, for its children's replayed prefixes. */
	const totalsBySession = new Map<string, Set<string>>();
	const batches = new Batcher(sink);
	const flush = (force: boolean) => batches.flush(force);

	const plans: Plan[] = [];
	for (let i = 0; i < files.length; i++) plans.push(await planFile(files[i], i));
	const order = arrange(plans);
	const reports: FileReport[] = plans.map((p) => ({
		path: p.file.path,
		format: 'codex',
		bytes: p.file.size,
		hash: '',
		records: 0,
		skipped: [],
		skippedCount: 0,
		warnings: []
	}));

	const skip = skipLine;

	// --- turns -------------------------------------------------------------------------------

	const touch = (fs: FileState, at: number | undefined) => {
		if (at === undefined) return;
		const s = fs.sess;
		if (s.startedAt === undefined || at < s.startedAt) s.startedAt = at;
		if (s.endedAt === undefined || at > s.endedAt) s.endedAt = at;
		if (fs.lastTs !== undefined && at > fs.lastTs) s.activeMs += Math.min(at - fs.lastTs, IDLE_CAP_MS);
		if (fs.lastTs === undefined || at > fs.lastTs) fs.lastTs = at;
	};

	const openResp = (fs: FileState, at: number | undefined): Resp => {
		if (fs.open && !(fs.afterOutput && !fs.sess.sawTokenCount)) return fs.open;
		if (fs.open) closeResp(fs, fs.open, undefined);
		const s = fs.sess;
		const seq = s.turnSeq++;
		fs.open = { turnId: `${s.id}:t${seq}`, seq, at, texts: [] };
		fs.afterOutput = false;
		return fs.open;
	};

	const price = (fs: FileState, tokens: Tokens, at: number | undefined): Cost =>
		fs.model ? estimateCost(fs.model, tokens, at, fs.sess.provider) : { usd: 0, source: 'unknown', note: 'model not logged' };

	const closeResp = (fs: FileState, r: Resp, tokens: Tokens | undefined, tokenAt?: number) => {
		const s = fs.sess;
		if (fs.open === r) fs.open = undefined;
		fs.lastClosed = r;
		const at = r.at ?? tokenAt;
		const turn: Turn = { id: r.turnId, sessionId: s.id, seq: r.seq, role: 'assistant', text: capText(r.texts.map((x) => x.text).join('\n')) };
		if (at !== undefined) turn.at = at;
		if (fs.model) {
			turn.model = fs.model;
			if (!s.models.includes(fs.model)) s.models.push(fs.model);
		}
		if (tokens) {
			const cost = price(fs, tokens, at);
			turn.tokens = tokens;
			turn.cost = cost;
			addTokens(s.own, tokens);
			s.cost = addCost(s.cost, cost);
			s.priced++;
		}
		s.turns++;
		s.activity = true;
		batches.out.turns.push(turn);
	};

	const onAssistantText = (fs: FileState, text: string, at: number | undefined, channel: Channel) => {
		if (!text.trim()) return;
		// The same message arrives as a response item and as an event: keep one.
		for (const r of [fs.open, fs.lastClosed]) {
			if (!r) continue;
			const twin = r.texts.find((x) => !x.matched && x.channel !== channel && sameText(x.text, text));
			if (twin) {
				twin.matched = true;
				return;
			}
		}
		openResp(fs, at).texts.push({ text, channel, matched: false });
	};

	const onPrompt = (fs: FileState, text: string, at: number | undefined, channel: Channel) => {
		const lp = fs.lastPrompt;
		if (lp && lp.channel !== channel && sameText(lp.text, text)) {
			fs.lastPrompt = undefined;
			return;
		}
		settleAll(fs);
		if (fs.open) closeResp(fs, fs.open, undefined);
		fs.lastClosed = undefined;
		const s = fs.sess;
		const seq = s.turnSeq++;
		const turn: Turn = { id: `${s.id}:t${seq}`, sessionId: s.id, seq, role: 'user', text: capText(text) };
		if (at !== undefined) turn.at = at;
		s.turns++;
		s.activity = true;
		s.promptTitle ??= titleOf(text);
		batches.out.turns.push(turn);
		fs.lastPrompt = { text, channel };
	};

	/** A user-role message or event: a prompt unless it is injected context. */
	const userText = (fs: FileState, parts: string[]): string | undefined => {
		const kept: string[] = [];
		for (const p of parts) {
			const cwd = envCwd(p);
			if (cwd && fs.sess.envProject === undefined) fs.sess.envProject = cwd;
			if (!isInjected(p) && p.trim()) kept.push(p);
		}
		return kept.length ? kept.join('\n') : undefined;
	};

	const prompt = (fs: FileState, parts: string[], at: number | undefined, channel: Channel, replayed: Replay) => {
		const text = userText(fs, parts);
		if (text === undefined) return;
		if (replayed === 'prefix') fs.replayPrompt = { text, at, channel };
		else if (!replayed) onPrompt(fs, text, at, channel);
	};

	// --- tool calls --------------------------------------------------------------------------

	const startCall = (
		fs: FileState,
		callId: string | undefined,
		name: string,
		at: number | undefined,
		init: (p: Pending) => void,
		awaitsOutput = true
	): Pending | undefined => {
		if (callId !== undefined && fs.callIds.has(callId)) return undefined;
		settleAll(fs);
		const s = fs.sess;
		const r = openResp(fs, at);
		const id = callId ?? `anon${fs.anonCalls++}`;
		if (callId !== undefined) fs.callIds.add(callId);
		const call: ToolCall = {
			id: `${s.id}:${id}`,
			sessionId: s.id,
			turnId: r.turnId,
			seq: s.callSeq++,
			kind: toolKind(name),
			name,
			paths: [],
			outcome: 'pending'
		};
		if (at !== undefined) call.at = at;
		const p: Pending = { call, commit: false, done: false, cwd: fs.cwd ?? s.project ?? s.envProject };
		init(p);
		if (callId !== undefined && awaitsOutput) fs.pending.set(callId, p);
		// No id, no output can ever pair with it: it stays pending.
		else if (callId === undefined && awaitsOutput) fs.settling.push(p);
		return p;
	};

	const applyPatchInfo = (p: Pending, patchText: string | undefined) => {
		if (patchText === undefined) return;
		const files = parseApplyPatch(patchText);
		if (!files) return;
		p.patch = files;
		p.call.kind = files.length > 0 && files.every((f) => f.op === 'add') ? 'write' : 'edit';
		const paths: string[] = [];
		for (const f of files) {
			paths.push(resolvePath(p.cwd, f.path));
			if (f.movePath) paths.push(resolvePath(p.cwd, f.movePath));
		}
		p.call.paths = paths;
		if (files.length) p.call.summary = cap(files.map((f) => f.path).join(', '));
	};

	const onFunctionCall = (fs: FileState, item: Obj, at: number | undefined) => {
		const name = str(item.name) ?? 'unknown';
		let args: Obj = {};
		const raw = item.arguments;
		if (typeof raw === 'string') {
			try {
				const a = JSON.parse(raw) as unknown;
				if (isObj(a)) args = a;
			} catch {
				// Arguments the model garbled: the call still happened.
			}
		} else if (isObj(raw)) args = raw;
		startCall(fs, str(item.call_id) ?? str(item.id), name, at, (p) => {
			const kind = p.call.kind;
			if (kind === 'shell') {
				const cmd = shellCommand(args);
				if (cmd) {
					if (cmd.workdir) p.cwd = resolvePath(p.cwd, cmd.workdir);
					const patch = patchOfShell(cmd);
					if (patch !== undefined) {
						applyPatchInfo(p, patch);
						if (!p.patch) p.call.kind = 'edit';
					} else {
						p.call.summary = cap(cmd.text);
						p.commit = isGitCommit(cmd.text);
					}
				} else if (name === 'write_stdin' && typeof args.chars === 'string') p.call.summary = cap(args.chars);
			} else if (name === 'apply_patch') {
				applyPatchInfo(p, str(args.input) ?? str(args.patch) ?? (typeof raw === 'string' ? raw : undefined));
			} else {
				const path = str(args.path) ?? str(args.file_path);
				if (path) p.call.paths = [resolvePath(p.cwd, path)];
				const summary = str(args.query) ?? str(args.pattern) ?? path ?? str(args.message) ?? str(args.explanation);
				if (summary) p.call.summary = cap(summary);
			}
		});
	};

	const onCustomCall = (fs: FileState, item: Obj, at: number | undefined) => {
		const name = str(item.name) ?? 'unknown';
		startCall(fs, str(item.call_id) ?? str(item.id), name, at, (p) => {
			const input = typeof item.input === 'string' ? item.input : undefined;
			if (name === 'apply_patch') {
				p.call.kind = 'edit';
				applyPatchInfo(p, input);
			} else if (input) p.call.summary = cap(input);
		});
	};

	const onLocalShell = (fs: FileState, item: Obj, at: number | undefined) => {
		const action = isObj(item.action) ? item.action : {};
		startCall(fs, str(item.call_id) ?? str(item.id), 'local_shell', at, (p) => {
			const cmd = shellCommand(action);
			if (!cmd) return;
			if (cmd.workdir) p.cwd = resolvePath(p.cwd, cmd.workdir);
			const patch = patchOfShell(cmd);
			if (patch !== undefined) applyPatchInfo(p, patch);
			else {
				p.call.summary = cap(cmd.text);
				p.commit = isGitCommit(cmd.text);
			}
		});
	};

	/** Calls completed by the server itself (web search, image generation): done as they are logged. */
	const onServerCall = (fs: FileState, item: Obj, name: string, summary: string | undefined, at: number | undefined) => {
		const p = startCall(
			fs,
			str(item.id),
			name,
			at,
			(q) => {
				if (summary) q.call.summary = cap(summary);
			},
			false
		);
		if (!p) return;
		p.done = true;
		if (item.status === 'failed' || item.status === 'incomplete') p.failed = true;
		if (at !== undefined) p.call.endedAt = at;
		fs.settling.push(p);
	};

	const onOutput = (fs: FileState, item: Obj, at: number | undefined) => {
		fs.afterOutput = true;
		const id = str(item.call_id) ?? str(item.id);
		const p = id ? fs.pending.get(id) : undefined;
		if (!p) return;
		fs.pending.delete(id!);
		const o = readOutput(item.output);
		p.done = true;
		p.outputText = o.text;
		if (o.exitCode !== undefined && p.exitCode === undefined) p.exitCode = o.exitCode;
		if (o.failed) p.failed = true;
		if (isRejected(o.text)) p.rejected = true;
		else if (o.exitCode === undefined && isFailureText(o.text)) p.failed = true;
		if (at !== undefined) p.call.endedAt = at;
		fs.settling.push(p);
		if (fs.settling.length > MAX_SETTLING) settle(fs, fs.settling.shift()!);
	};

	/** A pending or just-completed call, for events that annotate it. */
	const callFor = (fs: FileState, id: string | undefined): Pending | undefined => {
		if (!id) return undefined;
		const p = fs.pending.get(id);
		if (p) return p;
		for (const q of fs.settling) if (q.call.id === `${fs.sess.id}:${id}`) return q;
		return undefined;
	};

	const settle = (fs: FileState, p: Pending) => {
		const s = fs.sess;
		const c = p.call;
		if (p.rejected || p.patchStatus === 'rejected') c.outcome = 'rejected';
		else if (p.failed || p.patchStatus === 'error' || (p.exitCode !== undefined && p.exitCode !== 0)) c.outcome = 'error';
		else if (p.done || p.patchStatus === 'ok') c.outcome = 'ok';
		if (p.changes && p.changes.length > 0) {
			// patch_apply_end names the files as absolute paths: those are the ones the edit touched.
			const paths: string[] = [];
			for (const ch of p.changes) {
				paths.push(ch.path);
				if (ch.movePath) paths.push(ch.movePath);
			}
			c.paths = paths;
			if (!p.patch) {
				c.kind = p.changes.every((ch) => ch.op === 'add') ? 'write' : 'edit';
				c.summary ??= cap(p.changes.map((ch) => ch.path).join(', '));
			}
		}
		if ((c.kind === 'edit' || c.kind === 'write') && c.outcome === 'ok') {
			let added = 0;
			let removed = 0;
			const hashes: string[] = [];
			if (p.patch) {
				for (const f of p.patch) {
					added += f.added;
					removed += f.removed;
					hashes.push(...f.hashes);
					if (f.op === 'delete' && p.changes) {
						// The patch text does not carry a deleted file's lines; the logged change does.
						const abs = resolvePath(p.cwd, f.path);
						const ch = p.changes.find((x) => x.op === 'delete' && (x.path === abs || x.path.endsWith('/' + f.path) || x.path === f.path));
						if (ch) removed += countChange(ch).removed;
					}
				}
			} else if (p.changes) {
				for (const ch of p.changes) {
					const n = countChange(ch);
					added += n.added;
					removed += n.removed;
					hashes.push(...n.hashes);
				}
			}
			if (p.patch || p.changes) {
				c.linesAdded = added;
				c.linesRemoved = removed;
				c.addedLineHashes = hashes;
			}
			for (const path of c.paths) s.filesEdited.add(path);
		}
		if (p.commit && c.outcome !== 'rejected') {
			const text = p.execOutput ?? p.outputText;
			if (text) for (const commit of parseCommits(text, c.endedAt)) if (!s.commits.some((x) => x.sha === commit.sha)) s.commits.push(commit);
		}
		s.toolCalls++;
		if (c.outcome === 'rejected') s.rejected++;
		else if (c.outcome === 'error') s.errors++;
		if (c.linesAdded) s.linesAdded += c.linesAdded;
		if (c.linesRemoved) s.linesRemoved += c.linesRemoved;
		s.activity = true;
		batches.out.toolCalls.push(c);
	};

	const settleAll = (fs: FileState) => {
		if (fs.settling.length === 0) return;
		for (const p of fs.settling) settle(fs, p);
		fs.settling = [];
	};

	// --- events ------------------------------------------------------------------------------

	const onTokenCount = (fs: FileState, ev: Obj, at: number | undefined, replayed: Replay) => {
		const rl = ev.rate_limits;
		if (!replayed && isObj(rl) && (isObj(rl.primary) || isObj(rl.secondary))) fs.sess.subscription = true;
		const info = ev.info;
		if (!isObj(info)) return;
		const total = readUsage(info.total_token_usage);
		if (!total) return;
		const key = usageKey(total);
		fs.ownTotals?.add(key);
		if (replayed || fs.parentTotals?.has(key)) {
			fs.usage.baseline(total);
			return;
		}
		fs.sess.sawTokenCount = true;
		const d = fs.usage.advance(total);
		if (!d) return;
		settleAll(fs);
		const r = fs.open ?? openResp(fs, at);
		closeResp(fs, r, toTokens(d), at);
	};

	const onPatchEnd = (fs: FileState, ev: Obj) => {
		const p = callFor(fs, str(ev.call_id));
		if (!p) return;
		const status = str(ev.status);
		p.patchStatus = status === 'declined' ? 'rejected' : ev.success === false || status === 'failed' ? 'error' : 'ok';
		const changes = readChanges(ev.changes);
		if (changes.length) p.changes = changes;
	};

	const onExecEnd = (fs: FileState, ev: Obj) => {
		const p = callFor(fs, str(ev.call_id));
		if (!p) return;
		const code = ev.exit_code ?? ev.exitCode;
		if (typeof code === 'number' && Number.isInteger(code)) p.exitCode = code;
		const text = str(ev.aggregated_output) ?? str(ev.aggregatedOutput) ?? [str(ev.stdout), str(ev.stderr)].filter(Boolean).join('\n');
		if (text) p.execOutput = text;
		if (ev.status === 'declined') p.rejected = true;
	};

	const onMcpEnd = (fs: FileState, ev: Obj) => {
		const p = callFor(fs, str(ev.call_id));
		if (!p) return;
		const res = ev.result;
		if (isObj(res) && ('Err' in res || (isObj(res.Ok) && (res.Ok.isError === true || res.Ok.is_error === true)))) p.failed = true;
	};

	/** Paginated history (2026): messages arrive as completed turn items. Tool items only annotate calls. */
	const onItemCompleted = (fs: FileState, ev: Obj, at: number | undefined, replayed: Replay) => {
		const item = ev.item;
		if (!isObj(item)) return;
		switch (item.type) {
			case 'UserMessage':
			case 'user_message':
				prompt(fs, contentParts(item.content), at, 'event', replayed);
				return;
			case 'AgentMessage':
			case 'agent_message':
				if (!replayed) for (const t of contentParts(item.content)) onAssistantText(fs, t, at, 'event');
				return;
		}
		if (replayed) return;
		const p = callFor(fs, str(item.id));
		if (!p) return;
		const status = str(item.status);
		if (status === 'declined') p.rejected = true;
		else if (status === 'failed') p.failed = true;
		const code = item.exit_code ?? item.exitCode;
		if (typeof code === 'number' && Number.isInteger(code)) p.exitCode = code;
		const text = str(item.aggregated_output) ?? str(item.aggregatedOutput);
		if (text) p.execOutput = text;
		const changes = readChanges(item.changes);
		if (changes.length) p.changes = changes;
	};

	// --- records -----------------------------------------------------------------------------

	const warnVersion = (fs: FileState, version: string) => {
		if (fs.versionWarned || !(majorOf(version) > 0)) return;
		fs.versionWarned = true;
		fs.report.warnings.push(
			`${fs.plan.file.path}: written by Codex CLI ${version}, newer than the versions this parser knows (${KNOWN_MAJORS}); read anyway`
		);
	};

	const onSessionMeta = (fs: FileState, meta: Obj, at: number | undefined): boolean => {
		const id = str(meta.id);
		const own = !fs.ownMetaSeen && (!fs.plan.metaId || id === undefined || id === fs.plan.nativeId);
		if (!own) {
			// Another session's metadata: what follows is that session's copied history.
			if (id !== fs.plan.nativeId) fs.replay = true;
			return false;
		}
		fs.ownMetaSeen = true;
		const s = fs.sess;
		fs.createdAt = parseTime(meta.timestamp) ?? at;
		const cwd = str(meta.cwd);
		if (cwd) {
			s.project ??= cwd;
			fs.cwd ??= cwd;
		}
		const version = str(meta.cli_version);
		if (version) {
			s.version = version;
			warnVersion(fs, version);
		}
		const provider = str(meta.model_provider);
		if (provider) s.provider = provider;
		const git = meta.git;
		if (isObj(git)) {
			s.headCommit = str(git.commit_hash) ?? s.headCommit;
			s.branch = str(git.branch) ?? s.branch;
			s.repoUrl = str(git.repository_url) ?? s.repoUrl;
		}
		s.agentType ??= metaAgentType(meta);
		s.parentNative ??= metaParent(meta);
		if (s.parentNative !== undefined && !fs.replay && fs.plan.parentNative === undefined) {
			fs.replay = true;
			fs.parentTotals = totalsBySession.get(s.parentNative);
		}
		return true;
	};

	const onTurnContext = (fs: FileState, tc: Obj) => {
		const model = str(tc.model);
		if (model) fs.model = model;
		const cwd = str(tc.cwd);
		if (cwd) {
			fs.cwd = cwd;
			fs.sess.envProject ??= cwd;
		}
		const policy = tc.approval_policy;
		if (typeof policy === 'string') fs.sess.permissionMode = policy;
	};

	const onItem = (fs: FileState, item: Obj, at: number | undefined, replayed: Replay): boolean => {
		const type = item.type;
		if (replayed) {
			if (type === 'message' && item.role === 'user') prompt(fs, contentParts(item.content), at, 'item', replayed);
			return false;
		}
		switch (type) {
			case 'message': {
				const role = item.role;
				if (role === 'user') prompt(fs, contentParts(item.content), at, 'item', false);
				else if (role === 'assistant') for (const t of contentParts(item.content)) onAssistantText(fs, t, at, 'item');
				return true;
			}
			case 'reasoning':
				openResp(fs, at);
				return true;
			case 'function_call':
				onFunctionCall(fs, item, at);
				return true;
			case 'custom_tool_call':
				onCustomCall(fs, item, at);
				return true;
			case 'local_shell_call':
				onLocalShell(fs, item, at);
				return true;
			case 'function_call_output':
			case 'custom_tool_call_output':
			case 'tool_search_output':
				onOutput(fs, item, at);
				return true;
			case 'tool_search_call':
				startCall(fs, str(item.call_id) ?? str(item.id), 'tool_search', at, () => {});
				return true;
			case 'web_search_call': {
				const action = isObj(item.action) ? item.action : {};
				onServerCall(fs, item, 'web_search', str(action.query) ?? str(action.url), at);
				return true;
			}
			case 'image_generation_call':
				onServerCall(fs, item, 'image_generation', str(item.revised_prompt), at);
				return true;
			case 'ghost_snapshot':
			case 'compaction':
			case 'compaction_summary':
				// ghost_snapshot: a /undo snapshot of the worktree, never a commit on a branch (README).
				return true;
		}
		return false;
	};

	const onEvent = (fs: FileState, ev: Obj, at: number | undefined, replayed: Replay): boolean => {
		const type = ev.type;
		if (type === 'token_count') {
			onTokenCount(fs, ev, at, replayed);
			return !replayed;
		}
		if (replayed) {
			if (type === 'user_message' && typeof ev.message === 'string') prompt(fs, [ev.message], at, 'event', replayed);
			else if (type === 'item_completed') onItemCompleted(fs, ev, at, replayed);
			return false;
		}
		switch (type) {
			case 'user_message':
				// Some builds tag injected context events with a kind other than `plain`.
				if (typeof ev.message === 'string' && (ev.kind === undefined || ev.kind === 'plain')) prompt(fs, [ev.message], at, 'event', replayed);
				return true;
			case 'agent_message':
				if (typeof ev.message === 'string') onAssistantText(fs, ev.message, at, 'event');
				return true;
			case 'item_completed':
				onItemCompleted(fs, ev, at, false);
				return true;
			case 'patch_apply_end':
				onPatchEnd(fs, ev);
				return true;
			case 'patch_apply_begin': {
				// Not persisted by the builds we know of; when present, its changes stand in for a missing end.
				const p = callFor(fs, str(ev.call_id));
				if (p && !p.changes) {
					const changes = readChanges(ev.changes);
					if (changes.length) p.changes = changes;
				}
				return true;
			}
			case 'exec_command_end':
				onExecEnd(fs, ev);
				return true;
			case 'mcp_tool_call_end':
				onMcpEnd(fs, ev);
				return true;
			case 'turn_aborted':
				settleAll(fs);
				if (fs.open) closeResp(fs, fs.open, undefined);
				return true;
			case 'thread_name_updated': {
				const name = str(ev.thread_name) ?? str(ev.name);
				if (name) fs.sess.threadName = name;
				return true;
			}
			case 'task_started':
			case 'task_complete':
			case 'turn_started':
			case 'turn_complete':
			case 'agent_reasoning':
			case 'agent_reasoning_raw_content':
			case 'context_compacted':
			case 'thread_rolled_back':
			case 'web_search_end':
			case 'entered_review_mode':
			case 'exited_review_mode':
				return true;
		}
		return false;
	};

	/** The end of a replayed prefix: the child's own first prompt (the last one read) becomes a turn. */
	const endReplay = (fs: FileState) => {
		fs.replay = false;
		const p = fs.replayPrompt;
		fs.replayPrompt = undefined;
		if (p) {
			onPrompt(fs, p.text, p.at, p.channel);
			touch(fs, p.at);
		}
	};

	const onWrapped = (fs: FileState, rec: Obj, lineNo: number): boolean => {
		const type = rec.type as string;
		const payload = rec.payload;
		if (!isObj(payload)) {
			skip(fs.report, lineNo, 'payload is not an object');
			return false;
		}
		const at = parseTime(rec.timestamp);
		if (type === 'session_meta') {
			const own = onSessionMeta(fs, payload, at);
			if (own) touch(fs, fs.createdAt ?? at);
			return own;
		}
		// Replayed history of the parent (README, "Forks and subagents").
		let replayed: Replay = false;
		if (fs.sess.parentNative !== undefined && at !== undefined && fs.createdAt !== undefined && at < fs.createdAt) replayed = 'old';
		else if (fs.replay) {
			let own = type === 'response_item' && isOwnItem(payload);
			if (!own && type === 'event_msg' && payload.type === 'token_count' && fs.parentTotals && isObj(payload.info)) {
				const total = readUsage(payload.info.total_token_usage);
				own = total !== undefined && !fs.parentTotals.has(usageKey(total));
			}
			if (own) endReplay(fs);
			else replayed = 'prefix';
		}
		let used: boolean;
		switch (type) {
			case 'response_item':
				used = onItem(fs, payload, at, replayed);
				break;
			case 'event_msg':
				used = onEvent(fs, payload, at, replayed);
				break;
			case 'turn_context':
				onTurnContext(fs, payload);
				used = !replayed;
				break;
			case 'compacted':
				used = !replayed;
				break;
			default:
				// world_state, inter_agent_communication and future line types carry nothing we use.
				return false;
		}
		if (used) touch(fs, at);
		return used;
	};

	const onBareLine = (fs: FileState, rec: Obj): boolean => {
		if (!fs.ownMetaSeen && kindOfLine(rec, true) === 'bare') {
			fs.bare = true;
			onSessionMeta(fs, rec, undefined);
			touch(fs, fs.createdAt);
			return true;
		}
		if (rec.record_type !== undefined) return true;
		if (typeof rec.type !== 'string') return false;
		return onItem(fs, rec, undefined, false);
	};

	// --- files -------------------------------------------------------------------------------

	const drain = async (file: InputFile, fp: Fingerprint): Promise<number> => {
		const reader = file.stream().getReader();
		let total = 0;
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				fp.update(value);
				total += value.length;
			}
		} finally {
			reader.releaseLock();
		}
		return total;
	};

	const parseIndex = async (plan: Plan, report: FileReport, fp: Fingerprint, base: number) => {
		const stamp = new Map<string, number>();
		const stats = await splitLines(
			plan.file.stream(),
			(buf, s, e, lineNo) => {
				const text = decoder.decode(buf.subarray(s, e)).trim();
				if (!text) return;
				let o: unknown;
				try {
					o = JSON.parse(text);
				} catch {
					skip(report, lineNo, 'invalid JSON');
					return;
				}
				if (!isObj(o) || typeof o.id !== 'string' || typeof o.thread_name !== 'string') {
					skip(report, lineNo, 'not a session index entry');
					return;
				}
				// Newest name wins: by updated_at, else by line order.
				const t = parseTime(o.updated_at) ?? -Infinity;
				const prev = stamp.get(o.id);
				if (prev === undefined || t >= prev) {
					titles.set(o.id, o.thread_name);
					stamp.set(o.id, t);
				}
				report.records++;
			},
			{ onChunk: (c) => fp.update(c), onProgress: (b) => sink.progress?.(base + b), cancelled: sink.cancelled ? () => sink.cancelled!() : undefined }
		);
		report.bytes = stats.bytes;
		markTruncatedLast(report, stats);
	};

	const parseRollout = async (plan: Plan, report: FileReport, fp: Fingerprint, base: number) => {
		const sess = newSession(plan);
		sessions.set(sess.id, sess);
		const fs: FileState = {
			plan,
			report,
			sess,
			ownMetaSeen: false,
			replay: plan.parentNative !== undefined,
			usage: new CumulativeUsage(),
			afterOutput: false,
			pending: new Map(),
			settling: [],
			callIds: new Set(),
			versionWarned: false,
			bare: false,
			anonCalls: 0
		};
		if (plan.parentNative !== undefined) fs.parentTotals = totalsBySession.get(plan.parentNative);
		if (plan.hasChildren) {
			fs.ownTotals = new Set();
			totalsBySession.set(plan.nativeId, fs.ownTotals);
		}
		const onLine = (buf: Uint8Array, start: number, end: number, lineNo: number) => {
			const rec = jsonlRecord(buf, start, end);
			if (rec === undefined) return;
			if (typeof rec === 'string') {
				skip(report, lineNo, rec);
				return;
			}
			const wrapped = typeof rec.type === 'string' && ('payload' in rec || WRAPPED_TYPES.has(rec.type));
			const used = wrapped ? onWrapped(fs, rec, lineNo) : onBareLine(fs, rec);
			if (used) report.records++;
		};
		const stats = await splitLines(plan.file.stream(), onLine, {
			maxLineBytes: DEFAULT_MAX_LINE_BYTES,
			onOverlong: (lineNo, bytes) => skip(report, lineNo, `line too long (${bytes} bytes)`),
			onChunk: (c) => fp.update(c),
			afterChunk: () => flush(false),
			onProgress: (b) => sink.progress?.(base + b),
			cancelled: sink.cancelled ? () => sink.cancelled!() : undefined
		});
		markTruncatedLast(report, stats);
		// A prefix that never ended was all replayed history: nothing of it is this session's.
		fs.replayPrompt = undefined;
		settleAll(fs);
		if (fs.open) closeResp(fs, fs.open, undefined);
		for (const p of fs.pending.values()) settle(fs, p);
		fs.pending.clear();
		if (fs.bare) sess.endedAt = undefined;
		report.bytes = stats.bytes;
	};

	let base = 0;
	for (const plan of order) {
		if (sink.cancelled?.()) break;
		const report = reports[plan.index];
		const fp = new Fingerprint();
		if (plan.kind === 'zst') {
			report.bytes = await drain(plan.file, fp);
			report.warnings.push(
				`${plan.file.path}: a zstd-compressed Codex rollout; compressed rollouts must be decompressed first (e.g. \`zstd -d\`) and the .jsonl imported`
			);
		} else if (plan.kind === 'duplicate') {
			report.bytes = await drain(plan.file, fp);
			report.warnings.push(
				`${plan.file.path}: holds the same Codex session (${plan.nativeId}) as ${plan.keptPath}, which is larger; skipped so its usage is not counted twice`
			);
		} else if (plan.kind === 'index') await parseIndex(plan, report, fp, base);
		else await parseRollout(plan, report, fp, base);
		report.hash = fp.digest();
		base += report.bytes;
		sink.progress?.(base);
		await flush(false);
	}
	await flush(true);
	return { sessions: buildSessions(sessions, titles, reports, plans), files: reports };
}

function buildSessions(sessions: Map<string, SessAcc>, titles: Map<string, string>, reports: FileReport[], plans: Plan[]): Session[] {
	const reportOf = new Map(plans.map((p) => [p.file.path, reports[p.index]]));
	const ownCost = (s: SessAcc): Cost =>
		s.priced > 0
			? s.cost
			: !s.sawTokenCount && s.activity
				? { usd: 0, source: 'unknown', note: 'the rollout records no token counts' }
				: { usd: 0, source: 'estimated' };
	const { total, subagents } = rollUpSubagents(sessions.values(), {
		parentId: (s) => (s.parentNative === undefined ? undefined : `codex:${s.parentNative}`),
		own: (s) => ({ tokens: s.own, cost: ownCost(s), models: s.models }),
		maxDepth: 64,
		onOrphan: (s) =>
			reportOf.get(s.sourceId)?.warnings.push(`${s.sourceId}: fork or subagent of session ${s.parentNative}, whose file is not among the inputs`)
	});
	const withNote = (c: Cost, s: SessAcc): Cost =>
		s.subscription && c.source === 'estimated' ? { ...c, note: 'list-price estimate; this usage was billed by a ChatGPT subscription' } : c;
	const out: Session[] = [];
	for (const s of sessions.values()) {
		const t = total(s, 0);
		const session = sessionOf(
			s,
			'codex',
			t,
			withNote(t.cost, s),
			subagents(s).map(({ node: c, total: ct }) => {
				const entry: Session['subagents'][number] = { id: c.id, tokens: ct.tokens, cost: withNote(ct.cost, c) };
				if (c.agentType) entry.agentType = c.agentType;
				return entry;
			})
		);
		const title = titles.get(s.nativeId) ?? s.threadName ?? s.promptTitle;
		if (title !== undefined) session.title = title;
		const project = s.project ?? s.envProject;
		if (project !== undefined) session.project = project;
		if (s.branch !== undefined) session.branch = s.branch;
		if (s.repoUrl !== undefined) session.repoUrl = s.repoUrl;
		if (s.headCommit !== undefined) session.headCommit = s.headCommit;
		if (s.provider !== undefined) session.provider = s.provider;
		if (s.subscription) session.subscription = true;
		if (s.version !== undefined) session.version = s.version;
		if (s.permissionMode !== undefined) session.permissionMode = s.permissionMode;
		out.push(session);
	}
	out.sort(byStart);
	return out;
}
