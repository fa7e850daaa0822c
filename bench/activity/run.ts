// Bench: a generated ActivityWatch export of a million events, read by the streaming reader and by
// plain JSON.parse, then turned into spans and activity metrics. See bench/activity/README.md.
//
//   npx tsx bench/activity/run.ts [--events 1000000] [--runs 1] [--compact] [--regen] [--seed S] [--browser]
//
// Every phase runs in its own child process so its peak RSS is its own.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeInputFile } from '../../bin/node-input';
import { activityMetrics } from '../../src/lib/analysis/activity-metrics';
import type { ActivitySpan } from '../../src/lib/model/activity';
import { parseExportFile, spansFromExport } from '../../workers/trackers/activitywatch';
import { splitJsonStream } from '../../workers/trackers/json-stream';
import { writeAwBenchExport, type AwBenchCorpus } from './corpus';
import { runBrowserActivity } from './browser';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIR = join(ROOT, 'bench/.corpus/activity');
const SELF = fileURLToPath(import.meta.url);

function arg(name: string, def: string): string {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : def;
}

interface PhaseResult {
	ms: number;
	/** Extra timings inside the phase. */
	parts?: Record<string, number>;
	events?: number;
	spans?: number;
	digest?: string;
	maxRssMB: number;
	note?: string;
}

/** Order-sensitive digest of the spans, to check both read paths give the same result. */
function digest(spans: ActivitySpan[]): string {
	let h = 0x811c9dc5;
	for (const s of spans) {
		const t = JSON.stringify(s);
		for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 16777619);
	}
	return (h >>> 0).toString(16);
}

async function phase(name: string, path: string): Promise<Omit<PhaseResult, 'maxRssMB'>> {
	const size = statSync(path).size;
	const file = nodeInputFile(path, 'aw-export.json', size);
	const t0 = performance.now();
	switch (name) {
		case 'json-parse': {
			const text = new TextDecoder().decode(readFileSync(path));
			const t1 = performance.now();
			const doc = JSON.parse(text) as { buckets: Record<string, { events: unknown[] }> };
			const t2 = performance.now();
			const events = Object.values(doc.buckets).reduce((n, b) => n + b.events.length, 0);
			return { ms: t2 - t0, parts: { readDecode: t1 - t0, parse: t2 - t1 }, events };
		}
		case 'stream-read': {
			let events = 0;
			const r = await splitJsonStream(file.stream(), { split: (p) => p[p.length - 1] === 'events', onElement: () => void events++ });
			return { ms: performance.now() - t0, events, note: r.error?.message };
		}
		case 'spans-json-parse': {
			const doc = JSON.parse(new TextDecoder().decode(readFileSync(path)));
			const r = spansFromExport(doc, file.path);
			const ms = performance.now() - t0;
			return { ms, spans: r.spans.length, digest: digest(r.spans) };
		}
		case 'spans-stream': {
			const r = await parseExportFile(file);
			const ms = performance.now() - t0;
			return { ms, spans: r.spans.length, digest: digest(r.spans) };
		}
		case 'metrics': {
			const r = await parseExportFile(file);
			const t1 = performance.now();
			try {
				const m = activityMetrics(r.spans);
				const note = `active ${(m.activeSeconds / 3600).toFixed(1)} h, away ${(m.afkSeconds / 3600).toFixed(1)} h, ${m.focusBlocks.length} focus blocks, ${m.perDay.length} days`;
				return { ms: performance.now() - t1, spans: r.spans.length, note };
			} catch (e) {
				// Still give a figure: the same spans in 4-week slices (each a separate activityMetrics call).
				const failed = `over all spans it failed (${e instanceof Error ? e.message : String(e)})`;
				const week = 7 * 86_400_000;
				const t2 = performance.now();
				let active = 0;
				for (let from = r.spans[0].start; from <= r.spans[r.spans.length - 1].start; from += 4 * week) {
					const slice = r.spans.filter((s) => s.start >= from && s.start < from + 4 * week);
					active += activityMetrics(slice).activeSeconds;
				}
				return { ms: performance.now() - t2, spans: r.spans.length, note: `${failed}; timed in 4-week slices instead: active ${(active / 3600).toFixed(1)} h` };
			}
		}
	}
	throw new Error(`unknown phase ${name}`);
}

function runChild(name: string, path: string): PhaseResult {
	const r = spawnSync(process.execPath, [...process.execArgv, SELF, '--phase', name, '--file', path], { encoding: 'utf8', maxBuffer: 1 << 20 });
	if (r.status !== 0) throw new Error(`phase ${name} failed: ${r.stderr || r.stdout}`);
	return JSON.parse(r.stdout.trim().split('\n').pop()!) as PhaseResult;
}

function ensureCorpus(events: number, seed: string, compact: boolean, regen: boolean): { path: string; corpus: AwBenchCorpus } {
	mkdirSync(DIR, { recursive: true });
	const path = join(DIR, compact ? 'aw-export-compact.json' : 'aw-export.json');
	const stampPath = path + '.stamp.json';
	const params = { events, seed, compact, generator: 1 };
	if (!regen && existsSync(path) && existsSync(stampPath)) {
		const stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
		if (JSON.stringify(stamp.params) === JSON.stringify(params) && statSync(path).size === stamp.corpus.bytes) return { path, corpus: stamp.corpus };
	}
	process.stdout.write(`generating ${events.toLocaleString()} events into ${join('bench/.corpus/activity', path.split('/').pop()!)} …\n`);
	const corpus = writeAwBenchExport(path, { seed, events, compact });
	writeFileSync(stampPath, JSON.stringify({ params, corpus }, null, 2));
	return { path, corpus };
}

