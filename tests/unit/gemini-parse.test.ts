import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Cost, Session, Tokens } from '../../src/lib/model';
import { lineHash } from '../../src/lib/analysis/line-hash';
import type { InputFile } from '../../workers/formats/types';
import { ingest } from '../../workers/ingest-core';
import { fingerprintBytes } from '../../workers/fingerprint';
import { geminiCli } from '../../workers/formats/gemini-cli';
import { aider } from '../../workers/formats/aider';
import { parseGeminiCli } from '../../workers/formats/gemini-cli/parse';
import { collector, memFile } from './claude-code-helpers';

// A price table whose buckets all cost differently, so a token in the wrong bucket changes the total.
const priced: { model: string; tokens: Tokens; at?: number; provider?: string }[] = [];
vi.mock('../../src/lib/pricing', () => ({
	estimateCost: (model: string, tokens: Tokens, at?: number, provider?: string): Cost => {
		priced.push({ model, tokens: { ...tokens }, at, provider });
		return { usd: (tokens.input + tokens.output * 10 + tokens.cacheRead * 0.1 + tokens.cacheWrite * 2) / 1e6, source: 'estimated' };
	}
}));

const FIXTURES = fileURLToPath(new URL('../fixtures/gemini-cli', import.meta.url));
const HASH_DIR = '1bffac0027acbbae17c7faac806f6a8bd1f3cc0fdaa1d8b89b1d526ec35f6416';
const OLD = '5be0c1d2-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const MAIN = '9a8b7c6d-1111-4aaa-8bbb-000000000001';
const SUB = '5c4d3e2f-3333-4ddd-8eee-000000000003';
const FUT = '0f0e0d0c-4444-4eee-8fff-000000000004';
const OLD_FILE = `${HASH_DIR}/chats/session-2025-09-14T08-30-5be0c1d2.json`;
const MAIN_FILE = 'ledger/chats/session-2026-05-02T10-00-9a8b7c6d.jsonl';
const SUB_FILE = `ledger/chats/${MAIN}/${SUB}.jsonl`;
const FUT_FILE = 'orbit/chats/session-2027-01-10T12-00-0f0e0d0c.jsonl';
const ms = (iso: string) => Date.parse(iso);
const tok = (input: number, output: number, cacheRead: number, reasoning: number, cacheWrite = 0): Tokens => ({ input, output, cacheRead, cacheWrite, reasoning });
const price = (t: Tokens) => (t.input + t.output * 10 + t.cacheRead * 0.1 + t.cacheWrite * 2) / 1e6;

/** The fixture folder as InputFiles named relative to it (so ids and paths do not depend on the machine). */
function fixtureFiles(chunk?: number): InputFile[] {
	const out: InputFile[] = [];
	const walk = (dir: string, rel: string) => {
		for (const name of readdirSync(dir).sort()) {
			const full = join(dir, name);
			const r = rel ? `${rel}/${name}` : name;
			if (statSync(full).isDirectory()) walk(full, r);
			else out.push(memFile(r, readFileSync(full), chunk));
		}
	};
	walk(FIXTURES, '');
	return out;
}

async function run(files = fixtureFiles()) {
	const c = collector();
	const res = await ingest(files, c.sink, { formats: [geminiCli, aider] });
	const get = (id: string): Session => {
		const s = res.sessions.find((x) => x.id === id);
		if (!s) throw new Error(`no session ${id}`);
		return s;
	};
	const report = (path: string) => res.files.find((f) => f.path === path)!;
	return { res, c, get, report };
}

beforeEach(() => {
	priced.length = 0;
});

