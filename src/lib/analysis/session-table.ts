import { totalTokens, type Session } from '../model';

export type SortKey = 'harness' | 'startedAt' | 'project' | 'title' | 'models' | 'duration' | 'turns' | 'toolCalls' | 'tokens' | 'cost' | 'rejected';

export interface SessionFilter {
	text: string;
	model: string;
	project: string;
	harness: string;
	includeSubagents: boolean;
}

export function sessionDuration(s: Session): number | undefined {
	return s.startedAt !== undefined && s.endedAt !== undefined ? s.endedAt - s.startedAt : undefined;
}

function sortValue(s: Session, key: SortKey): number | string {
	switch (key) {
		case 'harness': return s.harness;
		case 'startedAt': return s.startedAt ?? 0;
		case 'project': return s.project ?? '';
		case 'title': return s.title ?? '';
		case 'models': return s.models.join(',');
		case 'duration': return sessionDuration(s) ?? -1;
		case 'turns': return s.turns;
		case 'toolCalls': return s.toolCalls;
		case 'tokens': return totalTokens(s.tokens);
		case 'cost': return s.cost.usd;
		case 'rejected': return s.rejected;
	}
}

export function filterSessions(rows: Session[], f: SessionFilter): Session[] {
	const q = f.text.trim().toLowerCase();
	return rows.filter(
		(s) =>
			(f.includeSubagents || !s.parentId) &&
			(!f.model || s.models.includes(f.model)) &&
			(!f.project || s.project === f.project) &&
			(!f.harness || s.harness === f.harness) &&
			(!q ||
				[s.title, s.project, s.branch, s.nativeId, ...s.models].some((v) => v?.toLowerCase().includes(q)))
	);
}

export function sortSessions(rows: Session[], key: SortKey, dir: 'asc' | 'desc'): Session[] {
	const sign = dir === 'asc' ? 1 : -1;
	return [...rows].sort((a, b) => {
		const x = sortValue(a, key);
		const y = sortValue(b, key);
		const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
		return c * sign;
	});
}

export interface SessionTotals {
	sessions: number;
	tokens: number;
	usd: number;
	estimatedShare: number;
	toolCalls: number;
	rejected: number;
}

/** Totals over top-level sessions only: a parent's figures already include its subagents. */
export function sessionTotals(rows: Session[]): SessionTotals {
	const top = rows.filter((s) => !s.parentId);
	const usd = top.reduce((a, s) => a + s.cost.usd, 0);
	const est = top.filter((s) => s.cost.source !== 'logged').reduce((a, s) => a + s.cost.usd, 0);
	return {
		sessions: top.length,
		tokens: top.reduce((a, s) => a + totalTokens(s.tokens), 0),
		usd,
		estimatedShare: usd > 0 ? est / usd : 0,
		toolCalls: top.reduce((a, s) => a + s.toolCalls, 0),
		rejected: top.reduce((a, s) => a + s.rejected, 0)
	};
}

export function distinct(rows: Session[], pick: (s: Session) => (string | undefined)[]): string[] {
	const set = new Set<string>();
	for (const s of rows) for (const v of pick(s)) if (v) set.add(v);
	return [...set].sort();
}

export interface HarnessRow extends SessionTotals {
	harness: string;
	/** Share of tool calls the person rejected. */
	rejectionRate: number;
	usdPerSession: number;
}

/** One row per harness, over top-level sessions, for side-by-side comparison. */
export function byHarness(rows: Session[]): HarnessRow[] {
	const groups = new Map<string, Session[]>();
	for (const s of rows) {
		const g = groups.get(s.harness);
		if (g) g.push(s);
		else groups.set(s.harness, [s]);
	}
	return [...groups]
		.map(([harness, list]) => {
			const t = sessionTotals(list);
			return { harness, ...t, rejectionRate: t.toolCalls ? t.rejected / t.toolCalls : 0, usdPerSession: t.sessions ? t.usd / t.sessions : 0 };
		})
		.sort((a, b) => b.sessions - a.sessions);
}
