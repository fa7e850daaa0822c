import { afterEach, describe, expect, it } from 'vitest';
import type { InputFile } from '../../workers/formats/types';
import { setSqliteLoader } from '../../workers/formats/opencode';
import { nodeSqlite } from '../../workers/formats/opencode/sqlite-node';
import { DB_MAX_BYTES } from '../../workers/formats/opencode/parse';
import { buildDb, fixtureFiles, memFile, readFixtureJson, run, storageAsDb, type DbSession } from './opencode-helpers';

afterEach(() => setSqliteLoader(nodeSqlite));

const fromExport = (rel: string): DbSession => readFixtureJson(rel);

describe('opencode.db (≥ 1.2)', () => {
	it('gives exactly what the same records give as an export and a storage tree (session row totals ignored)', async () => {
		const db = await buildDb([fromExport('export/session-1.2.5.json'), fromExport('export/legacy-0.15.8.json'), ...storageAsDb()]);
		const fromDb = await run([memFile('data/opencode.db', db)]);
		const files = (await fixtureFiles('export', 'storage')).filter((f) => !f.path.includes('future'));
		const fromJson = await run(files);
		const strip = (list: typeof fromDb.res.sessions) => list.map((s) => ({ ...s, sourceId: '' }));
		expect(fromDb.res.sessions.length).toBe(4);
		expect(strip(fromDb.res.sessions)).toEqual(strip(fromJson.res.sessions));
		expect(fromDb.c.turns).toEqual(fromJson.c.turns);
		expect(fromDb.c.calls).toEqual(fromJson.c.calls);
		expect(fromDb.res.sessions.every((s) => s.sourceId === 'data/opencode.db')).toBe(true);
		const r = fromDb.report('opencode.db');
		expect([r.format, r.skippedCount, r.warnings]).toEqual(['opencode', 0, []]);
		// Rows: 4 sessions; 12 messages (5 + 3 + 4); parts 23 (new export) + 5 (legacy) + 9 (storage).
		expect(r.records).toBe(4 + 12 + 23 + 5 + 9);
	});

	it('reads a subscription session (openai, cost 0) and counts malformed rows with their row number', async () => {
		const S = 'ses_7a7a7a7a7affeSuBsCrIpTiOn1';
		const m = (id: string, extra: Record<string, unknown>) => ({ info: { id, sessionID: S, ...extra }, parts: [] as Record<string, unknown>[] });
		const session: DbSession = {
			info: { id: S, projectID: 'global', directory: '/home/dev/sub', title: 'Subscription', version: '1.2.5', time: { created: 1770000000000, updated: 1770000009000 } },
			messages: [
				m('msg_7a7a0001ffeU1', { role: 'user', time: { created: 1770000000000 }, agent: 'build', model: { providerID: 'openai', modelID: 'gpt-5.3-codex' } }),
				m('msg_7a7a0002ffeA1', {
					role: 'assistant', parentID: 'msg_7a7a0001ffeU1', providerID: 'openai', modelID: 'gpt-5.3-codex', mode: 'build', agent: 'build',
					path: { cwd: '/home/dev/sub', root: '/home/dev/sub' }, time: { created: 1770000001000, completed: 1770000008000 },
					cost: 0, tokens: { input: 5834, output: 121, reasoning: 64, cache: { read: 16384, write: 0 } }, finish: 'stop'
				})
			],
			rawMessages: [{ id: 'msg_7a7a0003ffeBAD', data: '[1, 2]' }],
			rawParts: [
				{ id: 'prt_7a7a0002ffeOK', messageId: 'msg_7a7a0002ffeA1', data: '{"type":"text","text":"Done."}' },
				{ id: 'prt_7a7a0002ffeBAD', messageId: 'msg_7a7a0002ffeA1', data: '{"type":"text","text":' }
			]
		};
		const { get, report, c } = await run([memFile('opencode.db', await buildDb([session]))]);
		const s = get(`opencode:${S}`);
		expect(s.subscription).toBe(true);
		expect(s.cost).toEqual({ usd: 0, source: 'logged' });
		expect(s.ownTokens).toEqual({ input: 5834, output: 185, cacheRead: 16384, cacheWrite: 0, reasoning: 64 });
		expect(s.estimatedCost!.source).not.toBe('logged');
		expect(c.turns.map((t) => t.text)).toEqual(['', 'Done.']);
		const r = report('opencode.db');
		expect(r.skipped).toEqual([
			{ line: 3, reason: 'message msg_7a7a0003ffeBAD: data is not a JSON object' },
			{ line: 2, reason: 'part prt_7a7a0002ffeBAD: invalid JSON in data' }
		]);
		expect([r.skippedCount, r.records]).toEqual([2, 1 + 2 + 1]);
	});

	it('warns, naming the file, when the database is in WAL mode and no -wal came with it', async () => {
		const db = await buildDb([fromExport('export/session-1.2.5.json')], { walMode: true });
		const { res, report } = await run([memFile('home/.local/share/opencode/opencode.db', db)]);
		expect(res.sessions.length).toBe(1); // still read
		expect(report('opencode.db').warnings).toEqual([
			'home/.local/share/opencode/opencode.db: opencode.db is in WAL mode; recent sessions may be missing unless opencode.db-wal is dropped with it (or quit OpenCode first)'
		]);
	});

	it('says which limit stops a database too large to read into memory', async () => {
		const head = new TextEncoder().encode('SQLite format 3\u0000');
		const huge: InputFile = {
			path: 'big/opencode.db',
			size: DB_MAX_BYTES + 1,
			stream: () => new ReadableStream({ start: (c) => (c.enqueue(head), c.close()) })
		};
		const { res, report } = await run([huge]);
		expect(res.sessions).toEqual([]);
		expect(report('opencode.db').warnings).toEqual([
			`big/opencode.db: ${DB_MAX_BYTES + 1} bytes is over the 1024 MiB limit for an SQLite database read into memory; not read`
		]);
	});

	it('reports a missing SQLite engine instead of failing the import', async () => {
		setSqliteLoader(undefined);
		const db = await (async () => {
			setSqliteLoader(nodeSqlite);
			const b = await buildDb([fromExport('export/legacy-0.15.8.json')]);
			setSqliteLoader(undefined);
			return b;
		})();
		const { res, report } = await run([memFile('opencode.db', db), ...(await fixtureFiles('export/session-1.2.5.json'))]);
		expect(res.sessions.map((s) => s.id)).toEqual(['opencode:ses_3f2a91c4e7ffe0Qb7LmN2pRsTu']);
		expect(report('opencode.db').warnings).toEqual([
			'opencode.db: could not open the database (no SQLite engine is configured (setSqliteLoader was not called))'
		]);
	});

	it('counts a session once when it comes both as a database row set and as an export', async () => {
		const db = await buildDb([fromExport('export/session-1.2.5.json')]);
		const both = await run([memFile('opencode.db', db), ...(await fixtureFiles('export/session-1.2.5.json'))]);
		const one = await run(await fixtureFiles('export/session-1.2.5.json'));
		expect(both.res.sessions.length).toBe(1);
		expect({ ...both.res.sessions[0], sourceId: '' }).toEqual({ ...one.res.sessions[0], sourceId: '' });
		expect(both.c.calls.length).toBe(9);
	});
});

