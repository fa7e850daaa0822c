import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Cost, Session, Tokens } from '../../src/lib/model';
import { lineHash } from '../../src/lib/analysis/line-hash';
import { parseCodex } from '../../workers/formats/codex/parse';
import { fingerprintBytes } from '../../workers/fingerprint';
import { collectInputFiles } from '../../bin/node-input';
import { collector } from './claude-code-helpers';

// One easy rate so costs can be checked by hand: $1 per million tokens of any kind.
const priced: { model: string; tokens: Tokens; at?: number; provider?: string }[] = [];
vi.mock('../../src/lib/pricing', () => ({
	estimateCost: (model: string, tokens: Tokens, at?: number, provider?: string): Cost => {
		priced.push({ model, tokens: { ...tokens }, at, provider });
		return { usd: (tokens.input + tokens.output + tokens.cacheRead + tokens.cacheWrite) / 1e6, source: 'estimated' };
	}
}));

const CODEX_FIXTURES = fileURLToPath(new URL('../fixtures/codex', import.meta.url));

const A = '5e1d2c3b-4a59-4876-9a1b-2c3d4e5f6a7b'; // bare era
const B = '0199e2a1-7c3d-7b10-9f21-3a4b5c6d7e8f'; // wrapped 2025
const C = '019ce5f0-1a2b-7c3d-8e4f-5a6b7c8d9e0f'; // 2026, paginated, parent of D
const D = '019ce5f4-2b3c-7d4e-9f50-6a7b8c9d0e1f'; // spawned agent of C, with C's history replayed
const E = '01a0b1c2-d3e4-7f56-8a9b-0c1d2e3f4a5b'; // a future major version
const Z = '019b0a1c-2d3e-7f40-8a5b-6c7d8e9f0a1b'; // zstd-compressed
const ms = (iso: string) => Date.parse(iso);
const tok = (input: number, output: number, cacheRead: number, reasoning: number): Tokens => ({ input, output, cacheRead, cacheWrite: 0, reasoning });

async function parseFixtures() {
	const { files } = await collectInputFiles([CODEX_FIXTURES]);
	const c = collector();
	const res = await parseCodex(files, c.sink);
	const byId = new Map(res.sessions.map((s) => [s.id, s]));
	const get = (native: string): Session => {
		const s = byId.get(`codex:${native}`);
		if (!s) throw new Error(`no session ${native}`);
		return s;
	};
	const report = (suffix: string) => res.files.find((f) => f.path.endsWith(suffix))!;
	const turnsOf = (native: string) => c.turns.filter((t) => t.sessionId === `codex:${native}`).sort((x, y) => x.seq - y.seq);
	const callsOf = (native: string) => c.calls.filter((t) => t.sessionId === `codex:${native}`).sort((x, y) => x.seq - y.seq);
	return { res, c, get, report, turnsOf, callsOf };
}

beforeEach(() => {
	priced.length = 0;
});

