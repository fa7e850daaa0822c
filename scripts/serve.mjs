// Static file server for build/ (node:http only). CLI: node scripts/serve.mjs [port] [root]; PORT=0 picks a random port.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DEFAULT_ROOT = fileURLToPath(new URL('../build', import.meta.url));
export const DEFAULT_PORT = 4173;

const MIME = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.jsonl': 'application/jsonl; charset=utf-8',
	'.webmanifest': 'application/manifest+json; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.gif': 'image/gif',
	'.webp': 'image/webp',
	'.ico': 'image/x-icon',
	'.wasm': 'application/wasm',
	'.zip': 'application/zip',
	'.gz': 'application/gzip',
	'.txt': 'text/plain; charset=utf-8',
	'.map': 'application/json; charset=utf-8',
	'.woff': 'font/woff',
	'.woff2': 'font/woff2',
	'.ttf': 'font/ttf'
};

function fileAt(path) {
	try {
		const st = statSync(path);
		return st.isFile() ? st : null;
	} catch {
		return null;
	}
}

function isDir(path) {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
}

function send(req, res, status, path, st) {
	res.writeHead(status, {
		'Content-Type': MIME[extname(path).toLowerCase()] ?? 'application/octet-stream',
		'Content-Length': st.size,
		// Revalidate every time, so a rebuilt app (and its service worker) is picked up at once.
		'Cache-Control': 'no-cache',
		'X-Content-Type-Options': 'nosniff'
	});
	if (req.method === 'HEAD') return res.end();
	createReadStream(path).pipe(res);
}

function text(res, status, body, headers = {}) {
	res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache', ...headers });
	res.end(body);
}

function handler(root) {
	return (req, res) => {
		if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
		const url = new URL(req.url ?? '/', 'http://x');
		let pathname;
		try {
			pathname = decodeURIComponent(url.pathname);
		} catch {
			return text(res, 400, 'bad request');
		}
		const path = resolve(root, '.' + pathname);
		if (path !== root && !path.startsWith(root + sep)) return text(res, 403, 'forbidden');

		if (pathname.endsWith('/')) {
			const index = join(path, 'index.html');
			const st = fileAt(index);
			if (st) return send(req, res, 200, index, st);
		} else {
			const st = fileAt(path);
			if (st) return send(req, res, 200, path, st);
			// Prerendered routes are dir/index.html and the app uses trailing slashes.
			if (isDir(path) && fileAt(join(path, 'index.html'))) {
				return text(res, 301, 'moved', { Location: url.pathname + '/' + url.search });
			}
		}
		// SPA fallback only for page-like paths: a missing asset or JSON must stay a 404, not HTML with status 200.
		if (!extname(pathname)) {
			const fallback = join(root, '200.html');
			const st = fileAt(fallback);
			if (st) return send(req, res, 200, fallback, st);
		}
		text(res, 404, 'not found');
	};
}

/**
 * Serve `root` on 127.0.0.1. port 0 = random; with `nextFree`, a busy port moves on to the next ones.
 * Resolves to { url, port, close() }; close() also drops keep-alive connections, so the server is really gone.
 * @param {{ root?: string, port?: number, nextFree?: boolean }} [options]
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export function startServer({ root = DEFAULT_ROOT, port = 0, nextFree = false } = {}) {
	const dir = resolve(root);
	const server = createServer(handler(dir));
	return new Promise((resolvePromise, reject) => {
		let tries = 0;
		const listen = (p) => server.listen(p, '127.0.0.1');
		server.on('error', (err) => {
			if (err.code === 'EADDRINUSE' && nextFree && port !== 0 && tries++ < 50) {
				server.close();
				return listen(port + tries);
			}
			reject(err);
		});
		server.on('listening', () => {
			const actual = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
			resolvePromise({
				url: `http://127.0.0.1:${actual}/`,
				port: actual,
				close: () =>
					/** @type {Promise<void>} */ (new Promise((done) => {
						server.close(() => done());
						server.closeAllConnections();
					}))
			});
		});
		listen(port);
	});
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
	const arg = process.argv[2] ?? process.env.PORT;
	const port = arg === undefined || arg === '' ? DEFAULT_PORT : Number(arg);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		console.error(`bad port: ${arg}`);
		process.exit(2);
	}
	const root = process.argv[3] ? resolve(process.argv[3]) : DEFAULT_ROOT;
	if (!isDir(root)) {
		console.error(`${root} does not exist; run \`npm run build\` first (or \`npm start\`, which builds).`);
		process.exit(1);
	}
	const { url } = await startServer({ root, port, nextFree: arg === undefined || arg === '' });
	console.log(url);
}