describe('gemini-cli parser on the fixtures, through ingest', () => {
	it('finds every session, the subagent under its parent, all detected as gemini-cli', async () => {
		const { res } = await run();
		expect(res.files.map((f) => [f.path, f.format])).toEqual([
			[OLD_FILE, 'gemini-cli'],
			[SUB_FILE, 'gemini-cli'],
			[MAIN_FILE, 'gemini-cli'],
			[FUT_FILE, 'gemini-cli']
		]);
		expect(res.sessions.map((s) => [s.id, s.parentId ?? null, s.harness])).toEqual([
			[`gemini-cli:${OLD}`, null, 'gemini-cli'],
			[`gemini-cli:${MAIN}`, null, 'gemini-cli'],
			[`gemini-cli:${MAIN}:${SUB}`, `gemini-cli:${MAIN}`, 'gemini-cli'],
			[`gemini-cli:${FUT}`, null, 'gemini-cli']
		]);
	});

	it('≤ 0.38 single document: tokens with cached split out and thoughts as output, streamed message by message', async () => {
		const { get, report } = await run();
		const s = get(`gemini-cli:${OLD}`);
		// a2: 12480 in, 310 + 905 out; a3: 15020 − 11900 cached, 640 + 212; a6: 16100 − 15000, 95.
		expect(s.ownTokens).toEqual(tok(12_480 + 3_120 + 1_100, 1_215 + 852 + 95, 11_900 + 15_000, 905 + 212));
		expect(s.tokens).toEqual(s.ownTokens);
		expect(s.cost).toEqual({ usd: price(s.ownTokens), source: 'estimated' });
		expect([s.turns, s.toolCalls, s.rejected, s.errors, s.linesAdded, s.linesRemoved]).toEqual([6, 4, 0, 0, 1, 0]);
		expect(s.filesEdited).toEqual(['/home/dev/ledger-old/.nvmrc']);
		expect(s.commits).toEqual([{ sha: '4e5f6a7', branch: 'main', subject: 'Pin Node 20 for CI', at: ms('2025-09-14T08:34:44.000Z'), evidence: 'shell-output' }]);
		expect([s.title, s.project, s.models]).toEqual(['Pin Node for CI', HASH_DIR, ['gemini-2.5-pro']]);
		expect([s.startedAt, s.endedAt]).toEqual([ms('2025-09-14T08:30:11.402Z'), ms('2025-09-14T08:34:50.000Z')]);
		expect(s.activeMs).toBe(ms('2025-09-14T08:34:50.000Z') - ms('2025-09-14T08:30:15.010Z'));
		const r = report(OLD_FILE);
		expect([r.records, r.skippedCount, r.warnings]).toEqual([7, 0, []]);
	});

	it('≥ 0.39 JSONL: upserts replace in place, $rewindTo drops the tail, cached and tool-use tokens are split', async () => {
		const { get } = await run();
		const s = get(`gemini-cli:${MAIN}`);
		// m2 (after its upsert): 20000 − 16000, 400 + 300; m3: 21000 − 20000, 120; m7: 30000 − 24000 + 1500 tool, 800.
		// m5 was rewound and does not count.
		expect(s.ownTokens).toEqual(tok(4_000 + 1_000 + 7_500, 700 + 120 + 800, 16_000 + 20_000 + 24_000, 300));
		expect(s.cost.usd).toBeCloseTo(price(s.ownTokens) + price(tok(5_000, 250, 0, 50)), 12);
		expect(s.tokens).toEqual(tok(12_500 + 5_000, 1_620 + 250, 60_000, 350));
		expect(s.subagents).toEqual([{ id: `gemini-cli:${MAIN}:${SUB}`, tokens: tok(5_000, 250, 0, 50), cost: { usd: 0.0075, source: 'estimated' } }]);
		expect(s.models).toEqual(['gemini-3-pro-preview', 'gemini-2.5-flash']);
		expect([s.turns, s.toolCalls, s.rejected, s.errors, s.linesAdded, s.linesRemoved]).toEqual([5, 4, 1, 0, 5, 2]);
		expect(s.filesEdited).toEqual(['/home/dev/ledger/src/money.ts', '/home/dev/ledger/test/money.test.ts']);
		expect([s.title, s.project]).toEqual(['Currency formatter with tests', 'ledger']);
		expect([s.startedAt, s.endedAt]).toEqual([ms('2026-05-02T10:00:00.000Z'), ms('2026-05-02T10:09:30.000Z')]);
		// Gaps 4 + 1 + 6 + 1 s, then 10:00:16 → 10:09:00 capped at 300 s, then 20 + 5 + 5 s.
		expect(s.activeMs).toBe(342_000);
		expect(s.commits).toEqual([]);
	});

	it('emits turns in final order, with message ids, typed-in text and thought parts left out', async () => {
		const { c } = await run();
		const main = c.turns.filter((t) => t.sessionId === `gemini-cli:${MAIN}`);
		expect(main.map((t) => [t.id.split(':').pop(), t.seq, t.role, t.model ?? null])).toEqual([
			['m1', 0, 'user', null],
			['m2', 1, 'assistant', 'gemini-3-pro-preview'],
			['m3', 2, 'assistant', 'gemini-3-pro-preview'],
			['m6', 3, 'user', null],
			['m7', 4, 'assistant', 'gemini-3-pro-preview']
		]);
		expect(main[0].text).toBe('Add a currency formatter to @src/money.ts'); // displayContent, not the expanded prompt
		expect(main[0].at).toBe(ms('2026-05-02T10:00:04.000Z'));
		expect(main[1].tokens).toEqual(tok(4_000, 700, 16_000, 300));
		expect(main[1].cost).toEqual({ usd: price(tok(4_000, 700, 16_000, 300)), source: 'estimated' });
		expect(main[0].tokens).toBeUndefined();
		const old = c.turns.filter((t) => t.sessionId === `gemini-cli:${OLD}`);
		expect(old[2].text).toBe('CI uses the default Node; pinning 20 with .nvmrc.');
		expect([old[3].role, old[3].synthetic, old[3].text]).toEqual(['system', true, 'Switched to fallback model gemini-2.5-flash']);
		expect(old.filter((t) => t.synthetic).length).toBe(1);
	});

	it('prices each counted response once, at its time, with the Google provider hint', async () => {
		await run();
		expect(priced).toHaveLength(3 + 3 + 1 + 1);
		expect(new Set(priced.map((p) => p.provider))).toEqual(new Set(['google']));
		const m2 = priced.find((p) => p.tokens.cacheRead === 16_000)!;
		expect([m2.model, m2.at]).toEqual(['gemini-3-pro-preview', ms('2026-05-02T10:00:08.000Z')]);
		expect(priced.some((p) => p.tokens.cacheRead === 21_000)).toBe(false); // the rewound m5
	});

	it('maps tool calls: kinds, paths, outcomes (cancelled = rejected), diff line counts and added-line hashes', async () => {
		const { c } = await run();
		const calls = c.calls.filter((x) => x.sessionId === `gemini-cli:${MAIN}`).sort((a, b) => a.seq - b.seq);
		expect(calls.map((x) => [x.seq, x.name, x.kind, x.outcome, x.summary ?? null, x.linesAdded ?? null, x.linesRemoved ?? null])).toEqual([
			[0, 'replace', 'edit', 'ok', '/home/dev/ledger/src/money.ts', 2, 2],
			[1, 'run_shell_command', 'shell', 'rejected', 'rm -rf dist', null, null],
			[2, 'google_web_search', 'web', 'ok', 'Intl.NumberFormat EUR en locale symbol', null, null],
			[3, 'write_file', 'write', 'ok', '/home/dev/ledger/test/money.test.ts', 3, 0]
		]);
		// The hunk header's counts keep "--- legacy formatter" a removed line, not a file header.
		expect(calls[0].addedLineHashes).toEqual([
			lineHash('export const fmt = (c: Cents, cur = "EUR") =>'),
			lineHash('\tnew Intl.NumberFormat("en", { style: "currency", currency: cur }).format(c / 100);')
		]);
		expect(calls[0].userModified).toBe(false);
		expect(calls[3].addedLineHashes).toEqual(["import { fmt } from '../src/money';", '', "test('eur', () => expect(fmt(1999)).toBe('€19.99'));"].map(lineHash));
		expect(calls[0].id).toBe(`gemini-cli:${MAIN}:m2:replace-1777716009001-e5b`);
		expect(calls[0].turnId).toBe(`gemini-cli:${MAIN}:m2`);
		expect(calls[0].at).toBe(ms('2026-05-02T10:00:09.000Z'));
		const old = c.calls.filter((x) => x.sessionId === `gemini-cli:${OLD}`).sort((a, b) => a.seq - b.seq);
		expect(old.map((x) => [x.kind, x.paths])).toEqual([
			['shell', []],
			['read', ['/home/dev/ledger-old/.github/workflows/ci.yml']],
			['write', ['/home/dev/ledger-old/.nvmrc']],
			['shell', []]
		]);
		const sub = c.calls.filter((x) => x.sessionId === `gemini-cli:${MAIN}:${SUB}`);
		expect(sub.map((x) => [x.kind, x.paths, x.summary])).toEqual([['search', ['/home/dev/ledger/src'], 'toFixed\\(2\\)']]);
	});

	it('reports malformed, non-object and truncated lines by number, the rewind, and keeps reading', async () => {
		const { report } = await run();
		const r = report(MAIN_FILE);
		expect(r.skipped).toEqual([
			{ line: 10, reason: 'invalid JSON' },
			{ line: 13, reason: 'not a JSON object' },
			{ line: 15, reason: 'truncated last line' }
		]);
		expect(r.skippedCount).toBe(3);
		expect(r.records).toBe(12);
		// m4 (no usage) and m5 (1000 + 600 + 21000 cached).
		expect(r.warnings).toEqual([`${MAIN_FILE}: 2 messages were rewound ($rewindTo) and are not counted (22600 tokens)`]);
	});

	it('warns once about a newer format and still reads what it knows', async () => {
		const { get, report } = await run();
		const r = report(FUT_FILE);
		expect(r.warnings).toHaveLength(1);
		expect(r.warnings[0]).toContain(FUT_FILE);
		expect(r.warnings[0]).toContain('$set.schemaVersion=2');
		expect(r.warnings[0]).toContain('a record with keys $compact');
		expect(r.warnings[0]).toContain('v0.4–v0.56');
		expect(r.records).toBe(4);
		const s = get(`gemini-cli:${FUT}`);
		expect([s.turns, s.ownTokens, s.models, s.project]).toEqual([2, tok(100, 10, 0, 0), ['gemini-4-pro'], 'orbit']);
	});

	it('reports bytes and the content fingerprint of each file', async () => {
		const { report } = await run();
		for (const rel of [OLD_FILE, MAIN_FILE, SUB_FILE]) {
			const bytes = readFileSync(join(FIXTURES, rel));
			expect([report(rel).bytes, report(rel).hash]).toEqual([bytes.length, fingerprintBytes(bytes)]);
		}
	});

	it('gives the same result whatever the chunking (1, 3 and 7 byte chunks)', async () => {
		const ref = await run();
		for (const chunk of [1, 3, 7]) {
			const r = await run(fixtureFiles(chunk));
			expect(r.res.sessions).toEqual(ref.res.sessions);
			expect(r.res.files).toEqual(ref.res.files);
			expect(r.c.turns).toEqual(ref.c.turns);
			expect(r.c.calls).toEqual(ref.c.calls);
		}
	});
});