describe('codex parser on the fixture folder', () => {
	it('finds one session per rollout, the subagent under its parent, and nothing for the .zst and index files', async () => {
		const { res } = await parseFixtures();
		expect(res.sessions.map((s) => [s.id, s.parentId ?? null])).toEqual([
			[`codex:${A}`, null],
			[`codex:${B}`, null],
			[`codex:${C}`, null],
			[`codex:${D}`, `codex:${C}`],
			[`codex:${E}`, null]
		]);
		for (const s of res.sessions) {
			expect(s.harness).toBe('codex');
			expect(s.sourceId).toMatch(new RegExp(`rollout-[0-9T-]+-${s.nativeId}\\.jsonl$`));
		}
		expect(res.files.map((f) => f.format)).toEqual(Array(7).fill('codex'));
	});

	it('bare era: prompts without injected context, tool calls from bare items, project from <environment_context>', async () => {
		const { get, turnsOf, callsOf, report } = await parseFixtures();
		const a = get(A);
		expect([a.project, a.branch, a.headCommit, a.repoUrl]).toEqual([
			'/home/dev/legacy-tool',
			'main',
			'9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
			'git@github.com:dev/legacy-tool.git'
		]);
		expect(a.title).toBe('Fix the off-by-one in pager.py');
		expect([a.startedAt, a.endedAt, a.activeMs, a.version]).toEqual([ms('2025-08-20T10:15:00.123Z'), undefined, 0, undefined]);
		// No token counts in this era: nothing to price, and the cost says so.
		expect(a.ownTokens).toEqual(tok(0, 0, 0, 0));
		expect(a.cost).toEqual({ usd: 0, source: 'unknown', note: 'the rollout records no token counts' });
		expect(a.models).toEqual([]);
		const turns = turnsOf(A);
		expect(turns.map((t) => [t.role, t.text])).toEqual([
			['user', 'Fix the off-by-one in pager.py\nIt skips the last page.'],
			['assistant', ''], // reasoning + sed
			['assistant', ''], // the patch, after the sed output
			['assistant', 'Fixed: the range now includes the last page.'],
			['user', 'Thanks, run the tests'],
			['assistant', ''],
			['assistant', 'One test still fails: test_empty.']
		]);
		expect(turns.every((t) => t.at === undefined && t.tokens === undefined)).toBe(true);
		const calls = callsOf(A);
		expect(calls.map((x) => [x.id.split(':').pop(), x.name, x.kind, x.outcome, x.summary, x.turnId])).toEqual([
			['call_A1', 'shell', 'shell', 'ok', 'sed -n 1,40p pager.py', turns[1].id],
			['call_A2', 'shell', 'edit', 'ok', 'pager.py', turns[2].id],
			['call_A3', 'shell', 'shell', 'error', 'pytest -q', turns[5].id]
		]);
		expect(calls[1].paths).toEqual(['/home/dev/legacy-tool/pager.py']);
		expect([calls[1].linesAdded, calls[1].linesRemoved, calls[1].addedLineHashes]).toEqual([1, 1, [lineHash('    return range(0, n, size)')]]);
		expect([a.turns, a.toolCalls, a.errors, a.rejected, a.linesAdded, a.linesRemoved]).toEqual([7, 3, 1, 0, 1, 1]);
		expect(a.filesEdited).toEqual(['/home/dev/legacy-tool/pager.py']);
		expect(report(`${A}.jsonl`)).toMatchObject({ records: 17, skippedCount: 0, warnings: [] });
	});

	it('wrapped 2025: token deltas of the cumulative totals, re-emitted totals counted once, cached input split out', async () => {
		const { get, turnsOf } = await parseFixtures();
		const b = get(B);
		// Final total: input 91,600 of which 80,000 cached, output 1,300 of which 550 reasoning.
		expect(b.ownTokens).toEqual(tok(11_600, 1_300, 80_000, 550));
		expect(b.tokens).toEqual(b.ownTokens);
		const assistant = turnsOf(B).filter((t) => t.role === 'assistant');
		expect(assistant.map((t) => [t.model, t.tokens])).toEqual([
			['gpt-5-codex', tok(4_000, 300, 8_000, 200)],
			['gpt-5-codex', tok(1_000, 400, 12_000, 200)],
			['gpt-5-codex', tok(1_000, 200, 12_000, 50)],
			['gpt-5-codex', tok(1_000, 100, 12_000, 30)],
			['gpt-5-codex', tok(1_500, 150, 12_000, 20)],
			['gpt-5', tok(1_500, 100, 12_000, 40)],
			['gpt-5', tok(1_600, 50, 12_000, 10)]
		]);
		expect(b.models).toEqual(['gpt-5-codex', 'gpt-5']);
	});

	it('prices each token delta once with the turn model, its time and the session provider; marks subscription use', async () => {
		const { get, turnsOf } = await parseFixtures();
		const bPriced = priced.filter((p) => p.at !== undefined && p.at < ms('2026-01-01T00:00:00Z'));
		expect(bPriced.map((p) => [p.model, p.provider, p.at])).toEqual([
			['gpt-5-codex', 'openai', ms('2025-10-14T09:00:08.000Z')],
			['gpt-5-codex', 'openai', ms('2025-10-14T09:00:12.000Z')],
			['gpt-5-codex', 'openai', ms('2025-10-14T09:00:20.000Z')],
			['gpt-5-codex', 'openai', ms('2025-10-14T09:01:05.000Z')],
			['gpt-5-codex', 'openai', ms('2025-10-14T09:01:35.000Z')],
			['gpt-5', 'openai', ms('2025-10-14T09:10:04.000Z')],
			['gpt-5', 'openai', ms('2025-10-14T09:10:08.000Z')]
		]);
		// 7 deltas in B, 5 in C, 2 in D, 1 in E; none in the bare file.
		expect(priced).toHaveLength(15);
		const b = get(B);
		expect(b.subscription).toBe(true);
		expect(b.cost.source).toBe('estimated');
		expect(b.cost.usd).toBeCloseTo((11_600 + 1_300 + 80_000) / 1e6, 12);
		expect(b.cost.note).toContain('subscription');
		expect(b.provider).toBe('openai');
		expect(turnsOf(B)[1].cost?.usd).toBeCloseTo(12_300 / 1e6, 12);
		const c = get(C);
		expect(c.subscription).toBeUndefined(); // rate_limits null: API-key use
		expect(c.cost.note).toBeUndefined();
	});

	it('wrapped 2025: prompts and replies once each although logged as items and as events; injected context dropped', async () => {
		const { get, turnsOf } = await parseFixtures();
		const turns = turnsOf(B);
		expect(turns.map((t) => [t.seq, t.role, t.text])).toEqual([
			[0, 'user', 'Add a cart total to the checkout page'],
			[1, 'assistant', ''],
			[2, 'assistant', ''],
			[3, 'assistant', ''],
			[4, 'assistant', ''],
			[5, 'assistant', "I added the total and a money() helper; I left package.json alone."],
			[6, 'user', 'Commit it'],
			[7, 'assistant', ''],
			[8, 'assistant', 'Committed as 3e5d7a1.']
		]);
		expect(turns[0].at).toBe(ms('2025-10-14T09:00:05.100Z'));
		expect(turns[0].id).toBe(`codex:${B}:t0`);
		const b = get(B);
		expect(b.turns).toBe(9);
		expect(b.title).toBe('Add a cart total to the checkout page');
		expect([b.project, b.branch, b.headCommit, b.repoUrl, b.version, b.permissionMode]).toEqual([
			'/home/dev/shop',
			'feat/cart',
			'4b825dc642cb6eb9a060e54bf8d69288fbee4904',
			'https://github.com/dev/shop.git',
			'0.46.0',
			'on-request'
		]);
		expect([b.startedAt, b.endedAt]).toEqual([ms('2025-10-14T09:00:00.000Z'), ms('2025-10-14T09:10:08.200Z')]);
		// 95.2 s, then an 8 min 24.8 s pause counted as 5 minutes, then 8.2 s.
		expect(b.activeMs).toBe(403_400);
	});

	it('wrapped 2025: rejected exec and patch, apply_patch add/update/delete with lines and hashes, a git commit', async () => {
		const { get, callsOf } = await parseFixtures();
		const calls = callsOf(B);
		expect(calls.map((x) => [x.id.split(':').pop(), x.name, x.kind, x.outcome])).toEqual([
			['call_B1', 'shell', 'shell', 'ok'],
			['call_B2', 'apply_patch', 'edit', 'ok'],
			['call_B3', 'shell', 'shell', 'rejected'],
			['call_B4', 'apply_patch', 'edit', 'rejected'],
			['call_B5', 'shell', 'shell', 'ok']
		]);
		const patch = calls[1];
		expect(patch.paths).toEqual(['/home/dev/shop/src/checkout.ts', '/home/dev/shop/src/money.ts', '/home/dev/shop/src/legacy-total.ts']);
		// +2 −1 in checkout.ts, +3 for the new money.ts, −3 for the deleted file (its lines come from patch_apply_end).
		expect([patch.linesAdded, patch.linesRemoved]).toEqual([5, 4]);
		expect(patch.addedLineHashes).toEqual(
			[
				'  const total = cart.items.reduce((s, i) => s + i.price * i.qty, 0);',
				'  render(total);',
				'export function money(n: number): string {',
				'  return n.toFixed(2);',
				'}'
			].map(lineHash)
		);
		expect([patch.at, patch.endedAt]).toEqual([ms('2025-10-14T09:00:12.000Z'), ms('2025-10-14T09:00:12.400Z')]);
		expect(calls[3].paths).toEqual(['/home/dev/shop/package.json']);
		expect(calls[3].linesAdded).toBeUndefined(); // a rejected patch added nothing
		expect(calls[2].summary).toBe('rm -rf node_modules && pnpm install');
		const b = get(B);
		expect([b.toolCalls, b.rejected, b.errors, b.linesAdded, b.linesRemoved]).toEqual([5, 2, 0, 5, 4]);
		expect(b.filesEdited).toEqual(['/home/dev/shop/src/checkout.ts', '/home/dev/shop/src/money.ts', '/home/dev/shop/src/legacy-total.ts']);
		expect(b.commits).toEqual([{ sha: '3e5d7a1', branch: 'feat/cart', subject: 'Add cart total', at: ms('2025-10-14T09:10:05.000Z'), evidence: 'shell-output' }]);
	});

	it('reports malformed and truncated lines by number and reason, and keeps reading', async () => {
		const { report } = await parseFixtures();
		const r = report(`${B}.jsonl`);
		expect(r.skipped).toEqual([
			{ line: 17, reason: 'invalid JSON' },
			{ line: 24, reason: 'not a JSON object' },
			{ line: 37, reason: 'truncated last line' }
		]);
		expect(r.skippedCount).toBe(3);
		expect(r.records).toBe(34);
		expect(r.warnings).toEqual([]);
	});

	it('2026 paginated: item_completed messages, exec_command_end exit codes, apply_patch with a move, spawn_agent', async () => {
		const { get, turnsOf, callsOf } = await parseFixtures();
		const c = get(C);
		expect(c.ownTokens).toEqual(tok(16_000, 1_400, 91_000, 700));
		expect(turnsOf(C).map((t) => [t.role, t.text, t.tokens?.output ?? null])).toEqual([
			['user', 'Rename Store to Catalog across the repo, then have a helper check the docs', null],
			['assistant', '', 500],
			['assistant', '', 400],
			['assistant', '', 200],
			['assistant', '', 150],
			['assistant', 'Renamed Store to Catalog; one test still fails; the helper found 2 stale references in docs.', 150]
		]);
		const calls = callsOf(C);
		expect(calls.map((x) => [x.name, x.kind, x.outcome, x.summary])).toEqual([
			['shell_command', 'shell', 'ok', 'rg -l Store src'],
			['apply_patch', 'edit', 'ok', 'src/store.ts, src/app.ts'],
			['shell_command', 'shell', 'error', 'npm test'],
			['spawn_agent', 'task', 'ok', 'Check docs/ for stale Store references']
		]);
		expect(calls[1].paths).toEqual(['/home/dev/atlas/src/store.ts', '/home/dev/atlas/src/catalog.ts', '/home/dev/atlas/src/app.ts']);
		expect([calls[1].linesAdded, calls[1].linesRemoved]).toEqual([3, 3]);
		expect(calls[1].addedLineHashes).toEqual(['export class Catalog {', "import { Catalog } from './catalog';", 'const s = new Catalog();'].map(lineHash));
		expect([c.turns, c.toolCalls, c.errors, c.linesAdded, c.linesRemoved]).toEqual([6, 4, 1, 3, 3]);
		// The ghost snapshot is the /undo checkpoint, not a commit.
		expect(c.commits).toEqual([]);
		expect([c.version, c.permissionMode, c.headCommit, c.project]).toEqual(['0.142.0', 'never', 'c0ffee0000000000000000000000000000000001', '/home/dev/atlas']);
		// session_index.jsonl's newest name wins over thread_name_updated and the first prompt.
		expect(c.title).toBe('Rename Store to Catalog');
		// world_state and inter_agent_communication are ignored without a complaint.
		expect(c.activeMs).toBe(106_000);
	});

	it('2026 subagent: the replayed parent history adds no turns, calls or tokens; totals roll up to the parent', async () => {
		const { get, turnsOf, callsOf, report } = await parseFixtures();
		const c = get(C);
		const d = get(D);
		// Only what the child added after C's copied history (whose totals reached 84,500 / 72,000 / 1,250 / 650).
		expect(d.ownTokens).toEqual(tok(3_500, 300, 16_000, 140));
		expect(turnsOf(D).map((t) => [t.role, t.text, t.model ?? null])).toEqual([
			['user', 'Check docs/ for stale Store references', null],
			['assistant', '', 'gpt-5.1-codex-mini'],
			['assistant', 'Two stale references: docs/a.md:3 and docs/b.md:9.', 'gpt-5.1-codex-mini']
		]);
		expect(callsOf(D).map((x) => [x.id.split(':').pop(), x.outcome])).toEqual([['call_D1', 'ok']]);
		expect([d.linesAdded, d.filesEdited, d.title]).toEqual([0, [], 'Check docs/ for stale Store references']);
		expect([d.startedAt, d.endedAt, d.activeMs]).toEqual([ms('2026-07-02T14:00:25.050Z'), ms('2026-07-02T14:01:38.300Z'), 73_250]);
		expect(d.parentId).toBe(c.id);
		expect(c.tokens).toEqual(tok(16_000 + 3_500, 1_400 + 300, 91_000 + 16_000, 700 + 140));
		expect(c.subagents).toEqual([{ id: d.id, agentType: 'explorer', tokens: d.tokens, cost: d.cost }]);
		expect(c.models).toEqual(['gpt-5.3-codex', 'gpt-5.1-codex-mini']);
		expect(c.cost.usd).toBeCloseTo((16_000 + 1_400 + 91_000 + 3_500 + 300 + 16_000) / 1e6, 12);
		expect(d.cost.usd).toBeCloseTo((3_500 + 300 + 16_000) / 1e6, 12);
		// Lines that produced something: the own session_meta and the nine lines after the copied prefix.
		expect(report(`${D}.jsonl`)).toMatchObject({ records: 10, skippedCount: 0, warnings: [] });
	});

	it('warns once per file about a newer major version and still reads it; unknown line and event types are ignored', async () => {
		const { get, report } = await parseFixtures();
		const r = report(`${E}.jsonl`);
		expect(r.warnings).toHaveLength(1);
		expect(r.warnings[0]).toContain(`${E}.jsonl`);
		expect(r.warnings[0]).toContain('1.3.0');
		expect(r.warnings[0]).toContain('0.x');
		expect(r.records).toBe(5);
		expect(r.skippedCount).toBe(0);
		const e = get(E);
		expect([e.turns, e.ownTokens, e.models, e.version]).toEqual([2, tok(3_000, 50, 0, 0), ['gpt-6-codex'], '1.3.0']);
		for (const other of [A, B, C, D]) expect(report(`${other}.jsonl`).warnings).toEqual([]);
	});

	it('says that a compressed rollout must be decompressed first, and reads titles from session_index.jsonl', async () => {
		const { report } = await parseFixtures();
		const z = report(`${Z}.jsonl.zst`);
		expect(z.records).toBe(0);
		expect(z.warnings).toHaveLength(1);
		expect(z.warnings[0]).toContain(`${Z}.jsonl.zst`);
		expect(z.warnings[0]).toMatch(/decompressed first/);
		const idx = report('session_index.jsonl');
		expect([idx.records, idx.skippedCount, idx.warnings]).toEqual([2, 0, []]);
	});

	it('reports bytes and the content fingerprint of every file', async () => {
		const { res } = await parseFixtures();
		for (const f of res.files) {
			const bytes = readFileSync(join(CODEX_FIXTURES, f.path.slice(f.path.indexOf('codex/') + 'codex/'.length)));
			expect(f.bytes).toBe(bytes.length);
			expect(f.hash).toBe(fingerprintBytes(bytes));
		}
	});
});
