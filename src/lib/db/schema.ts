import Dexie, { type EntityTable } from 'dexie';
import type { Session, Source, ToolCall, Turn } from '../model';
import type { AgentMarker, DeathKind, FateWindow } from '../model/git';

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
	options: { exact: boolean; exclusions: 'default' | 'none' };
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

export const DB_NAME = 'hindsight';

export class HindsightDB extends Dexie {
	imports!: EntityTable<ImportRecord, 'id'>;
	sources!: EntityTable<StoredSource, 'id'>;
	sessions!: EntityTable<StoredSession, 'id'>;
	turns!: EntityTable<StoredTurn, 'pk'>;
	toolCalls!: EntityTable<StoredToolCall, 'pk'>;
	repos!: EntityTable<StoredRepo, 'id'>;
	commits!: Dexie.Table<StoredCommit, [string, string]>;

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
	}
}

let shared: HindsightDB | undefined;

/** The app's one database connection (per thread). */
export function getDB(): HindsightDB {
	shared ??= new HindsightDB();
	return shared;
}
