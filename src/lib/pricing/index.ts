// List-price estimates from the price data bundled in @pydantic/genai-prices.
// Only `calcPrice` is used: the package fetches nothing unless `updatePrices` is given a fetching
// factory, and that is never called here, so prices stay the bundled snapshot.
// calcPrice re-resolves the model on every call (~50k calls/s), so it is used once per (model, provider)
// to find the price record; the arithmetic below reproduces its rules and runs at millions of calls/s.
import { calcPrice } from '@pydantic/genai-prices';
import type { ModelInfo, ModelPrice, Usage } from '@pydantic/genai-prices';
import type { Cost, Tokens } from '../model';
import { PRICE_TABLE_INFO } from './info';
export { PRICE_TABLE_INFO };


/** Per-million rate, flat or tiered on the request's total prompt tokens. */
type Rate = number | { base: number; starts: number[]; prices: number[] };

interface Rates {
	input?: Rate;
	output?: Rate;
	cacheRead?: Rate;
	cacheWrite?: Rate;
	cacheWrite1h?: Rate;
	reasoning?: Rate;
	/** USD per request (`requests_kcount` / 1000). */
	perRequest: number;
}

interface Resolved {
	providerId: string;
	modelId: string;
	/** The (model, provider) pair the library matched, for the slow path. */
	lookup: { model: string; provider?: string };
	/** Date-conditional price sets in data order; `from` is epoch ms, undefined when unconstrained. */
	variants: { from?: number; rates: Rates }[] | null;
	note: string;
}

function toRate(v: ModelPrice[string]): Rate | undefined {
	if (typeof v === 'number') return v;
	if (v && typeof v === 'object' && typeof v.base === 'number' && Array.isArray(v.tiers)) {
		const tiers = [...v.tiers].sort((a, b) => a.start - b.start);
		return { base: v.base, starts: tiers.map((t) => t.start), prices: tiers.map((t) => t.price) };
	}
	return undefined;
}

function toRates(p: ModelPrice): Rates {
	const req = p.requests_kcount;
	return {
		input: toRate(p.input_mtok),
		output: toRate(p.output_mtok),
		cacheRead: toRate(p.cache_read_mtok),
		cacheWrite: toRate(p.cache_write_mtok),
		cacheWrite1h: toRate(p.cache_write_1h_mtok),
		reasoning: toRate(p.output_reasoning_mtok),
		perRequest: typeof req === 'number' ? req / 1000 : 0
	};
}

/** Start-date variants precomputed; null (use calcPrice) for time-of-day prices such as DeepSeek's off-peak. */
function toVariants(m: ModelInfo): Resolved['variants'] {
	if (!Array.isArray(m.prices)) return [{ rates: toRates(m.prices) }];
	const out: { from?: number; rates: Rates }[] = [];
	for (const cp of m.prices) {
		const c = cp.constraint as { start_date?: string; start_time?: string } | undefined;
		if (c && (c.start_time !== undefined || c.start_date === undefined)) return null;
		const from = c ? Date.parse(c.start_date!) : undefined;
		if (from !== undefined && Number.isNaN(from)) return null;
		out.push({ from, rates: toRates(cp.prices) });
	}
	return out.length ? out : null;
}

// Same selection rule as the library: last matching entry wins, the first entry is the default.
function ratesAt(v: NonNullable<Resolved['variants']>, at: number): Rates {
	for (let i = v.length - 1; i >= 0; i--) {
		const from = v[i].from;
		if (from === undefined || at >= from) return v[i].rates;
	}
	return v[0].rates;
}

// The library picks the tier by the request's total prompt (uncached + cache read + cache write),
// strictly above `start`, and applies it to every bucket, output included.
function rateAt(r: Rate, prompt: number): number {
	if (typeof r === 'number') return r;
	let p = r.base;
	for (let i = 0; i < r.starts.length; i++) if (prompt > r.starts[i]) p = r.prices[i];
	return p;
}

const nz = (n: number | undefined): number => (n !== undefined && n > 0 ? n : 0);

/** One-hour cache writes: explicit, or the remainder when only the 5-minute part is logged. */
function oneHourWrites(t: Tokens, cacheWrite: number): number {
	const h = t.cacheWrite1h !== undefined ? nz(t.cacheWrite1h) : t.cacheWrite5m !== undefined ? cacheWrite - nz(t.cacheWrite5m) : 0;
	return h <= 0 ? 0 : h > cacheWrite ? cacheWrite : h;
}

// Mirrors the library's unit decomposition: a bucket without its own price falls back to its parent
// (cache reads/writes to input, 1 h writes to cache writes, reasoning to output).
function compute(r: Rates, t: Tokens): number {
	const cr = nz(t.cacheRead);
	const cw = nz(t.cacheWrite);
	const out = nz(t.output);
	const prompt = nz(t.input) + cr + cw;
	let uncached = nz(t.input);
	let usd = 0;
	if (r.cacheRead !== undefined) usd += rateAt(r.cacheRead, prompt) * cr;
	else uncached += cr;
	if (r.cacheWrite !== undefined) {
		const h1 = oneHourWrites(t, cw);
		usd += rateAt(r.cacheWrite, prompt) * (cw - h1);
		if (h1 > 0) {
			// The library would bill 1 h writes at the 5-minute rate when a model lacks the 1 h price;
			// the 1 h TTL is Anthropic's, billed at 2x base input.
			const rate = r.cacheWrite1h !== undefined ? rateAt(r.cacheWrite1h, prompt) : r.input !== undefined ? 2 * rateAt(r.input, prompt) : rateAt(r.cacheWrite, prompt);
			usd += rate * h1;
		}
	} else uncached += cw;
	if (r.input !== undefined) usd += rateAt(r.input, prompt) * uncached;
	if (r.reasoning !== undefined) {
		const rs = Math.min(nz(t.reasoning), out);
		usd += rateAt(r.reasoning, prompt) * rs;
		if (r.output !== undefined) usd += rateAt(r.output, prompt) * (out - rs);
	} else if (r.output !== undefined) usd += rateAt(r.output, prompt) * out;
	return usd / 1e6 + r.perRequest;
}

