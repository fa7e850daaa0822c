import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Cost, Session, Tokens } from '../../src/lib/model';
import { lineHash } from '../../src/lib/analysis/line-hash';
import { ingest } from '../../workers/ingest-core';
import { fingerprintBytes } from '../../workers/fingerprint';
import { geminiCli } from '../../workers/formats/gemini-cli';
import { aider } from '../../workers/formats/aider';
import { parseAider } from '../../workers/formats/aider/parse';
import { collector, memFile } from './claude-code-helpers';

const priced: { model: string; tokens: Tokens; at?: number }[] = [];
vi.mock('../../src/lib/pricing', () => ({
	estimateCost: (model: string, tokens: Tokens, at?: number): Cost => {
		priced.push({ model, tokens: { ...tokens }, at });
		return { usd: (tokens.input + tokens.output * 10 + tokens.cacheRead * 0.1 + tokens.cacheWrite * 2) / 1e6, source: 'estimated' };
	}
}));

const FIXTURE = fileURLToPath(new URL('../fixtures/aider/shop/.aider.chat.history.md', import.meta.url));
const PATH = 'shop/.aider.chat.history.md';
const BYTES = readFileSync(FIXTURE);
// Session ids hash the file's path; the start time is kept as written (zone-free).
const S1 = `aider:${lineHash(PATH)}:2025-03-04T09:15:02`;
const S2 = `aider:${lineHash(PATH)}:2025-03-05T14:02:47`;
const tok = (input: number, output: number, cacheRead = 0, cacheWrite = 0): Tokens => ({ input, output, cacheRead, cacheWrite, reasoning: 0 });
const price = (t: Tokens) => (t.input + t.output * 10 + t.cacheRead * 0.1 + t.cacheWrite * 2) / 1e6;

async function run(chunk?: number) {
	const c = collector();
	const res = await ingest([memFile(PATH, BYTES, chunk)], c.sink, { formats: [geminiCli, aider] });
	const get = (id: string): Session => {
		const s = res.sessions.find((x) => x.id === id);
		if (!s) throw new Error(`no session ${id}`);
		return s;
	};
	return { res, c, get, report: res.files[0] };
}

beforeEach(() => {
	priced.length = 0;
});

