import * as Plot from '@observablehq/plot';
import type { ToolCall, Turn } from '../model';

// Chart builders: canonical rows in, Plot options out. No DOM here, so they are testable in Node.

export const TOKEN_BUCKETS = [
	{ key: 'input', label: 'input (uncached)', color: 'var(--c-input)' },
	{ key: 'cacheRead', label: 'cache read', color: 'var(--c-cache-read)' },
	{ key: 'cacheWrite', label: 'cache write', color: 'var(--c-cache-write)' },
	{ key: 'output', label: 'output', color: 'var(--c-output)' }
] as const;

export interface TokenRow {
	turn: number;
	at?: Date;
	bucket: string;
	tokens: number;
	model?: string;
}

export function tokenRows(turns: Turn[]): TokenRow[] {
	const rows: TokenRow[] = [];
	let n = 0;
	for (const t of turns) {
		if (t.role !== 'assistant' || !t.tokens || t.synthetic) continue;
		n++;
		for (const b of TOKEN_BUCKETS) {
			rows.push({ turn: n, at: t.at !== undefined ? new Date(t.at) : undefined, bucket: b.label, tokens: t.tokens[b.key], model: t.model });
		}
	}
	return rows;
}

export function tokensPerTurnChart(turns: Turn[], width: number): Plot.PlotOptions {
	const rows = tokenRows(turns);
	const n = rows.length / TOKEN_BUCKETS.length;
	// A band axis labels every bar; keep about twenty labels whatever the number of responses.
	const step = Math.max(1, Math.ceil(n / 20));
	return {
		width,
		height: 260,
		marginLeft: 60,
		x: { label: 'assistant response (n)', type: 'band', tickFormat: (d: number) => (d % step === 0 || d === 1 ? String(d) : '') },
		y: { label: 'tokens', grid: true, tickFormat: '~s' },
		color: { legend: true, domain: TOKEN_BUCKETS.map((b) => b.label), range: TOKEN_BUCKETS.map((b) => b.color) },
		marks: [
			Plot.barY(rows, {
				x: 'turn',
				y: 'tokens',
				fill: 'bucket',
				order: TOKEN_BUCKETS.map((b) => b.label),
				tip: { format: { x: true, y: (v: number) => v.toLocaleString('en-US'), fill: true } },
				title: (d: TokenRow) => `response ${d.turn}${d.model ? ` · ${d.model}` : ''}\n${d.bucket}: ${d.tokens.toLocaleString('en-US')} tokens`
			}),
			Plot.ruleY([0])
		]
	};
}

export interface TimelineEvent {
	lane: string;
	start: Date;
	end: Date;
	label: string;
	outcome: string;
}

const LANES = ['user', 'assistant', 'edit', 'write', 'read', 'shell', 'search', 'web', 'task', 'other'];

export function timelineEvents(turns: Turn[], calls: ToolCall[]): TimelineEvent[] {
	const ev: TimelineEvent[] = [];
	for (const t of turns) {
		if (t.at === undefined || t.role === 'system') continue;
		ev.push({ lane: t.role, start: new Date(t.at), end: new Date(t.at), label: t.text.slice(0, 120) || `(${t.role})`, outcome: t.synthetic ? 'synthetic' : 'ok' });
	}
	for (const c of calls) {
		if (c.at === undefined) continue;
		ev.push({
			lane: c.kind,
			start: new Date(c.at),
			end: new Date(c.endedAt ?? c.at),
			label: `${c.name}${c.summary ? `: ${c.summary}` : ''}`,
			outcome: c.outcome
		});
	}
	return ev;
}

function timeTick(ev: TimelineEvent[]): (d: Date) => string {
	const t = ev.map((e) => +e.start);
	const span = t.length > 0 ? Math.max(...t) - Math.min(...t) : 0;
	const pad = (n: number) => String(n).padStart(2, '0');
	return (d: Date) => {
		const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
		if (span > 20 * 3600_000) return `${d.getMonth() + 1}/${d.getDate()} ${hm}`;
		// A session of a few minutes needs seconds, or every tick reads the same.
		return span < 15 * 60_000 ? `${hm}:${pad(d.getSeconds())}` : hm;
	};
}

export function timelineChart(turns: Turn[], calls: ToolCall[], width: number): Plot.PlotOptions {
	const ev = timelineEvents(turns, calls);
	const lanes = LANES.filter((l) => ev.some((e) => e.lane === l));
	return {
		width,
		height: 40 + lanes.length * 28,
		marginLeft: 80,
		// Plot's default time ticks are 12-hour without am/pm; say the hour plainly.
		x: { label: 'time (local)', type: 'time', grid: true, tickFormat: timeTick(ev) },
		y: { label: null, domain: lanes },
		color: { legend: true, domain: ['ok', 'error', 'rejected', 'pending', 'synthetic'], range: ['var(--accent)', 'var(--warn)', 'var(--bad)', 'var(--muted)', 'var(--muted)'] },
		marks: [
			Plot.ruleY(ev.filter((e) => +e.end > +e.start), { x1: 'start', x2: 'end', y: 'lane', stroke: 'outcome', strokeWidth: 6, strokeOpacity: 0.5 }),
			Plot.dot(ev, {
				x: 'start',
				y: 'lane',
				fill: 'outcome',
				r: 3.5,
				tip: true,
				title: (e: TimelineEvent) => `${e.start.toLocaleTimeString()} · ${e.lane} · ${e.outcome}\n${e.label}`
			})
		]
	};
}
