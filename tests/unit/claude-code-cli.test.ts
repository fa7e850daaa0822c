import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIX = 'tests/fixtures/claude-code';

function cli(...args: string[]) {
	const p = spawnSync('npx', ['tsx', 'bin/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
	return { code: p.status, stdout: p.stdout, stderr: p.stderr };
}

interface Tok {
	input: number;
	output: number;
	cacheRead: number;
	cacheWrite: number;
	reasoning: number;
}
interface Doc {
	sessions: {
		harness: string;
		id: string;
		parentId: string | null;
		title: string | null;
		startedAt: string | null;
		endedAt: string | null;
		models: string[];
		tokens: Tok;
		cost: { usd: number; source: string };
		turns: number;
		toolCalls: number;
		rejected: number;
		subagents: { id: string; tokens: Tok }[];
	}[];
	sources: { path: string; format: string; records: number; skipped: { line: number; reason: string }[] }[];
}

describe('cli sessions --json', () => {
	const run = cli('sessions', FIX, '--json');
	const doc = JSON.parse(run.stdout) as Doc;

	it('exits 0 and prints exactly the documented shape', () => {
		expect(run.code).toBe(0);
		expect(Object.keys(doc)).toEqual(['sessions', 'sources']);
		for (const s of doc.sessions) {
			expect(Object.keys(s)).toEqual(['harness', 'id', 'parentId', 'title', 'startedAt', 'endedAt', 'models', 'tokens', 'cost', 'turns', 'toolCalls', 'rejected', 'subagents']);
			expect(Object.keys(s.tokens)).toEqual(['input', 'output', 'cacheRead', 'cacheWrite', 'reasoning']);
			expect(Object.keys(s.cost)).toEqual(['usd', 'source']);
			for (const a of s.subagents) expect(Object.keys(a)).toEqual(['id', 'tokens']);
		}
		for (const f of doc.sources) expect(Object.keys(f)).toEqual(['path', 'format', 'records', 'skipped']);
	});

	it('reports native ids, ISO times and totals that include subagents', () => {
		const b = doc.sessions.find((s) => s.id === '5f0c9a7e-2b1d-4c3e-9f8a-7b6c5d4e3f21')!;
		expect(b).toMatchObject({
			harness: 'claude-code',
			parentId: null,
			title: 'Export sessions to CSV',
			startedAt: '2026-03-01T10:00:00.000Z',
			endedAt: '2026-03-01T10:11:41.000Z',
			models: ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001'],
			tokens: { input: 100, output: 1100, cacheRead: 124600, cacheWrite: 5900, reasoning: 0 },
			turns: 11,
			toolCalls: 10,
			rejected: 1
		});
		expect(b.subagents).toEqual([
			{ id: 'a1b2c3d', tokens: { input: 70, output: 75, cacheRead: 4000, cacheWrite: 4100, reasoning: 0 } },
			{ id: 'acompact-7e3f21', tokens: { input: 9, output: 400, cacheRead: 13000, cacheWrite: 0, reasoning: 0 } }
		]);
		const sub = doc.sessions.find((s) => s.id === 'a1b2c3d')!;
		expect(sub.parentId).toBe(b.id);
		expect(doc.sessions.find((s) => s.id === '3c4d5e6f')!.parentId).toBe('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a');

		const legacy = doc.sessions.find((s) => s.id === '0b1e6f1a-1c2d-4e5f-8a9b-0c1d2e3f4a5b')!;
		expect(legacy.cost.source).toBe('logged');
		expect(legacy.cost.usd).toBeCloseTo(0.0031, 10);
		expect(legacy.startedAt).toBe('2025-05-20T09:00:00.000Z');

		// Top-level sessions add up to every token in the folder, each counted once.
		const top = doc.sessions.filter((s) => s.parentId === null);
		const sum = (k: keyof Tok) => top.reduce((n, s) => n + s.tokens[k], 0);
		expect([sum('input'), sum('output'), sum('cacheRead'), sum('cacheWrite')]).toEqual([18 + 54 + 100 + 7, 67 + 180 + 1100 + 11, 100 + 19100 + 124600, 100 + 3050 + 5900]);
		expect(doc.sessions).toHaveLength(7);
	});

	it('lists every file as a source, unknown formats included, and warns on stderr', () => {
		expect(doc.sources).toHaveLength(9);
		const other = doc.sources.find((f) => f.path.endsWith('other-tool.jsonl'))!;
		expect(other).toEqual({ path: `${FIX}/other-tool.jsonl`, format: 'unknown', records: 0, skipped: [] });
		expect(run.stderr).toContain('other-tool.jsonl');
		expect(run.stderr).toContain('3.0.0');
		const main = doc.sources.find((f) => f.path.endsWith('5f0c9a7e-2b1d-4c3e-9f8a-7b6c5d4e3f21.jsonl'))!;
		expect(main.skipped.map((k) => k.line)).toEqual([21, 27, 37]);
		expect(main.records).toBe(29);
	});
});

describe('cli sessions (table)', () => {
	it('prints one row per session and a summary', () => {
		const run = cli('sessions', `${FIX}/-home-dev-tool`);
		expect(run.code).toBe(0);
		const rows = run.stdout.trim().split('\n');
		expect(rows[0]).toMatch(/^started\s+session\s+title/);
		expect(rows.filter((r) => r.startsWith('2025-11-02 14:00'))).toHaveLength(2);
		expect(run.stdout).toContain('↳ 3c4d5e6f');
		expect(run.stdout).toContain('2 sessions from 2 files');
	});

	it('fails with usage when no path is given', () => {
		const run = cli('sessions');
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('usage');
	});
});
