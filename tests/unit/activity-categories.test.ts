// Default category rules (src/lib/analysis/categories.ts): order matters, first match wins.

import { describe, expect, it } from 'vitest';
import { categorize, DEFAULT_RULES, type CategoryRule } from '../../src/lib/analysis/categories';

describe('default categories', () => {
	const cases: [string, string, string | undefined, string][] = [
		['Code', 'main.ts - myrepo - Visual Studio Code', undefined, 'editor'],
		['Code.exe', 'x', undefined, 'editor'],
		['idea64.exe', 'svc – Main.kt', undefined, 'editor'],
		['WindowsTerminal.exe', 'PowerShell', undefined, 'terminal'],
		['gnome-terminal', 'dev@box: ~', undefined, 'terminal'],
		['firefox', 'Array.prototype.map() - JavaScript | MDN — Mozilla Firefox', undefined, 'browser-docs'],
		['Google Chrome', 'Some page', 'https://docs.rs/serde', 'browser-docs'],
		['firefox', 'Hacker News — Mozilla Firefox', undefined, 'browser-other'],
		['Slack', 'general | acme | Slack', undefined, 'chat'],
		['Microsoft Teams', 'Chat | Teams', undefined, 'chat'],
		['Microsoft Teams', 'Meeting with Bob | Microsoft Teams', undefined, 'meeting'],
		['zoom.us', 'Zoom', undefined, 'meeting'],
		['Google Chrome', 'Meet - abc-defg-hij', 'https://meet.google.com/abc-defg-hij', 'meeting'],
		['Google Chrome', 'New chat', 'https://claude.ai/new', 'agent'],
		['firefox', 'ChatGPT — Mozilla Firefox', undefined, 'agent'],
		['Claude', 'Claude', undefined, 'agent'],
		['Spotify', 'Song', undefined, 'other']
	];
	for (const [app, title, url, want] of cases) {
		it(`${app} / ${title} → ${want}`, () => expect(categorize({ app, title, url })).toBe(want));
	}
	it('user rules placed first override the defaults', () => {
		const mine: CategoryRule[] = [{ category: 'editor', app: /^firefox$/i, title: /localhost:5173/ }, ...DEFAULT_RULES];
		expect(categorize({ app: 'firefox', title: 'localhost:5173 — Mozilla Firefox' }, mine)).toBe('editor');
		expect(categorize({ app: 'firefox', title: 'localhost:5173 — Mozilla Firefox' })).toBe('browser-other');
	});
});
