// Deterministic generator of a realistic Claude Code `~/.claude/projects` tree (see the harness-formats
// reference, §1.1). Files are written line by line through small buffers; nothing holds the corpus.
// It also returns what a correct reader must find: token totals deduped by (message.id, requestId)
// with each response's final usage, subagent files included, `<synthetic>` excluded.

import { closeSync, mkdirSync, openSync, readFileSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Rng } from './rng';
import * as T from './text';
import type { Lang } from './text';

export const GENERATOR_VERSION = 2;

export interface ClaudeCorpusOptions {
	/** Becomes a `projects` folder: `<outDir>/<encoded-cwd>/<sessionId>.jsonl`. Should be empty. */
	outDir: string;
	targetBytes: number;
	seed: string | number;
	/** Last day with activity (UTC date); the span runs back `weeks` from it. */
	endDate: string | Date;
	sessions?: number;
	weeks?: number;
	projects?: number;
	onProgress?(bytes: number): void;
}

export interface TokenTotals {
	input: number;
	output: number;
	cacheRead: number;
	cacheWrite: number;
	cacheWrite5m: number;
	cacheWrite1h: number;
	/** Distinct API responses counted. */
	responses: number;
}

export interface ExpectedSession {
	/** Path relative to outDir. */
	file: string;
	sessionId: string;
	cwd: string;
	version: string;
	title: string;
	models: string[];
	/** Own tokens plus subagent and compaction files. */
	tokens: TokenTotals;
	ownTokens: TokenTotals;
	subagentFiles: number;
	/** Tool calls and rejections in the main transcript (subagents' are only in the corpus-wide counts). */
	toolCalls: number;
	rejections: number;
	commits: { sha: string; branch: string; subject: string }[];
	/** Set when the file opens with a copy of that session's last lines (1.0.x `--continue`); those tokens stay with it. */
	continuesFrom?: string;
	startedAt: string;
	endedAt: string;
}

export interface ClaudeCorpusExpected {
	totals: TokenTotals;
	byModel: Record<string, TokenTotals>;
	sessions: ExpectedSession[];
	subagentFiles: number;
	summaryOnlyFiles: number;
	syntheticMessages: number;
	/** All tool calls, subagents' included. */
	toolCalls: number;
	rejections: number;
	commits: number;
	lines: number;
	progressLines: number;
}

export interface ClaudeCorpusResult {
	files: number;
	bytes: number;
	/** Main session transcripts (not subagent files, not summary-only stubs). */
	sessions: number;
	expected: ClaudeCorpusExpected;
}

// ---------------------------------------------------------------------------------------------
// Fixed vocabularies

type Proj = { cwd: string; lang: Lang; repo: string; legacy: number; hooks: boolean };
const PROJECT_POOL: Proj[] = [
	{ cwd: '/home/dev/src/api', lang: 'ts', repo: 'dev/api', legacy: 0.05, hooks: true },
	{ cwd: '/home/dev/src/data_pipeline', lang: 'py', repo: 'dev/data-pipeline', legacy: 0.6, hooks: false },
	{ cwd: '/home/dev/code/billing-service', lang: 'go', repo: 'acme/billing-service', legacy: 0.1, hooks: true },
	{ cwd: '/home/dev/src/web-app', lang: 'ts', repo: 'dev/web-app', legacy: 0.15, hooks: true },
	{ cwd: '/home/dev/src/hindsight.site', lang: 'ts', repo: 'dev/hindsight.site', legacy: 0.3, hooks: true },
	{ cwd: '/home/dev/src/infra-scripts', lang: 'py', repo: 'dev/infra-scripts', legacy: 0.2, hooks: false }
];
const V1 = ['1.0.51', '1.0.62', '1.0.72', '1.0.88', '1.0.98', '1.0.113', '1.0.126'];
const V2 = ['2.1.19', '2.1.31', '2.1.39', '2.1.47', '2.1.59', '2.1.63', '2.1.71', '2.1.86', '2.1.97', '2.1.104', '2.1.112'];
const MODELS_V1: [string, number][] = [
	['claude-sonnet-4-20250514', 0.65],
	['claude-opus-4-20250514', 0.35]
];
const MODELS_V2: [string, number][] = [
	['claude-opus-4-6', 0.48],
	['claude-sonnet-4-6', 0.22],
	['claude-sonnet-4-5-20250929', 0.24],
	['claude-haiku-4-5-20251001', 0.06]
];
const HAIKU = 'claude-haiku-4-5-20251001';
const REJECT_TEXT =
	"The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing and wait for the user to tell you how to proceed.";
const READ_REMINDER =
	'\n\n<system-reminder>\nWhenever you read a file, you should consider whether it looks malicious. If it does, you MUST refuse to improve or augment the code. You can still analyze existing code, write reports, or answer high-level questions about the code behavior.\n</system-reminder>\n';
const TODO_OK =
	'Todos have been modified successfully. Ensure that you continue to use the todo list to track your progress. Please proceed with the current tasks if applicable';
const MIN = 60_000;
const DAY = 86_400_000;

const patchOf = (v: string) => Number(v.split('.')[2]);
export const encodeCwd = (cwd: string) => cwd.replace(/[^a-zA-Z0-9]/g, '-');
const iso = (ms: number) => new Date(ms).toISOString();
const tok = (chars: number) => Math.max(1, Math.round(chars / 3.7));

function zeroTotals(): TokenTotals {
	return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cacheWrite5m: 0, cacheWrite1h: 0, responses: 0 };
}
function addUsage(t: TokenTotals, u: Usage) {
	t.input += u.input;
	t.output += u.output;
	t.cacheRead += u.read;
	t.cacheWrite += u.w5 + u.w1;
	t.cacheWrite5m += u.w5;
	t.cacheWrite1h += u.w1;
	t.responses++;
}

// ---------------------------------------------------------------------------------------------
// Output

interface Stats {
	files: number;
	bytes: number;
	lines: number;
	progressLines: number;
}

/** One JSONL file written through a ~1 MB buffer. */
class Out {
	private fd: number;
	private parts: string[] = [];
	private pending = 0;
	constructor(
		readonly path: string,
		private stats: Stats
	) {
		mkdirSync(dirname(path), { recursive: true });
		this.fd = openSync(path, 'w');
		stats.files++;
	}
	line(s: string): number {
		this.parts.push(s);
		this.pending += s.length;
		this.stats.lines++;
		if (this.pending > 1 << 20) this.flush();
		return s.length;
	}
	private flush() {
		if (!this.parts.length) return;
		const buf = Buffer.from(this.parts.join(''));
		this.parts = [];
		this.pending = 0;
		for (let off = 0; off < buf.length; ) off += writeSync(this.fd, buf, off);
		this.stats.bytes += buf.length;
	}
	close(mtimeMs: number) {
		this.flush();
		closeSync(this.fd);
		utimesSync(this.path, mtimeMs / 1000, mtimeMs / 1000);
	}
}

// ---------------------------------------------------------------------------------------------
// Sessions

interface Usage {
	input: number;
	output: number;
	read: number;
	w5: number;
	w1: number;
}

interface Plan {
	proj: ProjectState;
	start: number;
	duration: number;
	weight: number;
	era: 1 | 2;
	version: string;
	model: string;
}

interface ProjectState extends Proj {
	dir: string;
	files: string[];
	branches: string[];
	/** Titles and leaf uuids of earlier sessions, for `summary` lines in later files. */
	past: { title: string; leaf: string }[];
	/** Tail of the last 1.0.x transcript, copied into a continuation like `--continue` did. */
	tail?: string[];
}

type J = Record<string, any>;
type Block = J;

interface ToolRun {
	id: string;
	name: string;
	input: J;
	/** Runs the tool: writes progress lines and returns the result. */
	exec(): ToolResult;
}
interface ToolResult {
	content: string | J[];
	result: unknown;
	isError?: boolean;
	rejected?: boolean;
	/** Milliseconds the tool took. */
	ms: number;
}

