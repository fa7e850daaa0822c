// Throughput of every harness parser on a corpus grown from its test fixtures: each fixture file is copied
// many times with its ids made unique, so every copy is a distinct session for the parser to do all its work on.
// Run: npx tsx bench/formats/run.ts [--mb 20] [--runs 3]
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectInputFiles } from '../../bin/node-input';
import { ingest } from '../../workers/ingest-core';
import { formats } from '../../workers/formats/registry';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(ROOT, 'bench/.corpus/formats');
const arg = (name: string, dflt: number) => {
	const i = process.argv.indexOf(name);
	return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const TARGET = arg('--mb', 20) * 1e6;
const RUNS = arg('--runs', 3);

// Fixture folders per format; binary and helper files are left out (SQLite is benchmarked by the OpenCode tests' sizes).
const SOURCES: Record<string, { dir: string; skip?: RegExp; oneFile?: boolean }> = {
	'claude-code': { dir: 'tests/fixtures/claude-code', skip: /other-tool/ },
	codex: { dir: 'tests/fixtures/codex', skip: /\.zst$|session_index/ },
	'gemini-cli': { dir: 'tests/fixtures/gemini-cli' },
	opencode: { dir: 'tests/fixtures/opencode', skip: /\.(db|db-wal|sh|sql)$|future/ },
	// Aider appends every run to one history file per repository.
	aider: { dir: 'tests/fixtures/aider', oneFile: true }
};

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((n) => {
		const p = join(dir, n);
		return statSync(p).isDirectory() ? filesUnder(p) : [p];
	});
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const OC_ID = /\b(ses|msg|prt|req|toolu|call)_[A-Za-z0-9]+/g;

/** Copy k of a text: every id gets k folded into it, consistently across files, so links between files hold. */
function rewrite(text: string, k: number): string {
	const tag = k.toString(16).padStart(6, '0');
	return text.replace(UUID, (u) => u.slice(0, 30) + tag).replace(OC_ID, (id) => `${id}${k.toString(36)}`);
}

function build(name: string): { dir: string; bytes: number } {
	const src = SOURCES[name];
	const dir = join(OUT, name);
	const stampFile = join(OUT, `${name}.stamp`);
	const stamp = `${TARGET}`;
	if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
		return { dir, bytes: filesUnder(dir).reduce((n, f) => n + statSync(f).size, 0) };
	}
	rmSync(dir, { recursive: true, force: true });
	const files = filesUnder(join(ROOT, src.dir)).filter((f) => !src.skip?.test(f));
	const texts = files.map((f) => readFileSync(f, 'utf8'));
	const per = texts.reduce((n, t) => n + t.length, 0);
	const copies = Math.max(1, Math.ceil(TARGET / per));
	let bytes = 0;
	if (src.oneFile) {
		for (let i = 0; i < files.length; i++) {
			const out = join(dir, relative(join(ROOT, src.dir), files[i]));
			mkdirSync(dirname(out), { recursive: true });
			const body = Array.from({ length: copies }, (_, k) => rewrite(texts[i], k)).join('');
			writeFileSync(out, body);
			bytes += Buffer.byteLength(body);
		}
	} else {
		for (let k = 0; k < copies; k++) {
			for (let i = 0; i < files.length; i++) {
				const out = join(dir, rewrite(relative(join(ROOT, src.dir), files[i]), k));
				mkdirSync(dirname(out), { recursive: true });
				const body = rewrite(texts[i], k);
				writeFileSync(out, body);
				bytes += Buffer.byteLength(body);
			}
		}
	}
	writeFileSync(stampFile, stamp);
	return { dir, bytes };
}

async function main() {
	console.log(`per-format parser throughput, in-process, best of ${RUNS} (corpora ≈${(TARGET / 1e6).toFixed(0)} MB grown from the test fixtures)\n`);
	console.log(`${'format'.padEnd(12)} ${'MB'.padStart(7)} ${'files'.padStart(7)} ${'sessions'.padStart(9)} ${'best s'.padStart(8)} ${'MB/s'.padStart(8)}`);
	for (const name of Object.keys(SOURCES)) {
		const fmt = formats.find((f) => f.id === name);
		if (!fmt) throw new Error(`no format ${name} in the registry`);
		const { dir, bytes } = build(name);
		let best = Infinity;
		let sessions = 0;
		let files = 0;
		for (let r = 0; r < RUNS; r++) {
			const input = await collectInputFiles([dir]);
			const t0 = performance.now();
			const res = await ingest(input.files, { batch() {} }, { formats: [fmt] });
			best = Math.min(best, performance.now() - t0);
			sessions = res.sessions.length;
			files = input.files.length;
		}
		console.log(`${name.padEnd(12)} ${(bytes / 1e6).toFixed(1).padStart(7)} ${String(files).padStart(7)} ${String(sessions).padStart(9)} ${(best / 1000).toFixed(2).padStart(8)} ${(bytes / 1e6 / (best / 1000)).toFixed(1).padStart(8)}`);
	}
}

main().catch((e) => {
	console.error(e);
	process.exitCode = 1;
});
