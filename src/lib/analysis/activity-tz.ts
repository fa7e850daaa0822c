// Calendar days in an IANA time zone, with DST, using only Intl (no tz database in the bundle).

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string): Intl.DateTimeFormat {
	let f = fmtCache.get(tz);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: tz,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		fmtCache.set(tz, f);
	}
	return f;
}

/** Throws RangeError for an unknown zone name (Intl does). */
export function assertTimeZone(tz: string): void {
	fmt(tz);
}

function parts(ms: number, tz: string): { y: number; m: number; d: number; h: number; mi: number; s: number } {
	const o: Record<string, number> = {};
	for (const p of fmt(tz).formatToParts(ms)) if (p.type !== 'literal') o[p.type] = Number(p.value);
	return { y: o.year, m: o.month, d: o.day, h: o.hour, mi: o.minute, s: o.second };
}

function exactOffset(ms: number, tz: string): number {
	const p = parts(ms, tz);
	const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s);
	return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

const QUARTER = 900_000;
const offsetCache = new Map<string, Map<number, number>>();

/**
 * Offset of local time from UTC at instant `ms`, in ms (Berlin summer: +7 200 000). Intl is slow
 * (microseconds a call) and a year of events asks millions of times, so offsets are cached per
 * quarter hour — only when both ends of the quarter agree, so a DST change inside one is exact.
 */
export function tzOffsetMs(ms: number, tz: string): number {
	let cache = offsetCache.get(tz);
	if (!cache) offsetCache.set(tz, (cache = new Map()));
	const q = Math.floor(ms / QUARTER);
	const hit = cache.get(q);
	if (hit !== undefined) return hit;
	const a = exactOffset(q * QUARTER, tz);
	const b = exactOffset(q * QUARTER + QUARTER - 1000, tz);
	if (a !== b) return exactOffset(ms, tz);
	if (cache.size > 200_000) cache.clear();
	cache.set(q, a);
	return a;
}

/** Local calendar date `YYYY-MM-DD` of instant `ms`. */
export function localDate(ms: number, tz: string): string {
	return new Date(ms + tzOffsetMs(ms, tz)).toISOString().slice(0, 10);
}

const midnightCache = new Map<string, number>();

/** The instant local midnight starts `date` (a zone skipping midnight: the first instant of the day). */
export function localMidnight(date: string, tz: string): number {
	const key = `${tz} ${date}`;
	const hit = midnightCache.get(key);
	if (hit !== undefined) return hit;
	if (midnightCache.size > 50_000) midnightCache.clear();
	const v = computeMidnight(date, tz);
	midnightCache.set(key, v);
	return v;
}

function computeMidnight(date: string, tz: string): number {
	const [y, m, d] = date.split('-').map(Number);
	const wall = Date.UTC(y, m - 1, d);
	// The day starts at wall − offset for the offset in force then; it is one of the offsets around
	// that wall time. A valid start is on `date` while the millisecond before is not (this also finds
	// 01:00 when a DST change skips midnight, as in America/Santiago).
	const cands = [0, -86_400_000, 86_400_000].map((dt) => wall - tzOffsetMs(wall + dt, tz)).sort((a, b) => a - b);
	for (const c of cands) if (localDate(c, tz) === date && localDate(c - 1, tz) !== date) return c;
	return cands[0];
}

const nextCache = new Map<string, string>();
function nextDate(date: string): string {
	let n = nextCache.get(date);
	if (n === undefined) {
		const [y, m, d] = date.split('-').map(Number);
		n = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
		if (nextCache.size > 50_000) nextCache.clear();
		nextCache.set(date, n);
	}
	return n;
}

/** Splits [start, end) at local midnights. */
export function splitByDay(start: number, end: number, tz: string): { date: string; start: number; end: number }[] {
	const out: { date: string; start: number; end: number }[] = [];
	let s = start;
	let date = localDate(s, tz);
	while (s < end) {
		const next = nextDate(date);
		const boundary = localMidnight(next, tz);
		const e = Math.min(end, boundary);
		out.push({ date, start: s, end: e });
		s = e;
		date = next;
	}
	return out;
}

/** A naive wall-clock time (given as if UTC) in `tz` to the instant. In a DST gap the later offset wins. */
export function wallToUtc(wallMs: number, tz: string): number {
	let t = wallMs - tzOffsetMs(wallMs, tz);
	t = wallMs - tzOffsetMs(t, tz);
	return t;
}