/** A conversation being written: the main transcript or one subagent file. */
class Conv {
	last: string | null = null;
	ctx: number;
	cached = 0;
	first = true;
	lastReq = 0;
	lastUsage: Usage | null = null;
	tokens = zeroTotals();
	/** Mirrors every line into the parent as `agent_progress` (2.1.x subagents). */
	echo?: (line: J, first: boolean) => void;
	constructor(
		readonly s: Session,
		readonly out: Out,
		readonly side: boolean,
		public model: string,
		readonly ttl1h: boolean,
		readonly sys: number,
		readonly agentId?: string
	) {
		this.ctx = sys;
	}

	env(type: string, parentUuid: string | null = this.last): J {
		const s = this.s;
		const o: J = { parentUuid, isSidechain: this.side, userType: 'external', cwd: s.cwd, sessionId: s.id, version: s.version };
		if (s.era === 2) {
			o.gitBranch = s.branch;
			if (this.agentId) o.agentId = this.agentId;
			o.slug = s.slug;
		}
		o.type = type;
		return o;
	}

	write(o: J, progress = false): void {
		this.s.bytes += this.out.line(JSON.stringify(o) + '\n');
		if (progress) this.s.g.stats.progressLines++;
		if (this.echo && (o.type === 'user' || o.type === 'assistant')) this.echo(o, o.parentUuid === null);
	}

	/** Token accounting for one API request against a prompt cache. */
	request(at: number, output: number): Usage {
		const r = this.s.r;
		let read: number;
		if (this.first) read = r.chance(0.7) ? Math.min(this.sys, this.ctx) : 0;
		else if ((!this.ttl1h && at - this.lastReq > 5 * MIN) || r.chance(0.01)) read = Math.min(this.sys, this.ctx);
		else read = this.cached;
		const write = Math.max(0, this.ctx - read);
		const input = r.chance(0.85) ? r.int(1, 8) : r.int(9, 400);
		let w1 = 0;
		let w5 = 0;
		if (this.s.era === 2 && this.ttl1h) {
			w1 = r.chance(0.9) ? write : Math.round(write * r.next());
			w5 = write - w1;
		} else w5 = write;
		this.first = false;
		this.lastReq = at;
		this.cached = this.ctx + input;
		this.ctx += input + output;
		const u = { input, output, read, w5, w1 };
		this.lastUsage = u;
		return u;
	}

	usageJson(u: Usage, output: number): J {
		const o: J = { input_tokens: u.input, cache_creation_input_tokens: u.w5 + u.w1, cache_read_input_tokens: u.read };
		if (this.s.era === 2) o.cache_creation = { ephemeral_5m_input_tokens: u.w5, ephemeral_1h_input_tokens: u.w1 };
		o.output_tokens = output;
		o.service_tier = 'standard';
		return o;
	}

	/** Human prompt (or any user text line). */
	user(content: string | J[], step: number, extra: J = {}, uuid = this.s.r.uuid()): string {
		const s = this.s;
		const at = s.now(step);
		const o = this.env('user');
		o.message = { role: 'user', content };
		Object.assign(o, { uuid, timestamp: iso(at) }, extra);
		if (s.era === 2 && !this.side && typeof content === 'string') o.permissionMode = s.mode;
		this.write(o);
		this.last = uuid;
		this.ctx += tok(typeof content === 'string' ? content.length : JSON.stringify(content).length);
		return uuid;
	}

	/** One API response: one line per content block, same id/requestId, output_tokens growing to the final count. */
	respond(blocks: Block[], stop: 'end_turn' | 'tool_use', thinkMs: number): string[] {
		const s = this.s;
		const r = s.r;
		const id = 'msg_01' + r.b62(22);
		const req = 'req_011C' + r.b62(20);
		let chars = 0;
		for (const b of blocks) chars += b.type === 'thinking' ? b.thinking.length * 1.15 : b.type === 'text' ? b.text.length : JSON.stringify(b.input).length + 60;
		const output = tok(chars) + r.int(0, 25);
		const at0 = s.now(thinkMs);
		const u = this.request(at0, output);
		addUsage(this.tokens, u);
		s.g.count(this.model, u);
		const uuids: string[] = [];
		let partial = 1;
		for (let i = 0; i < blocks.length; i++) {
			const last = i === blocks.length - 1;
			if (i > 0 && r.chance(0.3)) partial = Math.min(output - 1, partial + r.int(1, 8));
			const o = this.env('assistant');
			o.message = {
				model: this.model,
				id,
				type: 'message',
				role: 'assistant',
				content: [blocks[i]],
				stop_reason: last ? stop : null,
				stop_sequence: null,
				usage: this.usageJson(u, last ? output : Math.max(1, partial))
			};
			o.requestId = req;
			o.type = 'assistant';
			o.uuid = r.uuid();
			o.timestamp = iso(i === 0 ? at0 : s.now(r.int(20, 900)));
			this.write(o);
			this.last = o.uuid;
			uuids.push(o.uuid);
		}
		return uuids;
	}

	/** Harness-made assistant message: API errors, limits. Zero usage, excluded from cost. */
	synthetic(text: string, apiError: boolean) {
		const s = this.s;
		const o = this.env('assistant');
		const usage: J = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
		if (s.era === 2) {
			usage.server_tool_use = { web_search_requests: 0, web_fetch_requests: 0 };
			usage.service_tier = null;
			usage.cache_creation = { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 };
		}
		o.message = { id: s.r.uuid(), container: null, model: '<synthetic>', role: 'assistant', stop_reason: 'stop_sequence', stop_sequence: '', type: 'message', usage, content: [{ type: 'text', text }] };
		o.type = 'assistant';
		o.uuid = s.r.uuid();
		o.timestamp = iso(s.now(s.r.int(500, 20000)));
		if (apiError) o.isApiErrorMessage = true;
		this.write(o);
		this.last = o.uuid;
		s.g.expected.syntheticMessages++;
	}

	toolResult(t: ToolRun, res: ToolResult, assistantUuid: string) {
		const s = this.s;
		const o = this.env('user');
		const block: J = { tool_use_id: t.id, type: 'tool_result', content: res.content };
		if (res.isError || res.rejected) block.is_error = true;
		o.message = { role: 'user', content: [block] };
		o.uuid = s.r.uuid();
		o.timestamp = iso(s.now(res.ms));
		o.toolUseResult = res.result;
		if (s.era === 2 && patchOf(s.version) >= 1) o.sourceToolAssistantUUID = assistantUuid;
		this.write(o);
		this.last = o.uuid;
		this.ctx += tok(typeof res.content === 'string' ? res.content.length : JSON.stringify(res.content).length);
	}

	progress(data: J, toolUseID: string, parentToolUseID: string, step: number) {
		const o = this.env('progress');
		o.data = data;
		o.toolUseID = toolUseID;
		o.parentToolUseID = parentToolUseID;
		o.uuid = this.s.r.uuid();
		o.timestamp = iso(this.s.now(step));
		this.write(o, true);
	}
}

class Session {
	id: string;
	r: Rng;
	cwd: string;
	era: 1 | 2;
	version: string;
	branch: string;
	slug: string;
	mode: string;
	title: string;
	clock: number;
	bytes = 0;
	files: string[];
	dirty = new Set<string>();
	tracked = new Map<string, number>();
	todos: J[] = [];
	exp: ExpectedSession;
	main!: Conv;
	taskTool: string;
	constructor(
		readonly g: Gen,
		readonly plan: Plan,
		readonly budget: number,
		r: Rng
	) {
		this.r = r;
		this.id = r.uuid();
		const p = plan.proj;
		this.cwd = p.cwd;
		this.era = plan.era;
		this.version = plan.version;
		this.branch = plan.era === 2 && r.chance(0.5) ? r.pick(p.branches.slice(1)) : 'main';
		this.slug = T.slug(r);
		this.mode = plan.era === 1 ? 'default' : r.weighted([['default', 0.55], ['acceptEdits', 0.25], ['bypassPermissions', 0.12], ['plan', 0.05], ['auto', patchOf(plan.version) >= 97 ? 0.06 : 0]] as const);
		this.title = T.title(r);
		this.clock = plan.start;
		this.files = p.files;
		this.taskTool = plan.era === 2 && patchOf(plan.version) >= 63 ? 'Agent' : 'Task';
		this.exp = {
			file: `${p.dir}/${this.id}.jsonl`,
			sessionId: this.id,
			cwd: p.cwd,
			version: plan.version,
			title: this.title,
			models: [],
			tokens: zeroTotals(),
			ownTokens: zeroTotals(),
			subagentFiles: 0,
			toolCalls: 0,
			rejections: 0,
			commits: [],
			startedAt: iso(plan.start),
			endedAt: ''
		};
	}

