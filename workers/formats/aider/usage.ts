// Aider's usage report lines (aider/coders/base_coder.py, calculate_and_show_tokens_and_cost):
//   Tokens: 3.7k sent, 37 received. Cost: $0.01 message, $0.02 session.
//   Tokens: 12k sent, 1.3k cache write, 10k cache hit, 260 received.⏎Cost: $0.0042 message, $0.0142 session.
// Older versions wrote `1,234 sent` (thousands separators), `N cached`, and `$x request`.
// Counts are rounded by aider's format_tokens (exact below 1000, one decimal of k below 10k, whole
// k above), so figures from these lines are approximate to that precision.

import type { Tokens } from '../../../src/lib/model';

export interface UsageLine {
	sent: number;
	received: number;
	cacheWrite: number;
	cacheHit: number;
	cost?: CostFigures;
}

export interface CostFigures {
	message: number;
	session: number;
	/** Half a unit of the last printed digit of each figure: the rounding they may carry. */
	messageErr: number;
	sessionErr: number;
}

const ITEM = /^([\d][\d,]*(?:\.\d+)?)\s*([kKmM])?\s+(sent|received|cache write|cache hit|cached)$/;

function count(num: string, suffix: string | undefined): number {
	const v = Number(num.replace(/,/g, ''));
	const mult = suffix === 'k' || suffix === 'K' ? 1e3 : suffix === 'm' || suffix === 'M' ? 1e6 : 1;
	return Math.round(v * mult);
}

function figure(s: string): { v: number; err: number } | undefined {
	const m = /^\$?([\d,]*\.?\d+)$/.exec(s.trim());
	if (!m) return undefined;
	const digits = m[1].replace(/,/g, '');
	const dot = digits.indexOf('.');
	const decimals = dot < 0 ? 0 : digits.length - dot - 1;
	return { v: Number(digits), err: 0.5 * 10 ** -decimals };
}

const COST = /^Cost:\s*(\$[\d.,]+)\s+(?:message|request),\s*(\$[\d.,]+)\s+session\.?$/;

/** `Cost: $m message, $s session.` (the `message` word was `request` in older versions). */
export function parseCost(text: string): CostFigures | undefined {
	const m = COST.exec(text.trim());
	if (!m) return undefined;
	const a = figure(m[1]);
	const b = figure(m[2]);
	if (!a || !b) return undefined;
	return { message: a.v, session: b.v, messageErr: a.err, sessionErr: b.err };
}

/** The text after `Tokens: `; undefined when it does not read as a complete usage report. */
export function parseTokens(text: string): UsageLine | undefined {
	let body = text.trim();
	let cost: CostFigures | undefined;
	const c = body.indexOf('Cost:');
	if (c >= 0) {
		cost = parseCost(body.slice(c));
		if (!cost) return undefined;
		body = body.slice(0, c).trim();
	}
	if (!body.endsWith('.')) return undefined;
	body = body.slice(0, -1);
	const u: UsageLine = { sent: -1, received: -1, cacheWrite: 0, cacheHit: 0 };
	// Items are separated by ", "; a thousands separator has no space after its comma.
	for (const item of body.split(/,\s+/)) {
		const m = ITEM.exec(item.trim());
		if (!m) return undefined;
		const v = count(m[1], m[2]);
		if (m[3] === 'sent') u.sent = v;
		else if (m[3] === 'received') u.received = v;
		else if (m[3] === 'cache write') u.cacheWrite = v;
		else u.cacheHit = v;
	}
	if (u.sent < 0 || u.received < 0) return undefined;
	if (cost) u.cost = cost;
	return u;
}

/**
 * Aider's "sent" is the whole prompt: litellm's prompt_tokens (which includes cached reads for
 * OpenAI, DeepSeek, Gemini and, as litellm maps it, Anthropic) plus the cache writes aider adds for
 * Anthropic. So the uncached input is sent − cache hit − cache write (never below 0), the cache
 * buckets are the hit and write figures, and "received" is output (reasoning is not reported).
 */
export function usageTokens(u: UsageLine): Tokens {
	return {
		input: Math.max(0, u.sent - u.cacheHit - u.cacheWrite),
		output: u.received,
		cacheRead: u.cacheHit,
		cacheWrite: u.cacheWrite,
		reasoning: 0
	};
}
