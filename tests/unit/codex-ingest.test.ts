// Detection by content, and the whole path through ingest() with the Codex format passed in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codex } from '../../workers/formats/codex';
import { detect } from '../../workers/formats/codex/detect';
import { claudeCode } from '../../workers/formats/claude-code';
import { detectFormat } from '../../workers/formats/registry';
import { detectFiles, ingest } from '../../workers/ingest-core';
import { collectInputFiles } from '../../bin/node-input';
import { collector, line, memFile } from './claude-code-helpers';

const FIX = fileURLToPath(new URL('../fixtures/codex', import.meta.url));
const CLAUDE_FIX = fileURLToPath(new URL('../fixtures/claude-code', import.meta.url));
const ROLLOUTS = [
	'sessions/2025/08/20/rollout-2025-08-20T12-15-00-5e1d2c3b-4a59-4876-9a1b-2c3d4e5f6a7b.jsonl',
	'sessions/2025/10/14/rollout-2025-10-14T11-00-00-0199e2a1-7c3d-7b10-9f21-3a4b5c6d7e8f.jsonl',
	'sessions/2026/07/02/rollout-2026-07-02T16-00-00-019ce5f0-1a2b-7c3d-8e4f-5a6b7c8d9e0f.jsonl',
	'sessions/2026/07/02/rollout-2026-07-02T16-00-25-019ce5f4-2b3c-7d4e-9f50-6a7b8c9d0e1f.jsonl',
	'sessions/2026/09/01/rollout-2026-09-01T10-00-00-01a0b1c2-d3e4-7f56-8a9b-0c1d2e3f4a5b.jsonl'
];
const head = (rel: string) => new TextDecoder().decode(readFileSync(join(FIX, rel)).subarray(0, 64 * 1024));

describe('codex detect', () => {
	it('recognises every era of rollout and the session index by content, whatever the name', () => {
		for (const rel of [...ROLLOUTS, 'session_index.jsonl']) expect(detect(head(rel), 'renamed.txt'), rel).toBe(true);
	});

	it('judges a first line longer than the head by its opening fields', () => {
		const payload = { id: 'x', timestamp: '2026-01-01T00:00:00.000Z', cwd: '/w', originator: 'codex-tui', cli_version: '0.140.0', base_instructions: { text: 'b'.repeat(70_000) } };
		const meta = line({ timestamp: '2026-01-01T00:00:00.000Z', type: 'session_meta', payload });
		expect(detect(meta.slice(0, 64 * 1024), 'x')).toBe(true);
		const foreign = line({ timestamp: '2026-01-01T00:00:00.000Z', type: 'session_meta', payload: { id: 'x', blob: 'b'.repeat(70_000) } });
		expect(detect(foreign.slice(0, 64 * 1024), 'x')).toBe(false);
		const bare = line({ id: 'x', timestamp: '2025-08-01T00:00:00.000Z', instructions: 'i'.repeat(70_000), git: null });
		expect(detect(bare.slice(0, 64 * 1024), 'x')).toBe(true);
	});

	it('claims a zstd-compressed rollout by its magic and name only', () => {
		const z = head('sessions/2026/01/05/rollout-2026-01-05T09-30-00-019b0a1c-2d3e-7f40-8a5b-6c7d8e9f0a1b.jsonl.zst');
		expect(detect(z, 'a/rollout-1.jsonl.zst')).toBe(true);
		expect(detect(z, 'a/archive.bin')).toBe(false);
	});

	it('does not claim other JSONL, JSON or text, nor Claude Code logs; Claude Code does not claim rollouts', () => {
		expect(detect('{"session_id":"s","ts":1739091671,"text":"hi"}\n', 'history.jsonl')).toBe(false);
		expect(detect('{"type":"user","sessionId":"s","uuid":"u","message":{"role":"user","content":"x"}}\n', 'rollout-x.jsonl')).toBe(false);
		expect(detect('{"type":"message","role":"user","content":[]}\n', 'x.jsonl')).toBe(false);
		expect(detect('{"timestamp":"2026-01-01T00:00:00Z","type":"session_meta","payload":"x"}\n', 'x.jsonl')).toBe(false);
		expect(detect('{"id":"x","timestamp":"t"}\n', 'x.jsonl')).toBe(false);
		// Codex always writes originator and cli_version into session_meta; a bare {id, cwd} is not its file.
		const otherTool = readFileSync(join(CLAUDE_FIX, 'other-tool.jsonl'), 'utf8');
		expect(detect(otherTool, 'rollout.jsonl')).toBe(false);
		expect(detect(otherTool.replace('"cwd":"/w"', '"cwd":"/w","originator":"codex_cli_rs","cli_version":"0.50.0"'), 'x')).toBe(true);
		expect(detect('name,value\na,1\n', 'x.csv')).toBe(false);
		expect(detect('', 'x.jsonl')).toBe(false);
		const claudeMain = join(CLAUDE_FIX, '-home-dev-app/5f0c9a7e-2b1d-4c3e-9f8a-7b6c5d4e3f21.jsonl');
		expect(detect(readFileSync(claudeMain, 'utf8').slice(0, 64 * 1024), claudeMain)).toBe(false);
		for (const rel of [...ROLLOUTS, 'session_index.jsonl']) expect(claudeCode.detect(head(rel), rel), rel).toBe(false);
		// With both formats listed, in either order, each file goes to its own parser.
		for (const list of [
			[claudeCode, codex],
			[codex, claudeCode]
		]) {
			expect(detectFormat(head(ROLLOUTS[1]), 'x', list)?.id).toBe('codex');
			expect(detectFormat(readFileSync(claudeMain, 'utf8'), 'x', list)?.id).toBe('claude-code');
		}
	});

	it('is a format module with id and harness codex', () => {
		expect([codex.id, codex.harness, codex.label]).toEqual(['codex', 'codex', 'Codex CLI']);
	});
});

