// `hindsight activity FILE... [--json] [--tz ZONE]`: activity-tracker exports → active time, time
// away, per app / category / day, focus blocks and context switches. Same code as the app's worker
// (workers/trackers) and analysis (src/lib/analysis/activity-metrics.ts).

import { collectInputFiles } from '../node-input';
import { detectTracker } from '../../workers/trackers/registry';
import { activityMetrics, type ActivityMetrics } from '../../src/lib/analysis/activity-metrics';
import { assertTimeZone } from '../../src/lib/analysis/activity-tz';
import type { DailyTotal } from '../../src/lib/model/activity';
import type { CsvMapping } from '../../workers/trackers/csv';
import type { TrackerOptions } from '../../workers/trackers/types';

export const ACTIVITY_USAGE = `usage: hindsight activity FILE... [--json] [--tz ZONE] [--timeout MIN]

  FILE       ActivityWatch exports (all-buckets or single-bucket JSON), WakaTime heartbeats or
             daily dumps, wakapi heartbeat JSON, activity CSVs; or folders of them
  --json     print one {"path","format","spans","activeSeconds","afkSeconds","perApp",
             "perCategory","perDay":[{"date","activeSeconds","focusBlocks","switchesPerHour"}]}
             per file, as a JSON array
  --tz ZONE  IANA time zone for day boundaries (default UTC)
  --timeout MIN  WakaTime heartbeat join timeout in minutes (default: the dump's own, else 15)
  --csv-tz ZONE  zone of CSV times that carry no offset (default: --tz)
  --csv-map MAP  CSV column mapping when no preset (ManicTime, Toggl, Clockify, Tockler) fits:
                 start=COL,end=COL|duration=COL[,app=COL,title=COL,project=COL,url=COL];
                 COL+COL joins columns (separate date and time)

  WakaTime daily dumps have no times of day: their days are the account's own, and focusBlocks /
  switchesPerHour are null; perApp holds the dump's editors.

  active time = ActivityWatch's canonical definition: window events (flooded 5 s) clipped to
  not-AFK periods`;

export interface ActivityFileOut {
	path: string;
	format: string;
	spans: number;
	activeSeconds: number;
	afkSeconds: number;
	perApp: Record<string, number>;
	perCategory: Record<string, number>;
	perDay: { date: string; activeSeconds: number; focusBlocks: number | null; switchesPerHour: number | null }[];
}

