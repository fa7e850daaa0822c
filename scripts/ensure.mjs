// Shared helpers for start.mjs and test.mjs: install dependencies, build when stale, find Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUILD_DIR = join(ROOT, 'build');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Inputs of `vite build`; a change in any of them makes build/ stale.
const BUILD_INPUTS = ['src', 'workers', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

const win = process.platform === 'win32';

/** Run a command with inherited stdio; resolves to its exit code (signals map to 1). */
export function run(cmd, args, { env, cwd = ROOT } = {}) {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { cwd, stdio: 'inherit', shell: win, env: { ...process.env, ...env } });
		child.on('error', (err) => {
			console.error(`could not start ${cmd}: ${err.message}`);
			resolve(127);
		});
		child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
	});
}

/** Whether a command exists on PATH. */
export function has(cmd) {
	return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function mtime(path) {
	try {
		return statSync(path).mtimeMs;
	} catch {
		return 0;
	}
}

/** Newest modification time of a file or of anything below a directory (0 if absent). */
export function newest(path) {
	let st;
	try {
		st = statSync(path);
	} catch {
		return 0;
	}
	if (!st.isDirectory()) return st.mtimeMs;
	let t = st.mtimeMs; // catches deletions
	for (const e of readdirSync(path, { withFileTypes: true })) t = Math.max(t, newest(join(path, e.name)));
	return t;
}

/** npm's hidden lockfile is rewritten on every install, so its age says when node_modules was last synced. */
function depsStale() {
	const lock = mtime(join(ROOT, 'package-lock.json'));
	const installed = mtime(join(ROOT, 'node_modules', '.package-lock.json'));
	if (!existsSync(join(ROOT, 'node_modules'))) return 'node_modules is missing';
	if (!installed) return 'node_modules has no install record';
	if (lock > installed) return 'package-lock.json is newer than node_modules';
	return null;
}

/** Install dependencies if node_modules is missing or older than package-lock.json. Returns true on success. */
export async function ensureDeps() {
	const why = depsStale();
	if (!why) return true;
	console.log(`Installing dependencies (${why})…`);
	const quiet = ['--no-audit', '--no-fund', '--no-update-notifier'];
	// Under `npm test --silent` (as .ci/run calls it) the child npm would inherit loglevel silent and hide its errors.
	const env = { npm_config_loglevel: 'notice' };
	let code = await run('npm', ['ci', ...quiet], { env });
	if (code !== 0) {
		console.log('npm ci failed; trying npm install…');
		code = await run('npm', ['install', ...quiet], { env });
	}
	if (code !== 0) {
		console.error('Installing dependencies failed.');
		return false;
	}
	// `npm install` may rewrite package-lock.json after the hidden lockfile; don't reinstall next time for that.
	const hidden = join(ROOT, 'node_modules', '.package-lock.json');
	if (existsSync(hidden) && depsStale()) {
		const now = new Date();
		utimesSync(hidden, now, now);
	}
	return true;
}

/** Why build/ needs rebuilding, or null if it is up to date. */
export function buildStale() {
	// adapter-static writes the fallback page last, so its age is the age of the whole build.
	const built = mtime(join(BUILD_DIR, '200.html'));
	if (!built) return 'there is no build yet';
	const changed = BUILD_INPUTS.find((p) => newest(join(ROOT, p)) > built);
	return changed ? `${changed} changed since the last build` : null;
}

/** `vite build`; returns true on success. */
export async function build() {
	return (await run('npx', ['vite', 'build'])) === 0;
}

/**
 * Make sure Debian's Chromium is at CHROMIUM, installing it with apt-get when we are root.
 * Returns { ok: true } or { ok: false, reason }.
 */
export async function ensureChromium() {
	if (existsSync(CHROMIUM)) return { ok: true };
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!root || !has('apt-get')) {
		return {
			ok: false,
			reason:
				`${CHROMIUM} is missing and it can't be installed from here ` +
				`(${root ? 'no apt-get' : 'not root'}). Install it with: sudo apt-get install -y chromium`
		};
	}
	console.log(`${CHROMIUM} is missing; installing Debian's chromium with apt-get…`);
	const env = { DEBIAN_FRONTEND: 'noninteractive' };
	if ((await run('apt-get', ['update'], { env })) !== 0) return { ok: false, reason: 'apt-get update failed' };
	if ((await run('apt-get', ['install', '-y', 'chromium'], { env })) !== 0) {
		return { ok: false, reason: 'apt-get install chromium failed' };
	}
	return existsSync(CHROMIUM)
		? { ok: true }
		: { ok: false, reason: `apt-get installed chromium but ${CHROMIUM} does not exist` };
}
