import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Cost, Session, Tokens } from '../../src/lib/model';
import { lineHash } from '../../src/lib/analysis/line-hash';
import { parseClaudeCode } from '../../workers/formats/claude-code/parse';
import { fingerprintBytes } from '../../workers/fingerprint';
import { FIXTURES, collector, fixtureFiles, line, memFile } from './claude-code-helpers';

// A price table with one easy rate, so costs can be checked by hand: $1 per million tokens of any kind.
const priced: { model: string; tokens: Tokens; at?: number }[] = [];
vi.mock('../../src/lib/pricing', () => ({
	estimateCost: (model: string, tokens: Tokens, at?: number): Cost => {
		priced.push({ model, tokens: { ...tokens }, at });
		return { usd: (tokens.input + tokens.output + tokens.cacheRead + tokens.cacheWrite) / 1e6, source: 'estimated' };
	}
}));

const A = '0b1e6f1a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const B = '5f0c9a7e-2b1d-4c3e-9f8a-7b6c5d4e3f21';
const C = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
const F = 'e3f4a5b6-c7d8-4e9f-a0b1-c2d3e4f5a6b7';
const SONNET = 'claude-sonnet-4-5-20250929';
const HAIKU = 'claude-haiku-4-5-20251001';
const ms = (iso: string) => Date.parse(iso);

async function parseFixtures() {
	const all = await fixtureFiles();
	// The parser is handed only its own files; other-tool.jsonl is ingest-core's business.
	const files = all.filter((f) => !f.path.endsWith('other-tool.jsonl'));
	const c = collector();
	const res = await parseClaudeCode(files, c.sink);
	const byId = new Map(res.sessions.map((s) => [s.id, s]));
	const get = (id: string): Session => {
		const s = byId.get(id);
		if (!s) throw new Error(`no session ${id}`);
		return s;
	};
	const report = (suffix: string) => res.files.find((f) => f.path.endsWith(suffix))!;
	return { res, c, get, report, files };
}

const tok = (input: number, output: number, cacheRead: number, cacheWrite: number, w5?: number, w1?: number): Tokens => {
	const t: Tokens = { input, output, cacheRead, cacheWrite, reasoning: 0 };
	if (w5 !== undefined) t.cacheWrite5m = w5;
	if (w1 !== undefined) t.cacheWrite1h = w1;
	return t;
};

beforeEach(() => {
	priced.length = 0;
});