	/** Timestamps follow the share of the byte budget used, so the session spans its planned duration. */
	now(stepMs: number): number {
		const target = this.plan.start + this.plan.duration * Math.min(1, this.bytes / this.budget);
		// Ahead of plan (many events, small budget per event): shrink the natural step so the end stays near plan.
		const ahead = this.clock - target;
		const k = ahead > 0 ? Math.max(0.06, 1 - ahead / (0.15 * this.plan.duration)) : 1;
		this.clock = Math.max(this.clock + Math.max(1, Math.round(stepMs * k)), Math.round(target));
		return this.clock;
	}

	over(): boolean {
		return this.bytes >= this.budget;
	}

	abs(rel: string): string {
		return `${this.cwd}/${rel}`;
	}
}

// ---------------------------------------------------------------------------------------------
// Tools

function numbered(lines: string[], from = 1): string {
	let s = '';
	for (let i = 0; i < lines.length; i++) s += (i ? '\n' : '') + String(from + i).padStart(6) + '→' + lines[i];
	return s;
}

function hunk(all: string[], start: number, oldL: string[], newL: string[]): J {
	const before = all.slice(Math.max(0, start - 3), start);
	const after = all.slice(start + oldL.length, start + oldL.length + 3);
	const oldStart = start - before.length + 1;
	return {
		oldStart,
		oldLines: before.length + oldL.length + after.length,
		newStart: oldStart,
		newLines: before.length + newL.length + after.length,
		lines: [...before.map((l) => ' ' + l), ...oldL.map((l) => '-' + l), ...newL.map((l) => '+' + l), ...after.map((l) => ' ' + l)]
	};
}

function rejectable(s: Session, name: string): boolean {
	if (s.mode === 'bypassPermissions' || s.mode === 'auto') return false;
	if (name === 'Bash') return s.r.chance(0.035);
	return s.mode === 'default' && s.r.chance(0.06);
}

function rejection(s: Session): ToolResult {
	return { content: REJECT_TEXT, result: 'Error: ' + REJECT_TEXT, rejected: true, ms: s.r.int(2000, 40000) };
}

function toolId(r: Rng) {
	return 'toolu_01' + r.b62(22);
}

function readTool(s: Session, c: Conv): ToolRun {
	const r = s.r;
	const rel = r.pick(s.files);
	const big = r.chance(0.035);
	const total = big ? r.int(520, 720) : r.logi(90, 0.7, 8, 420);
	const input: J = { file_path: s.abs(rel) };
	let from = 1;
	let count = total;
	if (!big && total > 120 && r.chance(0.15)) {
		from = r.int(1, total - 60);
		count = Math.min(total - from + 1, r.int(40, 120));
		input.offset = from;
		input.limit = count;
	}
	return {
		id: toolId(r),
		name: 'Read',
		input,
		exec() {
			if (r.chance(0.02)) return { content: '<tool_use_error>File does not exist.</tool_use_error>', result: 'Error: File does not exist.', isError: true, ms: r.int(5, 60) };
			const lines = T.sourceFile(r, c.s.plan.proj.lang, total).split('\n').slice(from - 1, from - 1 + count);
			const content = lines.join('\n');
			return {
				content: numbered(lines, from) + READ_REMINDER,
				result: { type: 'text', file: { filePath: input.file_path, content, numLines: lines.length, startLine: from, totalLines: total } },
				ms: r.int(8, 250)
			};
		}
	};
}

function editTool(s: Session): ToolRun {
	const r = s.r;
	const rel = r.pick(s.files);
	const original = T.sourceFile(r, s.plan.proj.lang, r.logi(110, 0.6, 16, 520));
	const all = original.split('\n');
	const start = r.int(0, Math.max(0, all.length - 8));
	const oldL = all.slice(start, start + r.int(1, 6));
	const newL = T.editLines(r, s.plan.proj.lang, oldL);
	const input: J = { file_path: s.abs(rel), old_string: oldL.join('\n'), new_string: newL.join('\n') };
	if (r.chance(0.1)) input.replace_all = false;
	return {
		id: toolId(r),
		name: 'Edit',
		input,
		exec() {
			if (rejectable(s, 'Edit')) return rejection(s);
			if (r.chance(0.03))
				return { content: `<tool_use_error>String to replace not found in file.\nString: ${input.old_string}</tool_use_error>`, result: 'Error: String to replace not found in file.', isError: true, ms: r.int(5, 40) };
			s.dirty.add(rel);
			const after = [...all.slice(0, start), ...newL, ...all.slice(start + oldL.length)];
			const snipFrom = Math.max(0, start - 4);
			const snip = after.slice(snipFrom, start + newL.length + 4);
			return {
				content: `The file ${input.file_path} has been updated. Here's the result of running \`cat -n\` on a snippet of the edited file:\n${numbered(snip, snipFrom + 1)}`,
				result: { filePath: input.file_path, oldString: input.old_string, newString: input.new_string, originalFile: original, structuredPatch: [hunk(all, start, oldL, newL)], userModified: r.chance(0.03), replaceAll: false },
				ms: r.int(20, 400)
			};
		}
	};
}

function multiEditTool(s: Session): ToolRun {
	const r = s.r;
	const rel = r.pick(s.files);
	const original = T.sourceFile(r, s.plan.proj.lang, r.logi(140, 0.5, 40, 500));
	const all = original.split('\n');
	const edits: J[] = [];
	const hunks: J[] = [];
	let at = r.int(0, 10);
	for (let i = r.int(2, 4); i > 0 && at < all.length - 6; i--) {
		const oldL = all.slice(at, at + r.int(1, 4));
		const newL = T.editLines(r, s.plan.proj.lang, oldL);
		edits.push({ old_string: oldL.join('\n'), new_string: newL.join('\n') });
		hunks.push(hunk(all, at, oldL, newL));
		at += oldL.length + r.int(8, 40);
	}
	const input = { file_path: s.abs(rel), edits };
	return {
		id: toolId(r),
		name: 'MultiEdit',
		input,
		exec() {
			if (rejectable(s, 'MultiEdit')) return rejection(s);
			s.dirty.add(rel);
			return {
				content: `Applied ${edits.length} edits to ${input.file_path}:\n` + edits.map((e, i) => `${i + 1}. Replaced "${e.old_string.slice(0, 40)}..." with "${e.new_string.slice(0, 40)}..."`).join('\n'),
				result: { filePath: input.file_path, edits, originalFileContents: original, structuredPatch: hunks, userModified: false },
				ms: r.int(20, 400)
			};
		}
	};
}

function writeTool(s: Session): ToolRun {
	const r = s.r;
	const ext = s.files[0].slice(s.files[0].lastIndexOf('.'));
	const dir = r.pick(s.files).split('/').slice(0, -1).join('/');
	const rel = `${dir}/${r.pick(T.NOUNS)}-${r.pick(T.NOUNS)}${ext}`;
	const content = T.sourceFile(r, s.plan.proj.lang, r.logi(60, 0.6, 8, 320));
	const input = { file_path: s.abs(rel), content };
	return {
		id: toolId(r),
		name: 'Write',
		input,
		exec() {
			if (rejectable(s, 'Write')) return rejection(s);
			s.dirty.add(rel);
			if (s.files.length < 400 && !s.files.includes(rel)) s.files.push(rel);
			return { content: `File created successfully at: ${input.file_path}`, result: { type: 'create', filePath: input.file_path, content, structuredPatch: [], originalFile: null }, ms: r.int(10, 200) };
		}
	};
}

