// Canonical records of the git side: a repository read from a bundle, its commits, and what became of
// the lines each first-parent commit added (its line fate). Produced by workers/git, imported by
// everything that shows or stores them. This module imports nothing.

/** Where an agent marker was found in a commit. */
export type AgentSignalKind = 'trailer' | 'author' | 'committer' | 'footer' | 'subject' | 'link';

/** One agent marker that matched a commit. */
export interface AgentMarker {
	/** The tool: 'claude-code', 'opencode', 'codex', 'aider', 'copilot', 'cursor', 'devin', 'jules', 'amp', 'crush', 'replit', 'generic'. */
	agent: string;
	/** Stable id of the rule that matched, e.g. 'claude-code/co-authored-by' (see workers/git/markers.ts). */
	marker: string;
	kind: AgentSignalKind;
	/** The matched text (a trailer line, an identity, a footer line), trimmed and capped. */
	text: string;
	/** Model named by the marker (Claude and aider trailers), when any. */
	model?: string;
	/** Session, thread or task link or id (Claude-Session, Amp-Thread-ID, Agent-Logs-Url…): a join key to session logs. */
	session?: string;
}

export interface GitPerson {
	name: string;
	email: string;
	/** Epoch milliseconds. */
	at: number;
	/** The zone as git wrote it, e.g. '+0200'. */
	tz: string;
	/** Offset east of UTC in minutes. */
	tzMinutes: number;
}

export interface Trailer {
	key: string;
	value: string;
}

/** Kinds of line death. */
export type DeathKind = 'modify' | 'delete' | 'file-delete' | 'revert';

/** Revision windows in days. */
export const FATE_WINDOWS = [14, 30, 90] as const;
export type FateWindow = (typeof FATE_WINDOWS)[number];

/** What became of the lines one first-parent commit added. */
export interface LineFate {
	/**
	 * Lines this commit introduced that the engine tracks (its origin count). In the default mode this
	 * equals `added`; in exact mode a renamed file's lines count in `added` (as numstat does) but keep
	 * the origin of the commit that wrote them (as blame does).
	 */
	born: number;
	/** Of the born lines: revised or deleted within each window (days after landing). Counts so far when pending. */
	revised: Record<`${FateWindow}`, number>;
	/** Windows not yet complete: the commit is younger than the window at the bundle's head. */
	pending: `${FateWindow}`[];
	/** Born lines still present at the head (what `git blame --first-parent` at the head attributes to it). */
	aliveAtHead: number;
	/** Deaths by kind (any age). */
	deaths: Record<DeathKind, number>;
	/** Lines moved elsewhere (origin kept, not a revision); default mode only. */
	moved: number;
	/** The first later commit that revised or deleted one of its lines. */
	firstTouchedBy?: string;
}

export interface Commit {
	sha: string;
	parents: string[];
	tree: string;
	author: GitPerson;
	committer: GitPerson;
	subject: string;
	/** The whole message, when kept. */
	message?: string;
	trailers: Trailer[];
	agents: AgentMarker[];
	/** On the default branch's first-parent line. */
	firstParent: boolean;
	/** Landing time on the default branch: committer time clamped to be non-decreasing along the line (ms). */
	landedAt?: number;
	/** The commit is a revert (`Revert "…"` subject or `This reverts commit <sha>.`). */
	revertOf?: string;
	/** Lines added and removed in text files that are not excluded (first-parent commits only). */
	added?: number;
	removed?: number;
	/** Paths this commit touched against its first parent (first-parent commits only). */
	paths?: string[];
	/** Paths left out of the line counts, with the rule that excluded them. */
	excluded?: { path: string; rule: string }[];
	/** Normalized hashes (analysis/line-hash) of the lines it added. */
	addedLineHashes?: string[];
	fate?: LineFate;
}

export interface GitRef {
	name: string;
	sha: string;
	/** Commit the ref points to after peeling annotated tags. */
	peeled?: string;
}

export interface Repo {
	/** Root commit of the default branch's first-parent line: a clone-independent identity. */
	id: string;
	objectFormat: 'sha1' | 'sha256';
	bundleVersion: 2 | 3;
	head: string;
	defaultBranch: string;
	refs: GitRef[];
	prerequisites: string[];
	/** Committer time of the head: the "now" used for pending windows (ms). */
	headTime: number;
	commits: number;
	objects: number;
	warnings: string[];
}

/** One rule of the exclusion list (shown to the user and editable). */
export interface ExclusionRule {
	id: string;
	/** What the rule matches: a path glob (`**` any depth, `*` within a segment) or a content test. */
	kind: 'glob' | 'generated-header' | 'max-bytes' | 'max-lines';
	pattern?: string;
	limit?: number;
	reason: 'vendored' | 'build' | 'lockfile' | 'generated' | 'minified' | 'translation' | 'data' | 'oversized' | 'other';
	enabled: boolean;
}

/** Options of the line-fate engine. */
export interface FateOptions {
	/** Move detection and whitespace rules off: counts agree with git numstat and alive with git blame. */
	exact?: boolean;
	/** The exclusion rules; [] switches them off. Defaults to DEFAULT_EXCLUSIONS of workers/git/exclude.ts. */
	exclusions?: ExclusionRule[];
	/** Minimum alphanumeric characters of a block of lines to count as moved (git blame -M's default: 20). */
	moveMinAlnum?: number;
}
