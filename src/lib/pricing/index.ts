import type { Cost, Tokens } from '../model';

/** List-price estimate for one model call. Placeholder until the bundled price table lands. */
export function estimateCost(model: string, tokens: Tokens, at?: number): Cost {
	void model; void tokens; void at;
	return { usd: 0, source: 'unknown', note: 'no price table' };
}
