// Parsing of commit, tag and tree objects.

import type { GitPerson, Trailer } from '../../src/lib/model/git';
import { toHex } from './pack';

export interface RawCommit {
	tree: string;
	parents: string[];
	author: GitPerson;
	committer: GitPerson;
	encoding?: string;
	message: string;
}

const utf8 = new TextDecoder();
const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

function decodeText(bytes: Uint8Array, encoding?: string): string {
	if (encoding && !/^utf-?8$/i.test(encoding)) {
		try {
			return new TextDecoder(encoding).decode(bytes);
		} catch {
			/* unknown label: fall through */
		}
	}
	try {
		return utf8Fatal.decode(bytes);
	} catch {
		// Not UTF-8 and no (known) encoding header: git's own fallback is Latin-1.
		return new TextDecoder('latin1').decode(bytes);
	}
}

const PERSON = /^(.*?) ?<([^>]*)> (-?\d+) ([+-]\d{4})\s*$/;

export function parsePerson(s: string): GitPerson {
	const m = PERSON.exec(s);
	if (!m) return { name: s, email: '', at: 0, tz: '+0000', tzMinutes: 0 };
	const tz = m[4];
	const sign = tz[0] === '-' ? -1 : 1;
	const tzMinutes = sign * (parseInt(tz.slice(1, 3), 10) * 60 + parseInt(tz.slice(3, 5), 10));
	return { name: m[1], email: m[2], at: parseInt(m[3], 10) * 1000, tz, tzMinutes };
}

export function parseCommit(body: Uint8Array): RawCommit {
	// Headers end at the first empty line; header values are ASCII/UTF-8.
	let p = 0;
	const n = body.length;
	let tree = '';
	const parents: string[] = [];
	let author = '';
	let committer = '';
	let encoding: string | undefined;
	while (p < n) {
		let nl = body.indexOf(10, p);
		if (nl < 0) nl = n;
		if (nl === p) {
			p++;
			break;
		}
		const line = utf8.decode(body.subarray(p, nl));
		p = nl + 1;
		if (line.charCodeAt(0) === 32) continue; // continuation of gpgsig/mergetag
		const sp = line.indexOf(' ');
		const key = sp < 0 ? line : line.slice(0, sp);
		const value = sp < 0 ? '' : line.slice(sp + 1);
		if (key === 'tree') tree = value;
		else if (key === 'parent') parents.push(value);
		else if (key === 'author') author = value;
		else if (key === 'committer') committer = value;
		else if (key === 'encoding') encoding = value;
	}
	const message = decodeText(body.subarray(Math.min(p, n)), encoding);
	return { tree, parents, author: parsePerson(author), committer: parsePerson(committer), encoding, message };
}

export interface RawTag {
	object: string;
	type: string;
	tag: string;
}

export function parseTag(body: Uint8Array): RawTag {
	const text = utf8.decode(body.subarray(0, Math.min(body.length, 4096)));
	const get = (k: string) => new RegExp(`^${k} (.*)$`, 'm').exec(text)?.[1] ?? '';
	return { object: get('object'), type: get('type'), tag: get('tag') };
}

export interface TreeEntry {
	/** Octal mode as a number: 0o40000 tree, 0o100644/0o100755 file, 0o120000 symlink, 0o160000 gitlink. */
	mode: number;
	name: string;
	oid: string;
}

export const MODE_TREE = 0o40000;
export const MODE_LINK = 0o120000;
export const MODE_GITLINK = 0o160000;

export function isRegularFile(mode: number): boolean {
	return (mode & 0o170000) === 0o100000;
}

export function parseTree(body: Uint8Array, hashLen: number): TreeEntry[] {
	const out: TreeEntry[] = [];
	let p = 0;
	const n = body.length;
	while (p < n) {
		let mode = 0;
		while (body[p] !== 32) mode = mode * 8 + (body[p++] - 48);
		p++;
		const z = body.indexOf(0, p);
		if (z < 0) break;
		// Names are bytes; decode as UTF-8 (git paths almost always are).
		let name = '';
		let ascii = true;
		for (let i = p; i < z; i++) {
			const c = body[i];
			if (c >= 128) {
				ascii = false;
				break;
			}
			name += String.fromCharCode(c);
		}
		if (!ascii) name = utf8.decode(body.subarray(p, z));
		p = z + 1;
		out.push({ mode, name, oid: toHex(body, p, hashLen) });
		p += hashLen;
	}
	return out;
}

/** Splits a message into subject (the first paragraph, joined) and body. */
export function subjectOf(message: string): string {
	const para = message.replace(/^\n+/, '').split(/\n\s*\n/)[0] ?? '';
	return para.replace(/\n/g, ' ').trim();
}

const TRAILER_LINE = /^([A-Za-z0-9][A-Za-z0-9-]*)\s*:\s*(.*)$/;

/**
 * Trailers as `git interpret-trailers` finds them: the last paragraph of the message, if at least
 * one of its lines is a `Key: value` trailer and at least 25% of its lines are (git's rule when a
 * paragraph mixes trailers with other text). Continuation lines (leading whitespace) are folded in.
 */
export function parseTrailers(message: string): Trailer[] {
	const lines = message.replace(/\s+$/, '').split('\n');
	let start = lines.length;
	while (start > 0 && lines[start - 1].trim() !== '') start--;
	if (start === 0) return []; // only one paragraph: that is the subject, not trailers
	const para = lines.slice(start);
	const out: Trailer[] = [];
	let trailerLines = 0;
	let other = 0;
	for (const l of para) {
		if (/^\s/.test(l) && out.length) {
			out[out.length - 1].value += ' ' + l.trim();
			continue;
		}
		const m = TRAILER_LINE.exec(l);
		if (m && !/^https?$/i.test(m[1])) {
			out.push({ key: m[1], value: m[2].trim() });
			trailerLines++;
		} else other++;
	}
	if (trailerLines === 0 || trailerLines * 3 < other) return [];
	return out;
}
