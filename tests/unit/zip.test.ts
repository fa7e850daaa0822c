import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { readZip, looksLikeZip, ZipError } from '../../src/lib/ingest/zip';
import { expandInputs } from '../../src/lib/ingest/expand';

async function text(s: ReadableStream<Uint8Array>): Promise<string> {
	return new Response(s).text();
}

describe('zip reader', () => {
	const zipped = zipSync(
		{
			'proj/a.jsonl': strToU8('{"a":1}\n'.repeat(1000)),
			'proj/sub/b.jsonl': [strToU8('stored\n'), { level: 0 }],
			'proj/empty/': new Uint8Array(0)
		},
		{ level: 6 }
	);

	it('lists entries with sizes and streams them back byte for byte', async () => {
		const blob = new Blob([zipped]);
		expect(looksLikeZip(zipped.subarray(0, 4))).toBe(true);
		const entries = await readZip(blob, 'x.zip');
		expect(entries.map((e) => [e.path, e.size])).toEqual([
			['proj/a.jsonl', 8000],
			['proj/sub/b.jsonl', 7]
		]);
		expect(await text(entries[0].stream())).toBe('{"a":1}\n'.repeat(1000));
		expect(await text(entries[1].stream())).toBe('stored\n');
	});

	it('expands a zip found by its bytes, whatever its name', async () => {
		const { files, bundles } = await expandInputs([
			{ path: 'logs.bin', file: new Blob([zipped]) },
			{ path: 'plain.jsonl', file: new Blob(['x\n']) }
		]);
		expect(files.map((f) => f.path)).toEqual(['logs.bin/proj/a.jsonl', 'logs.bin/proj/sub/b.jsonl', 'plain.jsonl']);
		expect(bundles).toEqual([]);
		// A git bundle is set aside whole, whatever it is called, for the git engine.
		const bundle = new Blob(['# v3 git bundle\n@object-format=sha1\n']);
		const sorted = await expandInputs([{ path: 'repo.zip', file: bundle }, { path: 'plain.jsonl', file: new Blob(['x\n']) }]);
		expect(sorted.bundles.map((b) => b.path)).toEqual(['repo.zip']);
		expect(sorted.files.map((f) => f.path)).toEqual(['plain.jsonl']);
		expect(await text(files[2].stream())).toBe('x\n');
	});

	it('refuses an entry that inflates past its declared size', async () => {
		const bomb = zipSync({ 'z.txt': new Uint8Array(4 << 20) }, { level: 9 });
		// Lie in both headers: claim 1000 bytes uncompressed.
		const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
		for (let i = 0; i < bomb.length - 4; i++) {
			if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 1000, true);
		}
		const [entry] = await readZip(new Blob([bomb]), 'bomb.zip');
		await expect(text(entry.stream())).rejects.toThrow(/declared size/);
	});

	it('says clearly when a file is not a zip', async () => {
		await expect(readZip(new Blob(['hello world']), 'notes.zip')).rejects.toBeInstanceOf(ZipError);
		await expect(readZip(new Blob(['hello world']), 'notes.zip')).rejects.toThrow(/notes\.zip: not a readable zip/);
	});
});