describe('claude-code parser on the fixtures', () => {
	it('finds every session and subagent with its id and parent', async () => {
		const { res } = await parseFixtures();
		expect(res.sessions.map((s) => [s.id, s.parentId ?? null])).toEqual([
			[`claude-code:${A}`, null],
			[`claude-code:${C}`, null],
			[`claude-code:${C}:agent-3c4d5e6f`, `claude-code:${C}`],
			[`claude-code:${B}`, null],
			[`claude-code:${B}:agent-a1b2c3d`, `claude-code:${B}`],
			[`claude-code:${B}:agent-acompact-7e3f21`, `claude-code:${B}`],
			[`claude-code:${F}`, null]
		]);
		const sub = res.sessions.find((s) => s.id.endsWith('agent-a1b2c3d'))!;
		expect(sub.nativeId).toBe('a1b2c3d');
		expect(sub.harness).toBe('claude-code');
		expect(sub.sourceId).toMatch(/subagents\/agent-a1b2c3d\.jsonl$/);
	});

	it('2.1.x: dedupes streamed lines keeping the largest usage, and sums own tokens exactly', async () => {
		const { get } = await parseFixtures();
		const b = get(`claude-code:${B}`);
		// Eight responses (the <synthetic> one excluded); msg_B1's lines carry output 1, 1, 1, then 120.
		expect(b.ownTokens).toEqual(tok(21, 625, 107_600, 1_800, 1_500, 300));
		expect(b.models).toEqual([SONNET, HAIKU]);
	});

	it('parent tokens include every subagent; subagents[] keeps the breakdown', async () => {
		const { get } = await parseFixtures();
		const b = get(`claude-code:${B}`);
		const sub = get(`claude-code:${B}:agent-a1b2c3d`);
		const compact = get(`claude-code:${B}:agent-acompact-7e3f21`);
		// The subagent's replay of the parent's msg_B1 (isSidechain, new requestId) is not counted again.
		expect(sub.ownTokens).toEqual(tok(70, 75, 4_000, 4_100, 4_100, 0));
		expect(sub.tokens).toEqual(sub.ownTokens);
		expect(compact.ownTokens).toEqual(tok(9, 400, 13_000, 0, 0, 0));
		expect(b.tokens).toEqual(tok(100, 1_100, 124_600, 5_900, 5_600, 300));
		expect(b.subagents).toEqual([
			{ id: sub.id, agentType: 'general-purpose', tokens: sub.tokens, cost: sub.cost },
			{ id: compact.id, tokens: compact.tokens, cost: compact.cost }
		]);
		expect(sub.models).toEqual([HAIKU]);
		expect(sub.turns).toBe(3);
		expect(sub.toolCalls).toBe(1);
	});

	it('2.0.x: a flat agent-*.jsonl gets its parent from the sessionId on its lines', async () => {
		const { get } = await parseFixtures();
		const c = get(`claude-code:${C}`);
		const agent = get(`claude-code:${C}:agent-3c4d5e6f`);
		expect(agent.parentId).toBe(c.id);
		expect(agent.ownTokens).toEqual(tok(40, 60, 2_000, 2_050));
		expect(c.ownTokens).toEqual(tok(14, 120, 17_100, 1_000, 1_000, 0));
		expect(c.tokens).toEqual(tok(54, 180, 19_100, 3_050, 1_000, 0));
		expect(c.subagents.map((s) => s.id)).toEqual([agent.id]);
		expect(c.commits).toEqual([{ sha: 'a1b2c3d', branch: 'main', subject: 'Initial commit', at: ms('2025-11-02T14:01:00.000Z'), evidence: 'shell-output' }]);
		expect([c.branch, c.version, c.project]).toEqual(['main', '2.0.30', '/home/dev/tool']);
	});

	it('counts turns, tool calls, outcomes, lines and files of the 2.1.x session', async () => {
		const { get } = await parseFixtures();
		const b = get(`claude-code:${B}`);
		expect(b.turns).toBe(11); // 2 prompts + 9 responses (one of them <synthetic>)
		expect(b.toolCalls).toBe(10);
		expect(b.rejected).toBe(1);
		expect(b.errors).toBe(1);
		expect(b.linesAdded).toBe(8); // Edit +3, Write of a new 5-line file
		expect(b.linesRemoved).toBe(1);
		expect(b.filesEdited).toEqual(['/home/dev/app/src/export.ts', '/home/dev/app/test/export.test.ts']);
		expect(b.commits).toEqual([
			{ sha: '3f9a2c1', branch: 'feat-export', subject: 'Add CSV export', at: ms('2026-03-01T10:10:32.000Z'), evidence: 'shell-output' }
		]);
	});

	it('takes title, project, branch, version, permission mode and times from the right lines', async () => {
		const { get } = await parseFixtures();
		const b = get(`claude-code:${B}`);
		expect(b.title).toBe('Export sessions to CSV'); // custom-title over ai-title over summary
		expect([b.project, b.branch, b.version, b.permissionMode]).toEqual(['/home/dev/app', 'feat-export', '2.1.39', 'acceptEdits']);
		expect(b.startedAt).toBe(ms('2026-03-01T10:00:00.000Z'));
		expect(b.endedAt).toBe(ms('2026-03-01T10:11:41.000Z'));
		// 15 s, then a 585 s gap capped at 300 s of idleness, then 101 s.
		expect(b.activeMs).toBe(416_000);
		const a = get(`claude-code:${A}`);
		expect(a.title).toBe('Legacy parser work');
		expect(a.branch).toBeUndefined();
		expect(a.activeMs).toBe(12_000);
	});

	it('emits tool calls with normalized kinds, paths, summaries and outcomes', async () => {
		const { c } = await parseFixtures();
		const calls = c.calls.filter((x) => x.sessionId === `claude-code:${B}`).sort((x, y) => x.seq - y.seq);
		expect(calls.map((x) => [x.seq, x.name, x.kind, x.outcome, x.summary ?? null])).toEqual([
			[0, 'Read', 'read', 'ok', '/home/dev/app/src/export.ts'],
			[1, 'Grep', 'search', 'ok', 'toCsv'],
			[2, 'Edit', 'edit', 'ok', '/home/dev/app/src/export.ts'],
			[3, 'Edit', 'edit', 'rejected', '/home/dev/app/src/index.ts'],
			[4, 'Write', 'write', 'ok', '/home/dev/app/test/export.test.ts'],
			[5, 'Bash', 'shell', 'error', 'npm test'],
			[6, 'Bash', 'shell', 'ok', 'git add -A && git commit -m "Add CSV export"'],
			[7, 'WebFetch', 'web', 'ok', 'https://example.com/csv'],
			[8, 'Task', 'task', 'ok', 'Check CSV edge cases'],
			[9, 'mcp__github__create_issue', 'other', 'pending', null]
		]);
		expect(calls[1].paths).toEqual(['/home/dev/app/src']);
		expect(calls[0].id).toBe(`claude-code:${B}:toolu_B1`);
		expect(calls[0].turnId).toBe(`claude-code:${B}:t1`);
		expect(calls[1].turnId).toBe(`claude-code:${B}:t1`); // same response as the Read
		expect(calls[0].at).toBe(ms('2026-03-01T10:00:03.000Z'));
		expect(calls[0].endedAt).toBe(ms('2026-03-01T10:00:03.500Z'));
		expect(calls[9].endedAt).toBeUndefined();

		const edit = calls[2];
		expect([edit.linesAdded, edit.linesRemoved, edit.userModified]).toEqual([3, 1, false]);
		expect(edit.addedLineHashes).toEqual([
			lineHash('export function toCsv(rows: string[][]): string {'),
			lineHash("\treturn rows.map((r) => r.join(',')).join('\\n');"),
			lineHash('}')
		]);
		const write = calls[4];
		expect([write.linesAdded, write.linesRemoved]).toEqual([5, 0]);
		expect(write.addedLineHashes).toEqual(
			["import { toCsv } from '../src/export';", '', "test('csv', () => {", "\texpect(toCsv([['a']])).toBe('a');", '});'].map(lineHash)
		);
		expect(calls[3].linesAdded).toBeUndefined();
	});

	it('emits turns: prompts and deduped responses, thinking left out, harness lines skipped', async () => {
		const { c } = await parseFixtures();
		const turns = c.turns.filter((t) => t.sessionId === `claude-code:${B}`).sort((x, y) => x.seq - y.seq);
		expect(turns.map((t) => [t.seq, t.role, t.model ?? null, t.synthetic ?? false])).toEqual([
			[0, 'user', null, false],
			[1, 'assistant', SONNET, false],
			[2, 'assistant', SONNET, false],
			[3, 'assistant', SONNET, false],
			[4, 'user', null, false],
			[5, 'assistant', SONNET, false],
			[6, 'assistant', SONNET, false],
			[7, 'assistant', SONNET, false],
			[8, 'assistant', SONNET, false],
			[9, 'assistant', '<synthetic>', true],
			[10, 'assistant', SONNET, false]
		]);
		expect(turns[0].text).toBe('Export sessions as CSV — naïve first, then commit');
		expect(turns[1].text).toBe("I'll look at the exporter first.");
		expect(turns[1].tokens).toEqual(tok(3, 120, 12_000, 800, 800, 0));
		expect(turns[1].at).toBe(ms('2026-03-01T10:00:02.000Z'));
		expect(turns[1].id).toBe(`claude-code:${B}:t1`);
		expect(turns[10].text).toBe('Exported, tested and committed.');
		expect(turns[10].tokens?.output).toBe(30);
		expect(turns[9].cost).toBeUndefined();
	});

	it('prices each deduped response once, never <synthetic>, and keeps logged costUSD', async () => {
		const { get, c } = await parseFixtures();
		// 8 + 2 + 1 (B, its subagents) + 3 (A) + 3 + 2 (C and its agent) + 1 (F) responses.
		expect(priced).toHaveLength(20);
		expect(priced.some((p) => p.model === '<synthetic>')).toBe(false);
		const b1 = priced.find((p) => p.tokens.output === 120 && p.model === SONNET)!;
		expect(b1.at).toBe(ms('2026-03-01T10:00:02.000Z'));

		const b = get(`claude-code:${B}`);
		const own = 21 + 625 + 107_600 + 1_800;
		expect(b.cost.source).toBe('estimated');
		expect(b.cost.usd).toBeCloseTo((own + 8_245 + 13_409) / 1e6, 12);
		expect(b.estimatedCost).toBeUndefined();
		expect(b.subagents[0].cost.usd).toBeCloseTo(8_245 / 1e6, 12);

		const a = get(`claude-code:${A}`);
		expect(a.cost.source).toBe('logged');
		expect(a.cost.usd).toBeCloseTo(0.0031, 12);
		expect(a.estimatedCost?.usd).toBeCloseTo((18 + 67 + 100 + 100) / 1e6, 12);
		const legacyTurns = c.turns.filter((t) => t.sessionId === a.id && t.role === 'assistant').sort((x, y) => x.seq - y.seq);
		expect(legacyTurns.map((t) => t.cost)).toEqual([
			{ usd: 0.0021, source: 'logged' },
			{ usd: 0.0009, source: 'logged' },
			{ usd: 0.0001, source: 'logged' }
		]);
	});

	it('1.0.x: counts lines without a request id as they are, deduping a repeated uuid', async () => {
		const { get, report } = await parseFixtures();
		const a = get(`claude-code:${A}`);
		expect(a.ownTokens).toEqual(tok(18, 67, 100, 100));
		expect(a.turns).toBe(4);
		expect([a.toolCalls, a.linesAdded, a.version, a.project]).toEqual([1, 4, '1.0.6', '/home/dev/legacy']);
		expect(report(`${A}.jsonl`).records).toBe(6); // the repeated line produced nothing
	});

	it('reports malformed lines by number and reason, and keeps reading', async () => {
		const { report } = await parseFixtures();
		const r = report(`${B}.jsonl`);
		expect(r.skipped).toEqual([
			{ line: 21, reason: 'invalid JSON' },
			{ line: 27, reason: 'not a JSON object' },
			{ line: 37, reason: 'truncated last line' }
		]);
		expect(r.skippedCount).toBe(3);
		// Lines that produced something: everything but snapshots, progress, attachments, the
		// interruption marker and the three bad lines.
		expect(r.records).toBe(29);
		expect(r.warnings).toEqual([]);
	});

	it('reports bytes and the content fingerprint of each file', async () => {
		const { report } = await parseFixtures();
		for (const rel of [`-home-dev-app/${B}.jsonl`, `-home-dev-app/${B}/subagents/agent-a1b2c3d.meta.json`, `-home-dev-tool/agent-3c4d5e6f.jsonl`]) {
			const bytes = readFileSync(join(FIXTURES, rel));
			const r = report(rel);
			expect(r.format).toBe('claude-code');
			expect(r.bytes).toBe(bytes.length);
			expect(r.hash).toBe(fingerprintBytes(bytes));
		}
	});

	it('warns once per file about a newer major version, and still reads it', async () => {
		const { get, report } = await parseFixtures();
		const r = report(`${F}.jsonl`);
		expect(r.warnings).toHaveLength(1);
		expect(r.warnings[0]).toContain(`${F}.jsonl`);
		expect(r.warnings[0]).toContain('3.0.0');
		expect(r.warnings[0]).toContain('1.x, 2.x');
		const f = get(`claude-code:${F}`);
		expect([f.turns, f.ownTokens.output, f.models[0]]).toEqual([2, 11, 'claude-opus-4-6']);
		expect(r.records).toBe(2); // the unknown `hologram` record is ignored silently
		expect(r.skippedCount).toBe(0);
	});

	it('gives the same result with the fast paths off (every line through JSON.parse)', async () => {
		const files = (await fixtureFiles()).filter((f) => !f.path.endsWith('other-tool.jsonl'));
		const fast = collector();
		const slow = collector();
		const a = await parseClaudeCode(files, fast.sink);
		const b = await parseClaudeCode(files, slow.sink, { fastPaths: false });
		expect(a.sessions).toEqual(b.sessions);
		expect(a.files).toEqual(b.files);
		const key = (x: { id: string }) => x.id;
		expect([...fast.turns].sort((x, y) => key(x).localeCompare(key(y)))).toEqual([...slow.turns].sort((x, y) => key(x).localeCompare(key(y))));
		expect([...fast.calls].sort((x, y) => key(x).localeCompare(key(y)))).toEqual([...slow.calls].sort((x, y) => key(x).localeCompare(key(y))));
	});
});

