// The canonical record types: the contract between parsers, workers, the database and the screens.
// This module imports nothing; git's records live beside it in ./git.

export type Harness = 'claude-code' | 'opencode' | 'codex' | 'gemini-cli' | 'aider';

/** Token buckets with one meaning for every harness. */
export interface Tokens {
	/** Prompt tokens not read from cache. */
	input: number;
	/** All generated tokens, reasoning included. */
	output: number;
	cacheRead: number;
	/** All cache writes; the 5 m / 1 h split below when the log gives it. */
	cacheWrite: number;
	/** The part of `output` that was reasoning, where known. */
	reasoning: number;
	cacheWrite5m?: number;
	cacheWrite1h?: number;
}

export type CostSource = 'logged' | 'estimated' | 'unknown';

export interface Cost {
	usd: number;
	source: CostSource;
	/** Why an estimate could not be made, or which price table made it. */
	note?: string;
}

export type ToolKind = 'edit' | 'write' | 'read' | 'shell' | 'search' | 'web' | 'task' | 'other';
export type ToolOutcome = 'ok' | 'error' | 'rejected' | 'pending';

export interface SkippedLine {
	line: number;
	reason: string;
}

export type SourceState = 'importing' | 'complete';

/** One imported file (or a session file with its subagent files). */
export interface Source {
	id: string;
	/** Content hash (SHA-256 hex of the bytes); importing the same content twice is a no-op. */
	hash: string;
	kind: 'harness-log' | 'tracker' | 'git-bundle';
	format: string;
	name: string;
	bytes: number;
	records: number;
	sessions: number;
	skipped: SkippedLine[];
	/** Total malformed lines (skipped keeps at most the first few hundred with their reasons). */
	skippedCount: number;
	warnings: string[];
	state: SourceState;
	importedAt: number;
}

export interface Session {
	/** `<harness>:<native id>`; subagents `<harness>:<parent native id>:<child>`. */
	id: string;
	harness: Harness;
	nativeId: string;
	sourceId: string;
	parentId?: string;
	title?: string;
	project?: string;
	branch?: string;
	/** The repository's root-commit hash when the harness knows it (OpenCode's project id): a clone-independent identity. */
	repoRoot?: string;
	/** Remote URL of the repository, when logged (Codex). */
	repoUrl?: string;
	/** HEAD commit when the session started, when logged (Codex, Claude Code worktrees). */
	headCommit?: string;
	/** Provider the harness called (anthropic, openai, github-copilot…), when logged. */
	provider?: string;
	/** True when the log says usage was billed by subscription (a logged cost of 0 is then not a real price). */
	subscription?: boolean;
	version?: string;
	permissionMode?: string;
	startedAt?: number;
	endedAt?: number;
	/** Milliseconds with activity, gaps over the idle threshold excluded. */
	activeMs: number;
	models: string[];
	/** Own tokens plus every descendant's. */
	tokens: Tokens;
	/** This session's own tokens, without subagents. */
	ownTokens: Tokens;
	cost: Cost;
	/** List-price estimate, kept beside a logged cost for comparison. */
	estimatedCost?: Cost;
	turns: number;
	toolCalls: number;
	rejected: number;
	errors: number;
	linesAdded: number;
	linesRemoved: number;
	filesEdited: string[];
	subagents: { id: string; agentType?: string; tokens: Tokens; cost: Cost }[];
	commits: CommitRef[];
}

export type Role = 'user' | 'assistant' | 'system';

export interface Turn {
	id: string;
	sessionId: string;
	seq: number;
	role: Role;
	at?: number;
	model?: string;
	tokens?: Tokens;
	cost?: Cost;
	/** Kept locally for drill-down; never put into a report unless the user asks. */
	text: string;
	/** True for harness-generated messages (e.g. Claude Code's `<synthetic>`), excluded from cost. */
	synthetic?: boolean;
}

export interface ToolCall {
	id: string;
	sessionId: string;
	turnId?: string;
	seq: number;
	at?: number;
	endedAt?: number;
	kind: ToolKind;
	name: string;
	paths: string[];
	outcome: ToolOutcome;
	/** Short summary of the input (command, pattern, path), capped in length. */
	summary?: string;
	linesAdded?: number;
	linesRemoved?: number;
	/** Normalized hashes of the lines this call added (see analysis/line-hash). */
	addedLineHashes?: string[];
	userModified?: boolean;
}

/** A commit the agent made, as the session saw it. */
export interface CommitRef {
	sha: string;
	branch?: string;
	subject?: string;
	at?: number;
	evidence: 'shell-output' | 'aider-commit-line' | 'ghost-snapshot';
}

export function emptyTokens(): Tokens {
	return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
}

export function addTokens(into: Tokens, t: Tokens): Tokens {
	into.input += t.input;
	into.output += t.output;
	into.cacheRead += t.cacheRead;
	into.cacheWrite += t.cacheWrite;
	into.reasoning += t.reasoning;
	if (t.cacheWrite5m !== undefined) into.cacheWrite5m = (into.cacheWrite5m ?? 0) + t.cacheWrite5m;
	if (t.cacheWrite1h !== undefined) into.cacheWrite1h = (into.cacheWrite1h ?? 0) + t.cacheWrite1h;
	return into;
}

export function totalTokens(t: Tokens): number {
	return t.input + t.output + t.cacheRead + t.cacheWrite;
}

/** Sum of costs; the provenance is the weakest of the parts (unknown < estimated < logged). */
export function addCost(a: Cost, b: Cost): Cost {
	const rank: Record<CostSource, number> = { unknown: 0, estimated: 1, logged: 2 };
	const source = rank[a.source] <= rank[b.source] ? a.source : b.source;
	return { usd: a.usd + b.usd, source };
}

export const zeroCost = (source: CostSource = 'logged'): Cost => ({ usd: 0, source });
