import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { collectInputFiles } from '../../bin/node-input';
import { ingest } from '../../workers/ingest-core';
import { FIXTURES } from './claude-code-helpers';

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

describe('Node inputs', () => {
	it('reads a zip (found by its bytes) exactly like the folder it was made from', async () => {
		const tmp = mkdtempSync(join(tmpdir(), 'hs-zip-'));
		try {
			const entries = Object.fromEntries(filesUnder(FIXTURES).map((f) => [`projects/${relative(FIXTURES, f)}`, readFileSync(f)]));
			const zipPath = join(tmp, 'logs.archive');
			writeFileSync(zipPath, zipSync(entries));
			const fromZip = await collectInputFiles([zipPath]);
			const fromDir = await collectInputFiles([FIXTURES]);
			expect(fromZip.ignored).toEqual([]);
			expect(fromZip.files.length).toBe(fromDir.files.length);
			expect(fromZip.files[0].path.startsWith(`${zipPath.replace(/\\/g, '/')}/projects/`)).toBe(true);
			const a = await ingest(fromZip.files, { batch() {} });
			const b = await ingest(fromDir.files, { batch() {} });
			const sum = (r: typeof a) => r.sessions.map((s) => [s.nativeId, s.tokens, s.turns, s.toolCalls]).sort();
			expect(sum(a)).toEqual(sum(b));
			expect(a.files.map((f) => f.hash).sort()).toEqual(b.files.map((f) => f.hash).sort());

			writeFileSync(join(tmp, 'broken.zip'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]));
			const broken = await collectInputFiles([join(tmp, 'broken.zip')]);
			expect(broken.ignored[0].reason).toMatch(/not a readable zip/);
		} finally {
			rmSync(tmp, { recursive: true, force: true });
		}
	});
});
