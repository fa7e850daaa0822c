// `activity FILE... --json [--tz]` (bin/commands/activity.ts), called as a function.

import { describe, expect, it } from 'vitest';
import { activityCommand } from '../../bin/commands/activity';
import { captureCli } from './cli-capture';

const run = (...args: string[]) => captureCli(activityCommand, args);

const DIR = 'tests/fixtures/activitywatch';

describe('cli activity', () => {
	it('prints the documented shape per file', async () => {
		const { code, out, err } = await run(DIR, '--json');
		expect(code).toBe(0);
		expect(err).toContain('1 exact duplicate event(s) dropped');
		const doc = JSON.parse(out);
		expect(doc.map((f: { path: string }) => f.path)).toEqual([`${DIR}/python-all-buckets.json`, `${DIR}/rust-export.json`, `${DIR}/single-bucket-window.json`]);
		for (const f of doc) {
			expect(Object.keys(f)).toEqual(['path', 'format', 'spans', 'activeSeconds', 'afkSeconds', 'perApp', 'perCategory', 'perDay']);
			for (const d of f.perDay) expect(Object.keys(d)).toEqual(['date', 'activeSeconds', 'focusBlocks', 'switchesPerHour']);
		}
		expect(doc[0]).toEqual({
			path: `${DIR}/python-all-buckets.json`,
			format: 'activitywatch',
			spans: 15,
			activeSeconds: 1620,
			afkSeconds: 1500,
			perApp: { Code: 598, firefox: 301, Slack: 601, 'gnome-terminal': 120 },
			perCategory: { editor: 598, 'browser-other': 301, chat: 601, terminal: 120 },
			perDay: [{ date: '2025-01-02', activeSeconds: 1620, focusBlocks: 0, switchesPerHour: 8.89 }]
		});
		expect(doc[1]).toMatchObject({ spans: 7, activeSeconds: 1902, afkSeconds: 0, perDay: [{ date: '2025-03-10', activeSeconds: 1902, focusBlocks: 1, switchesPerHour: 1.89 }] });
		expect(doc[2]).toMatchObject({ spans: 3, activeSeconds: 47 });
	});
	it('--tz moves day boundaries', async () => {
		// Pacific/Marquesas is UTC−9:30: local midnight falls at 09:30 UTC, inside the fixture's hour.
		const { out } = await run(`${DIR}/python-all-buckets.json`, '--json', '--tz', 'Pacific/Marquesas');
		// Before 09:30 UTC: 61+119+301+601+118 s and 3 switches; after: 300+120 s and 1 switch.
		expect(JSON.parse(out)[0].perDay).toEqual([
			{ date: '2025-01-01', activeSeconds: 1200, focusBlocks: 0, switchesPerHour: 9 },
			{ date: '2025-01-02', activeSeconds: 420, focusBlocks: 0, switchesPerHour: 8.57 }
		]);
		const { out: out2 } = await run(`${DIR}/python-all-buckets.json`, '--json', '--tz=Asia/Tokyo');
		expect(JSON.parse(out2)[0].perDay[0].date).toBe('2025-01-02');
	});
	it('errors: no files, bad zone, unknown file', async () => {
		expect((await run()).code).toBe(2);
		const z = await run(DIR, '--tz', 'Mars/Olympus');
		expect(z.code).toBe(2);
		expect(z.err).toContain('unknown time zone');
		const u = await run('package.json', '--json');
		expect(u.code).toBe(1);
		expect(u.err).toContain('not a recognised activity-tracker export');
		expect(JSON.parse(u.out)).toEqual([]);
	});
});
