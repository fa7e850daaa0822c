// Zooming a time range inside fixed bounds (the day): pure so the buttons and drag share one rule.

export type Range = [number, number];

const MIN_SPAN_MS = 5 * 60_000;

export function zoomIn(r: Range, factor = 2): Range {
	const mid = (r[0] + r[1]) / 2;
	const half = Math.max(MIN_SPAN_MS, (r[1] - r[0]) / factor) / 2;
	return [Math.round(mid - half), Math.round(mid + half)];
}

/** Widens around the middle, shifted back inside the bounds. */
export function zoomOut(r: Range, bounds: Range, factor = 2): Range {
	const span = Math.min(bounds[1] - bounds[0], (r[1] - r[0]) * factor);
	const mid = (r[0] + r[1]) / 2;
	return clampInto([Math.round(mid - span / 2), Math.round(mid + span / 2)], bounds);
}

/** Moves by a share of the range's length (negative = earlier), staying inside the bounds. */
export function pan(r: Range, bounds: Range, share: number): Range {
	const d = Math.round((r[1] - r[0]) * share);
	return clampInto([r[0] + d, r[1] + d], bounds);
}

function clampInto(r: Range, b: Range): Range {
	const span = Math.min(r[1] - r[0], b[1] - b[0]);
	if (r[0] < b[0]) return [b[0], b[0] + span];
	if (r[1] > b[1]) return [b[1] - span, b[1]];
	return r;
}
