import { describe, expect, it } from 'vitest';
import { parseClaudeCode } from '../../workers/formats/claude-code/parse';
import { collector, memFile } from './claude-code-helpers';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';
const env = (sessionId: string, uuid: string, at: string) => ({ sessionId, uuid, timestamp: at, cwd: '/w/x', version: '2.1.40', isSidechain: false });
const user = (s: string, uuid: string, at: string, content: string) => JSON.stringify({ type: 'user', ...env(s, uuid, at), message: { role: 'user', content } });
const system = (s: string, uuid: string, at: string) => JSON.stringify({ type: 'system', subtype: 'turn_duration', durationMs: 10, ...env(s, uuid, at) });
const summary = (text: string, leafUuid: string) => JSON.stringify({ type: 'summary', summary: text, leafUuid });

describe('claude-code session titles', () => {
	it('a summary in a later file names the session whose last line is its leaf; others fall back to the first prompt', async () => {
		const a = [user(A, 'a1', '2026-05-01T09:00:00.000Z', 'fix the flaky test\nmore detail'), system(A, 'a-end', '2026-05-01T09:01:00.000Z')].join('\n') + '\n';
		const b = [summary('Flaky test fixed', 'a-end'), summary('Unrelated older work', 'not-imported'), user(B, 'b1', '2026-05-02T09:00:00.000Z', 'now the docs')].join('\n') + '\n';
		const c = user(C, 'c1', '2026-05-03T09:00:00.000Z', '<command-message>review is running…</command-message>\n<command-name>/review</command-name>\n<command-args>src/db</command-args>') + '\n';
		const res = await parseClaudeCode([memFile(`p/${B}.jsonl`, b), memFile(`p/${A}.jsonl`, a), memFile(`p/${C}.jsonl`, c)], collector().sink);
		const title = (id: string) => res.sessions.find((s) => s.nativeId === id)?.title;
		expect(title(A)).toBe('Flaky test fixed');
		// A summary whose leaf is in no imported file names the file it sits in.
		expect(title(B)).toBe('Unrelated older work');
		expect(title(C)).toBe('/review src/db');
	});

	it('caps a long first prompt at 100 characters', async () => {
		const res = await parseClaudeCode([memFile(`p/${C}.jsonl`, user(C, 'c1', '2026-05-03T09:00:00.000Z', 'x'.repeat(300)) + '\n')], collector().sink);
		expect(res.sessions[0].title).toHaveLength(100);
		expect(res.sessions[0].title?.endsWith('…')).toBe(true);
	});
});