/** Aggregate-only input: day totals as the source gives them; focus and switches are not computable. */
export function dailyOut(path: string, format: string, totals: DailyTotal[]): ActivityFileOut {
	const perApp: Record<string, number> = {};
	for (const t of totals) for (const [k, v] of Object.entries(t.breakdown.editors ?? {})) perApp[k] = round3((perApp[k] ?? 0) + v);
	return {
		path,
		format,
		spans: 0,
		activeSeconds: round3(totals.reduce((s, t) => s + t.seconds, 0)),
		afkSeconds: 0,
		perApp,
		perCategory: {},
		perDay: totals.map((t) => ({ date: t.date, activeSeconds: round3(t.seconds), focusBlocks: null, switchesPerHour: null }))
	};
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function fileOut(path: string, format: string, spans: number, m: ActivityMetrics): ActivityFileOut {
	return {
		path,
		format,
		spans,
		activeSeconds: m.activeSeconds,
		afkSeconds: m.afkSeconds,
		perApp: m.perApp,
		perCategory: m.perCategory,
		perDay: m.perDay.map((d) => ({
			date: d.date,
			activeSeconds: d.activeSeconds,
			focusBlocks: d.focusBlocks,
			switchesPerHour: d.switchesPerHour
		}))
	};
}

function hms(sec: number): string {
	const s = Math.round(sec);
	return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** `start=A+B,end=C,app=D` → mapping, or an error message. */
export function parseCsvMap(spec: string): CsvMapping | string {
	const keys = ['start', 'end', 'duration', 'app', 'title', 'project', 'url'];
	const m: Record<string, string | string[]> = {};
	for (const part of spec.split(',')) {
		const eq = part.indexOf('=');
		const k = part.slice(0, eq).trim();
		if (eq < 0 || !keys.includes(k)) return `--csv-map: bad entry "${part}" (keys: ${keys.join(', ')})`;
		const cols = part.slice(eq + 1).split('+').map((c) => c.trim());
		m[k] = cols.length === 1 ? cols[0] : cols;
	}
	if (!m.start || (!m.end && !m.duration)) return '--csv-map needs start and one of end / duration';
	return m as unknown as CsvMapping;
}

export async function activityCommand(args: string[]): Promise<number> {
	let json = false;
	let tz = 'UTC';
	let timeoutMinutes: number | undefined;
	let csvTz: string | undefined;
	let csvMapping: CsvMapping | undefined;
	const paths: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const a = args[i];
		if (a === '--json') json = true;
		else if (a === '--tz') tz = args[++i] ?? '';
		else if (a.startsWith('--tz=')) tz = a.slice(5);
		else if (a === '--csv-tz') csvTz = args[++i] ?? '';
		else if (a === '--csv-map') {
			const m = parseCsvMap(args[++i] ?? '');
			if (typeof m === 'string') {
				process.stderr.write(m + '\n');
				return 2;
			}
			csvMapping = m;
		} else if (a === '--timeout' || a.startsWith('--timeout=')) {
			const v = Number(a === '--timeout' ? args[++i] : a.slice(10));
			if (!(v > 0)) {
				process.stderr.write(`--timeout wants minutes > 0\n`);
				return 2;
			}
			timeoutMinutes = v;
		}
		else if (a.startsWith('--')) {
			process.stderr.write(`unknown option ${a}\n${ACTIVITY_USAGE}\n`);
			return 2;
		} else paths.push(a);
	}
	if (!paths.length) {
		process.stderr.write(ACTIVITY_USAGE + '\n');
		return 2;
	}
	for (const z of [tz, csvTz ?? tz]) {
		try {
			assertTimeZone(z);
		} catch {
			process.stderr.write(`unknown time zone: ${z}\n`);
			return 2;
		}
	}
	const parseOpts: TrackerOptions = { timeoutMinutes, tz: csvTz ?? tz, csvMapping };
	const { files, ignored } = await collectInputFiles(paths);
	for (const g of ignored) process.stderr.write(`${g.path}: ${g.reason}\n`);
	const out: ActivityFileOut[] = [];
	let failed = ignored.length > 0;
	for (const f of files) {
		const mod = await detectTracker(f, parseOpts);
		if (!mod) {
			process.stderr.write(`${f.path}: not a recognised activity-tracker export\n`);
			failed = true;
			continue;
		}
		try {
			const r = await mod.parse(f, parseOpts);
			for (const w of r.warnings) process.stderr.write(`${f.path}: ${w}\n`);
			if (r.skipped.length) process.stderr.write(`${f.path}: ${r.skipped.length} record(s) skipped (first: ${r.skipped[0].where}: ${r.skipped[0].reason})\n`);
			if (r.dailyTotals) out.push(dailyOut(f.path, `${mod.id}-daily`, r.dailyTotals));
			else out.push(fileOut(f.path, r.variant ? `${mod.id}-${r.variant}` : mod.id, r.spans.length, activityMetrics(r.spans, { tz })));
		} catch (e) {
			process.stderr.write(`${f.path}: ${e instanceof Error ? e.message : String(e)}\n`);
			failed = true;
		}
	}
	if (json) process.stdout.write(JSON.stringify(out, null, 2) + '\n');
	else {
		for (const o of out) {
			process.stdout.write(`${o.path} (${o.format}, ${o.spans} spans): active ${hms(o.activeSeconds)}, away ${hms(o.afkSeconds)}\n`);
			for (const d of o.perDay) {
				process.stdout.write(`  ${d.date}  active ${hms(d.activeSeconds)}  focus blocks ${d.focusBlocks ?? '-'}  switches/h ${d.switchesPerHour ?? '-'}\n`);
			}
		}
	}
	return failed ? 1 : 0;
}