function shellOut(s: Session, kind: string): { cmd: string; desc: string; out: string; err?: string; fail?: boolean; ms: number } {
	const r = s.r;
	const lang = s.plan.proj.lang;
	const some = () => Array.from({ length: r.int(1, 5) }, () => r.pick(s.files));
	switch (kind) {
		case 'test': {
			const fail = r.chance(0.28);
			const cmd = lang === 'ts' ? r.pick(['npm test -- --run', 'npx vitest run', `npx vitest run ${r.pick(s.files)}`]) : lang === 'py' ? r.pick(['pytest -q', `pytest ${r.pick(s.files)} -q`]) : r.pick(['go test ./...', `go test ./${r.pick(s.files).split('/').slice(0, -1).join('/')}/...`]);
			return { cmd, desc: 'Run the test suite', out: T.testOutput(r, lang, s.files, fail), fail, ms: r.int(2500, 60000) };
		}
		case 'check': {
			const fail = r.chance(0.2);
			const cmd = lang === 'ts' ? r.pick(['npx tsc --noEmit', 'npm run check', 'npm run lint']) : lang === 'py' ? r.pick(['ruff check .', 'python -m mypy src']) : r.pick(['go vet ./...', 'go build ./...']);
			const out = fail ? some().map((f) => `${f}:${r.int(1, 400)}:${r.int(1, 60)} - error: ${T.sentence(r, 4, 10)}`).join('\n') : lang === 'py' ? 'All checks passed!' : '';
			return { cmd, desc: 'Type-check the project', out, fail, ms: r.int(1500, 25000) };
		}
		case 'status':
			return {
				cmd: 'git status',
				desc: 'Show working tree status',
				out: `On branch ${s.branch}\nChanges not staged for commit:\n  (use "git add <file>..." to update what will be committed)\n  (use "git restore <file>..." to discard changes in working directory)\n${(s.dirty.size ? [...s.dirty] : some()).map((f) => `\tmodified:   ${f}`).join('\n')}\n\nno changes added to commit (use "git add" and/or "git commit -a")`,
				ms: r.int(30, 300)
			};
		case 'diff': {
			const fs = s.dirty.size ? [...s.dirty] : some();
			let ins = 0;
			let del = 0;
			const rows = fs.map((f) => {
				const a = r.int(1, 60);
				const d = r.int(0, 30);
				ins += a;
				del += d;
				return ` ${f} | ${a + d} ${'+'.repeat(Math.min(a, 30))}${'-'.repeat(Math.min(d, 20))}`;
			});
			return { cmd: 'git diff --stat', desc: 'Summarize changes', out: `${rows.join('\n')}\n ${fs.length} files changed, ${ins} insertions(+), ${del} deletions(-)`, ms: r.int(30, 300) };
		}
		case 'log':
			return { cmd: `git log --oneline -${r.int(5, 15)}`, desc: 'Show recent commits', out: Array.from({ length: r.int(5, 15) }, () => `${r.hex(7)} ${T.title(r)}`).join('\n'), ms: r.int(20, 200) };
		case 'ls': {
			const dir = r.pick(s.files).split('/').slice(0, -1).join('/');
			const rows = s.files.filter((f) => f.startsWith(dir + '/')).map((f) => `-rw-r--r--  1 dev dev ${String(r.int(200, 40000)).padStart(6)} ${['Mar', 'Apr', 'May'][r.int(0, 2)]} ${String(r.int(1, 28)).padStart(2)} ${r.int(10, 23)}:${String(r.int(0, 59)).padStart(2, '0')} ${f.split('/').pop()}`);
			return { cmd: `ls -la ${dir}`, desc: `List ${dir}`, out: `total ${rows.length * 8}\ndrwxr-xr-x  4 dev dev   4096 .\ndrwxr-xr-x 12 dev dev   4096 ..\n${rows.join('\n')}`, ms: r.int(10, 100) };
		}
		case 'rg': {
			const w = r.pick(T.NOUNS);
			return { cmd: `rg -n "${w}" ${r.pick(['src', '.', 'internal', 'tests'])}`, desc: `Search for ${w}`, out: Array.from({ length: r.int(1, 25) }, () => `${r.pick(s.files)}:${r.int(1, 500)}:    ${T.sentence(r, 3, 10)}`).join('\n'), ms: r.int(20, 400) };
		}
		default: {
			const cmd = lang === 'ts' ? 'npm run build' : lang === 'py' ? 'python -m build' : 'go build -o bin/server ./cmd/server';
			return { cmd, desc: 'Build', out: Array.from({ length: r.int(3, 20) }, () => `${r.pick(['✓', 'built', 'compiled', '→'])} ${r.pick(s.files)} ${r.int(1, 900)} kB`).join('\n'), ms: r.int(3000, 45000) };
		}
	}
}

function bashTool(s: Session, c: Conv, kind?: string): ToolRun {
	const r = s.r;
	kind ??= r.weighted([['test', 0.28], ['check', 0.14], ['status', 0.12], ['diff', 0.1], ['log', 0.07], ['ls', 0.1], ['rg', 0.12], ['build', 0.07]] as const);
	const sh = shellOut(s, kind);
	const id = toolId(r);
	return {
		id,
		name: 'Bash',
		input: { command: sh.cmd, description: sh.desc, ...(sh.ms > 30000 ? { timeout: 120000 } : {}) },
		exec() {
			if (rejectable(s, 'Bash')) return rejection(s);
			if (s.era === 2 && sh.ms > 3000 && c === s.main) bashProgress(s, c, id, sh.out, sh.ms);
			return bashResult(s, sh.out, sh.err ?? '', !!sh.fail, sh.ms);
		}
	};
}

function bashResult(s: Session, out: string, err: string, fail: boolean, ms: number): ToolResult {
	if (fail) return { content: `Exit code 1\n${out}`, result: `Error: Exit code 1\n${out}`, isError: true, ms };
	const result: J = { stdout: out, stderr: err, interrupted: false, isImage: false };
	if (s.era === 2) result.sandbox = false;
	return { content: out + (err ? (out ? '\n' : '') + err : ''), result, ms };
}

function bashProgress(s: Session, c: Conv, parent: string, out: string, ms: number) {
	const lines = out.split('\n');
	const n = Math.min(12, 1 + Math.floor(ms / 3500));
	for (let i = 1; i <= n; i++) {
		const upto = Math.ceil((lines.length * i) / (n + 1));
		const full = lines.slice(0, upto).join('\n');
		c.progress(
			{ type: 'bash_progress', output: lines.slice(Math.max(0, upto - 5), upto).join('\n'), fullOutput: full.length > 4000 ? full.slice(-4000) : full, elapsedTimeSeconds: Math.round((ms * i) / (n + 1) / 1000), totalLines: upto },
			'bash-progress-' + (i - 1),
			parent,
			ms / (n + 1)
		);
	}
}

function commitTool(s: Session, c: Conv): ToolRun {
	const r = s.r;
	const subject = T.title(r);
	const files = s.dirty.size ? [...s.dirty] : [r.pick(s.files)];
	const trailer = s.era === 2 ? `Co-Authored-By: Claude ${c.model.includes('opus') ? 'Opus 4.6' : c.model.includes('haiku') ? 'Haiku 4.5' : 'Sonnet 4.6'} <noreply@anthropic.com>` : '🤖 Generated with [Claude Code](https://claude.ai/code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>';
	const body = r.chance(0.6) ? `\n\n${T.sentence(r, 8, 20)}` : '';
	const cmd = `git add ${files.join(' ')} && git commit -m "$(cat <<'EOF'\n${subject}${body}\n\n${trailer}\nEOF\n)"`;
	return {
		id: toolId(r),
		name: 'Bash',
		input: { command: cmd, description: 'Commit the changes' },
		exec() {
			if (rejectable(s, 'Bash')) return rejection(s);
			const sha = r.hex(7);
			const ins = r.int(files.length, 40 * files.length);
			const del = r.int(0, 15 * files.length);
			s.exp.commits.push({ sha, branch: s.branch, subject });
			s.g.expected.commits++;
			s.dirty.clear();
			return bashResult(s, `[${s.branch} ${sha}] ${subject}\n ${files.length} file${files.length > 1 ? 's' : ''} changed, ${ins} insertions(+), ${del} deletions(-)`, '', false, r.int(200, 1500));
		}
	};
}

function pushTool(s: Session): ToolRun {
	const r = s.r;
	const last = s.exp.commits[s.exp.commits.length - 1];
	return {
		id: toolId(r),
		name: 'Bash',
		input: { command: `git push${s.branch === 'main' ? '' : ' -u origin ' + s.branch}`, description: 'Push to remote' },
		exec() {
			if (rejectable(s, 'Bash')) return rejection(s);
			const err = `To github.com:${s.plan.proj.repo}.git\n   ${r.hex(7)}..${last?.sha ?? r.hex(7)}  ${s.branch} -> ${s.branch}`;
			return bashResult(s, '', err, false, r.int(800, 4000));
		}
	};
}

