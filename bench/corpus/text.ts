// Word lists and template generators for prose, code and shell output. Nothing here is meaningful;
// it only has to look like the text a coding agent reads and writes, at realistic sizes.

import type { Rng } from './rng';

export type Lang = 'ts' | 'py' | 'go';

const GLUE = 'the a the a to of and in for is that this with it on as by when from not which then also will just into each only so but after before if here there'.split(' ');
export const NOUNS = (
	'parser session token cache handler request response worker queue stream buffer config schema migration index query route ' +
	'component store test fixture build bundle module import export type interface field record batch chunk offset cursor ' +
	'timestamp branch commit diff hunk file path directory callback promise error retry timeout limit budget model price cost ' +
	'usage report chart filter summary table row column key value map list array string flag option default state event ' +
	'listener payload header client server endpoint middleware logger metric counter snapshot archive upload download job ' +
	'scheduler lock transaction connection pool adapter serializer validator registry plugin template layout page sidebar ' +
	'dialog button form input selector reducer hook context provider theme locale account user project workspace invoice'
).split(' ');
export const VERBS = (
	'parse read write update fix add remove rename refactor handle check validate compute load save fetch render format ' +
	'normalize dedupe merge split sort filter group count track emit flush close open reset retry skip log wrap extract ' +
	'resolve build create delete apply collect convert encode decode map reduce cache inline move register sync'
).split(' ');
const ADJS = 'empty stale missing duplicate partial invalid large small nested optional async cached current previous final unused legacy broken flaky slow pending unknown'.split(' ');
const TYPES_TS = ['string', 'number', 'boolean', 'string[]', 'number | undefined', 'Date', 'Uint8Array', 'Record<string, number>', 'unknown'];
const MODS_TS = ['node:fs', 'node:path', 'node:crypto', 'zod', 'dexie', 'comlink', './types', '../lib/util', '$lib/model', './format', '../db/schema'];
const MODS_PY = ['os', 'json', 're', 'pathlib', 'typing', 'dataclasses', 'datetime', 'collections', 'itertools', 'logging', 'sqlite3'];
const MODS_GO = ['"context"', '"errors"', '"fmt"', '"io"', '"net/http"', '"os"', '"strings"', '"time"', '"encoding/json"', '"sync"'];

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
export const ing = (v: string) => (v.endsWith('e') && !v.endsWith('ee') ? v.slice(0, -1) : v) + 'ing';

export function word(r: Rng): string {
	return r.chance(0.42) ? r.pick(GLUE) : r.chance(0.55) ? r.pick(NOUNS) : r.chance(0.6) ? r.pick(VERBS) : r.pick(ADJS);
}

export function sentence(r: Rng, min = 6, max = 22): string {
	const n = r.int(min, max);
	const w: string[] = [];
	for (let i = 0; i < n; i++) w.push(word(r));
	if (r.chance(0.25)) w.splice(r.int(1, w.length - 1), 0, '`' + ident(r) + '`');
	return cap(w.join(' ')) + (r.chance(0.1) ? ':' : '.');
}

export function paragraph(r: Rng, sentences = r.int(2, 6)): string {
	const s: string[] = [];
	for (let i = 0; i < sentences; i++) s.push(sentence(r));
	return s.join(' ');
}

export function ident(r: Rng): string {
	return r.pick(VERBS) + cap(r.pick(NOUNS)) + (r.chance(0.3) ? cap(r.pick(NOUNS)) : '');
}
export const typeName = (r: Rng) => cap(r.pick(NOUNS)) + cap(r.pick(NOUNS));
const snake = (r: Rng) => r.pick(VERBS) + '_' + r.pick(NOUNS) + (r.chance(0.3) ? '_' + r.pick(NOUNS) : '');
const varName = (r: Rng) => (r.chance(0.5) ? r.pick(NOUNS) : r.pick(ADJS) + cap(r.pick(NOUNS)));

function argList(r: Rng, f: (r: Rng) => string, max = 3): string {
	const n = r.int(0, max);
	const a: string[] = [];
	for (let i = 0; i < n; i++) a.push(f(r));
	return a.join(', ');
}

