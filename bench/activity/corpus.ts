// Writes a large ActivityWatch "export all buckets" file the way the web UI saves it (pretty-printed,
// Python-server shapes): window, AFK and web buckets, events newest first, about 30% of window events
// zero-length with ~1 s gaps between them, an AFK bucket whose not-afk heartbeats overlap and repeat,
// and browser tabs recorded inside browser windows. Written in pieces, so the generator never holds
// the document as one string. Deterministic for a seed.

import { closeSync, openSync, writeSync } from 'node:fs';
import { Rng } from '../corpus/rng';

export interface AwBenchParams {
	seed: string;
	/** Total events over all buckets (approximate: the last workday is finished). */
	events: number;
	/** Compact single-line JSON (REST /api/0/export) instead of the web UI's 2-space indentation. */
	compact?: boolean;
}

export interface AwBenchCorpus {
	bytes: number;
	events: { window: number; afk: number; web: number };
	zeroLengthWindow: number;
}

type Data = Record<string, string | number | boolean>;
/** Ascending while generating; written in reverse (newest first). */
interface Ev {
	t: number;
	d: number;
	data: Data;
}

const HOST = 'devbox';
const BROWSERS = ['firefox', 'Google Chrome'];
const PROJECTS = ['api', 'web-client', 'infra', 'hindsight-notes'];
const FILES = ['src/index.ts', 'src/server.ts', 'src/db/schema.ts', 'src/routes/api.ts', 'tests/api.test.ts', 'README.md', 'src/lib/queue.ts', 'package.json'];
const PAGES: [string, string][] = [
	['Array.prototype.flatMap() - JavaScript | MDN', 'https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Array/flatMap'],
	['node.js - How to stream a "large" file? - Stack Overflow', 'https://stackoverflow.com/questions/11111111/how-to-stream-a-large-file'],
	['pull request #42 · acme/api · GitHub', 'https://github.com/acme/api/pull/42'],
	['Claude', 'https://claude.ai/chat/0b6c1d2e'],
	['Inbox (3) – mail', 'https://mail.example.com/mail/u/0/#inbox'],
	['Café order 😀 – Résumé.pdf', 'https://files.example.com/r%C3%A9sum%C3%A9.pdf'],
	['Hacker News', 'https://news.ycombinator.com/']
];

function windowData(rng: Rng): Data {
	const project = rng.pick(PROJECTS);
	const kind = rng.weighted<string>([
		['editor', 40],
		['terminal', 20],
		['browser', 30],
		['chat', 7],
		['meeting', 3]
	]);
	switch (kind) {
		case 'editor':
			return { app: 'Code', title: `${rng.pick(FILES)} - ${project} - Visual Studio Code` };
		case 'terminal':
			return rng.chance(0.5)
				? { app: 'WindowsTerminal.exe', title: `C:\\Users\\dev\\src\\${project} — pwsh` }
				: { app: 'kitty', title: `dev@${HOST}: ~/src/${project}` };
		case 'browser': {
			const [title] = rng.pick(PAGES);
			const b = rng.pick(BROWSERS);
			return { app: b, title: `${title} — ${b === 'firefox' ? 'Mozilla Firefox' : 'Google Chrome'}` };
		}
		case 'chat':
			return { app: 'Slack', title: `#${project} | acme | Slack` };
		default:
			return { app: 'zoom.us', title: 'Zoom Meeting' };
	}
}

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '000+00:00');
const secs = (ms: number) => Math.round(ms) / 1000;

