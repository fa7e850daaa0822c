import type { Tokens } from '../../../src/lib/model';
import { count as n } from '../common';

/** Maps an Anthropic `message.usage` object onto the canonical buckets (reasoning is not reported). */
export function usageTokens(u: unknown): Tokens {
	const t: Tokens = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
	if (typeof u !== 'object' || u === null) return t;
	const r = u as Record<string, unknown>;
	t.input = n(r.input_tokens);
	t.output = n(r.output_tokens);
	t.cacheRead = n(r.cache_read_input_tokens);
	t.cacheWrite = n(r.cache_creation_input_tokens);
	const cc = r.cache_creation;
	if (typeof cc === 'object' && cc !== null) {
		const c = cc as Record<string, unknown>;
		t.cacheWrite5m = n(c.ephemeral_5m_input_tokens);
		t.cacheWrite1h = n(c.ephemeral_1h_input_tokens);
		if (t.cacheWrite === 0) t.cacheWrite = t.cacheWrite5m + t.cacheWrite1h;
	}
	return t;
}

export function subtractTokens(into: Tokens, t: Tokens): Tokens {
	into.input -= t.input;
	into.output -= t.output;
	into.cacheRead -= t.cacheRead;
	into.cacheWrite -= t.cacheWrite;
	into.reasoning -= t.reasoning;
	if (t.cacheWrite5m !== undefined) into.cacheWrite5m = (into.cacheWrite5m ?? 0) - t.cacheWrite5m;
	if (t.cacheWrite1h !== undefined) into.cacheWrite1h = (into.cacheWrite1h ?? 0) - t.cacheWrite1h;
	return into;
}