function grepTool(s: Session): ToolRun {
	const r = s.r;
	const pattern = r.chance(0.5) ? r.pick(T.NOUNS) : T.ident(r);
	const mode = r.chance(0.6) ? 'files_with_matches' : 'content';
	const input: J = { pattern, output_mode: mode };
	if (r.chance(0.4)) input.path = s.abs(r.pick(s.files).split('/')[0]);
	if (r.chance(0.3)) input.glob = '*' + s.files[0].slice(s.files[0].lastIndexOf('.'));
	if (mode === 'content') input['-n'] = true;
	return {
		id: toolId(r),
		name: 'Grep',
		input,
		exec() {
			const hits = Array.from({ length: r.int(0, 14) }, () => r.pick(s.files));
			const names = [...new Set(hits)];
			if (mode === 'files_with_matches') {
				return { content: names.length ? `Found ${names.length} file${names.length > 1 ? 's' : ''}\n${names.map((f) => s.abs(f)).join('\n')}` : 'No files found', result: { mode, filenames: names, numFiles: names.length }, ms: r.int(20, 600) };
			}
			const content = hits.map((f) => `${s.abs(f)}:${r.int(1, 500)}:${T.sentence(r, 3, 12)}`).join('\n');
			return { content: content || 'No matches found', result: { mode, numFiles: 0, filenames: [], content, numLines: hits.length }, ms: r.int(20, 600) };
		}
	};
}

function globTool(s: Session): ToolRun {
	const r = s.r;
	const dir = r.pick(s.files).split('/')[0];
	const ext = s.files[0].slice(s.files[0].lastIndexOf('.'));
	return {
		id: toolId(r),
		name: 'Glob',
		input: { pattern: `${dir}/**/*${ext}` },
		exec() {
			const names = s.files.filter((f) => f.startsWith(dir + '/')).map((f) => s.abs(f));
			return { content: names.join('\n') || 'No files found', result: { filenames: names, durationMs: r.int(3, 90), numFiles: names.length, truncated: false }, ms: r.int(5, 120) };
		}
	};
}

function todoTool(s: Session): ToolRun {
	const r = s.r;
	const old = s.todos;
	const next = old.length && r.chance(0.7) ? old.map((t, i) => ({ ...t, status: i <= old.findIndex((x) => x.status !== 'completed') ? 'completed' : t.status })) : Array.from({ length: r.int(2, 7) }, (_, i) => {
		const v = r.pick(T.VERBS);
		const n = `${r.pick(T.NOUNS)} ${r.pick(T.NOUNS)}`;
		return { content: `${v[0].toUpperCase() + v.slice(1)} ${n}`, status: i === 0 ? 'in_progress' : 'pending', activeForm: `${T.ing(v[0].toUpperCase() + v.slice(1))} ${n}` };
	});
	s.todos = next;
	return { id: toolId(r), name: 'TodoWrite', input: { todos: next }, exec: () => ({ content: TODO_OK, result: { oldTodos: old, newTodos: next }, ms: r.int(2, 30) }) };
}

function webTool(s: Session): ToolRun {
	const r = s.r;
	if (r.chance(0.5)) {
		const query = `${r.pick(T.NOUNS)} ${r.pick(T.NOUNS)} ${r.pick(['typescript', 'python', 'golang', 'sqlite', 'indexeddb'])} ${r.pick(['best practice', 'error', 'example', '2026'])}`;
		return {
			id: toolId(r),
			name: 'WebSearch',
			input: { query },
			exec() {
				const links = Array.from({ length: r.int(3, 10) }, () => ({ title: T.title(r), url: `https://${r.pick(['developer.mozilla.org', 'stackoverflow.com', 'github.com', 'docs.python.org', 'pkg.go.dev'])}/${r.pick(T.NOUNS)}/${r.int(1000, 99999)}` }));
				const summary = T.paragraph(r, r.int(3, 8));
				return { content: `Web search results for query: "${query}"\n\nLinks: ${JSON.stringify(links)}\n\n${summary}`, result: { query, results: [{ tool_use_id: 'srvtoolu_01' + r.b62(22), content: links }, summary], durationSeconds: r.next() * 12 + 2 }, ms: r.int(2000, 15000) };
			}
		};
	}
	const url = `https://${r.pick(['developer.mozilla.org/en-US/docs/Web/API', 'nodejs.org/api', 'docs.python.org/3/library', 'pkg.go.dev'])}/${r.pick(T.NOUNS)}`;
	return {
		id: toolId(r),
		name: 'WebFetch',
		input: { url, prompt: `How does ${r.pick(T.NOUNS)} ${r.pick(T.VERBS)} work? ${T.sentence(r, 4, 10)}` },
		exec() {
			const result = T.paragraph(r, r.int(3, 10));
			return { content: result, result: { bytes: r.int(8000, 400000), code: 200, codeText: 'OK', result, durationMs: r.int(400, 8000), url }, ms: r.int(500, 9000) };
		}
	};
}

function mcpTool(s: Session): ToolRun {
	const r = s.r;
	const [owner, repo] = s.plan.proj.repo.split('/');
	const n = r.int(10, 400);
	return {
		id: toolId(r),
		name: 'mcp__github__get_pull_request',
		input: { owner, repo, pullNumber: n },
		exec() {
			const text = JSON.stringify({ number: n, title: T.title(r), state: r.pick(['open', 'closed']), body: T.paragraph(r, r.int(1, 5)), user: { login: 'dev' }, additions: r.int(1, 900), deletions: r.int(0, 300) });
			return { content: [{ type: 'text', text }], result: [{ type: 'text', text }], ms: r.int(300, 3000) };
		}
	};
}

function planTool(s: Session): ToolRun {
	const r = s.r;
	const plan = `## Plan\n\n${Array.from({ length: r.int(3, 7) }, (_, i) => `${i + 1}. ${T.sentence(r, 6, 16)}`).join('\n')}`;
	return {
		id: toolId(r),
		name: 'ExitPlanMode',
		input: { plan },
		exec() {
			s.mode = r.chance(0.6) ? 'acceptEdits' : 'default';
			return { content: 'User has approved your plan. You can now start coding. Start with updating your todo list if applicable', result: { plan, isAgent: false }, ms: r.int(3000, 60000) };
		}
	};
}

// ---------------------------------------------------------------------------------------------
// Subagents

const COMPACT_PROMPT =
	'Your task is to create a detailed summary of the conversation so far, paying close attention to the user\'s explicit requests and your previous actions.\nThis summary should be thorough in capturing technical details, code patterns, and architectural decisions that would be essential for continuing development work without losing context.';

function taskTool(s: Session, c: Conv): ToolRun {
	const r = s.r;
	const agentType = r.weighted([['Explore', 0.5], ['general-purpose', 0.4], ['Plan', 0.1]] as const);
	const description = `${r.pick(T.VERBS)} ${r.pick(T.NOUNS)} ${r.pick(T.NOUNS)}`;
	const prompt = `${T.paragraph(r, r.int(2, 5))}\n\nReport back with file paths and line numbers.`;
	const id = toolId(r);
	return {
		id,
		name: s.taskTool,
		input: { description, prompt, subagent_type: agentType },
		exec() {
			if (s.era === 1) {
				// 1.0.x logged only the call and its final result, never the subagent's own messages.
				const text = T.summaryAnswer(r, s.files);
				const usage = { input_tokens: r.int(1, 10), cache_creation_input_tokens: r.int(500, 9000), cache_read_input_tokens: r.int(10000, 60000), output_tokens: r.int(200, 3000) };
				return {
					content: [{ type: 'text', text }],
					result: { content: [{ type: 'text', text }], totalDurationMs: r.int(20000, 300000), totalTokens: usage.input_tokens + usage.cache_creation_input_tokens + usage.cache_read_input_tokens + usage.output_tokens, totalToolUseCount: r.int(2, 30), usage },
					ms: r.int(20000, 300000)
				};
			}
			return runSubagent(s, c, id, agentType, prompt);
		}
	};
}

