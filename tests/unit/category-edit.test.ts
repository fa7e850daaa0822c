// Category rule editing: rows round-trip, bad regexes are named, order decides, imports go first.
import { describe, expect, it } from 'vitest';
import { categorize, DEFAULT_RULES, parseAwCategories } from '../../src/lib/analysis/categories';
import { fromRows, moveRow, newRow, prependRules, toRows } from '../../src/lib/category-edit';

describe('category rule rows', () => {
	it('round-trip the default rules without changing a single decision', () => {
		const { rules, problems } = fromRows(toRows(DEFAULT_RULES));
		expect(problems).toEqual([]);
		const samples = [{ app: 'Code' }, { app: 'firefox', title: 'MDN Web Docs' }, { app: 'zoom.us' }, { app: 'Slack' }, { app: 'Claude' }, { app: 'kitty' }, { app: 'Finder' }];
		expect(samples.map((s) => categorize(s, rules))).toEqual(samples.map((s) => categorize(s, DEFAULT_RULES)));
	});
	it('names the rule and field of a bad pattern and keeps the others', () => {
		const rows = [{ ...newRow('editor'), app: 'emacs' }, { ...newRow('chat'), title: '(a+)+$' }, { ...newRow('meeting'), url: '[' }, newRow()];
		const { rules, problems } = fromRows(rows);
		expect(rules).toHaveLength(1);
		expect(problems[0]).toMatch(/^Rule 2, title: .*exponential/);
		expect(problems[1]).toMatch(/^Rule 3, url: /);
		expect(problems[2]).toBe('Rule 4: give at least one pattern');
	});
	it('a rule moved up takes precedence', () => {
		const rows = [{ ...newRow('browser-other'), app: 'firefox' }, { ...newRow('agent'), title: 'Claude' }];
		const s = { app: 'firefox', title: 'Claude — chat' };
		expect(categorize(s, fromRows(rows).rules)).toBe('browser-other');
		expect(categorize(s, fromRows(moveRow(rows, 1, -1)).rules)).toBe('agent');
		expect(moveRow(rows, 0, -1)).toBe(rows);
	});
	it('imported ActivityWatch categories go before the existing rules', () => {
		const aw = parseAwCategories({ categories: [{ name: ['Work', 'Programming'], rule: { type: 'regex', regex: 'Code|vim', ignore_case: true } }] });
		const rows = prependRules(toRows(DEFAULT_RULES), aw.rules);
		expect(rows[0]).toMatchObject({ category: 'editor', anyOf: 'Code|vim', label: 'Work > Programming' });
		expect(categorize({ app: 'gvim' }, fromRows(rows).rules)).toBe('editor');
	});
});
