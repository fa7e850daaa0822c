// Display formatting, one place for the whole app.

export function compact(n: number): string {
	const a = Math.abs(n);
	if (a >= 1e9) return `${(n / 1e9).toFixed(a >= 1e10 ? 1 : 2)}B`;
	if (a >= 1e6) return `${(n / 1e6).toFixed(a >= 1e7 ? 1 : 2)}M`;
	if (a >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
	if (a >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
	return String(Math.round(n));
}

export function usd(n: number): string {
	if (n === 0) return '$0';
	if (Math.abs(n) < 0.01) return `$${n.toFixed(4)}`;
	if (Math.abs(n) < 100) return `$${n.toFixed(2)}`;
	return `$${Math.round(n).toLocaleString('en-US')}`;
}

export function bytes(n: number): string {
	if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GB`;
	if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
	if (n >= 1024) return `${(n / 1024).toFixed(1)} kB`;
	return `${n} B`;
}

export function duration(ms: number | undefined): string {
	if (ms === undefined || !Number.isFinite(ms)) return '–';
	const s = Math.round(ms / 1000);
	if (s < 60) return `${s}s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
	return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local date and time, `2026-03-01 14:05`. */
export function dateTime(ms: number | undefined): string {
	if (ms === undefined) return '–';
	const d = new Date(ms);
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function time(ms: number | undefined): string {
	if (ms === undefined) return '–';
	const d = new Date(ms);
	return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The last path segment or two: `/home/me/src/api` → `src/api`. */
export function shortProject(p: string | undefined): string {
	if (!p) return '–';
	const parts = p.split(/[\\/]/).filter(Boolean);
	return parts.slice(-2).join('/') || p;
}
