import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Cost, Tokens } from '../../src/lib/model';
import { lineHash } from '../../src/lib/analysis/line-hash';
import { fixtureFiles, memFile, run } from './opencode-helpers';

// $1 per million tokens of any kind, so estimates can be checked by hand; calls are recorded.
const priced: { model: string; tokens: Tokens; at?: number; provider?: string }[] = [];
vi.mock('../../src/lib/pricing', () => ({
	estimateCost: (model: string, tokens: Tokens, at?: number, provider?: string): Cost => {
		priced.push({ model, tokens: { ...tokens }, at, provider });
		return { usd: (tokens.input + tokens.output + tokens.cacheRead + tokens.cacheWrite) / 1e6, source: 'estimated' };
	}
}));

beforeEach(() => {
	priced.length = 0;
});

const NEW = 'opencode:ses_3f2a91c4e7ffe0Qb7LmN2pRsTu';
const LEGACY = 'opencode:ses_2e8d77b0c1ffeKq9WxYz0aBcDe';
const FUTURE = 'opencode:ses_1d4c6b2a9ffeZz8YyXxWwVvUu0';
const PARENT = 'opencode:ses_6b1f0e2d3cffePaReNt000001';
const CHILD = 'opencode:ses_6b1f0e2d3bffeChIlD0000002';
const T = 1767300000000;

const tok = (input: number, output: number, cacheRead: number, cacheWrite: number, reasoning = 0): Tokens => ({ input, output, cacheRead, cacheWrite, reasoning });

