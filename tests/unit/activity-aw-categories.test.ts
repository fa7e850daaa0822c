// ActivityWatch category rules imported (src/lib/analysis/categories.ts): validation of hostile input,
// Python regex dialect, AW's "deepest category wins" as a first-match list, the name heuristic, and
// rules stored as JSON and read back.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	awRegExp,
	categorize,
	CategoryImportError,
	categoryForAwName,
	DEFAULT_RULES,
	deserializeRules,
	hasNestedRepeat,
	matchRule,
	parseAwCategories,
	safeRegExp,
	serializeRules,
	type CategoryRule
} from '../../src/lib/analysis/categories';

const exported = JSON.parse(readFileSync('tests/fixtures/activity/aw-categories-export.json', 'utf8'));

describe('parseAwCategories on an export', () => {
	const r = parseAwCategories(exported);
	it('every category is listed with its path, our category and its colour', () => {
		expect(r.categories.map((c) => [c.path.join(' > '), c.category])).toEqual([
			['Work', 'other'],
			['Work > Programming', 'editor'],
			['Work > Programming > ActivityWatch', 'editor'],
			['Work > Programming > Terminal', 'terminal'],
			['Work > Programming > AI', 'agent'],
			['Work > Docs', 'browser-docs'],
			['Media > Video', 'other'],
			['Comms', 'chat'],
			['Comms > IM', 'chat'],
			['Comms > Email', 'chat'],
			['Comms > Video', 'meeting'],
			['Broken', 'other'],
			['Slow', 'other'],
			['Uncategorized', 'other']
		]);
		expect(r.categories[0].color).toBe('#2a2');
		expect(r.categories[4]).toMatchObject({ regex: '(?i)claude|chatgpt', ignoreCase: false, color: '#a4f' });
		expect(r.categories[11].regex).toBeUndefined();
	});
	it('rules run deepest first, the later rule first at equal depth; folders and bad regexes give none', () => {
		expect(r.rules.map((x) => x.label)).toEqual([
			'Work > Programming > AI',
			'Work > Programming > Terminal',
			'Work > Programming > ActivityWatch',
			'Comms > Video',
			'Comms > Email',
			'Comms > IM',
			'Media > Video',
			'Work > Docs',
			'Work > Programming',
			'Work'
		]);
		expect(r.problems).toEqual([
			'"Broken": regex skipped (Invalid regular expression: /([a-z]+/: Unterminated group)',
			'"Slow": regex skipped (a repeated group that itself repeats can take exponential time)'
		]);
	});
	it('matches app or title, as ActivityWatch does, and gives AW’s answer', () => {
		const cases: [string, string, string | undefined, string][] = [
			['kitty', 'nvim ~/src/x', 'Work > Programming > Terminal', 'terminal'],
			['firefox', 'Claude — Mozilla Firefox', 'Work > Programming > AI', 'agent'],
			['Code', 'aw-server - ActivityWatch', 'Work > Programming > ActivityWatch', 'editor'],
			['firefox', 'Vec in std - docs.rs', 'Work > Docs', 'browser-docs'],
			['firefox', 'Rust ]Manual', 'Work > Docs', 'browser-docs'],
			['firefox', 'Pull requests · GitHub', 'Work > Programming', 'editor'],
			['Slack', 'general', 'Comms > IM', 'chat'],
			['Thunderbird', 'Slack digest', 'Comms > Email', 'chat'],
			['Zoom', 'Slack huddle notes', 'Comms > Video', 'meeting'],
			['zoom.us', 'Slack huddle notes', 'Comms > IM', 'chat'], // no ignore_case on the Video rule
			['vlc', 'film.mkv - VLC media player', 'Media > Video', 'other'],
			['soffice', 'report.odt - LibreOffice Writer', 'Work', 'other'],
			['nautilus', 'Downloads', undefined, 'other']
		];
		for (const [app, title, label, cat] of cases) {
			expect(matchRule({ app, title }, r.rules)?.label).toBe(label);
			expect(categorize({ app, title }, r.rules)).toBe(cat);
		}
		// Not on the URL: AW's rules look at app and title only.
		expect(matchRule({ app: 'x', title: 'y', url: 'https://github.com' }, r.rules)).toBeUndefined();
		// \A…\Z became ^…$: the whole app name must match.
		expect(categorize({ app: 'kitty-helper', title: '' }, r.rules)).toBe('other');
	});
	it('reads the bare list too, and a category rule behind the defaults', () => {
		expect(parseAwCategories(exported.categories).rules).toHaveLength(10);
		expect(parseAwCategories(JSON.stringify(exported)).rules).toHaveLength(10);
		const combined = [...parseAwCategories(exported).rules, ...DEFAULT_RULES];
		expect(categorize({ app: 'Spotify', title: 'x' }, combined)).toBe('other');
		expect(categorize({ app: 'WindowsTerminal.exe', title: 'pwsh' }, combined)).toBe('terminal');
	});
});

