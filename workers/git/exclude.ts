// The default exclusion rules (vendored, build, lock, generated, minified, translation and data
// files, oversized files). Shown to the user and editable: the engine takes the list as an option.

import type { ExclusionRule } from '../../src/lib/model/git';

const glob = (id: string, pattern: string, reason: ExclusionRule['reason']): ExclusionRule => ({ id, kind: 'glob', pattern, reason, enabled: true });

export const DEFAULT_EXCLUSIONS: readonly ExclusionRule[] = Object.freeze([
	glob('vendor-dir', '**/vendor/**', 'vendored'),
	glob('third-party-dir', '**/third_party/**', 'vendored'),
	glob('node-modules-dir', '**/node_modules/**', 'vendored'),
	glob('dist-dir', '**/dist/**', 'build'),
	glob('package-lock', '**/package-lock.json', 'lockfile'),
	glob('npm-shrinkwrap', '**/npm-shrinkwrap.json', 'lockfile'),
	glob('yarn-lock', '**/yarn.lock', 'lockfile'),
	glob('pnpm-lock', '**/pnpm-lock.yaml', 'lockfile'),
	glob('bun-lock', '**/bun.lock', 'lockfile'),
	glob('go-sum', '**/go.sum', 'lockfile'),
	glob('cargo-lock', '**/Cargo.lock', 'lockfile'),
	glob('poetry-lock', '**/poetry.lock', 'lockfile'),
	glob('uv-lock', '**/uv.lock', 'lockfile'),
	glob('gemfile-lock', '**/Gemfile.lock', 'lockfile'),
	glob('composer-lock', '**/composer.lock', 'lockfile'),
	glob('min-js', '**/*.min.js', 'minified'),
	glob('min-css', '**/*.min.css', 'minified'),
	glob('source-map', '**/*.map', 'minified'),
	glob('protobuf-go', '**/*.pb.go', 'generated'),
	glob('protobuf-py', '**/*_pb2.py', 'generated'),
	{ id: 'generated-header', kind: 'generated-header', reason: 'generated', enabled: true },
	glob('gettext-po', '**/*.po', 'translation'),
	glob('gettext-pot', '**/*.pot', 'translation'),
	glob('jsonl-data', '**/*.jsonl', 'data'),
	{ id: 'over-1mb', kind: 'max-bytes', limit: 1 << 20, reason: 'oversized', enabled: true },
	{ id: 'over-20k-lines', kind: 'max-lines', limit: 20000, reason: 'oversized', enabled: true }
] as ExclusionRule[]);

/** A path glob as a RegExp: `**` spans directories (`**​/` may match nothing), `*` and `?` stay within one. */
export function globToRegExp(pattern: string): RegExp {
	let re = '';
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '*') {
			if (pattern[i + 1] === '*') {
				i++;
				if (pattern[i + 1] === '/') {
					i++;
					re += '(?:.*/)?';
				} else re += '.*';
			} else re += '[^/]*';
		} else if (c === '?') re += '[^/]';
		else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
	}
	return new RegExp(`^${re}$`);
}

/** Go's convention for generated files, also used by many other generators. */
const GENERATED = /^\/\/ Code generated .* DO NOT EDIT\.$/m;

export class Exclusions {
	private globs: { rule: ExclusionRule; re: RegExp }[] = [];
	private header?: ExclusionRule;
	private maxBytes?: ExclusionRule;
	private maxLines?: ExclusionRule;

	constructor(rules: readonly ExclusionRule[]) {
		for (const r of rules) {
			if (!r.enabled) continue;
			if (r.kind === 'glob' && r.pattern) this.globs.push({ rule: r, re: globToRegExp(r.pattern) });
			else if (r.kind === 'generated-header') this.header = r;
			else if (r.kind === 'max-bytes') this.maxBytes = r;
			else if (r.kind === 'max-lines') this.maxLines = r;
		}
	}

	private byPathCache = new Map<string, ExclusionRule | null>();

	/** The rule excluding a path by its name alone (remembered: the same paths change again and again). */
	byPath(path: string): ExclusionRule | undefined {
		let hit = this.byPathCache.get(path);
		if (hit === undefined) {
			hit = null;
			for (const g of this.globs)
				if (g.re.test(path)) {
					hit = g.rule;
					break;
				}
			if (this.byPathCache.size > 100_000) this.byPathCache.clear();
			this.byPathCache.set(path, hit);
		}
		return hit ?? undefined;
	}

	/** Files of at most this many bytes cannot break the line limit (a line takes at least one byte). */
	get lineLimit(): number {
		return this.maxLines?.limit ?? Infinity;
	}

	/** The rule excluding a file version by its content (`text` is its first bytes as Latin-1). */
	byContent(size: number, lines: number, head: string): ExclusionRule | undefined {
		if (this.maxBytes && size > (this.maxBytes.limit ?? Infinity)) return this.maxBytes;
		if (this.maxLines && lines > (this.maxLines.limit ?? Infinity)) return this.maxLines;
		if (this.header && GENERATED.test(head)) return this.header;
		return undefined;
	}
}
