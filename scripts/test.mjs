// `npm test`: install, make sure Chromium exists, build, run unit and e2e tests, and end with the line the CI
// parses: `N passed, N failed` (vitest's own summary isn't recognised). Nothing may be printed after that line.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, build, ensureChromium, ensureDeps, run } from './ensure.mjs';

const started = Date.now();
const RESULTS = join(ROOT, 'test-results');
const rows = []; // [label, passed, failed, note]

function finish() {
	const passed = rows.reduce((n, r) => n + r[1], 0);
	const failed = rows.reduce((n, r) => n + r[2], 0);
	console.log('');
	for (const [label, p, f, note] of rows) console.log(`  ${label.padEnd(6)} ok ${p}, failing ${f}${note ? `  (${note})` : ''}`);
	console.log(`  took ${((Date.now() - started) / 1000).toFixed(1)} s`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed > 0 ? 1 : 0;
}

/** Tally a vitest JSON report; a crash or a file that dies before its tests run still counts as a failure. */
function tally(label, file, code) {
	let report;
	try {
		report = JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		rows.push([label, 0, 1, `no report at ${join('test-results', file.split(/[\\/]/).pop())}: the runner crashed (exit ${code})`]);
		return;
	}
	const passed = report.numPassedTests ?? 0;
	let failed = report.numFailedTests ?? 0;
	// A file that fails to import or whose beforeAll throws has no failed test of its own.
	for (const f of report.testResults ?? []) {
		if (f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')) failed++;
	}
	let note = '';
	if (failed === 0 && code !== 0) {
		failed = 1;
		note = `vitest exited with ${code} (unhandled error, or no tests found)`;
	}
	rows.push([label, passed, failed, note]);
}

function e2eFiles() {
	const dir = join(ROOT, 'tests', 'e2e');
	if (!existsSync(dir)) return 0;
	return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.e2e.ts')).length;
}

function vitest(config, reportName) {
	const report = join('test-results', reportName);
	const args = ['vitest', 'run', ...(config ? ['-c', config] : []), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
	return run('npx', args);
}

if (!(await ensureDeps())) {
	rows.push(['setup', 0, 1, 'installing dependencies failed']);
	finish();
} else {
	const chromium = await ensureChromium();

	console.log('\n▶ vite build');
	const built = await build();
	if (!built) rows.push(['build', 0, 1, 'vite build failed']);

	mkdirSync(RESULTS, { recursive: true });
	for (const f of ['unit.json', 'e2e.json']) rmSync(join(RESULTS, f), { force: true });

	// The type check is one more test: a type error in a screen or a worker fails the run like a broken assertion.
	console.log('\n▶ type check (svelte-check)');
	const typesOk = (await run('npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings'])) === 0;
	rows.push(['types', typesOk ? 1 : 0, typesOk ? 0 : 1, typesOk ? '' : 'svelte-check found problems (see above)']);

	console.log('\n▶ unit tests');
	tally('unit', join(RESULTS, 'unit.json'), await vitest(null, 'unit.json'));

	console.log('\n▶ e2e tests');
	const skipped = !chromium.ok ? chromium.reason : !built ? 'the build failed, so there is nothing current to test' : null;
	if (skipped) {
		// Never skip silently: tests that could not run count as failed.
		console.log(`e2e tests can't run: ${skipped}`);
		rows.push(['e2e', 0, Math.max(1, e2eFiles()), `not run: ${skipped}`]);
	} else {
		tally('e2e', join(RESULTS, 'e2e.json'), await vitest('vitest.e2e.config.ts', 'e2e.json'));
	}
	finish();
}