describe('hostile or odd input', () => {
	it('whole-file problems are refused with a message', () => {
		expect(() => parseAwCategories(5)).toThrow(CategoryImportError);
		expect(() => parseAwCategories({ categories: 'x' })).toThrow('Not an ActivityWatch category export: expected a list of categories or {"categories": [...]}.');
		expect(() => parseAwCategories('{nope')).toThrow('This file is not JSON, so it is not an ActivityWatch category export.');
		const many = Array.from({ length: 5001 }, (_, i) => ({ name: [`c${i}`], rule: { type: 'none' } }));
		expect(() => parseAwCategories(many)).toThrow('This export has 5001 categories; at most 5000 can be imported.');
		expect(parseAwCategories(many.slice(0, 5000)).categories).toHaveLength(5000);
	});
	it('bad categories are skipped one by one, with the reason', () => {
		const r = parseAwCategories([
			null,
			{ name: 'Solo', rule: { type: 'regex', regex: 'solo' } },
			{ name: [], rule: { type: 'none' } },
			{ name: ['x'.repeat(201)] },
			{ name: ['Long'], rule: { type: 'regex', regex: 'a'.repeat(2001) } },
			{ name: ['Glob'], rule: { type: 'glob', regex: '*' } },
			{ name: ['Empty'], rule: { type: 'regex', regex: '' } },
			{ name: ['NotText'], rule: { type: 'regex', regex: 42 } },
			{ name: ['Verbose'], rule: { type: 'regex', regex: '(?x) a b' } },
			{ name: ['Scoped'], rule: { type: 'regex', regex: 'a(?i:b)' } }
		]);
		expect(r.rules.map((x) => x.label)).toEqual(['Solo']);
		expect(r.categories.map((c) => c.path[0].slice(0, 5))).toEqual(['Solo', 'Long', 'Glob', 'Empty', 'NotTe', 'Verbo', 'Scope']);
		expect(r.problems.map((p) => p.replace(/\(Invalid regular expression.*\)/, '(invalid)'))).toEqual([
			'category 1: not an object; skipped',
			'category 3: its name is not a list of names; skipped',
			'category 4: its name is too long; skipped',
			'"Long": regex skipped (longer than 2000 characters)',
			'"Glob": rule type "glob" is not known; kept without a rule',
			'"NotText": its regex is not text; kept without a rule',
			'"Verbose": regex skipped (verbose mode (?x) is not supported)',
			'"Scoped": regex skipped (invalid)'
		]);
	});
	it('Python regex dialect: inline flags, named groups, \\A \\Z, a leading ] in a class', () => {
		const re = (s: string, i = false) => {
			const r = awRegExp(s, i);
			if (typeof r === 'string') throw new Error(r);
			return r;
		};
		expect(re('(?i)abc').flags).toBe('i');
		expect(re('(?ms)a.b').flags).toBe('ms');
		expect(re('(?P<n>ab)(?P=n)').source).toBe('(?<n>ab)\\k<n>');
		expect(re('\\Aab\\Z').source).toBe('^ab$');
		expect(re('[\\A]').source).toBe('[\\A]');
		expect(re('[]a]').test(']')).toBe(true);
		expect(re('[^]a]').test(']')).toBe(false);
		expect(re('x', true).test('X')).toBe(true);
	});
	it('nested repetition is refused, other shapes pass', () => {
		for (const s of ['(a+)+', '(\\w+\\s?)*$', '((a)+)*', '(?:a*){2,}', '(a|b+)+?', '(x+){1,5}']) expect(hasNestedRepeat(s)).toBe(true);
		for (const s of ['(a|b)+', 'a+b*', '(ab){3}', '(a+)?', '[(a+)]+', '\\(a+\\)+', '(?<n>a)+', '(?=a+)b', DEFAULT_RULES[9].app!.source]) expect(hasNestedRepeat(s)).toBe(false);
		expect(safeRegExp('(a+)+$')).toBe('a repeated group that itself repeats can take exponential time');
		expect(safeRegExp('a', 'x')).toBe('bad flags "x"');
		expect((safeRegExp('a', 'gi') as RegExp).flags).toBe('i');
	});
});

