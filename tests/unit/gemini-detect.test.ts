import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detect } from '../../workers/formats/gemini-cli/detect';
import { geminiCli } from '../../workers/formats/gemini-cli';
import { aider } from '../../workers/formats/aider';
import { claudeCode } from '../../workers/formats/claude-code';
import { detectFormat } from '../../workers/formats/registry';
import { ingest } from '../../workers/ingest-core';
import { collector, memFile } from './claude-code-helpers';

const G = fileURLToPath(new URL('../fixtures/gemini-cli', import.meta.url));
const C = fileURLToPath(new URL('../fixtures/claude-code', import.meta.url));
const A = fileURLToPath(new URL('../fixtures/aider/shop/.aider.chat.history.md', import.meta.url));
const OLD = join(G, '1bffac0027acbbae17c7faac806f6a8bd1f3cc0fdaa1d8b89b1d526ec35f6416/chats/session-2025-09-14T08-30-5be0c1d2.json');
const NEW = join(G, 'ledger/chats/session-2026-05-02T10-00-9a8b7c6d.jsonl');
const head = (p: string) => readFileSync(p, 'utf8').slice(0, 64 * 1024);

describe('gemini-cli detect', () => {
	it('recognises both eras by content, whatever the file is called', () => {
		expect(detect(head(OLD), 'renamed.txt')).toBe(true);
		expect(detect(head(NEW), 'renamed.txt')).toBe(true);
		expect(detect(head(join(G, 'orbit/chats/session-2027-01-10T12-00-0f0e0d0c.jsonl')), 'x')).toBe(true);
		// A pretty document cut off by the head, and a compact one longer than the head.
		expect(detect(head(OLD).slice(0, 300), 'x')).toBe(true);
		const compact = JSON.stringify({ sessionId: 's', projectHash: 'p', startTime: '2026-01-01T00:00:00Z', messages: [{ id: 'a', content: 'x'.repeat(70_000) }] });
		expect(detect(compact.slice(0, 64 * 1024), 'x')).toBe(true);
	});

	it('does not claim Claude Code, aider, or the other files under ~/.gemini', () => {
		for (const dir of readdirSync(C)) {
			const p = join(C, dir);
			const file = dir.endsWith('.jsonl') ? p : join(p, readdirSync(p).find((f) => f.endsWith('.jsonl'))!);
			expect(detect(head(file), file), file).toBe(false);
		}
		expect(detect(head(A), A)).toBe(false);
		// logs.json (prompt log), a /chat save checkpoint, projects.json, settings.json, a lone message line.
		expect(detect('[{"sessionId":"s","messageId":0,"type":"user","message":"hi","timestamp":"2026-01-01T00:00:00Z"}]', 'logs.json')).toBe(false);
		expect(detect('[\n  {\n    "role": "user",\n    "parts": [{ "text": "hi" }]\n  }\n]', 'checkpoint-x.json')).toBe(false);
		expect(detect('{\n  "projects": { "/home/dev/ledger": "ledger" }\n}', 'projects.json')).toBe(false);
		expect(detect('{"theme":"Default","selectedAuthType":"oauth-personal"}', 'settings.json')).toBe(false);
		expect(detect('{"id":"m1","timestamp":"2026-01-01T00:00:00Z","type":"user","content":[{"text":"hi"}]}\n', 'x.jsonl')).toBe(false);
		expect(detect('', 'x.jsonl')).toBe(false);
	});

	it('is not claimed by the Claude Code detector, which the registry tries first', () => {
		expect(claudeCode.detect(head(OLD), OLD)).toBe(false);
		expect(claudeCode.detect(head(NEW), NEW)).toBe(false);
		expect(detectFormat(head(NEW), 'x.jsonl', [claudeCode, geminiCli, aider])?.id).toBe('gemini-cli');
		expect(detectFormat(head(OLD), 'x.json', [claudeCode, geminiCli, aider])?.id).toBe('gemini-cli');
	});

	it('sorts a mixed drop through ingest: gemini, aider, and what neither knows', async () => {
		const claude = join(C, 'other-tool.jsonl');
		const files = [memFile('g/session.jsonl', readFileSync(NEW)), memFile('a/.aider.chat.history.md', readFileSync(A)), memFile('c/x.jsonl', readFileSync(claude))];
		const res = await ingest(files, collector().sink, { formats: [geminiCli, aider] });
		expect(res.files.map((f) => [f.path, f.format])).toEqual([
			['g/session.jsonl', 'gemini-cli'],
			['a/.aider.chat.history.md', 'aider'],
			['c/x.jsonl', 'unknown']
		]);
		expect(res.sessions.map((s) => s.harness)).toEqual(['gemini-cli', 'aider', 'aider']);
	});
});