function runSubagent(s: Session, parent: Conv, toolUseId: string, agentType: string, prompt: string): ToolResult {
	const r = s.r;
	const agentId = 'a' + r.hex(patchOf(s.version) >= 63 ? 16 : 6);
	const model = agentType === 'Explore' && r.chance(0.8) ? HAIKU : r.chance(0.25) ? 'claude-sonnet-4-5-20250929' : parent.model;
	const base = join(s.g.outDir, s.plan.proj.dir, s.id, 'subagents', `agent-${agentId}`);
	const out = new Out(base + '.jsonl', s.g.stats);
	const meta = JSON.stringify({ agentType, spawnDepth: 1, model });
	writeFileSync(base + '.meta.json', meta);
	s.g.stats.files++;
	s.g.stats.bytes += Buffer.byteLength(meta);
	const sub = new Conv(s, out, true, model, false, r.int(6000, 14000), agentId);
	const t0 = s.clock;
	sub.echo = (line, first) => {
		const msg: J = { type: line.type, message: line.message, uuid: line.uuid, timestamp: line.timestamp };
		if (line.requestId) msg.requestId = line.requestId;
		parent.progress({ message: msg, normalizedMessages: [], type: 'agent_progress', prompt: first ? prompt : '', agentId }, 'agent_msg_01' + r.b62(22), toolUseId, r.int(5, 80));
	};
	sub.user(prompt, r.int(50, 400), {}, r.uuid());
	let tools = 0;
	const steps = r.logi(5, 0.6, 1, 24);
	for (let i = 0; i < steps && s.bytes < s.budget * 1.02; i++) {
		const runs: ToolRun[] = [];
		for (let k = r.weighted([[1, 0.7], [2, 0.2], [3, 0.1]] as const); k > 0; k--) {
			const pick = r.weighted([['read', 0.45], ['grep', 0.2], ['glob', 0.12], ['bash', 0.13], ['edit', agentType === 'general-purpose' ? 0.1 : 0]] as const);
			runs.push(pick === 'read' ? readTool(s, sub) : pick === 'grep' ? grepTool(s) : pick === 'glob' ? globTool(s) : pick === 'edit' ? editTool(s) : bashTool(s, sub, r.pick(['rg', 'ls', 'log', 'test'])));
		}
		const blocks: Block[] = [];
		if (r.chance(0.4)) blocks.push({ type: 'text', text: T.sentence(r, 5, 16) });
		for (const t of runs) blocks.push({ type: 'tool_use', id: t.id, name: t.name, input: t.input });
		const uuids = sub.respond(blocks, 'tool_use', r.int(1500, 12000));
		for (let k = 0; k < runs.length; k++) {
			const res = runs[k].exec();
			if (res.rejected) s.g.expected.rejections++;
			sub.toolResult(runs[k], res, uuids[uuids.length - runs.length + k]);
			tools++;
		}
	}
	const text = T.summaryAnswer(r, s.files) + '\n\n' + T.paragraph(r, r.int(2, 8));
	sub.respond([{ type: 'text', text }], 'end_turn', r.int(3000, 20000));
	out.close(s.clock);
	utimesSync(base + '.meta.json', t0 / 1000, t0 / 1000);
	s.exp.subagentFiles++;
	s.g.expected.subagentFiles++;
	s.g.expected.toolCalls += tools;
	addInto(s.exp.tokens, sub.tokens);
	const u = sub.lastUsage!;
	const t = sub.tokens;
	return {
		content: [
			{ type: 'text', text },
			{ type: 'text', text: `agentId: ${agentId} (for resuming to continue this agent's work if needed)` }
		],
		result: {
			status: 'completed',
			prompt,
			agentId,
			content: [{ type: 'text', text }],
			totalDurationMs: s.clock - t0,
			totalTokens: t.input + t.output + t.cacheRead + t.cacheWrite,
			totalToolUseCount: tools,
			usage: sub.usageJson(u, u.output)
		},
		ms: r.int(200, 2000)
	};
}

function addInto(t: TokenTotals, a: TokenTotals) {
	t.input += a.input;
	t.output += a.output;
	t.cacheRead += a.cacheRead;
	t.cacheWrite += a.cacheWrite;
	t.cacheWrite5m += a.cacheWrite5m;
	t.cacheWrite1h += a.cacheWrite1h;
	t.responses += a.responses;
}

/** Auto-compaction: 2.1.x runs it as an `acompact` side agent; both eras restart the chain with a summary. */
function compact(s: Session, c: Conv) {
	const r = s.r;
	const pre = c.ctx;
	const summary = `Analysis:\n${T.paragraph(r, r.int(4, 10))}\n\nSummary:\n1. Primary Request and Intent:\n   ${T.paragraph(r, 3)}\n2. Key Technical Concepts:\n${Array.from({ length: r.int(3, 8) }, () => `   - ${T.sentence(r)}`).join('\n')}\n3. Files and Code Sections:\n${[...s.dirty, ...s.files.slice(0, 4)].slice(0, 8).map((f) => `   - ${s.abs(f)}\n     - ${T.sentence(r)}`).join('\n')}\n4. Pending Tasks:\n   - ${T.sentence(r)}`;
	if (s.era === 2) {
		const hash = r.hex(patchOf(s.version) >= 63 ? 16 : 7);
		const out = new Out(join(s.g.outDir, s.plan.proj.dir, s.id, 'subagents', `agent-acompact-${hash}.jsonl`), s.g.stats);
		const sub = new Conv(s, out, true, c.model, c.ttl1h, c.sys, 'acompact-' + hash);
		sub.ctx = pre;
		sub.first = false;
		sub.cached = c.cached;
		sub.lastReq = c.lastReq;
		sub.user(COMPACT_PROMPT, r.int(100, 1000));
		sub.respond([{ type: 'text', text: summary }], 'end_turn', r.int(20000, 90000));
		out.close(s.clock);
		s.exp.subagentFiles++;
		s.g.expected.subagentFiles++;
		addInto(s.exp.tokens, sub.tokens);
		const b = c.env('system', null);
		Object.assign(b, { subtype: 'compact_boundary', content: 'Conversation compacted', isMeta: false, timestamp: iso(s.now(200)), uuid: r.uuid(), level: 'info', compactMetadata: { trigger: 'auto', preTokens: pre }, logicalParentUuid: c.last });
		c.write(b);
		c.last = b.uuid;
	} else c.last = null;
	c.user(`This session is being continued from a previous conversation that ran out of context. The conversation is summarized below:\n${summary}`, r.int(100, 800), { isVisibleInTranscriptOnly: true, isCompactSummary: true });
	c.ctx = c.sys + tok(summary.length);
	c.cached = c.sys;
}

// ---------------------------------------------------------------------------------------------
// Turns

function pickTool(s: Session, c: Conv, frac: number): ToolRun {
	const r = s.r;
	const early = frac < 0.35;
	const kind = r.weighted([
		['read', early ? 0.34 : 0.16],
		['grep', early ? 0.12 : 0.05],
		['glob', early ? 0.06 : 0.02],
		['edit', early ? 0.08 : 0.28],
		['multi', s.era === 1 ? (early ? 0.01 : 0.04) : 0],
		['write', early ? 0.02 : 0.06],
		['bash', early ? 0.14 : 0.24],
		['todo', 0.05],
		['task', s.era === 2 ? 0.045 : 0.02],
		['web', 0.015],
		['mcp', s.era === 2 ? 0.008 : 0]
	] as const);
	switch (kind) {
		case 'read':
			return readTool(s, c);
		case 'grep':
			return grepTool(s);
		case 'glob':
			return globTool(s);
		case 'edit':
			return editTool(s);
		case 'multi':
			return multiEditTool(s);
		case 'write':
			return writeTool(s);
		case 'todo':
			return todoTool(s);
		case 'task':
			return taskTool(s, c);
		case 'web':
			return webTool(s);
		case 'mcp':
			return mcpTool(s);
		default:
			return bashTool(s, c);
	}
}