describe('ingest() with formats: [codex]', () => {
	it('detects and parses the fixture folder, reports unknown files, and keeps the input order', async () => {
		const { files } = await collectInputFiles([FIX]);
		const all = [memFile('notes/history.jsonl', '{"session_id":"s","ts":1,"text":"hi"}\n'), ...files];
		expect((await detectFiles(all, { formats: [codex] })).map((d) => d.format?.id ?? null)).toEqual([null, ...Array(files.length).fill('codex')]);
		const c = collector();
		const res = await ingest(all, c.sink, { formats: [codex] });
		expect(res.files.map((f) => [f.path.replace(/^.*fixtures\/codex\//, ''), f.format])).toEqual([
			['notes/history.jsonl', 'unknown'],
			['session_index.jsonl', 'codex'],
			['sessions/2025/08/20/rollout-2025-08-20T12-15-00-5e1d2c3b-4a59-4876-9a1b-2c3d4e5f6a7b.jsonl', 'codex'],
			['sessions/2025/10/14/rollout-2025-10-14T11-00-00-0199e2a1-7c3d-7b10-9f21-3a4b5c6d7e8f.jsonl', 'codex'],
			['sessions/2026/01/05/rollout-2026-01-05T09-30-00-019b0a1c-2d3e-7f40-8a5b-6c7d8e9f0a1b.jsonl.zst', 'codex'],
			['sessions/2026/07/02/rollout-2026-07-02T16-00-00-019ce5f0-1a2b-7c3d-8e4f-5a6b7c8d9e0f.jsonl', 'codex'],
			['sessions/2026/07/02/rollout-2026-07-02T16-00-25-019ce5f4-2b3c-7d4e-9f50-6a7b8c9d0e1f.jsonl', 'codex'],
			['sessions/2026/09/01/rollout-2026-09-01T10-00-00-01a0b1c2-d3e4-7f56-8a9b-0c1d2e3f4a5b.jsonl', 'codex']
		]);
		expect(res.files[0].warnings[0]).toContain('history.jsonl');
		expect(res.sessions.map((s) => s.nativeId)).toEqual([
			'5e1d2c3b-4a59-4876-9a1b-2c3d4e5f6a7b',
			'0199e2a1-7c3d-7b10-9f21-3a4b5c6d7e8f',
			'019ce5f0-1a2b-7c3d-8e4f-5a6b7c8d9e0f',
			'019ce5f4-2b3c-7d4e-9f50-6a7b8c9d0e1f',
			'01a0b1c2-d3e4-7f56-8a9b-0c1d2e3f4a5b'
		]);
		// Every turn and call arrived through the sink, once, and agrees with the session counts.
		for (const s of res.sessions) {
			expect(c.turns.filter((t) => t.sessionId === s.id)).toHaveLength(s.turns);
			expect(c.calls.filter((x) => x.sessionId === s.id)).toHaveLength(s.toolCalls);
		}
		expect(new Set(c.turns.map((t) => t.id)).size).toBe(c.turns.length);
		expect(new Set(c.calls.map((x) => x.id)).size).toBe(c.calls.length);
		// Top-level sessions add up to every token in the folder, each counted once.
		const top = res.sessions.filter((s) => !s.parentId);
		expect(top.reduce((n, s) => n + s.tokens.input + s.tokens.cacheRead, 0)).toBe(11_600 + 80_000 + (16_000 + 3_500) + (91_000 + 16_000) + 3_000);
		expect(c.progress.at(-1)).toBe(all.reduce((n, f) => n + f.size, 0) - all[0].size);
	});

	it('routes a mixed drop of Claude Code and Codex logs to both parsers', async () => {
		const codexFiles = (await collectInputFiles([FIX])).files;
		const claudeFiles = (await collectInputFiles([CLAUDE_FIX])).files;
		const res = await ingest([...claudeFiles, ...codexFiles], collector().sink, { formats: [claudeCode, codex] });
		const harnesses = res.sessions.map((s) => s.harness);
		expect(harnesses.filter((h) => h === 'codex')).toHaveLength(5);
		expect(harnesses.filter((h) => h === 'claude-code')).toHaveLength(7);
		expect(res.files.filter((f) => f.format === 'unknown').map((f) => f.path.replace(/^.*\//, ''))).toEqual(['other-tool.jsonl']);
	});
});
