import Dexie, { type EntityTable } from 'dexie';
import type { Session, Source, ToolCall, Turn } from '../model';
import type { AgentMarker, DeathKind, FateWindow } from '../model/git';
import type { FateCheckpoint } from '../../../workers/git/fate';
import type { DailyTotal, Tracker } from '../model/activity';
import type { SpanColumns } from './span-columns';

export type ImportState = 'importing' | 'complete';

/** One drop or demo load. Rows it wrote carry its id until it completes, so an interrupted one can be undone. */
export interface ImportRecord {
	id: string;
	state: ImportState;
	startedAt: number;
	finishedAt?: number;
	label: string;
}

export type StoredTurn = Turn & { pk?: number; importId: string };
export type StoredToolCall = ToolCall & { pk?: number; importId: string };
export type StoredSession = Session & { importId: string };
export type StoredSource = Source & { importId: string };

/** A repository read from a dropped git bundle; one row per repository, replaced on re-import. */
export interface StoredRepo {
	/** Root commit of the default branch's first-parent line (the head sha if there is none). */
	id: string;
	head: string;
	defaultBranch: string;
	bundleName: string;
	headTime: number;
	commits: number;
	firstParentCommits: number;
	agentCommits: number;
	analysedAt: number;
	options: { exact: boolean; exclusions: 'default' | 'custom' | 'none' };
	/** Head of the earlier bundle whose saved walk this analysis extended, when it did. */
	resumedFrom?: string;
	warnings: string[];
	importId: string;
}

/** One commit with its line fate (first-parent commits only carry the line fields). */
export interface StoredCommit {
	repoId: string;
	sha: string;
	parents: string[];
	authoredAt: number;
	committedAt: number;
	landedAt?: number;
	subject: string;
	firstParent: boolean;
	agents: AgentMarker[];
	added?: number;
	removed?: number;
	born?: number;
	revised?: Record<`${FateWindow}`, number>;
	pending?: `${FateWindow}`[];
	aliveAtHead?: number;
	deaths?: Record<DeathKind, number>;
	moved?: number;
	paths?: string[];
	addedLineHashes?: string[];
	importId: string;
}

/**
 * A run of one tracker stream's spans, sorted by start. Spans are stored in chunks rather than one
 * row each: a year of ActivityWatch data is a million events, and IndexedDB is fast with few, large
 * records. Queries read the chunks overlapping a time range and filter the spans.
 */
export interface StoredActivityChunk {
	id: string;
	sourceId: string;
	tracker: Tracker;
	bucket: string;
	host?: string;
	/** `tracker|host|bucket`: a newer export of the same stream replaces this one's spans in its range. */
	stream: string;
	start: number;
	end: number;
	count: number;
	/** Column by column; what every span shares (tracker, file, bucket, host) lives on the chunk once. */
	spans: SpanColumns;
	importId: string;
}

export type StoredDailyTotal = DailyTotal & { id: string; sourceId: string; importId: string };

/**
 * The saved state of a repository's line-fate walk at its head: a newer bundle of the same repository
 * resumes from it instead of walking the whole history again. Kept apart from repos (it is large).
 */
export interface StoredWalk {
	repoId: string;
	head: string;
	/** Engine options the walk ran with; a walk only resumes under the same ones. */
	optionsKey: string;
	checkpoint: FateCheckpoint;
	importId: string;
}

/** Small user choices kept across visits (category rules, CSV column mappings, time zone). */
export interface StoredSetting {
	key: string;
	value: unknown;
}

export const DB_NAME = 'hindsight';

export class HindsightDB extends Dexie {
	imports!: EntityTable<ImportRecord, 'id'>;
	sources!: EntityTable<StoredSource, 'id'>;
	sessions!: EntityTable<StoredSession, 'id'>;
	turns!: EntityTable<StoredTurn, 'pk'>;
	toolCalls!: EntityTable<StoredToolCall, 'pk'>;
	repos!: EntityTable<StoredRepo, 'id'>;
	commits!: Dexie.Table<StoredCommit, [string, string]>;
	activityChunks!: EntityTable<StoredActivityChunk, 'id'>;
	dailyTotals!: EntityTable<StoredDailyTotal, 'id'>;
	settings!: EntityTable<StoredSetting, 'key'>;
	walks!: EntityTable<StoredWalk, 'repoId'>;

	constructor(name = DB_NAME) {
		super(name);
		this.version(1).stores({
			imports: 'id, state',
			sources: 'id, hash, name, importId, state',
			sessions: 'id, harness, parentId, startedAt, sourceId, importId',
			turns: '++pk, [sessionId+seq], importId',
			toolCalls: '++pk, [sessionId+seq], importId'
		});
		// v2: repositories and commits from git bundles; v1 tables unchanged.
		this.version(2).stores({
			imports: 'id, state',
			sources: 'id, hash, name, importId, state',
			sessions: 'id, harness, parentId, startedAt, sourceId, importId',
			turns: '++pk, [sessionId+seq], importId',
			toolCalls: '++pk, [sessionId+seq], importId',
			repos: 'id',
			commits: '[repoId+sha], repoId, committedAt, importId'
		});
		// v3: activity-tracker spans (chunked), aggregate-only day totals, and user settings.
		this.version(3).stores({
			activityChunks: 'id, stream, start, end, sourceId, importId',
			dailyTotals: 'id, date, sourceId, importId',
			settings: 'key'
		});
		// v4: saved line-fate walks, so a newer bundle extends the walk.
		this.version(4).stores({ walks: 'repoId, head, importId' });
	}
}

let shared: HindsightDB | undefined;

/** The app's one database connection (per thread). */
export function getDB(): HindsightDB {
	shared ??= new HindsightDB();
	return shared;
}
