// Spans stored column by column come back exactly as they went in: every optional field, present
// on some spans only, and through a structured clone (what IndexedDB does).
import { describe, expect, it } from 'vitest';
import type { ActivitySpan } from '../../src/lib/model/activity';
import { fromColumns, spanAt, toColumns } from '../../src/lib/db/span-columns';

const shared = { tracker: 'activitywatch' as const, sourceFile: 'aw.json', bucket: 'aw-watcher-window_h', host: 'h' };
const spans: ActivitySpan[] = [
	{ ...shared, kind: 'window', start: 1, end: 2, app: 'Code', title: 'a.ts - api - Visual Studio Code' },
	{ ...shared, kind: 'afk', start: 2, end: 9, afk: true },
	{ ...shared, kind: 'editor', start: 3, end: 4, file: '/src/a.ts', project: 'api', language: 'TypeScript', branch: 'main', attrs: { heartbeats: 3 } },
	{ ...shared, kind: 'web', start: 5, end: 5, url: 'https://developer.mozilla.org/', title: 'MDN', afk: false }
];

describe('span columns', () => {
	it('round-trip every field, leaving absent ones absent', () => {
		const cols = toColumns(spans);
		expect(Object.keys(cols.text).sort()).toEqual(['app', 'branch', 'file', 'language', 'project', 'title', 'url']);
		const back = fromColumns(structuredClone(cols), shared);
		expect(back).toEqual(spans);
		expect('app' in back[1]).toBe(false);
		expect(spanAt(cols, 2, shared).attrs).toEqual({ heartbeats: 3 });
	});
	it('keep only the columns some span has', () => {
		const cols = toColumns([{ ...shared, kind: 'window', start: 0, end: 1, app: 'x' }]);
		expect(cols.text).toEqual({ app: ['x'] });
		expect(cols.afk).toBeUndefined();
		expect(cols.attrs).toBeUndefined();
	});
});
