import { describe, expect, it } from 'vitest';
import { monthOf, repoTotals, revisionRateByMonth, sortCommits, survivalByCohort, type FateRow } from '../../src/lib/analysis/code-rollups';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 10);
const marker = [{ agent: 'claude-code', marker: 'claude-code/co-authored-by', kind: 'trailer' as const, text: 'Co-Authored-By: Claude' }];
function c(sha: string, at: number, born: number, revised: [number, number, number], alive: number, pending: ('14' | '30' | '90')[] = [], agent = false): FateRow {
	return { sha, committedAt: at, landedAt: at, agents: agent ? marker : [], firstParent: true, added: born, removed: 1, born, revised: { '14': revised[0], '30': revised[1], '90': revised[2] }, pending, aliveAtHead: alive };
}

// January: two commits (100 and 50 lines); February: one agent commit of 40 lines, 30- and 90-day windows pending.
const rows: FateRow[] = [
	c('a', T0, 100, [10, 20, 30], 60, [], true),
	c('b', T0 + 5 * DAY, 50, [0, 5, 5], 45),
	c('d', Date.UTC(2025, 1, 20), 40, [4, 4, 4], 36, ['30', '90'], true)
];
const HEAD = Date.UTC(2025, 2, 1);

describe('code roll-ups', () => {
	it('months are UTC', () => {
		expect(monthOf(Date.UTC(2025, 0, 31, 23))).toBe('2025-01');
	});

	it('repo totals', () => {
		expect(repoTotals(rows)).toEqual({ commits: 3, agentCommits: 2, agentShare: 2 / 3, added: 190, aliveAtHead: 141 });
	});

	it('survival by monthly cohort leaves pending windows out', () => {
		const s = survivalByCohort(rows, HEAD);
		const jan = s.filter((p) => p.cohort === '2025-01');
		expect(jan.map((p) => [p.at, p.share, p.lines])).toEqual([
			['0', 1, 150],
			['14', 1 - 10 / 150, 150],
			['30', 1 - 25 / 150, 150],
			['90', 1 - 35 / 150, 150],
			['head', 105 / 150, 150]
		]);
		// Head age: (100 × 50 days + 50 × 45 days) / 150 = 48.3 days.
		expect(jan[4].days).toBe(48.3);
		const feb = s.filter((p) => p.cohort === '2025-02');
		expect(feb.map((p) => [p.at, p.share])).toEqual([
			['0', 1],
			['14', 0.9],
			['head', 0.9]
		]);
	});

	it('revision rate within 30 days by month, agent-marked vs other, pending months out', () => {
		expect(revisionRateByMonth(rows)).toEqual([
			{ month: '2025-01', group: 'agent-marked', rate: 0.2, lines: 100, commits: 1 },
			{ month: '2025-01', group: 'other', rate: 0.1, lines: 50, commits: 1 }
		]);
	});

	it('sorts by date and by lines changed', () => {
		expect(sortCommits(rows, 'date', 'desc').map((r) => r.sha)).toEqual(['d', 'b', 'a']);
		expect(sortCommits(rows, 'lines', 'desc').map((r) => r.sha)).toEqual(['a', 'b', 'd']);
	});
});