describe('opencode.db with its -wal (written by the sqlite3 shell, see make-wal-fixture.sh)', () => {
	const A = 'opencode:ses_0a0b0c0d0effeWaLdB0000001';
	const B = 'opencode:ses_0a0b0c0d0effeWaLdB0000002';

	it('without the -wal: only the checkpointed session, under its old title, and the warning', async () => {
		const files = (await fixtureFiles('wal')).filter((f) => f.path.endsWith('.db'));
		const { res, report } = await run(files);
		expect(res.sessions.map((s) => [s.id, s.title])).toEqual([[A, 'Old title']]);
		expect(report('opencode.db').warnings[0]).toMatch(/opencode\.db is in WAL mode; recent sessions may be missing unless opencode\.db-wal is dropped with it/);
	});

	it('with the -wal: the committed transaction in the log is applied', async () => {
		const { res, report, get } = await run(await fixtureFiles('wal'));
		expect(res.sessions.map((s) => [s.id, s.title])).toEqual([
			[A, 'New title'],
			[B, 'Only in the WAL']
		]);
		expect(get(B).ownTokens).toEqual({ input: 200, output: 40, cacheRead: 2000, cacheWrite: 0, reasoning: 0 });
		expect(get(B).cost).toEqual({ usd: 0.02, source: 'logged' });
		expect(report('opencode.db').warnings).toEqual([]);
		const wal = report('opencode.db-wal');
		expect([wal.format, wal.warnings]).toEqual(['opencode', []]);
		expect(wal.records).toBeGreaterThan(0); // frames applied
		expect(wal.hash).toMatch(/^[0-9a-f]{16}$/);
	});

	it('a damaged last frame drops the whole transaction, with a warning on the -wal', async () => {
		const files = await fixtureFiles('wal');
		const walFile = files.find((f) => f.path.endsWith('-wal'))!;
		const bytes = new Uint8Array(await new Response(walFile.stream()).arrayBuffer());
		bytes[bytes.length - 100] ^= 0xff;
		const { res, report } = await run([files.find((f) => f.path.endsWith('.db'))!, memFile(walFile.path, bytes)]);
		expect(res.sessions.map((s) => [s.id, s.title])).toEqual([[A, 'Old title']]);
		expect(report('opencode.db-wal').warnings).toEqual([
			`${walFile.path}: the -wal file holds no complete, committed transaction that checks out; not applied, so recent sessions may be missing`
		]);
	});

	it('a -wal without its database is reported, not guessed at', async () => {
		const files = (await fixtureFiles('wal')).filter((f) => f.path.endsWith('-wal'));
		const { res, report } = await run(files);
		expect(res.sessions).toEqual([]);
		const r = report('opencode.db-wal');
		expect(r.warnings).toEqual([`${r.path}: no ${r.path.slice(0, -4)} among the inputs to apply this -wal file to; ignored`]);
	});
});

