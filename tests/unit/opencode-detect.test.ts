import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect, detectKind } from '../../workers/formats/opencode/detect';
import { detect as claudeDetect } from '../../workers/formats/claude-code/detect';
import { countDiff, toolKind, toolOutcome } from '../../workers/formats/opencode/tools';
import { applyWal } from '../../workers/formats/opencode/wal';
import { lineHash } from '../../src/lib/analysis/line-hash';
import { FIXTURES, fixtureFiles } from './opencode-helpers';

const head = (rel: string) => readFileSync(join(FIXTURES, rel), 'latin1').slice(0, 64 * 1024);

describe('opencode detection', () => {
	it('recognises every container by content', async () => {
		expect(detectKind(head('export/session-1.2.5.json'), 'x.json')).toBe('export');
		expect(detectKind(head('export/future-2.3.0.json'), 'x.txt')).toBe('export'); // "Exporting session:" line first
		expect(detectKind(head('storage/session/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567/ses_6b1f0e2d3cffePaReNt000001.json'), 'a.json')).toBe('session');
		expect(detectKind(head('storage/message/ses_6b1f0e2d3cffePaReNt000001/msg_d0a0b0002ffeS2.json'), 'a.json')).toBe('message');
		expect(detectKind(head('storage/part/msg_d0a0b0002ffeS2/prt_d0a0b0002ffeT2.json'), 'a.json')).toBe('part');
		// Cut off mid-write: claimed from its opening, so the parser can count it as malformed.
		expect(detectKind(head('storage/part/msg_d0a0b0002ffeS2/prt_d0a0b0002ffeT6.json'), 'a.json')).toBe('part');
		expect(detectKind(head('wal/opencode.db'), 'renamed.sqlite')).toBe('db'); // by its schema, not its name
		expect(detectKind(head('wal/opencode.db-wal'), 'x/opencode.db-wal')).toBe('wal');
		expect(detectKind('', 'x/opencode.db-shm')).toBe('shm');
	});

	it('leaves other JSON, other databases and Claude Code logs alone, and Claude Code leaves OpenCode alone', async () => {
		expect(detect('{"id":"abc","sessionID":"x","role":"user"}', 'a.json')).toBe(false);
		expect(detect('{"info":{"id":"conv_1"},"messages":[]}', 'a.json')).toBe(false);
		expect(detect('SQLite format 3\u0000 CREATE TABLE users (id)', 'app.db')).toBe(false);
		expect(detect('[{"content":"x"}]', 'notes/todo.json')).toBe(false);
		expect(detect('7\u007f\u0006\ufffd', 'other.db-wal')).toBe(false);
		for (const f of await fixtureFiles('../claude-code')) expect(detect(readFileSync(f.path, 'utf8').slice(0, 65536), f.path)).toBe(false);
		for (const f of await fixtureFiles('export', 'storage')) expect(claudeDetect(readFileSync(f.path, 'utf8').slice(0, 65536), f.path)).toBe(false);
	});
});

describe('opencode tools', () => {
	it('maps lowercase tool names to kinds; MCP tools are other', () => {
		expect(['read', 'write', 'edit', 'apply_patch', 'bash', 'glob', 'grep', 'list', 'webfetch', 'task', 'todowrite', 'pty_spawn', 'context7_resolve-library-id'].map(toolKind)).toEqual([
			'read', 'write', 'edit', 'edit', 'shell', 'search', 'search', 'search', 'web', 'task', 'other', 'shell', 'other'
		]);
	});

	it('tells rejections (all three wordings) from errors', () => {
		expect(toolOutcome('error', 'The user rejected permission to use this specific tool call.', undefined)).toBe('rejected');
		expect(toolOutcome('error', 'The user rejected permission to use this specific tool call with the following feedback: use pnpm', undefined)).toBe('rejected');
		expect(toolOutcome('error', 'The user has specified a rule which prevents you from using this specific tool call. Here are some of the relevant rules […]', undefined)).toBe('rejected');
		expect(toolOutcome('error', 'Tool execution aborted', undefined)).toBe('error');
		expect(toolOutcome('error', 'File /x not found; The user rejected permission to use this', undefined)).toBe('error');
		expect(toolOutcome('completed', undefined, 0)).toBe('ok');
		expect(toolOutcome('completed', undefined, 2)).toBe('error');
		expect(toolOutcome('completed', undefined, null)).toBe('ok');
		expect(toolOutcome('running', undefined, undefined)).toBe('pending');
	});

	it('restores trimmed indentation only where the evidence supports it', () => {
		const diff = '@@ -1,2 +1,3 @@\n if (a) {\n-    b();\n+    c();\n+    d();\n }\n';
		// The real block was nested 4 deeper; "}" alone would fit widths 0, 4 and 8 — the lines decide.
		const evidence = ['    if (a) {', '        c();', '        d();', '    }', '}'];
		expect(countDiff(diff, evidence).hashes).toEqual(['        c();', '        d();'].map((l) => lineHash(l)));
		// A line that only partly came from newString gets the stripped prefix seen on the others.
		const mixed = '@@ -1,2 +1,3 @@\n x = 1;\n-y = f(a);\n+y = f(b);\n+z = 2;\n';
		expect(countDiff(mixed, ['\t\tb', '\t\tz = 2;']).hashes).toEqual(['\t\ty = f(b);', '\t\tz = 2;'].map((l) => lineHash(l)));
		// No evidence: hashed as stored.
		expect(countDiff(diff).hashes).toEqual(['    c();', '    d();'].map((l) => lineHash(l)));
		// Untrimmed diffs stay as they are even if the evidence has a deeper copy of a line.
		expect(countDiff('@@ -0,0 +1,1 @@\n+}\n', ['  }', '}']).hashes).toEqual([lineHash('}')]);
	});

	it('parses hunks by their counts: lines that look like headers inside a hunk are content', () => {
		const d = ['--- a/x', '+++ b/x', '@@ -1,3 +1,3 @@', '--- not a header', '+++ not a header', ' keep', '-gone', '+new', '\\ No newline at end of file', 'trailing junk', '+not counted'].join('\n');
		const r = countDiff(d);
		expect([r.added, r.removed]).toEqual([2, 2]);
		expect(r.hashes).toEqual([lineHash('++ not a header'), lineHash('new')]);
	});
});

describe('WAL reader guards', () => {
	it('refuses a log whose page size differs from the database or whose header does not check out', () => {
		const db = new Uint8Array(4096);
		db.set(new TextEncoder().encode('SQLite format 3\u0000'));
		db[16] = 0x10; // 4096
		db[18] = db[19] = 2;
		const wal = new Uint8Array(32);
		new DataView(wal.buffer).setUint32(0, 0x377f0682);
		new DataView(wal.buffer).setUint32(8, 1024);
		expect(applyWal(db, wal).problem).toBe("the -wal file's page size (1024) differs from the database's (4096): not the same database");
		new DataView(wal.buffer).setUint32(8, 4096);
		expect(applyWal(db, wal).problem).toBe('the -wal header checksum does not match');
		expect(db[18]).toBe(1); // marked rollback-journal either way: the engine never looks for a -wal
		expect(applyWal(db, new Uint8Array(0))).toEqual({ bytes: db, frames: 0 });
	});
});
