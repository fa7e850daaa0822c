// `npm start`: install if needed, build if stale, serve build/ on 127.0.0.1 (PORT, default 4173 or the next free one).
import { BUILD_DIR, build, buildStale, ensureDeps } from './ensure.mjs';
import { DEFAULT_PORT, startServer } from './serve.mjs';

if (!(await ensureDeps())) process.exit(1);

const why = buildStale();
if (why) {
	console.log(`Building Hindsight (${why})…`);
	if (!(await build())) {
		console.error('The build failed (see above); not starting.');
		process.exit(1);
	}
}

const explicit = process.env.PORT !== undefined && process.env.PORT !== '';
const port = explicit ? Number(process.env.PORT) : DEFAULT_PORT;
const { url, port: actual } = await startServer({ root: BUILD_DIR, port, nextFree: !explicit });
if (!explicit && actual !== DEFAULT_PORT) {
	// Imported data lives in the browser per origin, and the port is part of the origin.
	console.log(`Port ${DEFAULT_PORT} is busy. Data imported at another port is not visible at this one.`);
}
console.log(`Hindsight is running at ${url}`);
console.log('Press Ctrl+C to stop.');
