import { describe, expect, it } from 'vitest';
import { rollUpSubagents, type OwnUsage } from '../../src/lib/analysis/subagent-rollup';
import { emptyTokens, type Cost } from '../../src/lib/model';

interface Node {
	id: string;
	parent?: string;
	input: number;
	cost: Cost;
	models: string[];
	est?: Cost;
	subscription?: boolean;
}

const node = (id: string, parent: string | undefined, input: number, cost: Cost, models: string[], extra: Partial<Node> = {}): Node => ({
	id,
	parent,
	input,
	cost,
	models,
	...extra
});

const own = (n: Node): OwnUsage => {
	const u: OwnUsage = { tokens: { ...emptyTokens(), input: n.input, output: 1 }, cost: n.cost, models: n.models };
	if (n.est) u.est = n.est;
	if (n.subscription !== undefined) u.subscription = n.subscription;
	return u;
};

describe('rollUpSubagents', () => {
	it('sums own and every descendant; subagents keep each direct child subtree', () => {
		const nodes = [
			node('root', undefined, 100, { usd: 1, source: 'logged' }, ['a']),
			node('c1', 'root', 10, { usd: 0.5, source: 'logged' }, ['b']),
			node('g1', 'c1', 1, { usd: 0.25, source: 'logged' }, ['c']),
			node('c2', 'root', 20, { usd: 0.125, source: 'logged' }, ['a', 'd'])
		];
		const r = rollUpSubagents(nodes, { parentId: (n) => n.parent, own });
		const t = r.total(nodes[0]);
		expect(t.tokens).toEqual({ ...emptyTokens(), input: 131, output: 4 });
		expect(t.cost).toEqual({ usd: 1.875, source: 'logged' });
		expect(r.subagents(nodes[0]).map(({ node: n, total }) => [n.id, total.tokens.input, total.cost.usd])).toEqual([
			['c1', 11, 0.75],
			['c2', 20, 0.125]
		]);
		expect(r.subagents(nodes[2])).toEqual([]);
		// Own tokens are copied, never summed into.
		expect(own(nodes[0]).tokens.input).toBe(100);
		// Memoised: the same object whichever depth asks.
		expect(r.total(nodes[1], 5)).toBe(r.total(nodes[1]));
	});

	it('keeps own models first, then new ones in child order', () => {
		const nodes = [
			node('p', undefined, 0, { usd: 0, source: 'logged' }, ['m2', 'm1']),
			node('x', 'p', 0, { usd: 0, source: 'logged' }, ['m3', 'm1']),
			node('y', 'p', 0, { usd: 0, source: 'logged' }, ['m4', 'm3', 'm2'])
		];
		const own0 = nodes[0].models.slice();
		const r = rollUpSubagents(nodes, { parentId: (n) => n.parent, own });
		expect(r.total(nodes[0]).models).toEqual(['m2', 'm1', 'm3', 'm4']);
		expect(nodes[0].models).toEqual(own0);
	});

	it('takes the weakest cost provenance among the tree, and rolls an estimate beside it', () => {
		const nodes = [
			node('p', undefined, 0, { usd: 1, source: 'logged' }, [], { est: { usd: 2, source: 'estimated' } }),
			node('c', 'p', 0, { usd: 1, source: 'estimated' }, [], { est: { usd: 3, source: 'estimated' } }),
			node('u', 'c', 0, { usd: 0, source: 'unknown' }, [], { est: { usd: 4, source: 'estimated' } })
		];
		const r = rollUpSubagents(nodes, { parentId: (n) => n.parent, own });
		expect(r.total(nodes[0]).cost).toEqual({ usd: 2, source: 'unknown' });
		expect(r.total(nodes[0]).est).toEqual({ usd: 9, source: 'estimated' });
		expect(r.total(nodes[1]).cost).toEqual({ usd: 1, source: 'unknown' });
		const plain = rollUpSubagents([node('a', undefined, 0, { usd: 1, source: 'logged' }, []), node('b', 'a', 0, { usd: 1, source: 'estimated' }, [])], {
			parentId: (n) => n.parent,
			own
		});
		const t = plain.total(plain.children.get('a')![0]);
		expect(t).not.toHaveProperty('est');
		expect(t).not.toHaveProperty('subscription');
		expect(plain.subagents({ id: 'a' } as Node)[0].total.cost).toEqual({ usd: 1, source: 'estimated' });
	});

	it('marks a parent subscription-billed when any descendant is', () => {
		const nodes = [
			node('p', undefined, 0, { usd: 0, source: 'logged' }, [], { subscription: false }),
			node('c', 'p', 0, { usd: 0, source: 'logged' }, [], { subscription: false }),
			node('g', 'c', 0, { usd: 0, source: 'logged' }, [], { subscription: true })
		];
		const r = rollUpSubagents(nodes, { parentId: (n) => n.parent, own });
		expect(r.total(nodes[0]).subscription).toBe(true);
	});

	it('stops summing below the depth cap', () => {
		// A chain of 6: n0 ← n1 ← … ← n5, each with 1 input token.
		const chain = Array.from({ length: 6 }, (_, i) => node(`n${i}`, i ? `n${i - 1}` : undefined, 1, { usd: 1, source: 'logged' }, [`m${i}`]));
		const r = rollUpSubagents(chain, { parentId: (n) => n.parent, own, maxDepth: 3 });
		const t = r.total(chain[0]);
		// Depths 0..3 counted; n3 is reached at the cap and counts only itself.
		expect(t.tokens.input).toBe(4);
		expect(t.cost.usd).toBe(4);
		expect(t.models).toEqual(['m0', 'm1', 'm2', 'm3']);
		expect(r.total(chain[3]).tokens.input).toBe(1);
		// The default cap (32) sums the whole chain.
		const all = rollUpSubagents(chain, { parentId: (n) => n.parent, own });
		expect(all.total(chain[0]).tokens.input).toBe(6);
	});

	it('ends at a cycle and reports children of parents not among the nodes', () => {
		const nodes = [
			node('a', 'b', 1, { usd: 1, source: 'logged' }, []),
			node('b', 'a', 2, { usd: 1, source: 'logged' }, []),
			node('o', 'gone', 4, { usd: 1, source: 'logged' }, []),
			node('e', '', 8, { usd: 1, source: 'logged' }, [])
		];
		const orphans: string[] = [];
		const r = rollUpSubagents(nodes, { parentId: (n) => n.parent, own, onOrphan: (n, pid) => orphans.push(`${n.id}→${pid}`) });
		expect(orphans).toEqual(['o→gone']);
		expect(r.children.get('gone')).toEqual([nodes[2]]);
		expect(r.children.has('')).toBe(false);
		// Terminates: b sees a's total as it stood when the loop closed (a's own 1), so a = 1 + (2 + 1).
		expect(r.total(nodes[0]).tokens.input).toBe(4);
	});
});
