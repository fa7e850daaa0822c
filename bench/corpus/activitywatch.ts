// Generates an ActivityWatch "export all buckets" JSON (Python server shape) for a stretch of days:
// workdays of editor / terminal / docs / chat / meetings / agent-app stretches, coffee and lunch
// breaks in the AFK bucket, a browser-extension bucket, events newest first and some zero-length,
// as real exports are. Deterministic for a seed. Used by the demo data set and the benchmarks.

import { Rng } from './rng';

export interface AwCorpusParams {
	seed: string;
	/** First day, `YYYY-MM-DD` (local). */
	from: string;
	days: number;
	/** Local time's offset from UTC in hours (no DST within the generated range). */
	utcOffsetHours: number;
	host?: string;
	/** Projects the editor and terminal titles name. */
	projects?: string[];
	/** Scales the number of events per day (1 ≈ 350 window events per workday). */
	density?: number;
}

export interface AwCorpus {
	json: string;
	events: { window: number; afk: number; web: number };
}

type Data = Record<string, string | boolean | number>;
interface Ev {
	t: number;
	d: number;
	data: Data;
}

const FILES = ['src/index.ts', 'src/server.ts', 'src/db/schema.ts', 'src/routes/api.ts', 'tests/api.test.ts', 'README.md', 'src/lib/queue.ts', 'package.json'];
const DOCS = [
	['MDN Web Docs — Array.prototype.flatMap()', 'https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/flatMap'],
	['node.js - How to stream a large file - Stack Overflow', 'https://stackoverflow.com/questions/11111111/how-to-stream-a-large-file'],
	['Dexie.js documentation', 'https://dexie.org/docs/Table/Table.bulkPut()'],
	['pull request #42 · acme/api · GitHub', 'https://github.com/acme/api/pull/42']
];
const OTHER = [
	['Inbox (3) - mail', 'https://mail.example.com/mail/u/0/#inbox'],
	['YouTube', 'https://www.youtube.com/'],
	['Hacker News', 'https://news.ycombinator.com/']
];

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '000+00:00');

export function generateAwExport(p: AwCorpusParams): AwCorpus {
	const rng = new Rng(p.seed);
	const host = p.host ?? 'devbox';
	const projects = p.projects ?? ['api', 'billing-service', 'data_pipeline'];
	const density = p.density ?? 1;
	const win: Ev[] = [];
	const afk: Ev[] = [];
	const web: Ev[] = [];
	const [y, m, d] = p.from.split('-').map(Number);
	for (let day = 0; day < p.days; day++) {
		const midnight = Date.UTC(y, m - 1, d + day) - p.utcOffsetHours * 3_600_000;
		const dow = new Date(Date.UTC(y, m - 1, d + day)).getUTCDay();
		const weekend = dow === 0 || dow === 6;
		if (weekend && !rng.chance(0.3)) continue;
		let t = midnight + (weekend ? 10.5 : 8.4 + rng.next() * 1.2) * 3_600_000;
		const stop = t + (weekend ? 1.5 + rng.next() * 2 : 8 + rng.next() * 1.5) * 3_600_000;
		const lunch = midnight + (12.2 + rng.next() * 0.8) * 3_600_000;
		let lunched = weekend;
		let presentFrom = t;
		const project = () => rng.pick(projects);
		const away = (minutes: number) => {
			afk.push({ t: presentFrom, d: (t - presentFrom) / 1000, data: { status: 'not-afk' } });
			const len = minutes * 60_000;
			afk.push({ t, d: len / 1000, data: { status: 'afk' } });
			t += len;
			presentFrom = t;
		};
		const stretch = (app: string, titles: () => string, seconds: number, url?: () => [string, string]) => {
			const end = t + seconds * 1000;
			while (t < end) {
				const len = Math.min(end - t, Math.round(rng.logn(40 / density, 0.9) * 1000) + 1000);
				if (url) {
					const [title, u] = url();
					win.push({ t, d: len / 1000, data: { app, title: `${title} — Mozilla Firefox` } });
					web.push({ t, d: len / 1000, data: { url: u, title, audible: false, incognito: false, tabCount: 7 } });
				} else win.push({ t, d: len / 1000, data: { app, title: titles() } });
				// The watcher's poll leaves zero-length events at switches.
				if (rng.chance(0.25)) win.push({ t: t + len, d: 0, data: { app, title: titles() } });
				t += len;
			}
		};
		while (t < stop) {
			if (!lunched && t >= lunch) {
				away(40 + rng.int(0, 25));
				lunched = true;
				continue;
			}
			const r = rng.next();
			const proj = project();
			if (r < 0.38) {
				const f = () => `${rng.pick(FILES)} - ${proj} - Visual Studio Code`;
				stretch('Code', f, rng.logn(11 * 60, 0.6));
			} else if (r < 0.52) stretch('gnome-terminal-server', () => `dev@${host}: ~/src/${proj}`, rng.logn(3 * 60, 0.7));
			else if (r < 0.66) stretch('firefox', () => '', rng.logn(3 * 60, 0.7), () => rng.pick(DOCS) as [string, string]);
			else if (r < 0.74) stretch('Claude', () => `Claude — ${proj}`, rng.logn(2.5 * 60, 0.6));
			else if (r < 0.84) stretch('Slack', () => `#${rng.pick(['team', 'deploys', 'random', proj])} - Acme - Slack`, rng.logn(90, 0.8));
			else if (r < 0.9) stretch('firefox', () => '', rng.logn(2 * 60, 0.8), () => rng.pick(OTHER) as [string, string]);
			else if (r < 0.93 && !weekend) stretch('zoom.us', () => 'Zoom Meeting', 25 * 60 + rng.int(0, 600));
			else away(5 + rng.int(0, 12));
		}
		afk.push({ t: presentFrom, d: (t - presentFrom) / 1000, data: { status: 'not-afk' } });
	}
	const bucket = (id: string, type: string, client: string, events: Ev[]) => ({
		id,
		created: iso(Date.UTC(y, m - 1, d) - 30 * 86_400_000),
		name: null,
		type,
		client,
		hostname: host,
		// Exports list the newest event first.
		events: events
			.slice()
			.sort((a, b) => b.t - a.t)
			.map((e) => ({ timestamp: iso(e.t), duration: Math.round(e.d * 1000) / 1000, data: e.data }))
	});
	const buckets = {
		[`aw-watcher-window_${host}`]: bucket(`aw-watcher-window_${host}`, 'currentwindow', 'aw-watcher-window', win),
		[`aw-watcher-afk_${host}`]: bucket(`aw-watcher-afk_${host}`, 'afkstatus', 'aw-watcher-afk', afk),
		[`aw-watcher-web-firefox_${host}`]: bucket(`aw-watcher-web-firefox_${host}`, 'web.tab.current', 'aw-client-web', web)
	};
	return { json: JSON.stringify({ buckets }), events: { window: win.length, afk: afk.length, web: web.length } };
}