describe('opencode export, 1.2.x shape', () => {
	it('recomputes session totals from the messages; output includes reasoning', async () => {
		const { get } = await run(await fixtureFiles('export/session-1.2.5.json'));
		const s = get(NEW);
		// m2: 1200/310+40/24000/800, m4: 900/520/25000/1200, m5 (aborted): zeros.
		expect(s.ownTokens).toEqual(tok(2100, 870, 49_000, 2_000, 40));
		expect(s.tokens).toEqual(s.ownTokens);
		expect(s.cost).toEqual({ usd: 0.0123 + 0.021, source: 'logged' });
		expect(s.estimatedCost).toEqual({ usd: (2100 + 870 + 49_000 + 2_000) / 1e6, source: 'estimated' });
		expect(s.subscription).toBeUndefined();
		expect(s.provider).toBe('anthropic');
		expect(s.models).toEqual(['claude-sonnet-4-5']);
		expect([s.title, s.project, s.repoRoot, s.version]).toEqual([
			'Add retry to fetchJson',
			'/home/dev/app',
			'7c9e4f2a1b3d5e6f708192a3b4c5d6e7f8091a2b',
			'1.2.5'
		]);
		expect([s.startedAt, s.endedAt, s.activeMs]).toEqual([T, T + 96_000, 96_000]);
		expect(s.parentId).toBeUndefined();
		// Every assistant message is priced with its provider and time.
		expect(priced.map((p) => [p.model, p.provider, p.at])).toEqual([
			['claude-sonnet-4-5', 'anthropic', T + 2000],
			['claude-sonnet-4-5', 'anthropic', T + 62_000],
			['claude-sonnet-4-5', 'anthropic', T + 95_000]
		]);
	});

	it('emits one turn per message, with logged cost per assistant message and no synthetic text', async () => {
		const { c } = await run(await fixtureFiles('export/session-1.2.5.json'));
		expect(c.turns.map((t) => [t.seq, t.role, t.text, t.cost?.usd ?? null, t.tokens ? t.tokens.output : null])).toEqual([
			[0, 'user', 'Add retry with backoff to fetchJson and commit it.', null, null],
			[1, 'assistant', "I'll add the status check.", 0.0123, 350],
			[2, 'user', 'Also add a retry helper, then commit.', null, null],
			[3, 'assistant', 'Done: added the check and a retry helper, committed as 1a2b3c4.', 0.021, 520],
			[4, 'assistant', '', 0, 0]
		]);
		expect(c.turns[1]).toMatchObject({ id: `${NEW}:msg_b1e0a0002ffeA2`, model: 'claude-sonnet-4-5', at: T + 2000, cost: { usd: 0.0123, source: 'logged' } });
		expect(c.turns[1].tokens).toEqual(tok(1200, 350, 24_000, 800, 40));
		expect(c.turns.some((t) => t.synthetic)).toBe(false);
	});

	it('maps tool parts to kinds and outcomes: rejected permission, aborted, non-zero exit, still running', async () => {
		const { c, get } = await run(await fixtureFiles('export/session-1.2.5.json'));
		expect(c.calls.map((t) => [t.seq, t.name, t.kind, t.outcome])).toEqual([
			[0, 'read', 'read', 'ok'],
			[1, 'edit', 'edit', 'ok'],
			[2, 'apply_patch', 'edit', 'ok'],
			[3, 'bash', 'shell', 'ok'],
			[4, 'bash', 'shell', 'rejected'], // "The user rejected permission to use this specific tool call."
			[5, 'bash', 'shell', 'error'], // "Tool execution aborted"
			[6, 'bash', 'shell', 'error'], // completed, metadata.exit 1
			[7, 'webfetch', 'web', 'pending'], // status running
			[8, 'github_create_issue', 'other', 'ok'] // MCP <server>_<tool>
		]);
		const s = get(NEW);
		expect([s.toolCalls, s.rejected, s.errors]).toEqual([9, 1, 2]);
		expect(c.calls[4]).toMatchObject({ summary: 'git push origin main', at: T + 72_000, endedAt: T + 75_000, turnId: `${NEW}:msg_b1e0a0004ffeA4` });
		expect(c.calls[2].paths).toEqual(['/home/dev/app/src/retry.ts', '/home/dev/app/NOTES.md']);
	});

	it('counts edit lines from the stored diff, restoring the indentation OpenCode trimmed from it', async () => {
		const { c, get } = await run(await fixtureFiles('export/session-1.2.5.json'));
		const edit = c.calls[1];
		expect([edit.linesAdded, edit.linesRemoved]).toEqual([4, 1]);
		// The diff stores "    if (!res.ok) {" (4 of 8 spaces stripped); the file has 8.
		expect(edit.addedLineHashes).toEqual(
			['        if (!res.ok) {', '            throw new Error(`HTTP ${res.status}`);', '        }', '        return res.json();'].map((l) => lineHash(l))
		);
		// apply_patch: the untrimmed metadata.patch, two files; "+++ counter" inside a hunk is an added line.
		const patch = c.calls[2];
		expect([patch.linesAdded, patch.linesRemoved]).toEqual([5, 1]);
		expect(patch.addedLineHashes).toEqual(
			[
				'export async function retry<T>(fn: () => Promise<T>, n = 3): Promise<T> {',
				'  for (let i = 1; ; i++) try { return await fn(); } catch (e) { if (i >= n) throw e; }',
				'}',
				'- item 1',
				'++ counter'
			].map((l) => lineHash(l))
		);
		const s = get(NEW);
		expect([s.linesAdded, s.linesRemoved]).toEqual([9, 2]);
		expect(s.filesEdited).toEqual(['/home/dev/app/src/fetch.ts', '/home/dev/app/src/retry.ts', '/home/dev/app/NOTES.md']);
	});

	it('takes commits from git commit output in bash parts', async () => {
		const { get } = await run(await fixtureFiles('export/session-1.2.5.json'));
		expect(get(NEW).commits).toEqual([{ sha: '1a2b3c4', branch: 'main', subject: 'Add retry to fetchJson', at: T + 70_900, evidence: 'shell-output' }]);
	});

	it('reports the file with its record count and no warnings', async () => {
		const { report } = await run(await fixtureFiles('export/session-1.2.5.json'));
		const r = report('session-1.2.5.json');
		// 1 session + 5 messages + 23 parts
		expect([r.format, r.records, r.skippedCount, r.warnings]).toEqual(['opencode', 29, 0, []]);
		expect(r.hash).toMatch(/^[0-9a-f]{16}$/);
	});
});

