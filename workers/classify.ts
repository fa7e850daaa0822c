// Sorts the files of a drop by their first bytes: session logs (a session format claims them),
// git bundles (also inside zip archives), tracker exports, CSVs that need a column mapping, and the
// rest (reported as unknown by the session ingest). One head read per file serves every detector.

import type { CsvPending } from '../src/lib/db/imports';
import { looksLikeBundle } from '../src/lib/ingest/git-rows';
import { detectFormat } from './formats/registry';
import type { InputFile } from './formats/types';
import { cachedHead } from './head-cache';
import { readHead } from './ingest-core';
import { columnsSignature, csvTracker, guessDelimiter, splitCsv, type CsvMapping } from './trackers/csv';
import { TRACKERS } from './trackers/registry';
import type { TrackerModule } from './trackers/types';

export interface TrackerFile {
	file: InputFile;
	tracker: TrackerModule;
	csvMapping?: CsvMapping;
}

export interface ClassifiedInputs {
	sessionFiles: InputFile[];
	trackerFiles: TrackerFile[];
	csvPending: CsvPending[];
	/** Git bundles found among the files (a zip's entries; dropped bundles are sorted out earlier). */
	bundleFiles: InputFile[];
}

function csvHeader(head: string): string[] | undefined {
	const first = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
	if (!first.trim() || /^\s*[[{]/.test(first)) return undefined;
	const row = splitCsv(first, guessDelimiter(first));
	return row && row.length >= 2 ? row.map((c) => c.trim()) : undefined;
}

/**
 * Session logs keep priority (a session format claims its files first); then tracker exports; a
 * `.csv`/`.tsv` no preset reads uses the mapping saved for its header, or is listed for the user to map.
 */
export async function classifyInputs(files: InputFile[], csvMappings: Record<string, CsvMapping> = {}): Promise<ClassifiedInputs> {
	const heads = new Array<string>(files.length);
	let next = 0;
	const read = async () => {
		while (next < files.length) {
			const i = next++;
			heads[i] = await readHead(files[i]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(8, files.length) }, read));
	const out: ClassifiedInputs = { sessionFiles: [], trackerFiles: [], csvPending: [], bundleFiles: [] };
	files.forEach((file, i) => {
		const head = heads[i];
		const bytes = cachedHead(file);
		if (bytes && looksLikeBundle(bytes)) return void out.bundleFiles.push(file);
		if (detectFormat(head, file.path)) return void out.sessionFiles.push(file);
		const tracker = TRACKERS.find((t) => t.detect(head, file.path));
		if (tracker) return void out.trackerFiles.push({ file, tracker });
		const columns = /\.(csv|tsv)$/i.test(file.path) ? csvHeader(head) : undefined;
		if (!columns) return void out.sessionFiles.push(file);
		const signature = columnsSignature(columns);
		const mapping = csvMappings[signature];
		if (mapping) out.trackerFiles.push({ file, tracker: csvTracker, csvMapping: mapping });
		else out.csvPending.push({ path: file.path, columns, signature });
	});
	return out;
}

