// Tracker formats, in detection order. Adding a tracker = one folder + one line here.

import { readPrefix } from '../lines';
import type { InputFile } from '../formats/types';
import { activityWatch } from './activitywatch';
import type { TrackerModule, TrackerOptions } from './types';
import { wakaTime } from './wakatime';
import { csvTracker } from './csv';

export const TRACKERS: TrackerModule[] = [activityWatch, wakaTime, csvTracker];

export const DETECT_BYTES = 64 * 1024;

/** The tracker whose detector accepts the file's head, or undefined. */
export async function detectTracker(file: InputFile, opts: TrackerOptions = {}): Promise<TrackerModule | undefined> {
	const head = new TextDecoder().decode(await readPrefix(file.stream(), DETECT_BYTES));
	const found = TRACKERS.find((t) => t.detect(head, file.path));
	// With an explicit column mapping any CSV-looking file goes to the CSV reader.
	if (!found && opts.csvMapping && !/^\s*[[{]/.test(head.replace(/^\uFEFF/, ''))) return csvTracker;
	return found;
}