function tsLine(r: Rng, depth: number): string {
	const v = varName(r);
	switch (r.int(0, 9)) {
		case 0:
			return `const ${v} = ${ident(r)}(${argList(r, varName)});`;
		case 1:
			return `if (!${v}) return ${r.pick(['null', 'undefined', '[]', 'false', '0', `'${r.pick(NOUNS)}'`])};`;
		case 2:
			return `${v}.${r.pick(VERBS)}(${argList(r, varName, 2)});`;
		case 3:
			return `// ${sentence(r, 4, 14)}`;
		case 4:
			return `const ${v}: ${typeName(r)} = { ${r.pick(NOUNS)}: ${varName(r)}, ${r.pick(NOUNS)}: ${r.int(0, 500)} };`;
		case 5:
			return `await ${ident(r)}(${varName(r)}, { ${r.pick(NOUNS)}: ${r.chance(0.5) ? 'true' : r.int(1, 100)} });`;
		case 6:
			return `${v} += ${varName(r)}.length;`;
		case 7:
			return `throw new Error(\`${sentence(r, 3, 8).slice(0, -1)}: \${${varName(r)}}\`);`;
		case 8:
			return depth < 3 ? `for (const ${v} of ${varName(r)}s) {` : `return ${v};`;
		default:
			return `return ${ident(r)}(${argList(r, varName)});`;
	}
}

function pyLine(r: Rng): string {
	const v = snake(r).split('_').slice(1).join('_');
	switch (r.int(0, 7)) {
		case 0:
			return `${v} = ${snake(r)}(${argList(r, (x) => x.pick(NOUNS))})`;
		case 1:
			return `if ${v} is None:`;
		case 2:
			return `# ${sentence(r, 4, 12)}`;
		case 3:
			return `logger.debug("${sentence(r, 3, 8).slice(0, -1)}: %s", ${v})`;
		case 4:
			return `for ${r.pick(NOUNS)} in ${v}:`;
		case 5:
			return `raise ValueError(f"${sentence(r, 3, 7).slice(0, -1)} {${v}!r}")`;
		case 6:
			return `${v}.${r.pick(VERBS)}(${argList(r, (x) => x.pick(NOUNS), 2)})`;
		default:
			return `return ${v}`;
	}
}

function goLine(r: Rng): string {
	const v = r.pick(NOUNS);
	switch (r.int(0, 6)) {
		case 0:
			return `${v}, err := ${ident(r)}(ctx${r.chance(0.6) ? ', ' + r.pick(NOUNS) : ''})`;
		case 1:
			return `if err != nil {\n\t\treturn nil, fmt.Errorf("${r.pick(VERBS)} ${r.pick(NOUNS)}: %w", err)\n\t}`;
		case 2:
			return `// ${sentence(r, 4, 12)}`;
		case 3:
			return `${v}.${cap(r.pick(VERBS))}(${r.pick(NOUNS)})`;
		case 4:
			return `for _, ${v} := range ${r.pick(NOUNS)}s {`;
		case 5:
			return `${v} := &${typeName(r)}{${cap(r.pick(NOUNS))}: ${r.int(0, 99)}}`;
		default:
			return `return ${v}, nil`;
	}
}

/** A whole source file of roughly `lines` lines. */
export function sourceFile(r: Rng, lang: Lang, lines: number): string {
	const out: string[] = [];
	if (lang === 'ts') {
		for (let i = r.int(1, 5); i > 0; i--) out.push(`import { ${argList(r, ident, 3) || ident(r)} } from '${r.pick(MODS_TS)}';`);
	} else if (lang === 'py') {
		for (let i = r.int(1, 5); i > 0; i--) out.push(r.chance(0.5) ? `import ${r.pick(MODS_PY)}` : `from ${r.pick(MODS_PY)} import ${r.pick(NOUNS)}`);
	} else {
		out.push(`package ${r.pick(NOUNS)}`, '', 'import (');
		for (let i = r.int(1, 5); i > 0; i--) out.push('\t' + r.pick(MODS_GO));
		out.push(')');
	}
	out.push('');
	while (out.length < lines) {
		if (lang === 'ts') {
			if (r.chance(0.25)) {
				out.push(`export interface ${typeName(r)} {`);
				for (let i = r.int(2, 7); i > 0; i--) out.push(`\t${r.pick(NOUNS)}${r.chance(0.3) ? '?' : ''}: ${r.pick(TYPES_TS)};`);
				out.push('}', '');
				continue;
			}
			out.push(`export ${r.chance(0.4) ? 'async ' : ''}function ${ident(r)}(${argList(r, (x) => `${varName(x)}: ${x.pick(TYPES_TS)}`)}) {`);
			let depth = 1;
			for (let i = r.int(3, 18); i > 0; i--) {
				const l = tsLine(r, depth);
				out.push('\t'.repeat(depth) + l);
				if (l.endsWith('{')) depth++;
				else if (depth > 1 && r.chance(0.3)) out.push('\t'.repeat(--depth) + '}');
			}
			while (depth > 0) out.push('\t'.repeat(--depth) + '}');
			out.push('');
		} else if (lang === 'py') {
			const inClass = r.chance(0.3);
			if (inClass) out.push(`class ${typeName(r)}:`, `    """${sentence(r, 5, 12)}"""`, '');
			const ind = inClass ? '    ' : '';
			out.push(`${ind}def ${snake(r)}(${inClass ? 'self, ' : ''}${argList(r, (x) => x.pick(NOUNS))}):`);
			let depth = 1;
			for (let i = r.int(3, 16); i > 0; i--) {
				const l = pyLine(r);
				out.push(ind + '    '.repeat(depth) + l);
				if (l.endsWith(':') && !l.startsWith('#')) depth = Math.min(depth + 1, 4);
				else if (depth > 1 && r.chance(0.35)) depth--;
			}
			out.push('');
		} else {
			out.push(`func ${cap(ident(r))}(ctx context.Context${r.chance(0.6) ? ', ' + r.pick(NOUNS) + ' string' : ''}) (*${typeName(r)}, error) {`);
			let depth = 1;
			for (let i = r.int(3, 14); i > 0; i--) {
				const l = goLine(r);
				out.push('\t'.repeat(depth) + l);
				if (l.endsWith('{')) depth++;
				else if (depth > 1 && r.chance(0.35)) out.push('\t'.repeat(--depth) + '}');
			}
			while (depth > 1) out.push('\t'.repeat(--depth) + '}');
			out.push('}', '');
		}
	}
	return out.slice(0, Math.max(lines, 1)).join('\n') + '\n';
}