describe('opencode export, legacy shape', () => {
	it('reads top-level variant and summary.diffs without patch; cost 0 on github-copilot is a subscription', async () => {
		const { get, c, report } = await run(await fixtureFiles('export/legacy-0.15.8.json'));
		const s = get(LEGACY);
		expect(s.ownTokens).toEqual(tok(8300, 210, 0, 0));
		expect(s.subscription).toBe(true);
		expect(s.cost).toEqual({ usd: 0, source: 'logged' });
		expect(s.estimatedCost).toEqual({ usd: 8510 / 1e6, source: 'estimated' });
		expect([s.provider, s.version, s.repoRoot, s.project]).toEqual(['github-copilot', '0.15.8', undefined, '/home/dev/legacy']);
		expect(c.turns.filter((t) => t.role === 'assistant').map((t) => t.cost)).toEqual([
			{ usd: 0, source: 'logged', note: 'billed by subscription (github-copilot)' },
			{ usd: 0, source: 'logged', note: 'billed by subscription (github-copilot)' }
		]);
		const edit = c.calls[0];
		expect([edit.linesAdded, edit.linesRemoved]).toEqual([2, 1]);
		expect(edit.addedLineHashes).toEqual(['export function loadConfig() {}', 'export const load = loadConfig;'].map((l) => lineHash(l)));
		expect(report('legacy-0.15.8.json').warnings).toEqual([]);
	});

	it('cost 0 is not a subscription for a provider that bills per token elsewhere in the session', async () => {
		// The same messages with an openai provider and one paid message: the zero is a real zero.
		const text = (await import('node:fs')).readFileSync(new URL('../fixtures/opencode/export/legacy-0.15.8.json', import.meta.url), 'utf8');
		const o = JSON.parse(text.replaceAll('github-copilot', 'openai'));
		o.messages[2].info.cost = 0.01;
		const { get } = await run([memFile('paid.json', JSON.stringify(o))]);
		const s = get(LEGACY);
		expect(s.subscription).toBeUndefined();
		expect(s.cost).toEqual({ usd: 0.01, source: 'logged' });
	});
});

describe('opencode export, newer version and stderr preamble', () => {
	it('reads an export captured with 2>&1 and warns once about the unknown major version', async () => {
		const { get, report, c } = await run(await fixtureFiles('export/future-2.3.0.json'));
		const s = get(FUTURE);
		expect(s.ownTokens).toEqual(tok(100, 75, 0, 0, 25));
		expect(c.turns.length).toBe(2);
		expect(report('future-2.3.0.json').warnings).toEqual([
			`${report('future-2.3.0.json').path}: written by OpenCode 2.3.0, newer than the versions this parser knows (0.x, 1.x); read anyway`
		]);
	});
});

describe('opencode storage tree (pre-1.2)', () => {
	it('assembles a parent and its task child from separate session, message and part files', async () => {
		const { get } = await run(await fixtureFiles('storage'));
		const parent = get(PARENT);
		const child = get(CHILD);
		expect(child.parentId).toBe(PARENT);
		expect(parent.parentId).toBeUndefined();
		expect(parent.ownTokens).toEqual(tok(3000, 1000, 10_000, 0, 200));
		expect(child.ownTokens).toEqual(tok(500, 100, 2000, 300));
		expect(parent.tokens).toEqual(tok(3500, 1100, 12_000, 300, 200));
		expect(parent.cost.source).toBe('logged');
		expect(parent.cost.usd).toBeCloseTo(0.054, 12);
		expect(parent.estimatedCost!.usd).toBeCloseTo((14_000 + 2_900) / 1e6, 12);
		expect(parent.subagents).toEqual([{ id: CHILD, agentType: 'explore', tokens: child.tokens, cost: { usd: 0.004, source: 'logged' } }]);
		expect(parent.models).toEqual(['gpt-5.1-codex', 'claude-haiku-4-5']);
		expect([parent.repoRoot, parent.project, parent.title]).toEqual(['0a1b2c3d4e5f60718293a4b5c6d7e8f901234567', '/home/dev/tool', 'Fix flaky tests']);
		expect(parent.sourceId).toMatch(/storage\/session\/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567\/ses_6b1f0e2d3cffePaReNt000001\.json$/);
		// A new file written with write (metadata.exists false): every line of its content is added.
		expect([parent.linesAdded, parent.filesEdited]).toEqual([3, ['/home/dev/tool/test/clock.ts']]);
		expect([parent.turns, parent.toolCalls, child.turns, child.toolCalls]).toEqual([2, 2, 2, 1]);
	});

	it('counts a malformed part file as skipped, warns about parts without their message, ignores side files', async () => {
		const { res, report } = await run(await fixtureFiles('storage'));
		const bad = report('prt_d0a0b0002ffeT6.json');
		expect([bad.format, bad.skippedCount, bad.skipped, bad.records]).toEqual(['opencode', 1, [{ line: 0, reason: 'invalid JSON' }], 0]);
		const orphan = report('prt_d0a0b0099ffeT1.json');
		expect(orphan.warnings).toEqual([`${orphan.path}: parts of 1 message(s) whose message info is not among the inputs; ignored`]);
		for (const side of ['todo/ses_6b1f0e2d3cffePaReNt000001.json', 'session_diff/ses_6b1f0e2d3cffePaReNt000001.json', 'project/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567.json'])
			expect([report(side).format, report(side).warnings, report(side).skippedCount]).toEqual(['opencode', [], 0]);
		// Everything under the tree was claimed by the format.
		expect(res.files.filter((f) => f.format !== 'opencode')).toEqual([]);
		const total = res.files.reduce((n, f) => n + f.records, 0);
		expect(total).toBe(2 + 4 + 10); // sessions, messages, parts (the orphan part is read, then ignored)
	});

	it('gives the same sessions whatever order the files arrive in', async () => {
		const files = await fixtureFiles('storage');
		const a = await run(files);
		const b = await run([...files].reverse());
		expect(b.res.sessions).toEqual(a.res.sessions);
		expect(b.c.turns).toEqual(a.c.turns);
		expect(b.c.calls).toEqual(a.c.calls);
	});

	it('warns when a message file arrives without its session file', async () => {
		const files = (await fixtureFiles('storage')).filter((f) => !f.path.endsWith('ses_6b1f0e2d3bffeChIlD0000002.json'));
		const { get, report } = await run(files);
		const child = get(CHILD);
		expect(child.parentId).toBeUndefined(); // the parent link lives in the missing session file
		expect(child.ownTokens).toEqual(tok(500, 100, 2000, 300));
		const r = report('msg_d0a0b0003ffeS3.json');
		expect(r.warnings).toEqual([`${r.path}: messages of session ses_6b1f0e2d3bffeChIlD0000002, whose session info is not among the inputs`]);
	});
});

