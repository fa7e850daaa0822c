// Parent sessions report what they and all their subagents (and sub-subagents) used: every parser
// groups its sessions by parent id and sums tokens, cost and models down the tree. One function, so
// the harnesses cannot drift apart in how a tree is totalled.
import { addCost, addTokens, emptyTokens, type Cost, type Tokens } from '../model';

/** What one session used by itself, before its descendants are added. */
export interface OwnUsage {
	tokens: Tokens;
	cost: Cost;
	models: readonly string[];
	/** A list-price estimate to roll up beside the cost (OpenCode keeps both). */
	est?: Cost;
	/** Billed by a subscription: true for the parent when any descendant is. */
	subscription?: boolean;
}

/** A session's totals over itself and its descendants. */
export interface RollupTotal {
	tokens: Tokens;
	cost: Cost;
	/** Own models first, then each descendant's new ones in child order. */
	models: string[];
	est?: Cost;
	subscription?: boolean;
}

export interface RollupOptions<N> {
	/** The full id of n's parent, or undefined for a root session. */
	parentId(n: N): string | undefined;
	own(n: N): OwnUsage;
	/** Levels below a root that are still summed; deeper descendants are left out of the total. */
	maxDepth?: number;
	/** Called for a child whose parent id names no session among the nodes (it still counts as that id's child). */
	onOrphan?(n: N, parentId: string): void;
}

export interface SubagentRollup<N> {
	/** Direct children per parent id, in input order. */
	children: Map<string, N[]>;
	/** n's totals; memoised per id, so a later call returns the same object whatever its depth. */
	total(n: N, depth?: number): RollupTotal;
	/** n's direct children, each with its own subtree's totals (Session.subagents). */
	subagents(n: N): { node: N; total: RollupTotal }[];
}

export function rollUpSubagents<N extends { id: string }>(nodes: Iterable<N>, opts: RollupOptions<N>): SubagentRollup<N> {
	const list = [...nodes];
	const ids = new Set(list.map((n) => n.id));
	const children = new Map<string, N[]>();
	for (const n of list) {
		const pid = opts.parentId(n);
		if (pid === undefined || pid === '') continue;
		if (!ids.has(pid)) opts.onOrphan?.(n, pid);
		const kids = children.get(pid);
		if (kids) kids.push(n);
		else children.set(pid, [n]);
	}
	const maxDepth = opts.maxDepth ?? 32;
	const totals = new Map<string, RollupTotal>();
	const total = (n: N, depth = 0): RollupTotal => {
		const done = totals.get(n.id);
		if (done) return done;
		const own = opts.own(n);
		const t: RollupTotal = { tokens: addTokens(emptyTokens(), own.tokens), cost: own.cost, models: [...own.models] };
		if (own.est !== undefined) t.est = own.est;
		if (own.subscription !== undefined) t.subscription = own.subscription;
		totals.set(n.id, t); // before recursing: a cycle in parent ids ends here
		if (depth < maxDepth) {
			for (const c of children.get(n.id) ?? []) {
				const ct = total(c, depth + 1);
				addTokens(t.tokens, ct.tokens);
				t.cost = addCost(t.cost, ct.cost);
				if (t.est !== undefined && ct.est !== undefined) t.est = addCost(t.est, ct.est);
				for (const m of ct.models) if (!t.models.includes(m)) t.models.push(m);
				if (ct.subscription) t.subscription = true;
			}
		}
		return t;
	};
	const subagents = (n: N) => (children.get(n.id) ?? []).map((c) => ({ node: c, total: total(c, 1) }));
	return { children, total, subagents };
}
