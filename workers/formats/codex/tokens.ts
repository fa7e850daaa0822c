// Codex `token_count` events carry the session's cumulative usage (`info.total_token_usage`) and are
// re-emitted with unchanged totals (at task start and end, on rate-limit updates). Usage is therefore
// the difference between consecutive totals, never the sum of the events.

import type { Tokens } from '../../../src/lib/model';
import { count as n } from '../common';

/** One `TokenUsage` object: input includes cached input; output includes reasoning. */
export interface Usage {
	input: number;
	cached: number;
	output: number;
	reasoning: number;
}

export const ZERO_USAGE: Usage = { input: 0, cached: 0, output: 0, reasoning: 0 };

export function readUsage(u: unknown): Usage | undefined {
	if (typeof u !== 'object' || u === null || Array.isArray(u)) return undefined;
	const r = u as Record<string, unknown>;
	return { input: n(r.input_tokens), cached: n(r.cached_input_tokens), output: n(r.output_tokens), reasoning: n(r.reasoning_output_tokens) };
}

/** Identity of a cumulative total, for recognising a parent's totals replayed into a child file. */
export function usageKey(u: Usage): string {
	return `${u.input},${u.cached},${u.output},${u.reasoning}`;
}

/** Canonical buckets: cached input is split out of input; output keeps reasoning, which is also reported apart. */
export function toTokens(u: Usage): Tokens {
	return { input: Math.max(0, u.input - u.cached), output: u.output, cacheRead: u.cached, cacheWrite: 0, reasoning: u.reasoning };
}

function isZero(u: Usage): boolean {
	return u.input === 0 && u.cached === 0 && u.output === 0 && u.reasoning === 0;
}

/** Follows one file's cumulative totals and hands out what each new total adds. */
export class CumulativeUsage {
	private prev: Usage = ZERO_USAGE;
	/** Times the total went down (see `advance`). */
	resets = 0;

	/**
	 * The usage `total` adds to the previous total, or undefined when it adds nothing (a re-emitted
	 * event). When any bucket is smaller than before, the counter was restarted (a new process
	 * resuming the session without its old total, or Codex zeroing the buckets after a context
	 * overflow): the new total then counts from zero, so all of it is new.
	 */
	advance(total: Usage): Usage | undefined {
		const p = this.prev;
		this.prev = total;
		let d: Usage;
		if (total.input < p.input || total.cached < p.cached || total.output < p.output || total.reasoning < p.reasoning) {
			this.resets++;
			d = total;
		} else {
			d = { input: total.input - p.input, cached: total.cached - p.cached, output: total.output - p.output, reasoning: total.reasoning - p.reasoning };
		}
		return isZero(d) ? undefined : d;
	}

	/** A total that is not this session's own (replayed history): later deltas count from it. */
	baseline(total: Usage): void {
		this.prev = total;
	}
}
