// A chunk's spans stored column by column: times in Float64Arrays, each text field one array. The
// browser's structured clone (every IndexedDB write and read) is about 3× faster on this than on a
// list of objects, which repeats every key and tags every value; a million spans write in a second.

import type { ActivitySpan, SpanKind } from '../model/activity';

const TEXT = ['app', 'title', 'url', 'file', 'project', 'language', 'branch'] as const;
type TextField = (typeof TEXT)[number];

export interface SpanColumns {
	n: number;
	kind: SpanKind[];
	start: Float64Array;
	end: Float64Array;
	/** Only the fields some span of the chunk has. */
	text: Partial<Record<TextField, (string | undefined)[]>>;
	afk?: (boolean | undefined)[];
	attrs?: (Record<string, unknown> | undefined)[];
}

/** What every span of a chunk shares, kept once on the chunk. */
export interface SpanShared {
	tracker: ActivitySpan['tracker'];
	sourceFile: string;
	bucket: string;
	host?: string;
}

export function toColumns(spans: ActivitySpan[]): SpanColumns {
	const n = spans.length;
	const cols: SpanColumns = { n, kind: new Array(n), start: new Float64Array(n), end: new Float64Array(n), text: {} };
	for (let i = 0; i < n; i++) {
		const s = spans[i];
		cols.kind[i] = s.kind;
		cols.start[i] = s.start;
		cols.end[i] = s.end;
		for (const f of TEXT) {
			const v = s[f];
			if (v === undefined) continue;
			(cols.text[f] ??= new Array(n))[i] = v;
		}
		if (s.afk !== undefined) (cols.afk ??= new Array(n))[i] = s.afk;
		if (s.attrs !== undefined) (cols.attrs ??= new Array(n))[i] = s.attrs;
	}
	return cols;
}

/** The i-th span, with the chunk's shared fields; fields a span did not have stay absent. */
export function spanAt(c: SpanColumns, i: number, shared: SpanShared): ActivitySpan {
	const s: ActivitySpan = { tracker: shared.tracker, sourceFile: shared.sourceFile, bucket: shared.bucket, kind: c.kind[i], start: c.start[i], end: c.end[i] };
	if (shared.host !== undefined) s.host = shared.host;
	for (const f of TEXT) {
		const v = c.text[f]?.[i];
		if (v !== undefined) s[f] = v;
	}
	const afk = c.afk?.[i];
	if (afk !== undefined) s.afk = afk;
	const attrs = c.attrs?.[i];
	if (attrs !== undefined) s.attrs = attrs;
	return s;
}

export function fromColumns(c: SpanColumns, shared: SpanShared): ActivitySpan[] {
	const out = new Array<ActivitySpan>(c.n);
	for (let i = 0; i < c.n; i++) out[i] = spanAt(c, i, shared);
	return out;
}
