import { describe, expect, it } from 'vitest';
import type { ToolCall, Turn } from '../../src/lib/model';
import { timelineEvents, tokenRows } from '../../src/lib/charts/session-charts';

const turn = (seq: number, role: Turn['role'], at?: number, extra: Partial<Turn> = {}): Turn => ({ id: `t${seq}`, sessionId: 's', seq, role, at, text: `text ${seq}`, ...extra });
const tokens = { input: 1, output: 2, cacheRead: 3, cacheWrite: 4, reasoning: 0 };

describe('session chart data', () => {
	it('one bar group per priced assistant response, four buckets each, synthetic ones left out', () => {
		const rows = tokenRows([turn(0, 'user', 1), turn(1, 'assistant', 2, { tokens }), turn(2, 'assistant', 3, { tokens, synthetic: true }), turn(3, 'assistant', 4, { tokens })]);
		expect(rows.map((r) => r.turn)).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
		expect(rows.filter((r) => r.turn === 2).map((r) => [r.bucket, r.tokens])).toEqual([
			['input (uncached)', 1],
			['cache read', 3],
			['cache write', 4],
			['output', 2]
		]);
	});

	it('timeline keeps only what has a time; tool calls span start to end', () => {
		const call: ToolCall = { id: 'c', sessionId: 's', seq: 0, at: 10, endedAt: 30, kind: 'shell', name: 'Bash', paths: [], outcome: 'rejected', summary: 'rm -rf /' };
		const ev = timelineEvents([turn(0, 'user', 5), turn(1, 'assistant')], [call, { ...call, id: 'd', at: undefined }]);
		expect(ev.map((e) => [e.lane, +e.start, +e.end, e.outcome])).toEqual([
			['user', 5, 5, 'ok'],
			['shell', 10, 30, 'rejected']
		]);
		expect(ev[1].label).toBe('Bash: rm -rf /');
	});
});
