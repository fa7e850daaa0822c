import type { ActivitySpan, DailyTotal } from '../model/activity';
import { deserializeRules, type CategoryRule } from '../analysis/categories';
import { SETTING } from '../settings';
import type { HindsightDB, StoredActivityChunk, StoredDailyTotal } from './schema';
import { fromColumns, spanAt, toColumns, type SpanShared } from './span-columns';

/** Spans per stored chunk: large enough for few IndexedDB records, small enough to read a day cheaply. */
export const CHUNK_SPANS = 2000;

export interface StreamRange {
	start: number;
	end: number;
}

export const streamKey = (s: ActivitySpan) => `${s.tracker}|${s.host ?? ''}|${s.bucket}`;

/** The spans of a stored chunk, whole. */
export const chunkSpansOf = (c: StoredActivityChunk): ActivitySpan[] => fromColumns(c.spans, sharedOf(c));

const sharedOf = (c: StoredActivityChunk): SpanShared => ({ tracker: c.tracker, sourceFile: c.sourceId, bucket: c.bucket, ...(c.host !== undefined ? { host: c.host } : {}) });

/** Groups spans by stream, sorted by start, into chunk rows; also returns each stream's covered range. */
export function chunkSpans(
	spans: ActivitySpan[],
	sourceId: string,
	importId: string,
	size = CHUNK_SPANS
): { chunks: StoredActivityChunk[]; ranges: Map<string, StreamRange> } {
	const byStream = new Map<string, ActivitySpan[]>();
	for (const s of spans) {
		const k = streamKey(s);
		const list = byStream.get(k);
		if (list) list.push(s);
		else byStream.set(k, [s]);
	}
	const chunks: StoredActivityChunk[] = [];
	const ranges = new Map<string, StreamRange>();
	for (const [stream, list] of byStream) {
		list.sort((a, b) => a.start - b.start || a.end - b.end);
		let maxEnd = -Infinity;
		for (let i = 0; i < list.length; i += size) {
			const part = list.slice(i, i + size);
			let end = -Infinity;
			for (const s of part) end = Math.max(end, s.end);
			maxEnd = Math.max(maxEnd, end);
			const { tracker, bucket, host } = part[0];
			chunks.push({
				id: `${importId}|${sourceId}|${stream}|${i / size}`,
				sourceId,
				tracker,
				bucket,
				...(host !== undefined ? { host } : {}),
				stream,
				start: part[0].start,
				end,
				count: part.length,
				spans: toColumns(part),
				importId
			});
		}
		ranges.set(stream, { start: list[0].start, end: maxEnd });
	}
	return { chunks, ranges };
}

/** Merges stream ranges of several files of one import. */
export function mergeRanges(into: Map<string, StreamRange>, add: Map<string, StreamRange>): void {
	for (const [k, r] of add) {
		const prev = into.get(k);
		into.set(k, prev ? { start: Math.min(prev.start, r.start), end: Math.max(prev.end, r.end) } : { ...r });
	}
}

/**
 * A newer export of a stream covers its range: older spans of that stream that start inside it are
 * dropped, so exporting the same ActivityWatch bucket every week never counts a day twice. Must run
 * inside a transaction over activityChunks.
 */
export async function replaceOlderSpans(db: HindsightDB, importId: string, ranges: Map<string, StreamRange>): Promise<number> {
	let dropped = 0;
	for (const [stream, r] of ranges) {
		// Keys first: this import's own chunks (named by its id) are never read back.
		const ids = (await db.activityChunks.where('stream').equals(stream).primaryKeys()).filter((id) => !id.startsWith(`${importId}|`));
		if (!ids.length) continue;
		const olds = (await db.activityChunks.bulkGet(ids)).filter((c): c is StoredActivityChunk => !!c && c.end >= r.start && c.start <= r.end);
		for (const c of olds) {
			const all = chunkSpansOf(c);
			const keep = all.filter((s) => s.start < r.start || s.start > r.end);
			if (keep.length === all.length) continue;
			dropped += all.length - keep.length;
			if (!keep.length) await db.activityChunks.delete(c.id);
			else {
				let end = -Infinity;
				for (const s of keep) end = Math.max(end, s.end);
				await db.activityChunks.put({ ...c, spans: toColumns(keep), count: keep.length, start: keep[0].start, end });
			}
		}
	}
	return dropped;
}

/** Day totals are keyed by tracker and day: a newer dump of the same account replaces the day. */
export const dailyTotalRow = (t: DailyTotal, importId: string): StoredDailyTotal => ({
	...t,
	id: `${t.tracker}:${t.date}`,
	sourceId: t.sourceFile,
	importId
});

async function completeImports(db: HindsightDB): Promise<Set<string>> {
	return new Set((await db.imports.where('state').equals('complete').primaryKeys()) as string[]);
}

/** Spans of finished imports overlapping [from, to), sorted by start. */
export async function spansBetween(db: HindsightDB, from: number, to: number): Promise<ActivitySpan[]> {
	const done = await completeImports(db);
	// Keys first (cheap: no chunk is read), then only the chunks overlapping the range: one bound alone
	// would read every chunk before (or after) it, which for a year of data is all of them.
	const [before, after] = await Promise.all([db.activityChunks.where('start').below(to).primaryKeys(), db.activityChunks.where('end').aboveOrEqual(from).primaryKeys()]);
	const late = new Set(after);
	const chunks = (await db.activityChunks.bulkGet(before.filter((id) => late.has(id)))).filter((c): c is StoredActivityChunk => !!c && done.has(c.importId));
	const out: ActivitySpan[] = [];
	for (const c of chunks) {
		const { start, end } = c.spans;
		const shared = sharedOf(c);
		for (let i = 0; i < c.spans.n; i++) if (start[i] < to && end[i] >= from) out.push(spanAt(c.spans, i, shared));
	}
	return out.sort((a, b) => a.start - b.start);
}

/** First span start and last span end over all finished imports, or undefined when there are none. */
export async function activityExtent(db: HindsightDB): Promise<StreamRange | undefined> {
	const done = await completeImports(db);
	const ok = (c: StoredActivityChunk) => done.has(c.importId);
	const first = await db.activityChunks.orderBy('start').filter(ok).first();
	const last = await db.activityChunks.orderBy('end').reverse().filter(ok).first();
	return first && last ? { start: first.start, end: last.end } : undefined;
}

export async function listDailyTotals(db: HindsightDB): Promise<StoredDailyTotal[]> {
	const done = await completeImports(db);
	return (await db.dailyTotals.orderBy('date').toArray()).filter((t) => done.has(t.importId));
}

/** The user's saved category rules, or why they could not be read (then the defaults apply). */
export async function savedCategoryRules(db: HindsightDB): Promise<{ rules?: CategoryRule[]; error?: string }> {
	const v = await getSetting<string>(db, SETTING.categoryRules);
	if (v === undefined) return {};
	try {
		return { rules: deserializeRules(v) };
	} catch (e) {
		return { error: `Your saved category rules could not be read (${e instanceof Error ? e.message : String(e)}); the defaults are used.` };
	}
}

export async function getSetting<T>(db: HindsightDB, key: string): Promise<T | undefined> {
	return (await db.settings.get(key))?.value as T | undefined;
}

export async function putSetting(db: HindsightDB, key: string, value: unknown): Promise<void> {
	await db.settings.put({ key, value });
}
