// Editing the git engine's exclusion list: pure steps the Code screen's rule editor dispatches.

import type { ExclusionRule } from './model/git';

export const REASONS: ExclusionRule['reason'][] = ['vendored', 'build', 'lockfile', 'generated', 'minified', 'translation', 'data', 'oversized', 'other'];

/** A path glob the engine can use: relative, no empty segments' worth of nonsense, bounded length. */
export function globProblem(pattern: string): string | undefined {
	const p = pattern.trim();
	if (!p) return 'Give a path pattern, e.g. **/generated/** or docs/*.md.';
	if (p.length > 300) return 'That pattern is too long (300 characters at most).';
	if (p.startsWith('/')) return 'Patterns are relative to the repository root: leave out the leading "/".';
	if (/[\u0000-\u001f]/.test(p)) return 'The pattern contains control characters.';
	return undefined;
}

export function addGlob(rules: ExclusionRule[], pattern: string, reason: ExclusionRule['reason']): ExclusionRule[] | string {
	const problem = globProblem(pattern);
	if (problem) return problem;
	const p = pattern.trim();
	if (rules.some((r) => r.kind === 'glob' && r.pattern === p)) return `There is already a rule for ${p}.`;
	let k = 1;
	while (rules.some((r) => r.id === `user-${k}`)) k++;
	return [...rules, { id: `user-${k}`, kind: 'glob', pattern: p, reason, enabled: true }];
}

export const toggleRule = (rules: ExclusionRule[], id: string, enabled: boolean): ExclusionRule[] => rules.map((r) => (r.id === id ? { ...r, enabled } : r));

/** Only rules the user added can be removed; the defaults are switched off instead, so they stay visible. */
export const removeRule = (rules: ExclusionRule[], id: string): ExclusionRule[] => rules.filter((r) => r.id !== id || !r.id.startsWith('user-'));

/** A stored list is used only when every entry has the shape the engine expects. */
export function validRules(v: unknown): ExclusionRule[] | undefined {
	if (!Array.isArray(v) || v.length > 500) return undefined;
	const ok = v.every(
		(r) =>
			r && typeof r === 'object' && typeof r.id === 'string' && typeof r.enabled === 'boolean' && REASONS.includes(r.reason) &&
			((r.kind === 'glob' && typeof r.pattern === 'string' && !globProblem(r.pattern)) || r.kind === 'generated-header' || ((r.kind === 'max-bytes' || r.kind === 'max-lines') && Number.isFinite(r.limit)))
	);
	return ok ? (v as ExclusionRule[]) : undefined;
}

export function describeRule(r: ExclusionRule): string {
	if (r.kind === 'glob') return r.pattern ?? '';
	if (r.kind === 'generated-header') return 'files with a "// Code generated … DO NOT EDIT." line';
	if (r.kind === 'max-bytes') return `files over ${Math.round((r.limit ?? 0) / 1024)} KiB`;
	return `files over ${(r.limit ?? 0).toLocaleString('en-US')} lines`;
}