/** A few changed lines for an edit: some rewritten, some added. */
export function editLines(r: Rng, lang: Lang, old: string[]): string[] {
	const out: string[] = [];
	for (const l of old) {
		const indent = l.match(/^\s*/)![0];
		if (r.chance(0.55)) out.push(indent + (lang === 'ts' ? tsLine(r, 1) : lang === 'py' ? pyLine(r) : goLine(r)));
		else out.push(l);
	}
	for (let i = r.int(0, 4); i > 0; i--) {
		const indent = (old[old.length - 1] ?? '').match(/^\s*/)![0];
		out.push(indent + (lang === 'ts' ? tsLine(r, 1) : lang === 'py' ? pyLine(r) : goLine(r)));
	}
	if (out.join('\n') === old.join('\n')) out.push((old[0] ?? '').match(/^\s*/)![0] + (lang === 'py' ? '# ' : '// ') + sentence(r, 3, 9));
	return out;
}

const DIRS: Record<Lang, string[]> = {
	ts: ['src/lib', 'src/lib/parser', 'src/lib/db', 'src/routes', 'src/routes/api', 'src/components', 'workers', 'tests/unit', 'scripts'],
	py: ['src/pipeline', 'src/pipeline/io', 'src/pipeline/models', 'tests', 'scripts', 'notebooks/helpers'],
	go: ['cmd/server', 'internal/billing', 'internal/store', 'internal/httpapi', 'pkg/money', 'test']
};
const EXT: Record<Lang, string> = { ts: '.ts', py: '.py', go: '.go' };

export function projectFiles(r: Rng, lang: Lang, n: number): string[] {
	const set = new Set<string>();
	while (set.size < n) {
		const dir = r.pick(DIRS[lang]);
		const base = lang === 'ts' ? r.pick(NOUNS) + (r.chance(0.4) ? '-' + r.pick(NOUNS) : '') : r.pick(NOUNS) + (r.chance(0.4) ? '_' + r.pick(NOUNS) : '');
		const test = dir.startsWith('test');
		set.add(`${dir}/${test && lang === 'py' ? 'test_' : ''}${base}${test && lang === 'ts' ? '.test' : ''}${test && lang === 'go' ? '_test' : ''}${EXT[lang]}`);
	}
	return [...set];
}

export function title(r: Rng): string {
	return `${cap(r.pick(VERBS))} ${r.pick(ADJS)} ${r.pick(NOUNS)} ${r.pick(['in', 'for', 'from', 'during'])} ${r.pick(NOUNS)} ${r.pick(NOUNS)}`;
}

export function slug(r: Rng): string {
	return `${r.pick(ADJS_SLUG)}-${r.pick(ADJS_SLUG)}-${r.pick(NOUNS_SLUG)}`;
}
const ADJS_SLUG = 'radiant floating quiet lucky bright gentle rustling golden silent swift crimson hidden wandering tidy brave mellow'.split(' ');
const NOUNS_SLUG = 'music river lantern meadow falcon harbor comet garden pebble willow canyon ember orchard compass'.split(' ');