describe('categoryForAwName', () => {
	it('the deepest telling name decides', () => {
		const t = (...p: string[]) => categoryForAwName(p);
		expect(t('Work', 'Programming', 'IDE')).toBe('editor');
		expect(t('Work', 'Programming', 'Docs')).toBe('browser-docs');
		expect(t('Work', 'Reference')).toBe('browser-docs');
		expect(t('Tools', 'Shell')).toBe('terminal');
		expect(t('Comms', 'Messaging')).toBe('chat');
		expect(t('Work', 'Meetings', 'Standup')).toBe('meeting');
		expect(t('Work', 'Video Call')).toBe('meeting');
		expect(t('Communication', 'Video')).toBe('meeting');
		expect(t('Media', 'Video')).toBe('other');
		expect(t('Work', 'AI', 'ChatGPT')).toBe('agent');
		expect(t('Work', 'Coding', 'Claude Code')).toBe('agent');
		expect(t('Web browsing')).toBe('browser-other');
		expect(t('Media', 'Games')).toBe('other');
	});
});

describe('serializeRules / deserializeRules', () => {
	it('the defaults and imported AW rules survive a round trip', () => {
		const cases: [string, string, string?][] = [
			['Code', 'main.ts - x - Visual Studio Code'],
			['firefox', 'ChatGPT — Mozilla Firefox'],
			['Google Chrome', 'Meet', 'https://meet.google.com/x'],
			['kitty', 'nvim'],
			['Slack', 'general'],
			['zoom.us', 'Zoom Meeting']
		];
		const imported = parseAwCategories(exported).rules;
		for (const rules of [DEFAULT_RULES, imported]) {
			const text = serializeRules(rules);
			const back = deserializeRules(text);
			expect(back.map((r) => [r.category, r.label, r.app?.source, r.title?.source, r.url?.source, r.anyOf?.source, r.anyOf?.flags])).toEqual(
				rules.map((r) => [r.category, r.label, r.app?.source, r.title?.source, r.url?.source, r.anyOf?.source, r.anyOf?.flags])
			);
			for (const [app, title, url] of cases) expect(categorize({ app, title, url }, back)).toBe(categorize({ app, title, url }, rules));
			expect(deserializeRules(JSON.parse(text))).toHaveLength(rules.length);
		}
		expect(JSON.parse(serializeRules([{ category: 'chat', anyOf: /slack/gi, label: 'Comms > IM' }]))).toEqual({
			format: 'hindsight-category-rules',
			version: 1,
			rules: [{ category: 'chat', anyOf: { source: 'slack', flags: 'i' }, label: 'Comms > IM' }]
		});
	});
	it('every field is checked on the way back in', () => {
		const wrap = (rules: unknown[]) => JSON.stringify({ format: 'hindsight-category-rules', version: 1, rules });
		const ok: CategoryRule[] = deserializeRules(wrap([{ category: 'editor', app: { source: '^code$', flags: 'i' } }]));
		expect(ok[0].app!.test('CODE')).toBe(true);
		expect(() => deserializeRules('nope')).toThrow('Saved category rules are not valid JSON.');
		expect(() => deserializeRules({ rules: [] })).toThrow('Not a saved set of category rules.');
		expect(() => deserializeRules({ format: 'hindsight-category-rules', version: 2, rules: [] })).toThrow('this app reads version 1');
		expect(() => deserializeRules(wrap([{ category: 'gaming', app: { source: 'x', flags: '' } }]))).toThrow('Saved category rule 1: unknown category "gaming".');
		expect(() => deserializeRules(wrap([{ category: 'chat' }]))).toThrow('Saved category rule 1: no app, title, url or anyOf pattern.');
		expect(() => deserializeRules(wrap([{ category: 'chat', title: 'slack' }]))).toThrow('Saved category rule 1: title is not {source, flags}.');
		expect(() => deserializeRules(wrap([{ category: 'chat', title: { source: '(', flags: '' } }]))).toThrow(/^Saved category rule 1: title \/\(\/: Invalid regular expression/);
		expect(() => deserializeRules(wrap([{ category: 'chat', title: { source: '(a*)*', flags: '' } }]))).toThrow('exponential');
		expect(() => deserializeRules(wrap([{ category: 'chat', title: { source: 'a', flags: '' }, label: 7 }]))).toThrow('label is not a short text');
		expect(() => deserializeRules(wrap(Array.from({ length: 5001 }, () => ({ category: 'chat', title: { source: 'a', flags: '' } }))))).toThrow('5001 saved category rules');
	});
});
