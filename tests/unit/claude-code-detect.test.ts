import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect } from '../../workers/formats/claude-code/detect';
import { detectFormat, formats } from '../../workers/formats/registry';
import { detectFiles, ingest } from '../../workers/ingest-core';
import { FIXTURES, collector, line, memFile } from './claude-code-helpers';

const APP = join(FIXTURES, '-home-dev-app');
const MAIN = join(APP, '5f0c9a7e-2b1d-4c3e-9f8a-7b6c5d4e3f21.jsonl');
const head = (p: string) => readFileSync(p, 'utf8').slice(0, 64 * 1024);

describe('claude-code detect', () => {
	it('recognises every era of session file by content, whatever the name', () => {
		for (const rel of [
			'-home-dev-legacy/0b1e6f1a-1c2d-4e5f-8a9b-0c1d2e3f4a5b.jsonl',
			'-home-dev-app/5f0c9a7e-2b1d-4c3e-9f8a-7b6c5d4e3f21.jsonl',
			'-home-dev-app/5f0c9a7e-2b1d-4c3e-9f8a-7b6c5d4e3f21/subagents/agent-a1b2c3d.jsonl',
			'-home-dev-tool/agent-3c4d5e6f.jsonl',
			'-home-dev-future/e3f4a5b6-c7d8-4e9f-a0b1-c2d3e4f5a6b7.jsonl'
		])
			expect(detect(head(join(FIXTURES, rel)), 'renamed.txt'), rel).toBe(true);
	});

	it('recognises a summary-only file and a subagent .meta.json', () => {
		expect(detect(line({ type: 'summary', summary: 'T', leafUuid: 'u1' }) + '\n', 'x.jsonl')).toBe(true);
		expect(detect(readFileSync(join(APP, '5f0c9a7e-2b1d-4c3e-9f8a-7b6c5d4e3f21/subagents/agent-a1b2c3d.meta.json'), 'utf8'), 'p/agent-a1b2c3d.meta.json')).toBe(true);
		// The same JSON under another name is not claimed.
		expect(detect('{"agentType":"general-purpose"}', 'p/settings.json')).toBe(false);
	});

	it('judges a head that ends mid-line by its complete lines, or by the first line alone', () => {
		const text = head(MAIN);
		expect(detect(text.slice(0, text.indexOf('\n', 2000) + 40), 'x')).toBe(true);
		const huge = line({ type: 'user', sessionId: 'S', uuid: 'u', message: { role: 'user', content: 'x'.repeat(70_000) } });
		expect(detect(huge.slice(0, 64 * 1024), 'x')).toBe(true);
	});

	it('does not claim other JSONL formats or text', () => {
		expect(detect(head(join(FIXTURES, 'other-tool.jsonl')), 'rollout.jsonl')).toBe(false);
		expect(detect('{"id":"ses_1","type":"user","content":"hi"}\n', 'x.jsonl')).toBe(false);
		expect(detect('{"sessionId":"s","projectHash":"h","startTime":"2026-01-01"}\n', 'x.jsonl')).toBe(false);
		expect(detect('name,value\na,1\n', 'x.csv')).toBe(false);
		expect(detect('', 'x.jsonl')).toBe(false);
	});

	it('is reached through the registry, and ingest reports unknown files', async () => {
		expect(formats.map((f) => f.id)).toContain('claude-code');
		expect(detectFormat(head(MAIN), 'a.jsonl')?.id).toBe('claude-code');
		expect(detectFormat('hello', 'a.txt')).toBeUndefined();

		const files = [memFile('notes.txt', 'just text\n'), memFile('S.jsonl', readFileSync(MAIN))];
		expect((await detectFiles(files)).map((d) => d.format?.id)).toEqual([undefined, 'claude-code']);
		const c = collector();
		const res = await ingest(files, c.sink);
		expect(res.files.map((f) => [f.path, f.format])).toEqual([
			['notes.txt', 'unknown'],
			['S.jsonl', 'claude-code']
		]);
		expect(res.files[0].warnings[0]).toContain('notes.txt');
		// A file name that is not a session id: the id comes from the lines.
		expect(res.sessions.map((s) => s.nativeId)).toEqual(['5f0c9a7e-2b1d-4c3e-9f8a-7b6c5d4e3f21']);
	});
});