describe('opencode 2.x transfer export', () => {
	it('maps typed session messages onto turns and tool calls', async () => {
		const transfer = {
			info: { id: 'ses_9f9f9f9f9ffeTrAnSfEr000001', projectID: 'global', cost: 0, tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } }, time: { created: 1800000000000, updated: 1800000009000 }, title: 'Transfer', location: { directory: '/home/dev/v2' } },
			messages: [
				{ id: 'evt_1', type: 'user', text: 'List the files', time: { created: 1800000000000 } },
				{ id: 'evt_2', type: 'model-switched', model: { id: 'gpt-5.1', providerID: 'openai' }, time: { created: 1800000000500 } },
				{
					id: 'evt_3', type: 'assistant', agent: 'build', model: { id: 'gpt-5.1', providerID: 'openai' },
					content: [
						{ type: 'reasoning', id: 'r1', text: 'ls' },
						{ type: 'tool', id: 'call_1', name: 'bash', state: { status: 'completed', input: { command: 'ls' }, content: [], structured: { exit: 0 } }, time: { created: 1800000001000, completed: 1800000001500 } },
						{ type: 'tool', id: 'call_2', name: 'bash', state: { status: 'error', input: { command: 'rm -rf x' }, content: [], structured: {}, error: { message: 'The user rejected permission to use this specific tool call.' } }, time: { created: 1800000002000, completed: 1800000003000 } },
						{ type: 'text', text: 'Two files.' }
					],
					cost: 0.003, tokens: { input: 300, output: 40, reasoning: 10, cache: { read: 1000, write: 0 } },
					time: { created: 1800000000800, completed: 1800000004000 }
				}
			]
		};
		const { get, c, report } = await run([memFile('transfer.json', JSON.stringify(transfer))]);
		const s = get('opencode:ses_9f9f9f9f9ffeTrAnSfEr000001');
		expect(s.ownTokens).toEqual(tok(300, 50, 1000, 0, 10));
		expect(s.cost).toEqual({ usd: 0.003, source: 'logged' });
		expect([s.project, s.provider, s.models]).toEqual(['/home/dev/v2', 'openai', ['gpt-5.1']]);
		expect(c.turns.map((t) => [t.role, t.text])).toEqual([['user', 'List the files'], ['assistant', 'Two files.']]);
		expect(c.calls.map((t) => [t.name, t.outcome, t.at, t.endedAt])).toEqual([
			['bash', 'ok', 1800000001000, 1800000001500],
			['bash', 'rejected', 1800000002000, 1800000003000]
		]);
		expect(report('transfer.json').records).toBe(3); // session, user, assistant
	});
});
