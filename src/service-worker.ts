/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `hindsight-${version}`;
// The SPA fallback is not in any of Kit's lists; deep links need it offline.
const ASSETS = [...build, ...files, ...prerendered, '200.html'].map((p) => new URL(p, sw.location.href).pathname);
const FALLBACK = new URL('200.html', sw.location.href).pathname;

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches.open(CACHE).then((c) => c.addAll(ASSETS))
	);
	// No skipWaiting: an open tab may still need lazy chunks that only the old cache holds.
	// A new version takes over once every Hindsight tab has been closed.
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
			.then(() => sw.clients.claim())
	);
});

sw.addEventListener('fetch', (event) => {
	const url = new URL(event.request.url);
	if (event.request.method !== 'GET' || url.origin !== sw.location.origin) return;
	event.respondWith(
		(async () => {
			const cache = await caches.open(CACHE);
			const hit = (await cache.match(url.pathname)) ?? (await cache.match(event.request));
			if (hit) return hit;
			try {
				const res = await fetch(event.request);
				// Lazy chunks a worker loads (SQLite's glue and .wasm) are in no Kit list; content-hashed, so keep them.
				if (res.ok && url.pathname.includes('/_app/immutable/')) cache.put(url.pathname, res.clone()).catch(() => {});
				return res;
			} catch (err) {
				if (event.request.mode === 'navigate') {
					const shell = await cache.match(url.pathname.endsWith('/') ? `${url.pathname}index.html` : FALLBACK);
					if (shell) return shell;
					const fb = await cache.match(FALLBACK);
					if (fb) return fb;
				}
				throw err;
			}
		})()
	);
});