const line = (o: unknown) => JSON.stringify(o);
const meta = (sid: string, extra = {}) => ({ sessionId: sid, projectHash: 'p', startTime: '2026-06-01T09:00:00.000Z', lastUpdated: '2026-06-01T09:00:00.000Z', ...extra });
const user = (id: string, at: string, text: string) => ({ id, timestamp: at, type: 'user', content: [{ text }] });
const reply = (id: string, at: string, input: number, output: number, extra = {}) => ({
	id,
	timestamp: at,
	type: 'gemini',
	model: 'gemini-2.5-pro',
	content: [{ text: `reply ${id}` }],
	tokens: { input, output, cached: 0, thoughts: 0, tool: 0, total: input + output },
	...extra
});

describe('gemini-cli parser on in-memory recordings', () => {
	it('merges a ≤ 0.38 .json with the .jsonl it was migrated to on resume, counting each message once', async () => {
		const S = '11111111-aaaa-4bbb-8ccc-000000000011';
		const a = user('a', '2026-06-01T09:00:01.000Z', 'first');
		const b = reply('b', '2026-06-01T09:00:03.000Z', 100, 10);
		const doc = JSON.stringify({ ...meta(S), messages: [a, b] }, null, 2);
		const migrated = [line(meta(S)), line(a), line(b), line({ $set: { sessionId: S } }), line(user('c', '2026-06-01T10:00:00.000Z', 'resumed')), line(reply('d', '2026-06-01T10:00:05.000Z', 200, 20))].join('\n') + '\n';
		const c = collector();
		// The newer file first: the parser still reads the older era first.
		const res = await parseGeminiCli([memFile(`p/chats/session-x-11111111.jsonl`, migrated), memFile(`p/chats/session-x-11111111.json`, doc)], c.sink);
		expect(res.sessions).toHaveLength(1);
		const s = res.sessions[0];
		expect([s.id, s.turns, s.ownTokens.input, s.ownTokens.output]).toEqual([`gemini-cli:${S}`, 4, 300, 30]);
		expect(c.turns.map((t) => t.id.split(':').pop())).toEqual(['a', 'b', 'c', 'd']);
		expect(res.files.map((f) => f.records)).toEqual([6, 3]);
	});

	it('a $set of messages updates by id and drops nothing; messages only it lists are synthetic', async () => {
		const S = '22222222-aaaa-4bbb-8ccc-000000000022';
		const text = [
			line(meta(S)),
			line(user('u1', '2026-06-01T09:00:01.000Z', 'q1')),
			line(reply('r1', '2026-06-01T09:00:02.000Z', 500, 50)),
			line(user('u2', '2026-06-01T09:00:03.000Z', 'q2')),
			line(reply('r2', '2026-06-01T09:00:04.000Z', 700, 70)),
			// After compression the history is a summary plus the last exchange.
			line({ $set: { messages: [{ id: 'sum', timestamp: '2026-06-01T09:00:05.000Z', type: 'user', content: [{ text: 'summary of q1' }] }, user('u2', '2026-06-01T09:00:03.000Z', 'q2 (masked)'), reply('r2', '2026-06-01T09:00:04.000Z', 700, 70)] } })
		].join('\n');
		const c = collector();
		const res = await parseGeminiCli([memFile('p/chats/session-y.jsonl', text)], c.sink);
		const s = res.sessions[0];
		expect([s.turns, s.ownTokens.input, s.ownTokens.output]).toEqual([5, 1200, 120]);
		expect(c.turns.map((t) => [t.id.split(':').pop(), t.text, t.synthetic ?? false])).toEqual([
			['u1', 'q1', false],
			['r1', 'reply r1', false],
			['u2', 'q2 (masked)', false],
			['r2', 'reply r2', false],
			['sum', 'summary of q1', true]
		]);
	});

	it('a rewind to an unknown message clears the history, as Gemini CLI does, and says so', async () => {
		const S = '33333333-aaaa-4bbb-8ccc-000000000033';
		const text = [line(meta(S)), line(user('u1', '2026-06-01T09:00:01.000Z', 'q')), line(reply('r1', '2026-06-01T09:00:02.000Z', 10, 1)), line({ $rewindTo: 'nope' }), line(user('u2', '2026-06-01T09:00:09.000Z', 'again'))].join('\n');
		const c = collector();
		const res = await parseGeminiCli([memFile('p/chats/session-z.jsonl', text)], c.sink);
		expect([res.sessions[0].turns, res.sessions[0].ownTokens.input]).toEqual([1, 0]);
		expect(res.files[0].warnings).toEqual(['p/chats/session-z.jsonl: 2 messages were rewound ($rewindTo to an unknown message id, which clears the history as Gemini CLI does) and are not counted (11 tokens)']);
	});

	it('a cut-off ≤ 0.38 document keeps the messages before the cut and reports where it broke', async () => {
		const S = '44444444-aaaa-4bbb-8ccc-000000000044';
		const full = JSON.stringify({ ...meta(S), messages: [user('a', '2026-06-01T09:00:01.000Z', 'x'), reply('b', '2026-06-01T09:00:02.000Z', 40, 4), user('c', '2026-06-01T09:00:03.000Z', 'never finished')] }, null, 2);
		const cut = full.slice(0, full.indexOf('never'));
		for (const chunk of [1, 5, 1 << 16]) {
			const res = await parseGeminiCli([memFile('p/chats/session-w.json', cut, chunk)], collector().sink);
			expect([res.sessions[0].turns, res.sessions[0].ownTokens.input]).toEqual([2, 40]);
			const cLine = cut.split('\n').findIndex((l) => l.includes('"id": "c"'));
			expect(res.files[0].skipped).toEqual([{ line: cLine, reason: 'truncated document (message cut off)' }]);
		}
	});

	it('skips a bad element of a document by line, keeps the rest, and streams a compact one too', async () => {
		const S = '55555555-aaaa-4bbb-8ccc-000000000055';
		const pretty = JSON.stringify({ ...meta(S), messages: [user('a', '2026-06-01T09:00:01.000Z', 'x'), 12, reply('b', '2026-06-01T09:00:02.000Z', 40, 4)] }, null, 2);
		const res = await parseGeminiCli([memFile('p/chats/session-v.json', pretty, 3)], collector().sink);
		const at = pretty.split('\n').findIndex((l) => l.trim() === '12,') + 1;
		expect(res.files[0].skipped).toEqual([{ line: at, reason: 'not a JSON object' }]);
		expect(res.sessions[0].turns).toBe(2);
		// A compact document over 64 KiB is one long first line: still read, element by element.
		const compact = JSON.stringify({ ...meta(S), messages: [user('a', '2026-06-01T09:00:01.000Z', 'y'.repeat(70_000)), reply('b', '2026-06-01T09:00:02.000Z', 40, 4)] });
		const files = [memFile('p/chats/session-u.json', compact, 4096)];
		const viaIngest = await ingest(files, collector().sink, { formats: [geminiCli, aider] });
		expect(viaIngest.files[0].format).toBe('gemini-cli');
		expect([viaIngest.sessions[0].turns, viaIngest.sessions[0].ownTokens.input]).toEqual([2, 40]);
	});

	it('leaves out sessions with no messages, and warns about a subagent whose parent is missing', async () => {
		const P = '66666666-aaaa-4bbb-8ccc-000000000066';
		const C = '77777777-aaaa-4bbb-8ccc-000000000077';
		const empty = line(meta(P)) + '\n';
		const child = [line(meta(C, { kind: 'subagent' })), line(user('x', '2026-06-01T09:00:01.000Z', 'look'))].join('\n');
		const res = await parseGeminiCli([memFile(`p/chats/session-e.jsonl`, empty), memFile(`p/chats/${P}/${C}.jsonl`, child)], collector().sink);
		expect(res.sessions.map((s) => [s.id, s.parentId])).toEqual([[`gemini-cli:${P}:${C}`, `gemini-cli:${P}`]]);
		expect(res.files[1].warnings).toEqual([`p/chats/${P}/${C}.jsonl: subagent of session ${P}, whose file is not among the inputs`]);
		expect(res.files[0].records).toBe(1);
		// Without `kind`, the `chats/<parent>/<id>.jsonl` layout alone makes it a subagent.
		const plain = [line(meta(C)), line(user('x', '2026-06-01T09:00:01.000Z', 'look'))].join('\n');
		const byPath = await parseGeminiCli([memFile(`tmp/proj/chats/${P}/${C}.jsonl`, plain)], collector().sink);
		expect(byPath.sessions.map((s) => [s.id, s.parentId, s.project])).toEqual([[`gemini-cli:${P}:${C}`, `gemini-cli:${P}`, 'proj']]);
	});

	it('streams rows in batches of about 2000, reports progress and stops when cancelled', async () => {
		const S = '88888888-aaaa-4bbb-8ccc-000000000088';
		const rows = [line(meta(S))];
		for (let i = 0; i < 1500; i++) {
			const t = new Date(Date.UTC(2026, 5, 1, 9, 0, i)).toISOString();
			rows.push(line(user(`u${i}`, t, `q${i}`)));
			rows.push(line(reply(`r${i}`, t, 2, 1, { toolCalls: [{ id: `g${i}`, name: 'glob', args: { pattern: '*' }, status: 'success', timestamp: t }] })));
		}
		const file = memFile('p/chats/session-big.jsonl', rows.join('\n') + '\n', 16 * 1024);
		const c = collector();
		const res = await parseGeminiCli([file], c.sink);
		expect([c.turns.length, c.calls.length, res.sessions[0].ownTokens.input]).toEqual([3000, 1500, 3000]);
		for (const b of c.batches.slice(0, -1)) expect(b.turns.length + b.toolCalls.length).toBeGreaterThanOrEqual(2000);
		expect(c.progress.at(-1)).toBe(file.size);
		const stopped = collector({ cancelAfterBatches: 0 });
		const r2 = await parseGeminiCli([file], stopped.sink);
		expect([stopped.turns.length, r2.sessions.length]).toEqual([0, 0]);
	});
});
