import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Tokens } from '../../src/lib/model';

// Count lookups to prove the hot path is memoized, without changing what the library returns.
const lookups = vi.hoisted(() => ({ n: 0 }));
vi.mock('@pydantic/genai-prices', async (importOriginal) => {
	const lib = await importOriginal<typeof import('@pydantic/genai-prices')>();
	return {
		...lib,
		calcPrice: (...args: Parameters<typeof lib.calcPrice>) => {
			lookups.n++;
			return lib.calcPrice(...args);
		}
	};
});

const network: string[] = [];
const deny = (kind: string) =>
	function (this: unknown, ...args: unknown[]) {
		network.push(`${kind} ${String(args[0])}`);
		throw new Error(`network access during pricing: ${kind}`);
	};

const tok = (t: Partial<Tokens>): Tokens => ({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, ...t });

describe('pricing offline', () => {
	beforeAll(() => {
		vi.stubGlobal('fetch', vi.fn(deny('fetch')));
		vi.stubGlobal('XMLHttpRequest', vi.fn(deny('XMLHttpRequest')));
		vi.stubGlobal('WebSocket', vi.fn(deny('WebSocket')));
	});
	afterAll(() => {
		vi.unstubAllGlobals();
	});

	it('loads the table and estimates known and unknown models without any network call', async () => {
		// Imported after the stubs so module-load work is covered too.
		const { estimateCost } = await import('../../src/lib/pricing');
		const ids: [string, string?][] = [
			['claude-sonnet-4-5-20250929'],
			['claude-opus-4-6'],
			['gpt-5-codex'],
			['gpt-5.3-codex', 'openai'],
			['gemini-2.5-pro'],
			['deepseek-chat', 'deepseek'],
			['no-such-model'],
			['<synthetic>']
		];
		for (const [m, p] of ids) estimateCost(m, tok({ input: 100, output: 100, cacheRead: 1000 }), Date.now(), p);
		await new Promise((r) => setTimeout(r, 20));
		expect(network).toEqual([]);
		expect(vi.mocked(globalThis.fetch)).not.toHaveBeenCalled();
	});

	it('memoizes lookups: repeated estimates do not call into the library', async () => {
		const { estimateCost } = await import('../../src/lib/pricing');
		const t = tok({ input: 10, output: 20, cacheRead: 3000, cacheWrite: 400 });
		estimateCost('claude-haiku-4-5-20251001', t, Date.parse('2025-11-01'));
		const before = lookups.n;
		let sum = 0;
		for (let i = 0; i < 10000; i++) sum += estimateCost('claude-haiku-4-5-20251001', t, Date.parse('2025-11-01') + i).usd;
		expect(lookups.n).toBe(before);
		// 10*1 + 3000*0.1 + 400*1.25 + 20*5 = 910 per M, 10000 times
		expect(sum).toBeCloseTo(9.1, 8);
		// Unknown ids are memoized too.
		estimateCost('no-such-model-2', t);
		const afterFirst = lookups.n;
		for (let i = 0; i < 100; i++) estimateCost('no-such-model-2', t);
		expect(lookups.n).toBe(afterFirst);
	});
});
