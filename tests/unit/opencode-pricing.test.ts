// Unmocked: the bundled price table prices OpenCode's model and provider ids.
import { describe, expect, it } from 'vitest';
import { addCost, type Cost } from '../../src/lib/model';
import { estimateCost } from '../../src/lib/pricing';
import { fixtureFiles, run } from './opencode-helpers';

describe('opencode estimates with the real price table', () => {
	it('estimatedCost is the sum of per-message list-price estimates, next to the logged cost', async () => {
		const { res, c } = await run(await fixtureFiles('export/session-1.2.5.json'));
		const s = res.sessions[0];
		let sum: Cost = { usd: 0, source: 'estimated' };
		for (const t of c.turns) if (t.role === 'assistant') sum = addCost(sum, estimateCost(t.model!, t.tokens!, t.at, 'anthropic'));
		expect(s.estimatedCost!.source).toBe('estimated');
		expect(s.estimatedCost!.usd).toBeGreaterThan(0);
		expect(s.estimatedCost!.usd).toBeCloseTo(sum.usd, 12);
		expect(s.cost).toEqual({ usd: 0.0123 + 0.021, source: 'logged' });
	});
});
