// Folds an SQLite write-ahead log into the database image, so a WASM SQLite that only opens one
// in-memory file (sql.js cannot be handed a `-wal` beside it) sees the committed transactions too.
// Format: https://www.sqlite.org/fileformat2.html#walformat — a 32-byte header, then frames of a
// 24-byte header plus one page. A frame counts only when its salts match the header's and the
// running checksum matches; pages are applied per transaction, up to the last valid commit frame
// (one whose "database size after commit" is non-zero), exactly what SQLite's recovery keeps.

const MAGIC_LE = 0x377f0682;
const MAGIC_BE = 0x377f0683;
const WAL_HEADER = 32;
const FRAME_HEADER = 24;

export interface WalResult {
	/** The database with the log's committed pages applied (header marked rollback-journal mode). */
	bytes: Uint8Array;
	/** Committed frames applied. */
	frames: number;
	/** Set when the log was not applied (or only partly readable). */
	problem?: string;
}

function u32(b: Uint8Array, o: number): number {
	return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

/** SQLite's WAL checksum over `b[start, end)` (a multiple of 8 bytes), continuing from (s0, s1). */
function checksum(b: Uint8Array, start: number, end: number, bigEndian: boolean, s: [number, number]): void {
	let s0 = s[0];
	let s1 = s[1];
	for (let i = start; i < end; i += 8) {
		const x0 = bigEndian
			? ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0
			: ((b[i + 3] << 24) | (b[i + 2] << 16) | (b[i + 1] << 8) | b[i]) >>> 0;
		const x1 = bigEndian
			? ((b[i + 4] << 24) | (b[i + 5] << 16) | (b[i + 6] << 8) | b[i + 7]) >>> 0
			: ((b[i + 7] << 24) | (b[i + 6] << 16) | (b[i + 5] << 8) | b[i + 4]) >>> 0;
		s0 = (s0 + x0 + s1) >>> 0;
		s1 = (s1 + x1 + s0) >>> 0;
	}
	s[0] = s0;
	s[1] = s1;
}

/** Page size from the database header (bytes 16–17; the value 1 means 65536). */
export function dbPageSize(db: Uint8Array): number {
	const v = (db[16] << 8) | db[17];
	return v === 1 ? 65536 : v;
}

/** True when the database header says WAL mode (file format read/write versions 2). */
export function isWalMode(db: Uint8Array): boolean {
	return db.length >= 20 && db[18] === 2 && db[19] === 2;
}

/** Marks the image as a rollback-journal database, so the engine never looks for a -wal/-shm pair. */
function markRollback(db: Uint8Array): void {
	if (db.length >= 20) {
		db[18] = 1;
		db[19] = 1;
	}
}

/**
 * Applies `wal` to `db`. `db` may be modified in place and returned (when the database does not
 * grow); the caller must not use its own reference afterwards.
 */
export function applyWal(db: Uint8Array, wal: Uint8Array): WalResult {
	const leave = (problem?: string): WalResult => {
		markRollback(db);
		return problem ? { bytes: db, frames: 0, problem } : { bytes: db, frames: 0 };
	};
	if (wal.length === 0) return leave(); // checkpointed and truncated: nothing pending
	if (wal.length < WAL_HEADER) return leave('the -wal file is shorter than its header');
	const magic = u32(wal, 0);
	if (magic !== MAGIC_LE && magic !== MAGIC_BE) return leave('the -wal file does not start with the SQLite WAL magic number');
	const bigEndian = magic === MAGIC_BE;
	const pageSize = u32(wal, 8);
	if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return leave(`the -wal file has an invalid page size (${pageSize})`);
	if (db.length >= 18 && dbPageSize(db) !== pageSize)
		return leave(`the -wal file's page size (${pageSize}) differs from the database's (${dbPageSize(db)}): not the same database`);
	const s: [number, number] = [0, 0];
	checksum(wal, 0, 24, bigEndian, s);
	if (s[0] !== u32(wal, 24) || s[1] !== u32(wal, 28)) return leave('the -wal header checksum does not match');
	const salt1 = u32(wal, 16);
	const salt2 = u32(wal, 20);

	// Offsets of the frames of the open transaction, then of everything committed: page → frame offset.
	const committed = new Map<number, number>();
	let pending: [number, number][] = [];
	let dbPages = 0;
	let frames = 0;
	const frameSize = FRAME_HEADER + pageSize;
	for (let off = WAL_HEADER; off + frameSize <= wal.length; off += frameSize) {
		if (u32(wal, off + 8) !== salt1 || u32(wal, off + 12) !== salt2) break;
		checksum(wal, off, off + 8, bigEndian, s);
		checksum(wal, off + FRAME_HEADER, off + frameSize, bigEndian, s);
		if (s[0] !== u32(wal, off + 16) || s[1] !== u32(wal, off + 20)) break;
		const pgno = u32(wal, off);
		if (pgno === 0) break;
		pending.push([pgno, off + FRAME_HEADER]);
		const commitSize = u32(wal, off + 4);
		if (commitSize > 0) {
			for (const [p, o] of pending) committed.set(p, o);
			frames += pending.length;
			pending = [];
			dbPages = commitSize;
		}
	}
	if (dbPages === 0)
		return leave(wal.length >= WAL_HEADER + frameSize ? 'the -wal file holds no complete, committed transaction that checks out' : undefined);
	const size = dbPages * pageSize;
	let out = db;
	if (size > db.length) {
		out = new Uint8Array(size);
		out.set(db);
	} else if (size < db.length) out = db.subarray(0, size);
	for (const [pgno, o] of committed) {
		if (pgno > dbPages) continue; // truncated away by a later commit
		out.set(wal.subarray(o, o + pageSize), (pgno - 1) * pageSize);
	}
	markRollback(out);
	return { bytes: out, frames };
}