/** Hook runs show up as progress lines; projects with hooks configured get one per matching hook. */
function hook(s: Session, c: Conv, event: string, name: string, toolUseId: string) {
	const fmt = s.plan.proj.lang === 'ts' ? 'npx prettier --write "$CLAUDE_FILE_PATHS"' : s.plan.proj.lang === 'py' ? 'ruff format "$CLAUDE_FILE_PATHS"' : 'gofmt -w "$CLAUDE_FILE_PATHS"';
	const cmds = event === 'PreToolUse' ? ['"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh', '"$CLAUDE_PROJECT_DIR"/.claude/hooks/log-tool.sh'] : event === 'PostToolUse' ? ['"$CLAUDE_PROJECT_DIR"/.claude/hooks/log-tool.sh', ...(/^(Edit|Write|MultiEdit)$/.test(name) ? [fmt] : [])] : ['"$CLAUDE_PROJECT_DIR"/.claude/hooks/session-log.sh'];
	for (const command of cmds) c.progress({ type: 'hook_progress', hookEvent: event, hookName: `${event}:${name}`, command }, toolUseId, toolUseId, s.r.int(5, 120));
}

function snapshot(s: Session, c: Conv, messageId: string, update: boolean) {
	const backups: J = {};
	for (const [f, v] of s.tracked) backups[f] = { backupFileName: `${s.r.hex(16)}@v${v}`, version: v, backupTime: iso(s.clock) };
	c.write({ type: 'file-history-snapshot', messageId, snapshot: { messageId, trackedFileBackups: backups, timestamp: iso(s.clock) }, isSnapshotUpdate: update });
}

function prompt(s: Session, r: Rng): string | J[] {
	const text = T.userPrompt(r, r.pick(s.files));
	if (r.chance(0.04)) return `<command-message>${r.pick(['review', 'test', 'commit'])} is running…</command-message>\n<command-name>/${r.pick(['review', 'test', 'commit'])}</command-name>\n<command-args>${r.chance(0.5) ? r.pick(s.files) : ''}</command-args>`;
	if (s.era === 2 && r.chance(0.06))
		return [
			{ type: 'text', text: `<ide_opened_file>The user opened the file ${s.abs(r.pick(s.files))} in the IDE. This may or may not be related to the current task.</ide_opened_file>` },
			{ type: 'text', text }
		];
	return text;
}

/** One human turn: prompt, then agent steps until a final answer (or a rejection stops it). */
function turn(s: Session, c: Conv, n: number, queued?: string): string | undefined {
	const r = s.r;
	const era2 = s.era === 2;
	if (c.ctx > (era2 ? 155_000 : 140_000)) compact(s, c);
	if (era2 && patchOf(s.version) >= 97 && r.chance(0.04)) {
		s.mode = r.pick(['default', 'acceptEdits', 'plan'].filter((m) => m !== s.mode));
		c.write({ type: 'permission-mode', permissionMode: s.mode, sessionId: s.id });
	}
	const promptId = r.uuid();
	if (era2) snapshot(s, c, promptId, false);
	const t0 = s.now(n === 0 ? r.int(100, 2000) : r.int(10_000, 240_000));
	c.user(queued ?? prompt(s, r), 1, {}, promptId);
	if (era2 && s.plan.proj.hooks && r.chance(0.5)) hook(s, c, 'UserPromptSubmit', 'UserPromptSubmit', r.uuid());
	if (n === 0 && era2 && patchOf(s.version) >= 97) c.write({ type: 'ai-title', sessionId: s.id, aiTitle: s.title });

	if (r.chance(0.03)) {
		c.synthetic(r.pick(['API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', 'API Error: Request timed out.', 'API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}']), true);
		c.user(r.pick(['continue', 'try again']), r.int(5000, 60000));
	}
	if (r.chance(0.004)) {
		c.synthetic(`You've hit your session limit · resets ${r.int(1, 11)}${r.pick(['am', 'pm'])} (Europe/Berlin)`, false);
		return 'stop';
	}

	const thinking = c.model !== HAIKU && r.chance(0.6);
	const steps = s.mode === 'plan' ? Math.max(3, r.logi(5, 0.7, 1, 30)) : r.logi(5, 0.7, 1, 30);
	let next: string | undefined;
	let queuedNow: string | undefined;
	for (let i = 0; i < steps; i++) {
		const lastStep = i === steps - 1 || s.over();
		const blocks: Block[] = [];
		if (thinking && r.chance(i === 0 ? 0.6 : 0.25)) blocks.push({ type: 'thinking', thinking: T.paragraph(r, r.int(2, 14)), signature: r.b64(r.int(200, 900)) });
		if (lastStep) {
			if (s.dirty.size && r.chance(0.4)) {
				// A final commit step before the answer.
				const runs = [commitTool(s, c)];
				if (!doTools(s, c, blocks, runs, r)) return;
				blocks.length = 0;
				if (r.chance(0.35)) {
					if (!doTools(s, c, [], [pushTool(s)], r)) return;
					if (era2 && r.chance(0.35)) {
						const n = r.int(12, 480);
						c.write({ type: 'pr-link', prNumber: n, prUrl: `https://github.com/${s.plan.proj.repo}/pull/${n}`, prRepository: s.plan.proj.repo, timestamp: iso(s.now(300)), sessionId: s.id });
					}
				}
			}
			blocks.push({ type: 'text', text: T.summaryAnswer(r, s.dirty.size ? [...s.dirty] : s.files) });
			c.respond(blocks, 'end_turn', r.int(2000, 25000));
			break;
		}
		if (r.chance(0.55)) blocks.push({ type: 'text', text: r.chance(0.7) ? T.sentence(r, 5, 18) : T.paragraph(r, r.int(1, 3)) });
		const runs: ToolRun[] = [];
		if (s.mode === 'plan' && i === steps - 2) runs.push(planTool(s));
		else for (let k = r.weighted([[1, 0.75], [2, 0.17], [3, 0.06], [4, 0.02]] as const); k > 0; k--) runs.push(pickTool(s, c, i / steps));
		if (!doTools(s, c, blocks, runs, r)) return;
		if (era2 && !queuedNow && r.chance(0.02)) {
			queuedNow = T.userPrompt(r, r.pick(s.files));
			c.write({ type: 'queue-operation', operation: 'enqueue', timestamp: iso(s.now(r.int(500, 5000))), sessionId: s.id, content: queuedNow });
		}
	}
	if (queuedNow) {
		const op = r.chance(0.7) ? 'dequeue' : 'remove';
		c.write({ type: 'queue-operation', operation: op, timestamp: iso(s.now(50)), sessionId: s.id });
		if (op === 'dequeue') next = queuedNow;
	}
	if (era2) {
		const o = c.env('system');
		Object.assign(o, { subtype: 'turn_duration', durationMs: s.now(r.int(50, 400)) - t0, timestamp: iso(s.clock), uuid: r.uuid(), isMeta: false });
		c.write(o);
	}
	return next;
}

/** Writes one agent step's tool calls and results. Returns false when the user rejected one (the turn ends). */
function doTools(s: Session, c: Conv, blocks: Block[], runs: ToolRun[], r: Rng): boolean {
	for (const t of runs) blocks.push({ type: 'tool_use', id: t.id, name: t.name, input: t.input });
	const uuids = c.respond(blocks, 'tool_use', r.int(1500, 30000));
	const era2 = s.era === 2;
	const hooks = era2 && s.plan.proj.hooks;
	let rejected = false;
	for (let k = 0; k < runs.length; k++) {
		const t = runs[k];
		if (hooks) hook(s, c, 'PreToolUse', t.name, t.id);
		const res = rejected ? { content: REJECT_TEXT, result: 'Error: ' + REJECT_TEXT, rejected: true, ms: 5 } : t.exec();
		c.toolResult(t, res, uuids[uuids.length - runs.length + k]);
		s.exp.toolCalls++;
		s.g.expected.toolCalls++;
		if (res.rejected) {
			rejected = true;
			s.exp.rejections++;
			s.g.expected.rejections++;
			continue;
		}
		if (hooks && !res.isError) hook(s, c, 'PostToolUse', t.name, t.id);
		if (era2 && !res.isError && /^(Edit|Write|MultiEdit)$/.test(t.name)) {
			const rel = String(t.input.file_path).slice(s.cwd.length + 1);
			s.tracked.set(rel, (s.tracked.get(rel) ?? 0) + 1);
			if (s.tracked.size > 40) s.tracked.delete(s.tracked.keys().next().value!);
			snapshot(s, c, c.last!, true);
		}
	}
	if (rejected) {
		c.user([{ type: 'text', text: '[Request interrupted by user for tool use]' }], r.int(50, 500));
		if (r.chance(0.15)) c.synthetic('No response requested.', false);
		return false;
	}
	return true;
}

