import Dexie, { type EntityTable } from 'dexie';
import type { Session, Source, ToolCall, Turn } from '../model';

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

export const DB_NAME = 'hindsight';

export class HindsightDB extends Dexie {
	imports!: EntityTable<ImportRecord, 'id'>;
	sources!: EntityTable<StoredSource, 'id'>;
	sessions!: EntityTable<StoredSession, 'id'>;
	turns!: EntityTable<StoredTurn, 'pk'>;
	toolCalls!: EntityTable<StoredToolCall, 'pk'>;

	constructor(name = DB_NAME) {
		super(name);
		this.version(1).stores({
			imports: 'id, state',
			sources: 'id, hash, name, importId, state',
			sessions: 'id, harness, parentId, startedAt, sourceId, importId',
			turns: '++pk, [sessionId+seq], importId',
			toolCalls: '++pk, [sessionId+seq], importId'
		});
	}
}

let shared: HindsightDB | undefined;

/** The app's one database connection (per thread). */
export function getDB(): HindsightDB {
	shared ??= new HindsightDB();
	return shared;
}
