// The exclusion-rule editor's steps: adding globs (validated), switching defaults off, removing
// only user rules, and accepting a stored list only in the engine's shape.
import { describe, expect, it } from 'vitest';
import { addGlob, describeRule, removeRule, toggleRule, validRules } from '../../src/lib/exclusion-rules';
import { DEFAULT_EXCLUSIONS } from '../../workers/git/exclude';
import { Exclusions } from '../../workers/git/exclude';

const defaults = [...DEFAULT_EXCLUSIONS];

describe('exclusion rule editing', () => {
	it('adds a glob the engine then applies', () => {
		const next = addGlob(defaults, ' docs/** ', 'other');
		expect(Array.isArray(next)).toBe(true);
		const rules = next as typeof defaults;
		expect(rules.at(-1)).toEqual({ id: 'user-1', kind: 'glob', pattern: 'docs/**', reason: 'other', enabled: true });
		expect(new Exclusions(rules).byPath('docs/guide/intro.md')?.id).toBe('user-1');
		expect(new Exclusions(defaults).byPath('docs/guide/intro.md')).toBeUndefined();
	});
	it('refuses empty, absolute and duplicate patterns with a message', () => {
		expect(addGlob(defaults, '  ', 'other')).toMatch(/Give a path pattern/);
		expect(addGlob(defaults, '/etc/**', 'other')).toMatch(/relative/);
		expect(addGlob(defaults, '**/yarn.lock', 'lockfile')).toMatch(/already a rule/);
	});
	it('switches a default off (it stays listed) and removes only user rules', () => {
		const off = toggleRule(defaults, 'yarn-lock', false);
		expect(off.find((r) => r.id === 'yarn-lock')?.enabled).toBe(false);
		expect(new Exclusions(off).byPath('web/yarn.lock')).toBeUndefined();
		expect(removeRule(off, 'yarn-lock')).toHaveLength(defaults.length);
		const added = addGlob(off, 'x/**', 'other') as typeof defaults;
		expect(removeRule(added, 'user-1')).toHaveLength(defaults.length);
	});
	it('accepts a stored list only in the engine shape', () => {
		expect(validRules(defaults)).toBe(defaults);
		expect(validRules([{ id: 'a', kind: 'glob', pattern: '/abs', reason: 'other', enabled: true }])).toBeUndefined();
		expect(validRules([{ id: 'a', kind: 'shell', reason: 'other', enabled: true }])).toBeUndefined();
		expect(validRules('x')).toBeUndefined();
	});
	it('describes content rules in words', () => {
		expect(describeRule(defaults.find((r) => r.id === 'over-1mb')!)).toBe('files over 1024 KiB');
		expect(describeRule(defaults.find((r) => r.id === 'over-20k-lines')!)).toBe('files over 20,000 lines');
	});
});
