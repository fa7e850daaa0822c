import { describe, expect, it } from 'vitest';
import { readPrefix, splitLines, splitTextLines } from '../../workers/lines';
import { Fingerprint, fingerprintBytes } from '../../workers/fingerprint';
import { lineHash, normalizeLine } from '../../src/lib/analysis/line-hash';
import { memFile } from './claude-code-helpers';

async function lines(text: string | Uint8Array, chunk: number | number[], maxLineBytes?: number) {
	const out: [number, string][] = [];
	const overlong: [number, number][] = [];
	const progress: number[] = [];
	const stats = await splitTextLines(memFile('x', text, chunk).stream(), (t, n) => out.push([n, t]), {
		maxLineBytes,
		onOverlong: (n, b) => overlong.push([n, b]),
		onProgress: (b) => progress.push(b)
	});
	return { out, overlong, progress, stats };
}

describe('splitLines', () => {
	const text = 'alpha\nbeta — ünï\r\n\n{"k":"😀"}\r\ngamma';
	const expected: [number, string][] = [
		[1, 'alpha'],
		[2, 'beta — ünï'],
		[3, ''],
		[4, '{"k":"😀"}'],
		[5, 'gamma']
	];

	it('gives the same lines for every chunking, including 1–7 byte chunks that cut characters', async () => {
		for (const chunk of [1, 2, 3, 4, 5, 6, 7, [1, 7, 2, 5], 1024]) {
			const r = await lines(text, chunk);
			expect(r.out, `chunk ${chunk}`).toEqual(expected);
			expect(r.stats.unterminated).toBe(true);
			expect(r.stats.lines).toBe(5);
		}
	});

	it('strips CRLF and handles a CR split from its LF across chunks', async () => {
		const r = await lines('a\r\nb\r\n', [2, 1, 1, 2]);
		expect(r.out).toEqual([
			[1, 'a'],
			[2, 'b']
		]);
		expect(r.stats.unterminated).toBe(false);
	});

	it('does not invent a line after a final newline, and emits a last line without one', async () => {
		expect((await lines('x\n', 1)).out).toEqual([[1, 'x']]);
		expect((await lines('x\ny', 1)).out).toEqual([
			[1, 'x'],
			[2, 'y']
		]);
		expect((await lines('', 3)).out).toEqual([]);
	});

	it('reports over-long lines with their number and size instead of buffering them', async () => {
		const long = 'x'.repeat(100);
		for (const chunk of [1, 7, 33, 1000]) {
			const r = await lines(`ok\n${long}\nfine\n${long}`, chunk, 50);
			expect(r.out, `chunk ${chunk}`).toEqual([
				[1, 'ok'],
				[3, 'fine']
			]);
			expect(r.overlong).toEqual([
				[2, 100],
				[4, 100]
			]);
		}
		// Exactly at the cap is still a line.
		expect((await lines('x'.repeat(50) + '\n', 7, 50)).out).toEqual([[1, 'x'.repeat(50)]]);
	});

	it('reports byte progress up to the total', async () => {
		const bytes = new TextEncoder().encode(text).length;
		const r = await lines(text, 4);
		expect(r.progress.length).toBeGreaterThan(1);
		expect([...r.progress].sort((a, b) => a - b)).toEqual(r.progress);
		expect(r.progress.at(-1)).toBe(bytes);
		expect(r.stats.bytes).toBe(bytes);
	});

	it('hands out byte ranges into the chunk without copying whole lines', async () => {
		const seen: string[] = [];
		const dec = new TextDecoder();
		await splitLines(memFile('x', 'ab\ncd\n', 100).stream(), (buf, s, e) => seen.push(dec.decode(buf.subarray(s, e))));
		expect(seen).toEqual(['ab', 'cd']);
	});

	it('stops between chunks when cancelled', async () => {
		let n = 0;
		const stats = await splitLines(memFile('x', 'a\nb\nc\nd\n', 2).stream(), () => n++, { cancelled: () => n >= 2 });
		expect(stats.cancelled).toBe(true);
		expect(n).toBe(2);
	});

	it('readPrefix returns at most the asked bytes', async () => {
		const p = await readPrefix(memFile('x', 'abcdefghij', 3).stream(), 5);
		expect(new TextDecoder().decode(p)).toBe('abcde');
	});
});

describe('fingerprint', () => {
	const data = new Uint8Array(10_007).map((_, i) => (i * 131 + (i >> 3)) & 255);

	it('does not depend on how the bytes are chunked', () => {
		const whole = fingerprintBytes(data);
		expect(whole).toMatch(/^[0-9a-f]{16}$/);
		for (const sizes of [[1], [3], [4], [5, 1, 2], [4096]]) {
			const fp = new Fingerprint();
			for (let o = 0, k = 0; o < data.length; k++) {
				const n = sizes[k % sizes.length];
				fp.update(data.subarray(o, o + n));
				o += n;
			}
			expect(fp.digest(), `sizes ${sizes}`).toBe(whole);
		}
		// An unaligned view over a larger buffer (as pooled Node buffers are) hashes the same.
		const padded = new Uint8Array(data.length + 3);
		padded.set(data, 1);
		expect(fingerprintBytes(padded.subarray(1, 1 + data.length))).toBe(whole);
	});

	it('changes with any byte, with length, and with order', () => {
		const base = fingerprintBytes(data);
		const flipped = data.slice();
		flipped[5000] ^= 1;
		expect(fingerprintBytes(flipped)).not.toBe(base);
		expect(fingerprintBytes(data.subarray(0, data.length - 1))).not.toBe(base);
		expect(fingerprintBytes(new Uint8Array([0, 0, 0]))).not.toBe(fingerprintBytes(new Uint8Array([0, 0, 0, 0])));
		const swapped = data.slice();
		swapped.set(data.subarray(0, 4), 4);
		swapped.set(data.subarray(4, 8), 0);
		expect(fingerprintBytes(swapped)).not.toBe(base);
	});
});

describe('lineHash', () => {
	it('is 64-bit FNV-1a of the UTF-16 units (reference vectors)', () => {
		expect(lineHash('')).toBe('cbf29ce484222325');
		expect(lineHash('a')).toBe('af63dc4c8601ec8c');
		expect(lineHash('foobar')).toBe('85944171f73967e8');
	});

	it('ignores trailing whitespace and CR, not leading or inner whitespace', () => {
		expect(normalizeLine('  x = 1; \t\r')).toBe('  x = 1;');
		expect(normalizeLine('')).toBe('');
		expect(lineHash('return 1;\r')).toBe(lineHash('return 1;'));
		expect(lineHash('return 1;   ')).toBe(lineHash('return 1;'));
		expect(lineHash('  return 1;')).not.toBe(lineHash('return 1;'));
		expect(lineHash('return  1;')).not.toBe(lineHash('return 1;'));
	});
});
