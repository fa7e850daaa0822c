// Editing category rules on the Activity screen: rules as rows of regex texts and back, with every
// regex checked the way saved rules are (length, catastrophic shapes, syntax). Pure functions.

import { safeRegExp, type Category, type CategoryRule } from './analysis/categories';

export interface RuleRow {
	category: Category;
	app: string;
	title: string;
	url: string;
	/** App or title (ActivityWatch-style rules). */
	anyOf: string;
	label?: string;
	/** Regex flags; new rules ignore case. */
	flags: string;
}

const FIELDS = ['app', 'title', 'url', 'anyOf'] as const;

export function toRows(rules: CategoryRule[]): RuleRow[] {
	return rules.map((r) => {
		const flags = (r.app ?? r.title ?? r.url ?? r.anyOf)?.flags ?? 'i';
		const row: RuleRow = { category: r.category, app: r.app?.source ?? '', title: r.title?.source ?? '', url: r.url?.source ?? '', anyOf: r.anyOf?.source ?? '', flags };
		if (r.label !== undefined) row.label = r.label;
		return row;
	});
}

export function fromRows(rows: RuleRow[]): { rules: CategoryRule[]; problems: string[] } {
	const rules: CategoryRule[] = [];
	const problems: string[] = [];
	rows.forEach((row, i) => {
		const rule: CategoryRule = { category: row.category };
		let ok = true;
		for (const f of FIELDS) {
			const text = row[f].trim();
			if (!text) continue;
			const re = safeRegExp(text, row.flags);
			if (typeof re === 'string') {
				problems.push(`Rule ${i + 1}, ${f === 'anyOf' ? 'app or title' : f}: ${re}`);
				ok = false;
			} else rule[f] = re;
		}
		if (!FIELDS.some((f) => row[f].trim())) {
			problems.push(`Rule ${i + 1}: give at least one pattern`);
			ok = false;
		}
		if (row.label) rule.label = row.label;
		if (ok) rules.push(rule);
	});
	return { rules, problems };
}

export const newRow = (category: Category = 'other'): RuleRow => ({ category, app: '', title: '', url: '', anyOf: '', flags: 'i' });

export function moveRow(rows: RuleRow[], i: number, delta: -1 | 1): RuleRow[] {
	const j = i + delta;
	if (j < 0 || j >= rows.length) return rows;
	const out = [...rows];
	[out[i], out[j]] = [out[j], out[i]];
	return out;
}

/** Imported rules go first: the first matching rule wins, and the user imported them to take over. */
export const prependRules = (rows: RuleRow[], imported: CategoryRule[]): RuleRow[] => [...toRows(imported), ...rows];
