// Canonical activity-tracker records. Trackers (ActivityWatch, WakaTime, CSV) all map onto spans:
// one interval of one stream, with the few attributes the analyses need. Times are Unix ms (UTC);
// day assignment happens only in analysis, with an explicit time zone.

export type Tracker = 'activitywatch' | 'wakatime' | 'csv';

/**
 * What a span says: `window` = focused app/title, `afk` = away/present status (see `afk`),
 * `web` = browser tab (recorded even when the browser is not focused), `editor` = editor watcher
 * or coding heartbeats, `input` = keyboard/mouse counts, `agent` = AI-agent watcher, `manual` =
 * user time entries / stopwatch, `other` = a bucket type we do not know.
 */
export type SpanKind = 'window' | 'afk' | 'web' | 'editor' | 'input' | 'agent' | 'manual' | 'other';

export interface ActivitySpan {
	tracker: Tracker;
	/** Path of the file the span came from. */
	sourceFile: string;
	/** Stream inside the file (ActivityWatch bucket id; WakaTime/CSV: a fixed name). */
	bucket: string;
	host?: string;
	kind: SpanKind;
	/** Unix ms, start ≤ end. Zero-length spans are kept: they mark a switch but carry no time. */
	start: number;
	end: number;
	app?: string;
	title?: string;
	url?: string;
	file?: string;
	project?: string;
	language?: string;
	branch?: string;
	/** Only for kind `afk`: true = away, false = present (not-afk). */
	afk?: boolean;
	/** Everything else the tracker recorded, untouched (e.g. input counts, AI line changes). */
	attrs?: Record<string, unknown>;
}

export const spanSeconds = (s: ActivitySpan): number => (s.end - s.start) / 1000;

/**
 * A per-day total from an aggregate-only source (WakaTime daily dump): no times of day, so it never
 * mixes with spans and supports day-level figures only (no focus blocks, no switches).
 */
export interface DailyTotal {
	tracker: Tracker;
	sourceFile: string;
	/** `YYYY-MM-DD` in the tracker account's own time zone (not re-zoneable). */
	date: string;
	seconds: number;
	/** name → seconds, per dimension the source lists (projects, languages, editors, categories, …). */
	breakdown: Record<string, Record<string, number>>;
}