/** Ascending timelines for the three buckets. */
function timelines(p: AwBenchParams) {
	const rng = new Rng(p.seed);
	const win: Ev[] = [];
	const afk: Ev[] = [];
	const web: Ev[] = [];
	let zero = 0;
	let day = Date.UTC(2025, 0, 6);
	while (win.length + afk.length + web.length < p.events) {
		const dow = new Date(day).getUTCDay();
		if (dow !== 0 && dow !== 6) {
			// Work sessions separated by breaks; AFK says not-afk during sessions, afk in the breaks.
			let t = day + 8 * 3600_000 + rng.int(0, 3600_000);
			const dayEnd = day + 18 * 3600_000;
			while (t < dayEnd) {
				const sessionEnd = Math.min(dayEnd, t + rng.logi(90, 0.5, 20, 240) * 60_000);
				const sessionStart = t;
				while (t < sessionEnd) {
					const data = windowData(rng);
					const d = rng.chance(0.3) ? 0 : rng.logi(25_000, 1.3, 1_000, 1_800_000);
					if (d === 0) zero++;
					win.push({ t, d, data });
					if (BROWSERS.includes(data.app as string) && d > 0) {
						// The tab watcher reports the active tab, sometimes twice within one window event.
						const n = rng.chance(0.4) ? 2 : 1;
						for (let k = 0; k < n; k++) {
							const [title, url] = rng.pick(PAGES);
							const wt = t + Math.floor((d * k) / n);
							web.push({ t: wt, d: rng.chance(0.15) ? 0 : Math.floor(d / n), data: { url, title, audible: false, incognito: false, tabCount: rng.int(1, 30) } });
						}
					}
					t += d + rng.int(900, 1_200);
				}
				// Not-afk heartbeats: pieces that overlap their predecessor, some sent twice.
				for (let s = sessionStart; s < t; ) {
					const e = Math.min(t, s + rng.int(5, 40) * 60_000);
					afk.push({ t: s, d: e - s, data: { status: 'not-afk' } });
					if (rng.chance(0.1)) afk.push({ t: s, d: e - s, data: { status: 'not-afk' } });
					s = e - (rng.chance(0.5) ? rng.int(1_000, 60_000) : 0);
					if (e === t) break;
				}
				const pause = rng.logi(15, 0.8, 4, 90) * 60_000;
				afk.push({ t, d: pause + 185_000, data: { status: 'afk' } });
				t += pause;
			}
		}
		day += 86_400_000;
	}
	return { win, afk, web, zero };
}

/** Buffered writer: the file is built from small strings flushed about every MB. */
class Out {
	private buf: string[] = [];
	private len = 0;
	bytes = 0;
	constructor(private readonly fd: number) {}
	put(s: string) {
		this.buf.push(s);
		this.len += s.length;
		if (this.len > 1 << 20) this.flush();
	}
	flush() {
		const b = Buffer.from(this.buf.join(''), 'utf8');
		writeSync(this.fd, b);
		this.bytes += b.length;
		this.buf = [];
		this.len = 0;
	}
}

export function writeAwBenchExport(path: string, p: AwBenchParams): AwBenchCorpus {
	const { win, afk, web, zero } = timelines(p);
	const created = iso(win[0].t - 86_400_000);
	const buckets: [string, string, string, Ev[]][] = [
		[`aw-watcher-window_${HOST}`, 'currentwindow', 'aw-watcher-window', win],
		[`aw-watcher-afk_${HOST}`, 'afkstatus', 'aw-watcher-afk', afk],
		[`aw-watcher-web-firefox_${HOST}`, 'web.tab.current', 'aw-client-web', web]
	];
	const fd = openSync(path, 'w');
	const out = new Out(fd);
	const ind = (n: number) => (p.compact ? '' : '\n' + '  '.repeat(n));
	const sep = p.compact ? ':' : ': ';
	try {
		out.put(`{${ind(1)}"buckets"${sep}{`);
		buckets.forEach(([id, type, client, events], bi) => {
			const meta = { id, created, name: null, type, client, hostname: HOST, data: {} };
			out.put(`${bi ? ',' : ''}${ind(2)}${JSON.stringify(id)}${sep}{`);
			for (const [k, v] of Object.entries(meta)) out.put(`${ind(3)}${JSON.stringify(k)}${sep}${JSON.stringify(v)},`);
			out.put(`${ind(3)}"events"${sep}[`);
			for (let i = events.length - 1; i >= 0; i--) {
				const e = events[i];
				const ev = { timestamp: iso(e.t), duration: secs(e.d), data: e.data };
				const text = p.compact ? JSON.stringify(ev) : JSON.stringify(ev, null, 2).replace(/\n/g, ind(4));
				out.put(`${i === events.length - 1 ? '' : ','}${ind(4)}${text}`);
			}
			out.put(`${ind(3)}]${ind(2)}}`);
		});
		out.put(`${ind(1)}}${p.compact ? '' : '\n'}}${p.compact ? '' : '\n'}`);
		out.flush();
	} finally {
		closeSync(fd);
	}
	return { bytes: out.bytes, events: { window: win.length, afk: afk.length, web: web.length }, zeroLengthWindow: zero };
}