// In-memory sessions for the cases the fixture folder cannot hold at once.
const env = (sid: string, extra: Record<string, unknown> = {}) => ({
	parentUuid: null,
	isSidechain: false,
	userType: 'external',
	cwd: '/w',
	sessionId: sid,
	version: '2.1.40',
	gitBranch: 'main',
	...extra
});
const prompt = (sid: string, uuid: string, at: string, text: string, extra = {}) =>
	line({ ...env(sid, extra), type: 'user', message: { role: 'user', content: text }, uuid, timestamp: at });
const reply = (sid: string, uuid: string, at: string, mid: string, rid: string, output: number, content: unknown[] = [], extra = {}) =>
	line({
		...env(sid, extra),
		type: 'assistant',
		message: { id: mid, model: SONNET, role: 'assistant', content, usage: { input_tokens: 1, output_tokens: output, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 } },
		requestId: rid,
		uuid,
		timestamp: at
	});
const result = (sid: string, uuid: string, at: string, toolUseId: string, content: string, isError?: boolean, tur?: unknown) =>
	line({
		...env(sid),
		type: 'user',
		message: { role: 'user', content: [{ tool_use_id: toolUseId, type: 'tool_result', content, ...(isError === undefined ? {} : { is_error: isError }) }] },
		uuid,
		timestamp: at,
		...(tur === undefined ? {} : { toolUseResult: tur })
	});

