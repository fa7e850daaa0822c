// Roll-ups of stored commits for the Code screen: pure functions, rows in, numbers out.
import type { StoredCommit } from '../db/schema';

const DAY = 86_400_000;

export type FateRow = Pick<StoredCommit, 'sha' | 'committedAt' | 'landedAt' | 'agents' | 'firstParent' | 'added' | 'removed' | 'born' | 'revised' | 'pending' | 'aliveAtHead'>;

/** Month of a time, UTC, as 'YYYY-MM'. */
export function monthOf(ms: number): string {
	return new Date(ms).toISOString().slice(0, 7);
}

const when = (c: FateRow) => c.landedAt ?? c.committedAt;
const isAgent = (c: FateRow) => c.agents.length > 0;
/** Commits whose added lines the engine followed (first-parent, with a fate, adding something). */
const tracked = (c: FateRow) => c.firstParent && c.born !== undefined && c.born > 0 && c.revised !== undefined;

export interface RepoTotals {
	commits: number;
	agentCommits: number;
	/** Agent-marked share of all commits, 0..1. */
	agentShare: number;
	added: number;
	aliveAtHead: number;
}

export function repoTotals(commits: FateRow[]): RepoTotals {
	const agentCommits = commits.filter(isAgent).length;
	let added = 0;
	let alive = 0;
	for (const c of commits) {
		added += c.added ?? 0;
		alive += c.aliveAtHead ?? 0;
	}
	return { commits: commits.length, agentCommits, agentShare: commits.length ? agentCommits / commits.length : 0, added, aliveAtHead: alive };
}

export type CommitSortKey = 'date' | 'lines';

export function sortCommits<T extends FateRow>(rows: T[], key: CommitSortKey, dir: 'asc' | 'desc'): T[] {
	const v = (c: T) => (key === 'date' ? when(c) : (c.added ?? 0) + (c.removed ?? 0));
	const s = dir === 'asc' ? 1 : -1;
	return [...rows].sort((a, b) => s * (v(a) - v(b)) || a.sha.localeCompare(b.sha));
}

export interface SurvivalPoint {
	cohort: string;
	/** Days since the commit landed; for the head point, the born-weighted mean age at the head. */
	days: number;
	/** Share of the cohort's added lines not yet revised (at 0/14/30/90) or still alive (at head), 0..1. */
	share: number;
	at: '0' | '14' | '30' | '90' | 'head';
	/** Lines the share is taken over (commits whose window is still pending are left out). */
	lines: number;
}

/**
 * Survival by monthly cohort: for each month of landing, the share of added lines still unrevised
 * 14, 30 and 90 days later (commits younger than the window at the head are left out of that point)
 * and the share still alive at the head.
 */
export function survivalByCohort(commits: FateRow[], headTime: number): SurvivalPoint[] {
	const groups = new Map<string, FateRow[]>();
	for (const c of commits.filter(tracked)) {
		const m = monthOf(when(c));
		(groups.get(m) ?? groups.set(m, []).get(m)!).push(c);
	}
	const out: SurvivalPoint[] = [];
	for (const cohort of [...groups.keys()].sort()) {
		const cs = groups.get(cohort)!;
		const born = cs.reduce((a, c) => a + c.born!, 0);
		out.push({ cohort, days: 0, share: 1, at: '0', lines: born });
		for (const w of ['14', '30', '90'] as const) {
			const done = cs.filter((c) => !c.pending?.includes(w));
			const n = done.reduce((a, c) => a + c.born!, 0);
			if (n === 0) continue;
			const rev = done.reduce((a, c) => a + c.revised![w], 0);
			out.push({ cohort, days: Number(w), share: 1 - rev / n, at: w, lines: n });
		}
		const alive = cs.reduce((a, c) => a + (c.aliveAtHead ?? 0), 0);
		const age = cs.reduce((a, c) => a + c.born! * Math.max(0, headTime - when(c)), 0) / born / DAY;
		out.push({ cohort, days: Math.round(age * 10) / 10, share: alive / born, at: 'head', lines: born });
	}
	return out;
}

export interface RevisionPoint {
	month: string;
	group: 'agent-marked' | 'other';
	/** Share of added lines revised or deleted within 30 days, 0..1. */
	rate: number;
	lines: number;
	commits: number;
}

/**
 * Revision rate within 30 days per month, agent-marked vs other. A month of a group with any commit
 * whose 30-day window is still pending is left out: its rate would not be final.
 */
export function revisionRateByMonth(commits: FateRow[]): RevisionPoint[] {
	const acc = new Map<string, { month: string; group: RevisionPoint['group']; born: number; rev: number; commits: number; pending: boolean }>();
	for (const c of commits.filter(tracked)) {
		const month = monthOf(when(c));
		const group = isAgent(c) ? 'agent-marked' : 'other';
		const k = `${month} ${group}`;
		const a = acc.get(k) ?? acc.set(k, { month, group, born: 0, rev: 0, commits: 0, pending: false }).get(k)!;
		if (c.pending?.includes('30')) a.pending = true;
		a.born += c.born!;
		a.rev += c.revised!['30'];
		a.commits++;
	}
	return [...acc.values()]
		.filter((a) => !a.pending && a.born > 0)
		.sort((x, y) => x.month.localeCompare(y.month) || x.group.localeCompare(y.group))
		.map((a) => ({ month: a.month, group: a.group, rate: a.rev / a.born, lines: a.born, commits: a.commits }));
}