export function userPrompt(r: Rng, file: string): string {
	const f = r.chance(0.6) ? file : r.pick(NOUNS);
	switch (r.int(0, 7)) {
		case 0:
			return `the ${r.pick(NOUNS)} in ${f} ${r.pick(['is', 'seems', 'looks'])} ${r.pick(ADJS)} after ${ing(r.pick(VERBS))} the ${r.pick(NOUNS)}, can you ${r.pick(VERBS)} it?`;
		case 1:
			return `${r.pick(VERBS)} the ${r.pick(NOUNS)} ${r.pick(NOUNS)} so it ${r.pick(VERBS)}s ${r.pick(ADJS)} ${r.pick(NOUNS)}s too. ${paragraph(r, r.int(0, 2))}`.trim();
		case 2:
			return `tests fail in ${f}:\n\n${testFailure(r, f)}\n\nplease fix`;
		case 3:
			return `ok, now ${r.pick(VERBS)} ${f} and run the tests`;
		case 4:
			return `${paragraph(r, r.int(1, 4))}\n\nStart with ${f}.`;
		case 5:
			return r.pick(['yes', 'go ahead', 'looks good, commit it', 'continue', 'do it', 'thanks. also update the docs']);
		case 6:
			return `can you explain how ${r.pick(NOUNS)} ${ing(r.pick(VERBS))} works in ${f}? ${sentence(r)}`;
		default:
			return `Implement ${r.pick(ADJS)} ${r.pick(NOUNS)} support:\n- ${sentence(r)}\n- ${sentence(r)}\n- ${sentence(r)}`;
	}
}

export function testFailure(r: Rng, file: string): string {
	return [
		` FAIL  ${file} > ${r.pick(NOUNS)} > ${r.pick(VERBS)}s ${r.pick(ADJS)} ${r.pick(NOUNS)}`,
		`AssertionError: expected ${r.int(0, 999)} to be ${r.int(0, 999)} // Object.is equality`,
		'',
		`- Expected`,
		`+ Received`,
		'',
		`  ❯ ${file}:${r.int(10, 300)}:${r.int(3, 40)}`
	].join('\n');
}

/** Markdown answer an assistant gives at the end of a turn. */
export function summaryAnswer(r: Rng, files: string[]): string {
	const parts: string[] = [r.pick(['Done.', 'Fixed.', "Here's what changed:", 'Summary of the changes:', 'All tests pass now.'])];
	parts.push('');
	for (const f of files.slice(0, r.int(1, 4))) parts.push(`- **\`${f}\`**: ${sentence(r, 6, 18)}`);
	if (r.chance(0.4)) parts.push('', paragraph(r, r.int(1, 3)));
	if (r.chance(0.2)) parts.push('', '```' + (r.chance(0.5) ? 'ts' : 'bash'), ...Array.from({ length: r.int(2, 8) }, () => tsLine(r, 1)), '```');
	return parts.join('\n');
}

export function testOutput(r: Rng, lang: Lang, files: string[], fail: boolean): string {
	const out: string[] = [];
	const n = r.int(3, 14);
	let tests = 0;
	for (let i = 0; i < n; i++) {
		const f = r.pick(files);
		const t = r.int(1, 30);
		tests += t;
		if (lang === 'ts') out.push(` ✓ ${f} (${t} tests) ${r.int(2, 900)}ms`);
		else if (lang === 'py') out.push(`${f} ${'.'.repeat(Math.min(t, 40))}  [${Math.round(((i + 1) / n) * 100)}%]`);
		else out.push(`ok  \tgithub.com/dev/${r.pick(NOUNS)}/${f.split('/').slice(0, -1).join('/')}\t${(r.next() * 2).toFixed(3)}s`);
	}
	if (fail) out.push(testFailure(r, r.pick(files)));
	if (lang === 'ts') out.push('', ` Test Files  ${fail ? '1 failed | ' : ''}${n} passed (${n + (fail ? 1 : 0)})`, `      Tests  ${fail ? '1 failed | ' : ''}${tests} passed`, `   Duration  ${(r.next() * 9 + 0.5).toFixed(2)}s`);
	else if (lang === 'py') out.push(`${'='.repeat(20)} ${fail ? '1 failed, ' : ''}${tests} passed in ${(r.next() * 9 + 0.5).toFixed(2)}s ${'='.repeat(20)}`);
	else if (fail) out.push('FAIL');
	return out.join('\n');
}
