// Builds the app's built-in demo data: a generated Claude Code projects folder packed as
// static/demo/claude-projects.zip, plus static/demo/manifest.json with what a correct import shows.
// Deterministic: the same seed gives the same bytes, so the committed zip only changes on purpose.
//   npx tsx scripts/make-demo.ts

// Zip entry times are stored as local DOS time; pin the zone so the archive is identical everywhere.
process.env.TZ = 'UTC';

import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Zip, ZipDeflate } from 'fflate';
import { GENERATOR_VERSION, generateClaudeCorpus } from '../bench/corpus/claude-code';
import { listFiles } from '../bench/corpus/files';
import { generateAwExport } from '../bench/corpus/activitywatch';
import { activityMetrics } from '../src/lib/analysis/activity-metrics';
import { spansFromExport } from '../workers/trackers/activitywatch';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'static', 'demo');
const PARAMS = { seed: 'hindsight-demo-1', targetBytes: 4_500_000, endDate: '2026-09-18', sessions: 40, weeks: 3, projects: 3 };
// The same three weeks as the sessions, seen by ActivityWatch on a machine in Berlin (summer time).
const AW_PARAMS = { seed: 'hindsight-demo-aw-1', from: '2026-08-28', days: 22, utcOffsetHours: 2, host: 'devbox' };
const AW_ENTRY = 'activitywatch/aw-buckets-export.json';
const AW_TZ = 'Europe/Berlin';

async function main() {
	const tmp = mkdtempSync(join(tmpdir(), 'hindsight-demo-'));
	try {
		const projects = join(tmp, 'projects');
		const res = await generateClaudeCorpus({ outDir: projects, ...PARAMS });
		const aw = generateAwExport(AW_PARAMS);
		const awBytes = new TextEncoder().encode(aw.json);
		const awMetrics = activityMetrics(spansFromExport(JSON.parse(aw.json), AW_ENTRY).spans, { tz: AW_TZ });
		mkdirSync(OUT, { recursive: true });
		const zipPath = join(OUT, 'claude-projects.zip');
		const fd = openSync(zipPath, 'w');
		let zipBytes = 0;
		const done = new Promise<void>((resolve, reject) => {
			const zip = new Zip((err, chunk, final) => {
				if (err) return reject(err);
				writeSync(fd, chunk);
				zipBytes += chunk.length;
				if (final) resolve();
			});
			// Entries keep the `projects/` folder, as zipping ~/.claude/projects would.
			for (const f of listFiles(projects)) {
				const entry = new ZipDeflate('projects/' + relative(projects, f).split('\\').join('/'), { level: 9 });
				entry.mtime = statSync(f).mtimeMs;
				zip.add(entry);
				entry.push(readFileSync(f), true);
			}
			const awEntry = new ZipDeflate(AW_ENTRY, { level: 9 });
			awEntry.mtime = Date.UTC(2026, 8, 18, 18);
			zip.add(awEntry);
			awEntry.push(awBytes, true);
			zip.end();
		});
		await done;
		closeSync(fd);

		const e = res.expected;
		const manifest = {
			files: res.files,
			bytes: res.bytes,
			sessions: res.sessions,
			zipBytes,
			generatedWith: { generator: 'bench/corpus/claude-code.ts', version: GENERATOR_VERSION, ...PARAMS },
			expected: {
				totals: e.totals,
				byModel: e.byModel,
				subagentFiles: e.subagentFiles,
				summaryOnlyFiles: e.summaryOnlyFiles,
				syntheticMessages: e.syntheticMessages,
				toolCalls: e.toolCalls,
				rejections: e.rejections,
				commits: e.commits,
				activity: {
					file: AW_ENTRY,
					generatedWith: { generator: 'bench/corpus/activitywatch.ts', ...AW_PARAMS },
					events: aw.events,
					tz: AW_TZ,
					activeSeconds: awMetrics.activeSeconds,
					afkSeconds: awMetrics.afkSeconds,
					perDay: awMetrics.perDay.map((d) => ({ date: d.date, activeSeconds: d.activeSeconds, focusBlocks: d.focusBlocks }))
				},
				sessions: e.sessions.map((s) => ({
					file: 'projects/' + s.file,
					sessionId: s.sessionId,
					cwd: s.cwd,
					version: s.version,
					title: s.title,
					models: s.models,
					tokens: s.tokens,
					subagentFiles: s.subagentFiles,
					toolCalls: s.toolCalls,
					rejections: s.rejections,
					commits: s.commits,
					startedAt: s.startedAt,
					endedAt: s.endedAt
				}))
			}
		};
		writeFileSync(join(OUT, 'manifest.json'), JSON.stringify(manifest, null, '\t') + '\n');
		console.log(`static/demo/claude-projects.zip: ${res.sessions} sessions, ${res.files} files, ${(res.bytes / 1e6).toFixed(2)} MB → ${(zipBytes / 1e6).toFixed(2)} MB zipped`);
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
}

main().catch((err) => {
	console.error(err);
	process.exitCode = 1;
});