const best = (a: PhaseResult[]) => a.reduce((x, y) => (y.ms < x.ms ? y : x));
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
	const only = arg('phase', '');
	if (only) {
		const r = await phase(only, arg('file', ''));
		process.stdout.write(JSON.stringify({ ...r, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
		return;
	}
	const runs = Number(arg('runs', '1'));
	const { path, corpus } = ensureCorpus(Number(arg('events', '1000000')), arg('seed', 'hindsight-activity-1'), process.argv.includes('--compact'), process.argv.includes('--regen'));
	const mb = corpus.bytes / 1e6;
	const total = corpus.events.window + corpus.events.afk + corpus.events.web;
	process.stdout.write(
		`export: ${mb.toFixed(1)} MB, ${total.toLocaleString()} events (window ${corpus.events.window.toLocaleString()}, ` +
			`${Math.round((100 * corpus.zeroLengthWindow) / corpus.events.window)}% zero-length; afk ${corpus.events.afk.toLocaleString()}; web ${corpus.events.web.toLocaleString()})\n\n`
	);
	const phases = ['json-parse', 'stream-read', 'spans-json-parse', 'spans-stream', 'metrics'];
	const results: Record<string, PhaseResult> = {};
	for (const name of phases) {
		const all: PhaseResult[] = [];
		for (let i = 0; i < runs; i++) all.push(runChild(name, path));
		results[name] = best(all);
		results[name].maxRssMB = Math.max(...all.map((r) => r.maxRssMB));
	}
	const line = (label: string, r: PhaseResult, n: number) =>
		`${label.padEnd(44)} ${sec(r.ms).padStart(8)}  ${(mb / (r.ms / 1000)).toFixed(1).padStart(6)} MB/s  ${Math.round(n / (r.ms / 1000)).toLocaleString().padStart(10)} events/s  peak RSS ${String(r.maxRssMB).padStart(5)} MB`;
	const jp = results['json-parse'];
	const sr = results['stream-read'];
	const sj = results['spans-json-parse'];
	const ss = results['spans-stream'];
	const me = results.metrics;
	const out = [
		line('read + decode + JSON.parse (whole file)', jp, jp.events!),
		`${''.padEnd(44)}   of which JSON.parse alone ${sec(jp.parts!.parse)} (${(mb / (jp.parts!.parse / 1000)).toFixed(1)} MB/s)`,
		line('streaming reader (events handed over)', sr, sr.events!),
		`  ratio streaming ÷ JSON.parse throughput: ${(jp.ms / sr.ms).toFixed(2)}× end to end, ${(jp.parts!.parse / sr.ms).toFixed(2)}× against JSON.parse alone` +
			(sr.events === jp.events ? '' : `   EVENT COUNT DIFFERS (${sr.events} vs ${jp.events})`),
		'',
		line('spans: JSON.parse + spansFromExport', sj, sj.spans!),
		line('spans: streaming (activityWatch.parse)', ss, ss.spans!),
		`  same spans: ${sj.digest === ss.digest && sj.spans === ss.spans ? 'yes' : 'NO'} (${ss.spans!.toLocaleString()} spans, digest ${ss.digest}); ratio ${(sj.ms / ss.ms).toFixed(2)}×`,
		'',
		`activityMetrics (default options)            ${sec(me.ms).padStart(8)}  ${Math.round(me.spans! / (me.ms / 1000)).toLocaleString().padStart(10)} spans/s   peak RSS (parse + metrics) ${me.maxRssMB} MB`,
		`  ${me.note}`,
		''
	];
	process.stdout.write(out.join('\n') + '\n');
	let browser: Awaited<ReturnType<typeof runBrowserActivity>> | undefined;
	if (process.argv.includes('--browser')) {
		if (!existsSync(join(ROOT, 'build', 'index.html'))) throw new Error('--browser needs the built app: run `npx vite build` first');
		browser = await runBrowserActivity(path);
		const same = browser.spansStored === ss.spans;
		process.stdout.write(
			[
				`Chromium: import through the app (file picker → worker → IndexedDB)   ${sec(browser.importMs).padStart(8)}  ${(mb / (browser.importMs / 1000)).toFixed(1).padStart(6)} MB/s  ${Math.round(total / (browser.importMs / 1000)).toLocaleString().padStart(10)} events/s`,
				`  spans stored ${browser.spansStored.toLocaleString()} in ${browser.chunks} chunks: ${same ? 'MATCH' : 'DIFFER from'} Node's ${ss.spans!.toLocaleString()}`,
				`Chromium: Activity screen, navigation → the last day's figures (a week's spans loaded, metrics, charts)  ${sec(browser.screenMs)}  (shows ${browser.activeShown})`,
				''
			].join('\n') + '\n'
		);
		if (!same) process.exitCode = 1;
	}
	mkdirSync(join(ROOT, 'bench/.out'), { recursive: true });
	writeFileSync(join(ROOT, 'bench/.out/activity-results.json'), JSON.stringify({ corpus, runs, results, browser }, null, 2));
	if (sj.digest !== ss.digest || sr.events !== jp.events) process.exitCode = 1;
}

main().catch((e) => {
	process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
	process.exit(1);
});