describe('opencode inputs that bypass the usual paths', () => {
	it('a database under another name is recognised by its schema, also when the parser is called directly', async () => {
		const { parseOpencode } = await import('../../workers/formats/opencode/parse');
		const db = await buildDb([fromExport('export/legacy-0.15.8.json')]);
		const viaIngest = await run([memFile('backup/renamed.sqlite', db)]);
		expect(viaIngest.res.sessions.map((s) => s.id)).toEqual(['opencode:ses_2e8d77b0c1ffeKq9WxYz0aBcDe']);
		// Without ingest there is no cached head: the parser sniffs the bytes itself.
		const direct = await parseOpencode([memFile('backup/renamed.sqlite', db)], { batch() {} });
		expect(direct.sessions).toEqual(viaIngest.res.sessions);
	});

	it('an export larger than the detection head is read whole; turn text is capped at 8 KiB', async () => {
		const o = readFixtureJson('export/session-1.2.5.json') as unknown as { messages: { parts: { type: string; text?: string }[] }[] };
		o.messages[0].parts[0].text = 'x'.repeat(200_000);
		const { c, get } = await run([memFile('big-export.json', JSON.stringify(o, null, 2), 4096)]);
		expect(c.turns[0].text.length).toBe(8192);
		expect(get('opencode:ses_3f2a91c4e7ffe0Qb7LmN2pRsTu').toolCalls).toBe(9);
	});
});
