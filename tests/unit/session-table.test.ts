import { describe, expect, it } from 'vitest';
import { emptyTokens, type Session } from '../../src/lib/model';
import { byHarness, filterSessions, sessionTotals, sortSessions } from '../../src/lib/analysis/session-table';

function session(p: Partial<Session> & { id: string }): Session {
	return {
		harness: 'claude-code', nativeId: p.id, sourceId: 'f', activeMs: 0, models: [], tokens: emptyTokens(), ownTokens: emptyTokens(),
		cost: { usd: 0, source: 'estimated' }, turns: 0, toolCalls: 0, rejected: 0, errors: 0, linesAdded: 0, linesRemoved: 0,
		filesEdited: [], subagents: [], commits: [], ...p
	};
}

const rows = [
	session({ id: 'a', startedAt: 3, models: ['claude-opus-4-6'], project: '/w/api', title: 'Fix parser', tokens: { ...emptyTokens(), input: 10, output: 5 }, cost: { usd: 2, source: 'estimated' }, rejected: 1 }),
	session({ id: 'b', startedAt: 1, models: ['claude-sonnet-4-5'], project: '/w/web', title: 'Add chart', tokens: { ...emptyTokens(), cacheRead: 100 }, cost: { usd: 1, source: 'logged' } }),
	session({ id: 'c', parentId: 'a', startedAt: 2, models: ['claude-haiku-4-5'], project: '/w/api', tokens: { ...emptyTokens(), input: 3 }, cost: { usd: 0.5, source: 'estimated' } })
];
const none = { text: '', model: '', project: '', harness: '', includeSubagents: false };

describe('sessions table', () => {
	it('hides subagents unless asked, filters by model, project and text', () => {
		expect(filterSessions(rows, none).map((s) => s.id)).toEqual(['a', 'b']);
		expect(filterSessions(rows, { ...none, includeSubagents: true }).map((s) => s.id)).toEqual(['a', 'b', 'c']);
		expect(filterSessions(rows, { ...none, model: 'claude-sonnet-4-5' }).map((s) => s.id)).toEqual(['b']);
		expect(filterSessions(rows, { ...none, project: '/w/api', includeSubagents: true }).map((s) => s.id)).toEqual(['a', 'c']);
		expect(filterSessions(rows, { ...none, text: 'CHART' }).map((s) => s.id)).toEqual(['b']);
	});

	it('sorts by numbers and by text in both directions', () => {
		expect(sortSessions(rows, 'tokens', 'desc').map((s) => s.id)).toEqual(['b', 'a', 'c']);
		expect(sortSessions(rows, 'startedAt', 'asc').map((s) => s.id)).toEqual(['b', 'c', 'a']);
		expect(sortSessions(rows, 'title', 'asc').map((s) => s.id)).toEqual(['c', 'b', 'a']);
	});

	it('totals count top-level sessions only, since parents include their subagents', () => {
		const t = sessionTotals(rows);
		expect(t.sessions).toBe(2);
		expect(t.tokens).toBe(115);
		expect(t.usd).toBe(3);
		expect(t.estimatedShare).toBeCloseTo(2 / 3);
		expect(t.rejected).toBe(1);
	});
});

describe('harness comparison', () => {
	it('filters by harness and compares harnesses over top-level sessions', () => {
		const mixed = [...rows, session({ id: 'd', harness: 'codex', toolCalls: 4, rejected: 1, cost: { usd: 4, source: 'estimated' } })];
		expect(filterSessions(mixed, { ...none, harness: 'codex' }).map((s) => s.id)).toEqual(['d']);
		const cmp = byHarness(mixed);
		expect(cmp.map((r) => [r.harness, r.sessions, r.usd])).toEqual([['claude-code', 2, 3], ['codex', 1, 4]]);
		expect(cmp[1].rejectionRate).toBe(0.25);
		expect(cmp[0].usdPerSession).toBe(1.5);
	});
});