describe('claude-code parser on in-memory sessions', () => {
	const O = '11111111-1111-4111-8111-111111111111';
	const R = '22222222-2222-4222-8222-222222222222';

	it('keeps copied history counted in the original session when a resumed copy comes first', async () => {
		const p1 = prompt(O, 'o-u1', '2026-04-01T09:00:00.000Z', 'start');
		const a1 = reply(O, 'o-a1', '2026-04-01T09:00:02.000Z', 'msg_O1', 'req_O1', 100, [{ type: 'text', text: 'ok' }]);
		const original = [p1, a1].join('\n') + '\n';
		const resumed =
			[
				line({ type: 'summary', summary: 'Started', leafUuid: 'o-a1' }),
				p1,
				a1,
				prompt(R, 'r-u1', '2026-04-01T10:00:00.000Z', 'continue'),
				reply(R, 'r-a1', '2026-04-01T10:00:03.000Z', 'msg_R1', 'req_R1', 50)
			].join('\n') + '\n';
		const c = collector();
		const res = await parseClaudeCode([memFile(`p/${R}.jsonl`, resumed), memFile(`p/${O}.jsonl`, original)], c.sink);
		const o = res.sessions.find((s) => s.nativeId === O)!;
		const r = res.sessions.find((s) => s.nativeId === R)!;
		expect([o.turns, o.ownTokens.output]).toEqual([2, 100]);
		// The summary names the conversation ending at its leaf, which lives in the original file.
		expect(o.title).toBe('Started');
		expect([r.turns, r.ownTokens.output, r.title]).toEqual([2, 50, 'continue']);
		expect(r.startedAt).toBe(ms('2026-04-01T10:00:00.000Z')); // copies do not stretch it
		expect(c.turns.filter((t) => t.sessionId === r.id).map((t) => t.text)).toEqual(['continue', '']);
	});

	it('emits a subagent whose parent file is missing, with its parentId and a warning', async () => {
		const S = '33333333-3333-4333-8333-333333333333';
		const sub = [prompt(S, 's-u1', '2026-04-02T09:00:00.000Z', 'look', { isSidechain: true, agentId: 'x9' }), reply(S, 's-a1', '2026-04-02T09:00:05.000Z', 'msg_X', 'req_X', 7, [], { isSidechain: true })].join('\n');
		const res = await parseClaudeCode([memFile(`p/${S}/subagents/agent-x9.jsonl`, sub)], collector().sink);
		expect(res.sessions.map((s) => [s.id, s.parentId, s.ownTokens.output])).toEqual([[`claude-code:${S}:agent-x9`, `claude-code:${S}`, 7]]);
		expect(res.files[0].warnings).toHaveLength(1);
		expect(res.files[0].warnings[0]).toContain('agent-x9.jsonl');
		expect(res.files[0].warnings[0]).toContain(S);
		// A flat legacy file takes the parent from its lines.
		const flat = await parseClaudeCode([memFile('p/agent-x9.jsonl', sub)], collector().sink);
		expect(flat.sessions[0].parentId).toBe(`claude-code:${S}`);
	});

	it('reads rejections worded either way, tool_use_error results and results that arrive much later', async () => {
		const S = '44444444-4444-4444-8444-444444444444';
		const use = (id: string, name: string, input: unknown) => ({ type: 'tool_use', id, name, input });
		const lines = [
			prompt(S, 'u1', '2026-04-03T09:00:00.000Z', 'go'),
			reply(S, 'a1', '2026-04-03T09:00:01.000Z', 'm1', 'r1', 5, [use('t1', 'Bash', { command: 'rm -rf build' }), use('t2', 'Edit', { file_path: '/w/a.ts' }), use('t3', 'Read', { file_path: '/w/b.ts' })]),
			result(S, 'x1', '2026-04-03T09:00:02.000Z', 't1', "The user doesn't want to take this action right now. STOP what you are doing and wait for the user to tell you how to proceed.", true),
			result(S, 'x2', '2026-04-03T09:00:03.000Z', 't2', '<tool_use_error>String to replace not found in file.</tool_use_error>'),
			reply(S, 'a2', '2026-04-03T09:00:04.000Z', 'm2', 'r2', 5, [use('t4', 'Read', { file_path: '/w/c.ts' })]),
			// A file that merely mentions the rejection sentence is read fine.
			result(S, 'x4', '2026-04-03T09:00:05.000Z', 't4', '1→// The user doesn\'t want to proceed with this tool use'.padStart(500, ' ')),
			result(S, 'x3', '2026-04-03T09:00:06.000Z', 't3', 'late but fine')
		];
		for (const fastPaths of [true, false]) {
			const c = collector();
			const res = await parseClaudeCode([memFile(`p/${S}.jsonl`, lines.join('\n'))], c.sink, { fastPaths });
			const byId = Object.fromEntries(c.calls.map((x) => [x.id.split(':').pop(), x.outcome]));
			expect(byId).toEqual({ t1: 'rejected', t2: 'error', t3: 'ok', t4: 'ok' });
			expect([res.sessions[0].rejected, res.sessions[0].errors]).toEqual([1, 1]);
		}
	});

	it('counts a MultiEdit patch and a Write update, and ignores "\\ No newline" markers', async () => {
		const S = '55555555-5555-4555-8555-555555555555';
		const use = (id: string, name: string, input: unknown) => ({ type: 'tool_use', id, name, input });
		const patch = [{ oldStart: 1, oldLines: 2, newStart: 1, newLines: 2, lines: [' keep', '-old', '+new', '\\ No newline at end of file'] }];
		const lines = [
			reply(S, 'a1', '2026-04-04T09:00:01.000Z', 'm1', 'r1', 5, [use('t1', 'MultiEdit', { file_path: '/w/m.ts', edits: [] }), use('t2', 'Write', { file_path: '/w/w.ts', content: 'a\nb\n' })]),
			result(S, 'x1', '2026-04-04T09:00:02.000Z', 't1', 'Applied 2 edits', undefined, { filePath: '/w/m.ts', structuredPatch: patch, userModified: true }),
			result(S, 'x2', '2026-04-04T09:00:03.000Z', 't2', 'updated', undefined, { type: 'update', filePath: '/w/w.ts', content: 'a\nb\n', structuredPatch: [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 2, lines: ['-a', '+a', '+b'] }] })
		];
		const c = collector();
		await parseClaudeCode([memFile(`p/${S}.jsonl`, lines.join('\n'))], c.sink);
		const [m, w] = [...c.calls].sort((x, y) => x.seq - y.seq);
		expect([m.kind, m.linesAdded, m.linesRemoved, m.userModified, m.addedLineHashes]).toEqual(['edit', 1, 1, true, [lineHash('new')]]);
		expect([w.kind, w.linesAdded, w.linesRemoved]).toEqual(['write', 2, 1]);
	});

	it('streams rows in batches of about 2000, reports progress and stops when cancelled', async () => {
		const S = '66666666-6666-4666-8666-666666666666';
		const rows: string[] = [];
		for (let i = 0; i < 1500; i++) {
			const t = new Date(Date.UTC(2026, 3, 5, 9, 0, i)).toISOString();
			rows.push(prompt(S, `u${i}`, t, `prompt ${i}`));
			rows.push(reply(S, `a${i}`, t, `m${i}`, `r${i}`, 2, [{ type: 'tool_use', id: `t${i}`, name: 'Glob', input: { pattern: '*' } }]));
			rows.push(result(S, `x${i}`, t, `t${i}`, 'none'));
		}
		const text = rows.join('\n') + '\n';
		const file = memFile(`p/${S}.jsonl`, text, 16 * 1024);
		const c = collector();
		const res = await parseClaudeCode([file], c.sink);
		expect(c.turns).toHaveLength(3000);
		expect(c.calls).toHaveLength(1500);
		expect(c.batches.length).toBeGreaterThanOrEqual(2);
		for (const b of c.batches.slice(0, -1)) expect(b.turns.length + b.toolCalls.length).toBeGreaterThanOrEqual(2000);
		for (const b of c.batches) expect(b.turns.length + b.toolCalls.length).toBeLessThan(2600);
		expect(new Set(c.turns.map((t) => t.id)).size).toBe(3000);
		expect(res.sessions[0].turns).toBe(3000);
		expect(res.sessions[0].ownTokens.output).toBe(3000);
		expect(c.progress.at(-1)).toBe(file.size);
		expect([...c.progress].sort((a, b) => a - b)).toEqual(c.progress);

		const stopped = collector({ cancelAfterBatches: 1 });
		await parseClaudeCode([file], stopped.sink);
		expect(stopped.batches.length).toBe(2); // the batch that tripped it, then the final flush
		expect(stopped.turns.length).toBeLessThan(3000);
	});

	it('skips a line over 16 MiB as too long and reads the next one', async () => {
		const S = '77777777-7777-4777-8777-777777777777';
		const big = prompt(S, 'u0', '2026-04-06T09:00:00.000Z', 'x'.repeat(16 * 1024 * 1024 + 10));
		const text = [big, prompt(S, 'u1', '2026-04-06T09:00:01.000Z', 'small')].join('\n');
		const res = await parseClaudeCode([memFile(`p/${S}.jsonl`, text, 1 << 20)], collector().sink);
		expect(res.files[0].skipped).toEqual([{ line: 1, reason: `line too long (${big.length} bytes)` }]);
		expect(res.sessions[0].turns).toBe(1);
	});

	it('keeps at most 200 skipped entries but counts them all', async () => {
		const S = '88888888-8888-4888-8888-888888888888';
		const text = [prompt(S, 'u0', '2026-04-07T09:00:00.000Z', 'hi'), ...Array.from({ length: 250 }, () => '{oops')].join('\n') + '\n';
		const res = await parseClaudeCode([memFile(`p/${S}.jsonl`, text)], collector().sink);
		expect(res.files[0].skippedCount).toBe(250);
		expect(res.files[0].skipped).toHaveLength(200);
		expect(res.files[0].skipped[0]).toEqual({ line: 2, reason: 'invalid JSON' });
	});

	it('caps turn text at 8 KiB', async () => {
		const S = '99999999-9999-4999-8999-999999999999';
		const res = collector();
		await parseClaudeCode([memFile(`p/${S}.jsonl`, prompt(S, 'u0', '2026-04-08T09:00:00.000Z', 'y'.repeat(20_000)))], res.sink);
		expect(res.turns[0].text).toHaveLength(8 * 1024);
	});
});