/** The library's Usage: its input_tokens is the total prompt, cache buckets being parts of it. */
function toUsage(t: Tokens): Usage {
	const cr = nz(t.cacheRead);
	const cw = nz(t.cacheWrite);
	const out = nz(t.output);
	return {
		input_tokens: nz(t.input) + cr + cw,
		cache_read_tokens: cr,
		cache_write_tokens: cw,
		cache_write_1h_tokens: oneHourWrites(t, cw),
		output_tokens: out,
		output_reasoning_tokens: Math.min(nz(t.reasoning), out)
	};
}

const DATE_SUFFIX = /(?:[-@]20\d{2}-?\d{2}-?\d{2})$/;
const BEDROCK = /^(?:(?:us|eu|apac|au|jp|global)\.)?(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|qwen)\.(.+?)(?:-v\d+(?::\d+)?)?$/;

/** Lookups to try, most specific first. Suffix stripping only after the ids as logged. */
function candidates(model: string, provider?: string): { model: string; provider?: string }[] {
	const list: { model: string; provider?: string }[] = [];
	const add = (m: string, p?: string) => {
		if (m && !list.some((c) => c.model === m && c.provider === p)) list.push({ model: m, provider: p });
	};
	const forms = [model];
	const slash = model.indexOf('/');
	const prefix = slash > 0 ? model.slice(0, slash) : undefined;
	const rest = slash > 0 ? model.slice(slash + 1) : model;
	if (prefix) forms.push(rest);
	for (const f of forms) {
		if (provider) add(f, provider);
		if (f === rest && prefix) add(f, prefix);
		add(f);
	}
	let stripped = rest.replace(/\[[^\]]*\]$/, '');
	const bedrock = BEDROCK.exec(stripped);
	if (bedrock) stripped = bedrock[1];
	stripped = stripped.replace(DATE_SUFFIX, '');
	if (stripped !== rest) {
		if (provider) add(stripped, provider);
		if (prefix) add(stripped, prefix);
		add(stripped);
	}
	return list;
}

function lookup(model: string, provider?: string): Resolved | null {
	for (const c of candidates(model, provider)) {
		let hit: ReturnType<typeof calcPrice> = null;
		try {
			hit = calcPrice({}, c.model, { providerId: c.provider, timestamp: new Date(0) });
		} catch {
			hit = null;
		}
		if (!hit) continue;
		return {
			providerId: hit.provider.id,
			modelId: hit.model.id,
			lookup: c,
			variants: toVariants(hit.model),
			note: `${PRICE_TABLE_INFO.source} ${PRICE_TABLE_INFO.version}: ${hit.provider.id}/${hit.model.id}`
		};
	}
	return null;
}

// provider → model → record. Distinct ids are few; the cap only guards against junk input.
const memo = new Map<string, Map<string, Resolved | null>>();
let memoSize = 0;
const MEMO_CAP = 10_000;

/** The price record a (model, provider) pair resolves to, or null. Memoized. */
export function resolvePriceModel(model: string, provider?: string): { providerId: string; modelId: string } | null {
	const r = resolved(model, provider);
	return r && { providerId: r.providerId, modelId: r.modelId };
}

function resolved(model: string, provider?: string): Resolved | null {
	const pk = provider ?? '';
	const hit = memo.get(pk)?.get(model);
	if (hit !== undefined) return hit;
	const id = model.trim().toLowerCase();
	// Harness placeholders such as Claude Code's `<synthetic>` are not models.
	const r = !id || id.startsWith('<') ? null : lookup(id, provider?.trim().toLowerCase() || undefined);
	if (memoSize >= MEMO_CAP) {
		memo.clear();
		memoSize = 0;
	}
	let byModel = memo.get(pk);
	if (!byModel) memo.set(pk, (byModel = new Map()));
	byModel.set(model, r);
	memoSize++;
	return r;
}

/** List-price estimate for one model call. `at` (epoch ms) picks date-dependent prices; default now. */
export function estimateCost(model: string, tokens: Tokens, at?: number, provider?: string): Cost {
	const r = resolved(model, provider);
	if (!r) return { usd: 0, source: 'unknown', note: `no price for ${model}` };
	const when = at !== undefined && Number.isFinite(at) ? at : Date.now();
	if (r.variants) return { usd: compute(ratesAt(r.variants, when), tokens), source: 'estimated', note: r.note };
	try {
		const hit = calcPrice(toUsage(tokens), r.lookup.model, { providerId: r.lookup.provider, timestamp: new Date(when) });
		if (hit) return { usd: hit.total_price, source: 'estimated', note: r.note };
	} catch {
		// Falls through: malformed data for this model must not break an import.
	}
	return { usd: 0, source: 'unknown', note: `no price for ${model}` };
}