describe('aider parser on the fixture, through ingest', () => {
	it('splits the file into one session per "chat started" header, with start times read as local wall time', async () => {
		const { res, get } = await run();
		expect(res.files[0].format).toBe('aider');
		expect(res.sessions.map((s) => s.id)).toEqual([S1, S2]);
		const s1 = get(S1);
		// Computed in the zone the test runs in, as the parser does: right whatever TZ is set.
		expect(s1.startedAt).toBe(new Date(2025, 2, 4, 9, 15, 2).getTime());
		expect(get(S2).startedAt).toBe(new Date(2025, 2, 5, 14, 2, 47).getTime());
		expect([s1.endedAt, s1.activeMs, s1.harness, s1.nativeId, s1.sourceId, s1.project]).toEqual([undefined, 0, 'aider', S1.slice(6), PATH, 'shop']);
		expect([s1.version, get(S2).version]).toEqual(['0.82.1', '0.86.1']);
		expect(s1.models).toEqual(['anthropic/claude-3-7-sonnet-20250219', 'anthropic/claude-3-5-haiku-20241022']);
		expect(get(S2).models).toEqual(['gpt-4.1', 'gpt-4.1-mini']);
	});

	it('reads tokens with k/M suffixes and the cache figures: uncached input = sent − hit − write', async () => {
		const { get, c } = await run();
		// 3.7k sent, 1.2k write, 2.4k hit, 512 received; then 1.5M sent, 2.1k received.
		expect(get(S1).ownTokens).toEqual(tok(100 + 1_500_000, 512 + 2_100, 2_400, 1_200));
		expect(get(S1).tokens).toEqual(get(S1).ownTokens);
		// 12k + 12.4k sent, 340 + 410 received; the last usage line is cut off and not counted.
		expect(get(S2).ownTokens).toEqual(tok(24_400, 750));
		const a = c.turns.filter((t) => t.sessionId === S1 && t.role === 'assistant');
		expect(a.map((t) => t.tokens)).toEqual([tok(100, 512, 2_400, 1_200), tok(1_500_000, 2_100)]);
	});

	it('keeps the logged cost per message, sums it per session, and keeps the estimate beside it', async () => {
		const { get, c } = await run();
		expect(get(S1).cost).toEqual({ usd: 4.54, source: 'logged' }); // $0.02 + $4.52, the "session" figure agrees
		expect(get(S2).cost).toEqual({ usd: 0.06, source: 'logged' });
		expect(get(S1).estimatedCost?.usd).toBeCloseTo(price(tok(100, 512, 2_400, 1_200)) + price(tok(1_500_000, 2_100)), 12);
		expect(get(S2).estimatedCost?.usd).toBeCloseTo(price(tok(24_400, 750)), 12);
		const costs = c.turns.filter((t) => t.sessionId === S2 && t.role === 'assistant').map((t) => t.cost ?? null);
		expect(costs).toEqual([{ usd: 0.03, source: 'logged' }, { usd: 0.03, source: 'logged' }, null]);
		expect(priced.map((p) => [p.model, p.at])).toEqual([
			['anthropic/claude-3-7-sonnet-20250219', new Date(2025, 2, 4, 9, 15, 2).getTime()],
			['anthropic/claude-3-7-sonnet-20250219', new Date(2025, 2, 4, 9, 15, 2).getTime()],
			['gpt-4.1', new Date(2025, 2, 5, 14, 2, 47).getTime()],
			['gpt-4.1', new Date(2025, 2, 5, 14, 2, 47).getTime()]
		]);
	});

	it('emits prompts and responses as turns without times; commands and answers are not prompts', async () => {
		const { c, get } = await run();
		const t1 = c.turns.filter((t) => t.sessionId === S1);
		expect(t1.map((t) => [t.id.slice(S1.length), t.seq, t.role, t.model ?? null])).toEqual([
			[':t0', 0, 'user', null],
			[':t1', 1, 'assistant', 'anthropic/claude-3-7-sonnet-20250219'],
			[':t2', 2, 'user', null],
			[':t3', 3, 'assistant', 'anthropic/claude-3-7-sonnet-20250219']
		]);
		expect(t1[0].text).toBe('Add a discount function to cart.py\nand test it');
		expect(t1[1].text.startsWith("I'll add `apply_discount` next to `total` and a test for it.\n\ncart.py\n```python\n<<<<<<< SEARCH")).toBe(true);
		expect(c.turns.every((t) => t.at === undefined)).toBe(true);
		const t2 = c.turns.filter((t) => t.sessionId === S2);
		expect(t2.map((t) => t.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
		expect(t2[1].text).toBe('cart.py\n```python\n<<<<<<< SEARCH\ndef apply_discount(amount, percent):\n=======\ndef discounted(amount, percent):\n>>>>>>> REPLACE\n```');
		expect(t2[5].text).toBe("You're welcome.");
		expect([get(S1).turns, get(S2).turns]).toEqual([4, 6]);
	});

	it('turns applied edits into edit calls with lines from their SEARCH/REPLACE blocks; declines are rejections', async () => {
		const { c, get } = await run();
		const calls = c.calls.filter((x) => x.sessionId === S1).sort((a, b) => a.seq - b.seq);
		expect(calls.map((x) => [x.kind, x.name, x.outcome, x.paths, x.linesAdded ?? null, x.linesRemoved ?? null, x.turnId?.slice(S1.length)])).toEqual([
			['edit', 'apply_edit', 'ok', ['cart.py'], 5, 1, ':t1'],
			['edit', 'apply_edit', 'ok', ['tests/test_cart.py'], 5, 0, ':t1'],
			['edit', 'apply_edit', 'rejected', ['config/settings.py'], null, null, ':t3'],
			['edit', 'apply_edit', 'ok', ['README.md'], 2, 0, ':t3'],
			['shell', 'shell', 'ok', [], null, null, ':t3']
		]);
		expect(calls[4].summary).toBe('pytest -q');
		expect(calls[0].addedLineHashes).toEqual(
			['    return round(sum(i.price for i in items), 2)', '', '', 'def apply_discount(amount, percent):', '    return round(amount * (1 - percent / 100), 2)'].map(lineHash)
		);
		expect(calls[3].addedLineHashes).toEqual(['', 'Carts support percentage discounts via `apply_discount`.'].map(lineHash));
		expect(calls[0].at).toBeUndefined();
		const s1 = get(S1);
		expect([s1.toolCalls, s1.rejected, s1.errors, s1.linesAdded, s1.linesRemoved]).toEqual([5, 1, 0, 12, 1]);
		expect(s1.filesEdited).toEqual(['cart.py', 'tests/test_cart.py', 'README.md']);

		// Session 2: the declined block of the first reply is not credited to the later applied one.
		const c2 = c.calls.filter((x) => x.sessionId === S2).sort((a, b) => a.seq - b.seq);
		expect(c2.map((x) => [x.outcome, x.paths, x.linesAdded ?? null, x.linesRemoved ?? null])).toEqual([
			['rejected', ['cart.py'], null, null],
			['ok', ['cart.py'], 4, 1]
		]);
		expect(c2[1].addedLineHashes).toEqual(['def discounted(amount, percent):', '', '', 'apply_discount = discounted'].map(lineHash));
		expect([get(S2).rejected, get(S2).linesAdded]).toEqual([1, 4]);
	});

	it('records commits from "> Commit" lines', async () => {
		const { get } = await run();
		expect(get(S1).commits).toEqual([
			{ sha: '3f9a2c1', subject: 'feat: Add apply_discount with a test', evidence: 'aider-commit-line' },
			{ sha: '8b1c0de', subject: 'docs: Mention discounts in README', evidence: 'aider-commit-line' }
		]);
		expect(get(S2).commits).toEqual([{ sha: 'c0ffee1', subject: 'refactor: Rename apply_discount to discounted', evidence: 'aider-commit-line' }]);
	});

	it('reports the truncated last line, the missing times, bytes and fingerprint', async () => {
		const { report } = await run();
		expect(report.skipped).toEqual([{ line: 135, reason: 'truncated last line' }]);
		expect(report.skippedCount).toBe(1);
		expect(report.warnings).toEqual([`${PATH}: Aider records no per-message times; durations unknown`]);
		expect([report.bytes, report.hash]).toEqual([BYTES.length, fingerprintBytes(BYTES)]);
		expect(report.records).toBe(2 + 10 + 7 + 3); // runs, turns, tool calls, commits
	});

	it('gives the same result whatever the chunking, and for CRLF line ends', async () => {
		const ref = await run();
		for (const chunk of [1, 3, 7]) {
			const r = await run(chunk);
			expect(r.res).toEqual(ref.res);
			expect(r.c.turns).toEqual(ref.c.turns);
			expect(r.c.calls).toEqual(ref.c.calls);
		}
		const crlf = new TextEncoder().encode(BYTES.toString('utf8').replace(/\n/g, '\r\n'));
		const c = collector();
		const res = await parseAider([memFile(PATH, crlf, 5)], c.sink);
		expect(res.sessions).toEqual(ref.res.sessions);
		expect(c.turns).toEqual(ref.c.turns);
		expect(c.calls).toEqual(ref.c.calls);
	});
});

const md = (...lines: string[]) => lines.join('\n') + '\n';

async function parseText(text: string, path = 'repo/.aider.chat.history.md') {
	const c = collector();
	const res = await parseAider([memFile(path, text)], c.sink);
	return { res, c, s: res.sessions, r: res.files[0] };
}

describe('aider parser on in-memory histories', () => {
	it('warns when the message costs do not add up to aider’s running session total', async () => {
		const { s, r } = await parseText(
			md(
				'# aider chat started at 2025-04-01 08:00:00',
				'> Main model: gpt-4o with diff edit format  ',
				'#### a  ',
				'',
				'one',
				'',
				'> Tokens: 1.0k sent, 10 received. Cost: $0.01 message, $0.01 session.  ',
				'#### b  ',
				'',
				'two',
				'',
				'> Tokens: 1.1k sent, 11 received. Cost: $0.0045 message, $0.09 session.  '
			)
		);
		expect(s[0].cost).toEqual({ usd: 0.0145, source: 'logged' });
		expect(r.warnings).toEqual([
			'repo/.aider.chat.history.md: Aider records no per-message times; durations unknown',
			"repo/.aider.chat.history.md: run started 2025-04-01 08:00:00: message costs sum to $0.0145 but aider's running total says $0.09; some usage lines may be missing"
		]);
		// Within the rounding of the printed figures, nothing is said.
		const ok = await parseText(md('# aider chat started at 2025-04-01 08:00:00', '#### a  ', 'x', '> Tokens: 10 sent, 1 received. Cost: $0.01 message, $0.01 session.  ', '#### b  ', 'y', '> Tokens: 10 sent, 1 received. Cost: $0.01 message, $0.03 session.  '));
		expect(ok.r.warnings).toHaveLength(1);
	});

	it('warns once about an aider newer than it knows, and still reads it', async () => {
		const { s, r } = await parseText(
			md('# aider chat started at 2031-01-01 10:00:00', '> Aider v9.2.0  ', '> Main model: gpt-9 with diff edit format  ', '#### hi  ', 'hello', '> Tokens: 20 sent, 2 received.  ', '> Aider v9.2.0  ')
		);
		expect(r.warnings.filter((w) => w.includes('9.2.0'))).toEqual([
			"repo/.aider.chat.history.md: written by aider 9.2.0, newer than the versions this parser knows (0.x); read anyway"
		]);
		expect([s[0].version, s[0].turns, s[0].ownTokens]).toEqual(['9.2.0', 2, tok(20, 2)]);
		expect(s[0].cost).toEqual({ usd: price(tok(20, 2)), source: 'estimated' });
		expect(s[0].estimatedCost).toBeUndefined();
	});

	it('reads older histories: "Model:", thousands separators, "request" costs, ORIGINAL/UPDATED, inline questions', async () => {
		const { s, c } = await parseText(
			md(
				'# aider chat started at 2023-08-10 16:20:00',
				'> Aider v0.11.1  ',
				'> Model: gpt-4  ',
				'#### make hello.py print hi and add bye.py  ',
				'',
				'hello.py',
				'```python',
				'<<<<<<< ORIGINAL',
				'print("hello")',
				'=======',
				'print("hi")',
				'>>>>>>> UPDATED',
				'```',
				'',
				'> Tokens: 1,234 sent, 56 received. Cost: $0.04 request, $0.04 session.  ',
				'> Applied edit to hello.py  ',
				'> Allow creation of new file bye.py? n  '
			)
		);
		expect([s[0].models, s[0].ownTokens, s[0].cost]).toEqual([['gpt-4'], tok(1_234, 56), { usd: 0.04, source: 'logged' }]);
		expect(c.calls.map((x) => [x.outcome, x.paths, x.linesAdded ?? null, x.linesRemoved ?? null])).toEqual([
			['ok', ['hello.py'], 1, 1],
			['rejected', ['bye.py'], null, null]
		]);
	});

	it('architect mode: replies after an accepted "Edit the files?" come from the editor model', async () => {
		const { s, c } = await parseText(
			md(
				'# aider chat started at 2025-06-01 12:00:00',
				'> Main model: o3 with architect edit format  ',
				'> Editor model: gpt-4.1 with editor-diff edit format  ',
				'> Weak model: gpt-4.1-mini  ',
				'#### plan it  ',
				'',
				'Plan text.',
				'',
				'> Tokens: 2.0k sent, 300 received. Cost: $0.01 message, $0.01 session.  ',
				'> Edit the files? (Y)es/(N)o [Yes]: y  ',
				'',
				'app.py',
				'```python',
				'<<<<<<< SEARCH',
				'x = 1',
				'=======',
				'x = 2',
				'>>>>>>> REPLACE',
				'```',
				'',
				'> Tokens: 1.1k sent, 40 received. Cost: $0.0012 message, $0.0112 session.  ',
				'> Applied edit to app.py  ',
				'',
				'#### and now docs  ',
				'',
				'Docs plan.',
				'',
				'> Tokens: 2.2k sent, 100 received. Cost: $0.01 message, $0.0212 session.  ',
				'> Edit the files? (Y)es/(N)o [Yes]: n  '
			)
		);
		expect(c.turns.map((t) => t.model ?? t.role)).toEqual(['user', 'o3', 'gpt-4.1', 'user', 'o3']);
		expect(c.calls.map((x) => [x.outcome, x.paths, x.linesAdded ?? null, x.addedLineHashes ?? null])).toEqual([
			['ok', ['app.py'], 1, [lineHash('x = 2')]],
			['rejected', [], null, null]
		]);
		expect(s[0].models).toEqual(['o3', 'gpt-4.1', 'gpt-4.1-mini']);
		expect(s[0].cost).toEqual({ usd: 0.0212, source: 'logged' });
		expect(s.length).toBe(1);
	});

	it('credits an applied edit with the blocks of the reply that made it, not of an earlier failed one', async () => {
		const { c } = await parseText(
			md(
				'# aider chat started at 2025-06-03 12:00:00',
				'#### set x to 5  ',
				'',
				'a.py',
				'```python',
				'<<<<<<< SEARCH',
				'x = 0',
				'=======',
				'x = 5',
				'>>>>>>> REPLACE',
				'```',
				'',
				'> Tokens: 1.0k sent, 20 received.  ',
				'> # 1 SEARCH/REPLACE block failed to match!  ',
				'',
				'a.py',
				'```python',
				'<<<<<<< SEARCH',
				'x = 1',
				'=======',
				'x = 5',
				'y = 6',
				'>>>>>>> REPLACE',
				'```',
				'',
				'> Tokens: 1.2k sent, 30 received.  ',
				'> Applied edit to a.py  '
			)
		);
		expect(c.turns.map((t) => t.role)).toEqual(['user', 'assistant', 'assistant']);
		expect(c.calls.map((x) => [x.linesAdded, x.linesRemoved, x.addedLineHashes, x.turnId?.split(':').pop()])).toEqual([[2, 1, ['x = 5', 'y = 6'].map(lineHash), 't2']]);
	});

	it('counts udiff edits by their hunks, a "--" removed line included', async () => {
		const { c, s } = await parseText(
			md(
				'# aider chat started at 2025-06-02 12:00:00',
				'> Main model: gpt-4-turbo with udiff edit format  ',
				'#### fix f  ',
				'',
				'```diff',
				'--- app.py',
				'+++ app.py',
				'@@ ... @@',
				' def f():',
				'-    return 1',
				'--- old comment',
				'+    return 2',
				'+',
				'```',
				'',
				'> Tokens: 900 sent, 50 received.  ',
				'> Applied edit to app.py  '
			)
		);
		expect(c.calls.map((x) => [x.linesAdded, x.linesRemoved, x.addedLineHashes])).toEqual([[2, 2, ['    return 2', ''].map(lineHash)]]);
		expect(s[0].cost).toEqual({ usd: price(tok(900, 50)), source: 'estimated' });
	});

	it('skips lines before the first header and unreadable usage lines, strips ANSI codes, drops empty runs', async () => {
		const { s, r, c } = await parseText(
			md(
				'stray text',
				'',
				'# aider chat started at 2025-07-01 09:00:00',
				'> Aider v0.85.0  ',
				'',
				'# aider chat started at 2025-07-01 09:05:00',
				'> Main model: \x1b[1mgpt-4o\x1b[0m with diff edit format  ',
				'',
				'#### /add a.py  ',
				'',
				'#### /ask what does a.py do?  ',
				'',
				'It prints.',
				'',
				'> Tokens: lots sent, 3 received.  ',
				'> Tokens: 100 sent, 3 received.  ',
				'#### <blank>  ',
				'# aider chat started at 2025-07-01 09:05:00',
				'#### again  '
			)
		);
		expect(r.skipped).toEqual([
			{ line: 1, reason: 'before the first "# aider chat started at" header' },
			{ line: 15, reason: 'unrecognised Tokens line' }
		]);
		// The 09:00 run has nothing in it; the same start time twice gets a suffix.
		expect(s.map((x) => x.id.split(':').slice(2).join(':'))).toEqual(['2025-07-01T09:05:00', '2025-07-01T09:05:00~2']);
		expect(c.turns.filter((t) => t.sessionId === s[0].id).map((t) => [t.role, t.text, t.model ?? null])).toEqual([
			['user', '/ask what does a.py do?', null],
			['assistant', 'It prints.', 'gpt-4o']
		]);
		expect(s[0].ownTokens).toEqual(tok(100, 3));
	});

	it('keeps a "#### " heading inside a reply in the reply, and reads a history whose trailing spaces were stripped', async () => {
		const { c } = await parseText(md('# aider chat started at 2025-07-03 09:00:00', '> Main model: gpt-4o with diff edit format  ', '#### plan?  ', '', 'Here is the plan.', '', '#### Step 1', '', 'Do it.', '', '> Tokens: 50 sent, 5 received.  '));
		expect(c.turns.map((t) => [t.role, t.text])).toEqual([
			['user', 'plan?'],
			['assistant', 'Here is the plan.\n\n#### Step 1\n\nDo it.']
		]);
		// An editor or hook that strips trailing whitespace must not hide the prompts.
		const stripped = BYTES.toString('utf8').replace(/ +$/gm, '');
		const ref = await run();
		const s = await parseText(stripped, PATH);
		expect(s.s).toEqual(ref.res.sessions);
		expect(s.c.turns).toEqual(ref.c.turns);
		expect(s.c.calls).toEqual(ref.c.calls);
		// Without the line-break convention a cut-off last line cannot be told apart; it still is not read.
		expect(s.r.skipped).toEqual([{ line: 135, reason: 'unrecognised Tokens line' }]);
	});

	it('does not count a slash command or a bare answer as a prompt', async () => {
		const { c } = await parseText(md('# aider chat started at 2025-07-02 09:00:00', '#### /add a.py  ', '', '> Added a.py to the chat  ', '', '#### /ask why?  ', '', 'Because.', '', '#### !ls  ', '', '#### Run shell command? (Y)es/(N)o/(A)ll/(S)kip all [Yes]: a  '));
		expect(c.turns.map((t) => [t.role, t.text])).toEqual([
			['user', '/ask why?'],
			['assistant', 'Because.']
		]);
	});
});
