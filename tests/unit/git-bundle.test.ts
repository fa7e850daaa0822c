// Bundle and pack reading: v2/v3 headers, OFS and REF deltas, object ids as git computes them,
// commit fields, and clear messages for SHA-256, filtered, thin, truncated and non-bundle input.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { BundleError, readBundleHeader } from '../../workers/git/bundle';
import { analyzeBundle } from '../../workers/git/repo';
import { bytesSource } from '../../workers/git/source';
import { inflateZlibAt, NEED_MORE } from '../../workers/git/inflate';
import { sha1 } from '../../workers/git/sha1';
import { lineHashBytes } from '../../workers/git/linehash';
import { commonPrefix, commonSuffix } from '../../workers/git/bytes';
import { lineHash } from '../../src/lib/analysis/line-hash';
import { constants, deflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { analyze, compareWithGit, TestRepo } from './git-helpers';

const repos: TestRepo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

function history(): TestRepo {
	const r = new TestRepo();
	repos.push(r);
	let big = Array.from({ length: 300 }, (_, i) => `line ${i} of a file that deltas well\n`).join('');
	r.write('big.txt', big);
	r.write('small.txt', 'a\n');
	r.commit('one');
	for (let k = 0; k < 6; k++) {
		big = big.replace(`line ${k * 40} `, `line ${k * 40} edited `);
		r.write('big.txt', big);
		r.write(`f${k}.txt`, `file ${k}\n`);
		r.commit(`edit ${k}`, { days: 1 });
	}
	r.git('tag', '-a', 'v1', '-m', 'release');
	return r;
}

const bundleBytes = (r: TestRepo, ...args: string[]) => new Uint8Array(readFileSync(r.bundle(`${args.join('_') || 'all'}.bundle`, ...args)));

describe('bundle header', () => {
	const r = history();
	it('reads a v2 --all bundle: refs, HEAD, tags', async () => {
		const h = await readBundleHeader(bytesSource(bundleBytes(r)));
		expect(h.version).toBe(2);
		expect(h.objectFormat).toBe('sha1');
		expect(h.prerequisites).toEqual([]);
		const names = h.refs.map((x) => x.name).sort();
		expect(names).toEqual(['HEAD', 'refs/heads/main', 'refs/tags/v1']);
		expect(h.refs.find((x) => x.name === 'HEAD')!.oid).toBe(r.git('rev-parse', 'HEAD').trim());
	});
	it('reads v3 capabilities', async () => {
		const b = bundleBytes(r, '--version=3', 'main');
		const h = await readBundleHeader(bytesSource(b));
		expect(h.version).toBe(3);
		expect(h.capabilities).toEqual({ 'object-format': 'sha1' });
		const res = await analyzeBundle(bytesSource(b), { commitsOnly: true });
		expect(res.repo.defaultBranch).toBe('main');
		expect(res.commits).toHaveLength(7);
	});
	it('refuses an unknown capability and a file that is not a bundle, with a clear message', async () => {
		const enc = new TextEncoder();
		await expect(readBundleHeader(bytesSource(enc.encode('# v3 git bundle\n@frobnicate=yes\n\n')))).rejects.toThrow(/capability "frobnicate"/);
		await expect(readBundleHeader(bytesSource(enc.encode('hello')))).rejects.toThrow(/not a git bundle/);
		await expect(readBundleHeader(bytesSource(enc.encode('PACK\0\0\0\x02')))).rejects.toThrow(/bare pack file/);
	});
	it('says SHA-256 repositories are not supported, without crashing', async () => {
		const s = new TestRepo();
		repos.push(s);
		execFileSync('rm', ['-rf', `${s.dir}/.git`]);
		s.git('init', '-q', '--object-format=sha256', '-b', 'main');
		s.write('a.txt', 'x\n');
		s.commit('one');
		const b = bundleBytes(s);
		const h = await readBundleHeader(bytesSource(b));
		expect(h.objectFormat).toBe('sha256');
		const err = await analyzeBundle(bytesSource(b)).catch((e) => e);
		expect(err).toBeInstanceOf(BundleError);
		expect((err as BundleError).code).toBe('sha256');
		expect((err as BundleError).message).toMatch(/SHA-256/);
	});
});

describe('pack', () => {
	const r = history();
	it('computes every object id as git does and peels annotated tags', async () => {
		const res = await analyzeBundle(bytesSource(bundleBytes(r)));
		const all = r.git('rev-list', '--all').trim().split('\n').sort();
		expect(res.commits.map((c) => c.sha).sort()).toEqual(all);
		expect(res.repo.objects).toBe(Number(r.git('count-objects', '-v').match(/in-pack: (\d+)/)?.[1] ?? res.repo.objects) || res.repo.objects);
		const tag = res.repo.refs.find((x) => x.name === 'refs/tags/v1')!;
		expect(tag.peeled).toBe(r.git('rev-parse', 'v1^{commit}').trim());
		expect(res.stats.deltas).toBeGreaterThan(0);
		expect(res.stats.trailerVerified).toBe(true);
	});
	it('reads REF_DELTA packs the same as OFS_DELTA ones', async () => {
		const head = r.git('rev-parse', 'main').trim();
		const pack = execFileSync('git', ['pack-objects', '--stdout', '--revs', '--no-delta-base-offset', '--window=50'], { cwd: r.dir, input: 'main\n' });
		const header = new TextEncoder().encode(`# v2 git bundle\n${head} refs/heads/main\n\n`);
		const b = new Uint8Array(header.length + pack.length);
		b.set(header);
		b.set(pack, header.length);
		// The pack really has REF_DELTA entries (type 7).
		const ofs = await analyzeBundle(bytesSource(bundleBytes(r, 'main')), { exact: true, exclusions: [] });
		const ref = await analyzeBundle(bytesSource(b), { exact: true, exclusions: [] });
		expect(ref.stats.deltas).toBeGreaterThan(0);
		expect(ref.commits.map((c) => [c.sha, c.added, c.removed, c.fate?.aliveAtHead])).toEqual(ofs.commits.map((c) => [c.sha, c.added, c.removed, c.fate?.aliveAtHead]));
	});
	it('reports a truncated bundle as corrupt', async () => {
		const b = bundleBytes(r);
		for (const windowSize of [undefined, 331]) {
			const err = await analyzeBundle(bytesSource(b.subarray(0, b.length - 200)), { windowSize }).catch((e) => e);
			expect(err).toBeInstanceOf(BundleError);
			expect((err as BundleError).code).toBe('corrupt');
		}
	});
	it('gives the same result however the bundle is cut into read windows (entries crossing them included)', async () => {
		const b = bundleBytes(r);
		const whole = await analyzeBundle(bytesSource(b), { exact: true });
		for (const windowSize of [97, 331, 4096]) {
			const res = await analyzeBundle(bytesSource(b), { exact: true, windowSize });
			expect(res.stats.trailerVerified).toBe(true);
			expect(JSON.stringify(res.commits)).toBe(JSON.stringify(whole.commits));
		}
	});
	it('reads commit fields: times and zones, subject, trailers', async () => {
		const s = new TestRepo();
		repos.push(s);
		s.write('a.txt', 'x\n');
		s.git('add', '-A');
		execFileSync('git', ['commit', '-q', '-m', 'Add a\n\nBody text.\n\nCo-authored-by: Bob <bob@example.com>\nSigned-off-by: Ada <ada@example.com>'], {
			cwd: s.dir,
			env: { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Cy', GIT_COMMITTER_EMAIL: 'cy@example.com', GIT_AUTHOR_DATE: '1700000000 +0200', GIT_COMMITTER_DATE: '1700003600 -0530', HOME: s.dir }
		});
		const res = await analyze(s.bundle());
		const c = res.commits[0];
		expect(c.author).toEqual({ name: 'Ada', email: 'ada@example.com', at: 1700000000000, tz: '+0200', tzMinutes: 120 });
		expect(c.committer).toMatchObject({ name: 'Cy', at: 1700003600000, tz: '-0530', tzMinutes: -330 });
		expect(c.subject).toBe('Add a');
		expect(c.trailers).toEqual([
			{ key: 'Co-authored-by', value: 'Bob <bob@example.com>' },
			{ key: 'Signed-off-by', value: 'Ada <ada@example.com>' }
		]);
	});
});

describe('thin, filtered and incremental bundles', () => {
	const r = history();
	it('lists the commits of a thin bundle and says why fates need the full history', async () => {
		const res = await analyze(r.bundle('thin.bundle', 'main~3..main'));
		expect(res.repo.prerequisites).toHaveLength(1);
		expect(res.commits).toHaveLength(3);
		expect(res.commits.every((c) => c.fate === undefined)).toBe(true);
		expect(res.repo.warnings.join('\n')).toMatch(/full history|incremental bundle/);
	});
	it('extends a saved walk with a newer thin bundle, giving the same result as the full bundle', async () => {
		r.git('branch', 'old', 'main~3');
		const old = await analyze(r.bundle('old.bundle', 'old'), { exact: true, exclusions: [] });
		expect(old.checkpoint?.head).toBe(r.git('rev-parse', 'main~3').trim());
		const cp = JSON.parse(JSON.stringify(old.checkpoint));
		const inc = await analyze(r.bundle('inc.bundle', 'main~3..main'), { exact: true, exclusions: [], checkpoint: cp });
		const full = await analyze(r.bundle('full.bundle', 'main'), { exact: true, exclusions: [] });
		const pick = (x: typeof full) => x.commits.filter((c) => c.firstParent).map((c) => [c.sha, c.added, c.removed, c.fate]);
		expect(pick(inc)).toEqual(pick(full).slice(0, 3));
		expect(inc.checkpoint!.commits.length).toBe(7);
		// And from a full newer bundle: continues after the saved head instead of redoing it.
		const again = await analyze(r.bundle('full2.bundle', 'main'), { exact: true, exclusions: [], checkpoint: cp });
		expect(pick(again)).toEqual(pick(full));
		expect(compareWithGit(r, again)).toEqual([]);
	});
	it('reads a filtered bundle (blobs left out) without crashing and says so', async () => {
		const head = r.git('rev-parse', 'main').trim();
		const objs = r.git('rev-list', '--objects', '--filter=blob:none', 'main');
		const pack = execFileSync('git', ['pack-objects', '--stdout'], { cwd: r.dir, input: objs.split('\n').filter(Boolean).map((l) => l.split(' ')[0]).join('\n') + '\n' });
		const header = new TextEncoder().encode(`# v3 git bundle\n@object-format=sha1\n@filter=blob:none\n${head} refs/heads/main\n\n`);
		const b = new Uint8Array(header.length + pack.length);
		b.set(header);
		b.set(pack, header.length);
		const res = await analyzeBundle(bytesSource(b));
		expect(res.commits).toHaveLength(7);
		expect(res.repo.warnings.join('\n')).toMatch(/filtered bundle/);
		expect(res.commits[0].added).toBe(0);
	});
});

describe('inflate and sha1', () => {
	it('finds the end of zlib streams followed by other data, and asks for more when cut', () => {
		for (const len of [0, 1, 100, 70000]) {
			const data = new Uint8Array(len).map((_, i) => (i * 7) % 251);
			const z = deflateSync(data);
			const buf = new Uint8Array(z.length + 10);
			buf.set(z);
			const out = new Uint8Array(len);
			expect(inflateZlibAt(buf, 0, out)).toBe(z.length);
			expect(out).toEqual(data);
			expect(inflateZlibAt(buf.subarray(0, z.length - 1), 0, new Uint8Array(len))).toBe(NEED_MORE);
		}
	});
	it('inflates like zlib for every level and strategy, and only ever asks for more when a stream is cut', () => {
		let seed = 7;
		const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
		const words = ['const x = 1;', '\n', '  ', 'return', '{', '}', 'lorem ipsum dolor', '\t'];
		const strategies = [constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE, constants.Z_FILTERED];
		for (let it = 0; it < 300; it++) {
			const len = Math.floor(rand() ** 3 * 100000);
			let data: Uint8Array;
			if (it % 3 === 0) data = Uint8Array.from({ length: len }, () => Math.floor(rand() * 256));
			else if (it % 3 === 1) data = Uint8Array.from({ length: len }, () => 97 + Math.floor(rand() * 4));
			else {
				let t = '';
				while (t.length < len) t += words[Math.floor(rand() * words.length)];
				data = new TextEncoder().encode(t.slice(0, len));
			}
			const z = deflateSync(data, { level: it % 10, strategy: strategies[it % 5], memLevel: 1 + (it % 9) });
			// Behind the stream: junk, as the next pack entry would be.
			const buf = new Uint8Array(3 + z.length + 20).map(() => Math.floor(rand() * 256));
			buf.set(z, 3);
			const out = new Uint8Array(len);
			expect(inflateZlibAt(buf, 3, out)).toBe(3 + z.length);
			expect(Buffer.compare(Buffer.from(out), Buffer.from(data))).toBe(0);
			for (let k = 0; k < 3; k++) {
				const cut = Math.floor(rand() * (z.length + 1)) - 1;
				expect(inflateZlibAt(buf.subarray(0, 3 + Math.max(cut, 0)), 3, new Uint8Array(len))).toBe(NEED_MORE);
			}
			if (len) expect(() => inflateZlibAt(buf, 3, new Uint8Array(len - 1))).toThrow();
		}
	});
	it('hashes lines from their bytes exactly as lineHash does from the decoded text', () => {
		const samples = ['', '\n', 'const x = 1;\n', '  return y;  \r\n', '\t}\t\n', 'héllo wörld\n', '日本語のテキスト', 'emoji 😀 end  \n', 'no newline', ' \u000b\f\r\n'];
		const enc = new TextEncoder();
		for (const t of samples) {
			const b = enc.encode('xx' + t + 'yy');
			expect(lineHashBytes(b, 2, b.length - 2)).toBe(lineHash(t));
		}
		// Invalid UTF-8 decodes to U+FFFD on both paths.
		const bad = new Uint8Array([0x61, 0xff, 0x62, 10]);
		expect(lineHashBytes(bad, 0, 4)).toBe(lineHash(new TextDecoder().decode(bad)));
	});
	it('finds common prefixes and suffixes word-wise exactly as byte by byte, at any alignment', () => {
		let seed = 1;
		const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
		for (let it = 0; it < 5000; it++) {
			const buf = new Uint8Array(600);
			const n = Math.floor(rand() * 200);
			const m = Math.floor(rand() * 200);
			const a = buf.subarray(Math.floor(rand() * 8)).subarray(0, n);
			const b = buf.subarray(300 + Math.floor(rand() * 8)).subarray(0, m);
			for (let i = 0; i < n; i++) a[i] = Math.floor(rand() * 3);
			const pre = Math.floor(rand() * Math.min(n, m));
			const suf = Math.floor(rand() * Math.min(n, m));
			for (let i = 0; i < m; i++) b[i] = i < pre ? a[i] : Math.floor(rand() * 3);
			for (let i = 0; i < suf; i++) b[m - 1 - i] = a[n - 1 - i];
			const max = Math.floor(rand() * (Math.min(n, m) + 1));
			let p = 0;
			while (p < max && a[p] === b[p]) p++;
			let q = 0;
			while (q < max && a[n - 1 - q] === b[m - 1 - q]) q++;
			expect([commonPrefix(a, b, max), commonSuffix(a, b, max)]).toEqual([p, q]);
			// The same from offsets into the arrays.
			const ai = Math.floor(rand() * 5);
			const bi = Math.floor(rand() * 5);
			const mx = Math.max(0, Math.min(max, n - ai, m - bi));
			let r = 0;
			while (r < mx && a[ai + r] === b[bi + r]) r++;
			expect(commonPrefix(a, b, mx, ai, bi)).toBe(r);
		}
	});
	it('hashes like node:crypto', () => {
		const b = new TextEncoder().encode('x'.repeat(1000));
		expect(Buffer.from(sha1(b)).toString('hex')).toBe(createHash('sha1').update(b).digest('hex'));
	});
});

void writeFileSync;