// ---------------------------------------------------------------------------------------------
// Whole corpus

class Gen {
	stats: Stats = { files: 0, bytes: 0, lines: 0, progressLines: 0 };
	expected: ClaudeCorpusExpected = {
		totals: zeroTotals(),
		byModel: {},
		sessions: [],
		subagentFiles: 0,
		summaryOnlyFiles: 0,
		syntheticMessages: 0,
		toolCalls: 0,
		rejections: 0,
		commits: 0,
		lines: 0,
		progressLines: 0
	};
	current?: Session;
	constructor(readonly outDir: string) {}
	count(model: string, u: Usage) {
		addUsage(this.expected.totals, u);
		addUsage((this.expected.byModel[model] ??= zeroTotals()), u);
		const s = this.current!;
		if (!s.exp.models.includes(model)) s.exp.models.push(model);
	}
}

function schedule(root: Rng, projects: ProjectState[], n: number, weeks: number, end: Date): Plan[] {
	const r = root.fork('schedule');
	const endDay = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate());
	const days: [number, number][] = [];
	for (let d = 0; d < weeks * 7; d++) {
		const t = endDay - d * DAY;
		const wd = new Date(t).getUTCDay();
		days.push([t, wd === 0 || wd === 6 ? 0.08 : 1]);
	}
	const plans: Plan[] = [];
	const span = weeks * 7 * DAY;
	for (let i = 0; i < n; i++) {
		const day = i === 0 ? endDay : r.weighted(days);
		// A developer in UTC+1 working roughly 08:30–19:00 local.
		const localMin = r.chance(0.12) ? r.int(19 * 60, 23 * 60) : r.int(8 * 60 + 30, 18 * 60 + 30);
		const start = day + (localMin - 60) * MIN + r.int(0, 59_999);
		const duration = Math.round(r.logi(24, 0.75, 5, 80) * MIN + r.int(0, 59_999));
		const proj = r.weighted(projects.map((p, k) => [p, 1 / (k + 1.5)] as const));
		const f = Math.max(0, Math.min(1, 1 - (endDay + DAY - start) / span));
		const era: 1 | 2 = r.chance(proj.legacy * (1.2 - f)) ? 1 : 2;
		const vs = era === 1 ? V1 : V2;
		const vi = Math.max(0, Math.min(vs.length - 1, Math.round(f * (vs.length - 1) + r.gauss() * 1.2)));
		plans.push({ proj, start, duration, weight: (duration / MIN) * r.logn(1, 0.45), era, version: vs[vi], model: r.weighted(era === 1 ? MODELS_V1 : MODELS_V2) });
	}
	return plans.sort((a, b) => a.start - b.start);
}

function runSession(g: Gen, plan: Plan, budget: number, r: Rng): void {
	const s = new Session(g, plan, budget, r);
	g.current = s;
	const p = plan.proj;
	const out = new Out(join(g.outDir, p.dir, `${s.id}.jsonl`), g.stats);
	const era2 = s.era === 2;
	const ttl1h = era2 && r.chance(0.7);
	const c = new Conv(s, out, false, plan.model, ttl1h, era2 ? r.int(16000, 26000) : r.int(11000, 15000));
	s.main = c;

	// Older files open with `summary` lines naming earlier sessions (leafUuid points into their files).
	if ((!era2 || patchOf(s.version) < 97) && p.past.length && r.chance(0.5)) {
		for (const past of p.past.slice(-r.int(1, 3))) c.write({ type: 'summary', summary: past.title, leafUuid: past.leaf });
	}
	if (!era2 && p.tail && r.chance(0.25)) {
		// `--continue` in 1.0.x: the new file starts with the earlier conversation, under its old sessionId.
		for (const l of p.tail) s.bytes += out.line(l);
		s.exp.continuesFrom = JSON.parse(p.tail[0]).sessionId;
		c.last = JSON.parse(p.tail[p.tail.length - 1]).uuid ?? null;
		c.ctx = 20000 + r.int(0, 40000);
		c.first = false;
		c.cached = c.ctx;
		s.clock = Math.max(s.clock, Date.parse(JSON.parse(p.tail[p.tail.length - 1]).timestamp ?? 0) + 60_000);
	}
	if (era2 && p.hooks) hook(s, c, 'SessionStart', 'startup', r.uuid());

	const tailStart = g.stats.lines;
	let queued: string | undefined;
	for (let n = 0; !s.over() || n === 0; n++) {
		if (n > 0 && r.chance(0.05)) c.model = r.weighted(era2 ? MODELS_V2 : MODELS_V1);
		const res = turn(s, c, n, queued);
		if (res === 'stop') break;
		queued = res;
	}
	out.close(s.clock);
	addInto(s.exp.ownTokens, c.tokens);
	addInto(s.exp.tokens, c.tokens);
	s.exp.endedAt = iso(s.clock);
	g.expected.sessions.push(s.exp);
	p.past.push({ title: s.title, leaf: c.last ?? r.uuid() });
	if (p.past.length > 5) p.past.shift();
	p.tail = undefined;
	if (!era2 && g.stats.lines - tailStart > 0) p.tail = readTail(out.path);

	if (!era2 && r.chance(0.08)) {
		// A stub file holding a single `summary` line (seen in real 1.0.x folders).
		const stub = new Out(join(g.outDir, p.dir, `${r.uuid()}.jsonl`), g.stats);
		stub.line(JSON.stringify({ type: 'summary', summary: s.title, leafUuid: c.last }) + '\n');
		stub.close(s.clock + 1000);
		g.expected.summaryOnlyFiles++;
	}
}

/** Last ~40 lines (≤ 1.5 MB) of a just-written transcript, for a later continuation file. */
function readTail(path: string): string[] {
	const text = readFileSync(path, 'utf8');
	const lines = text.split('\n').filter(Boolean).slice(-40);
	while (lines.length > 1 && lines.reduce((n, l) => n + l.length, 0) > 1.5e6) lines.shift();
	// Start the copy at a prompt so it reads as a conversation, and never on a summary line.
	const i = lines.findIndex((l) => l.includes('"type":"user"') && !l.includes('"tool_result"'));
	return (i >= 0 ? lines.slice(i) : lines).map((l) => l + '\n');
}

export async function generateClaudeCorpus(opts: ClaudeCorpusOptions): Promise<ClaudeCorpusResult> {
	const root = new Rng(String(opts.seed));
	const g = new Gen(opts.outDir);
	mkdirSync(opts.outDir, { recursive: true });
	const nProjects = opts.projects ?? Math.max(2, Math.min(PROJECT_POOL.length, Math.round(2 + Math.log2(Math.max(1, opts.targetBytes / 1e6)) / 2)));
	const nSessions = opts.sessions ?? Math.max(3, Math.round(opts.targetBytes / 1.25e6));
	const projects: ProjectState[] = PROJECT_POOL.slice(0, nProjects).map((p, i) => {
		const pr = root.fork('project' + i);
		return {
			...p,
			dir: encodeCwd(p.cwd),
			files: T.projectFiles(pr, p.lang, pr.int(40, 110)),
			branches: ['main', ...Array.from({ length: 4 }, () => `${pr.pick(['feat', 'fix', 'chore'])}/${pr.pick(T.NOUNS)}-${pr.pick(T.NOUNS)}`)],
			past: []
		};
	});
	const plans = schedule(root, projects, nSessions, opts.weeks ?? 3, new Date(opts.endDate));
	let weightLeft = plans.reduce((n, p) => n + p.weight, 0);
	for (let i = 0; i < plans.length; i++) {
		const budget = Math.max(4000, ((opts.targetBytes - g.stats.bytes) * plans[i].weight) / weightLeft);
		weightLeft -= plans[i].weight;
		runSession(g, plans[i], budget, root.fork('session' + i));
		opts.onProgress?.(g.stats.bytes);
	}
	g.expected.lines = g.stats.lines;
	g.expected.progressLines = g.stats.progressLines;
	return { files: g.stats.files, bytes: g.stats.bytes, sessions: g.expected.sessions.length, expected: g.expected };
}
