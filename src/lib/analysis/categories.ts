// Default activity categories: app / title / URL rules, first match wins (order matters: meetings
// before chat because Teams is both; agent UIs before browsers because claude.ai runs in one).
// Unlike ActivityWatch's "deepest category wins" tree, this is a flat ordered list — simpler to
// explain, and users override it by putting their own rules first. ActivityWatch's own rules can be
// imported (parseAwCategories): they are ordered so that first match gives AW's answer.

export type Category =
	| 'editor'
	| 'terminal'
	| 'browser-docs'
	| 'browser-other'
	| 'chat'
	| 'meeting'
	| 'agent'
	| 'other';

export const CATEGORIES: readonly Category[] = ['editor', 'terminal', 'browser-docs', 'browser-other', 'chat', 'meeting', 'agent', 'other'];

export interface CategoryRule {
	category: Category;
	/** Each given regex must match (search) its field; at least one matcher is required. */
	app?: RegExp;
	title?: RegExp;
	url?: RegExp;
	/** Must find the app OR the title (ActivityWatch's rules test both); combined with the fields above by AND. */
	anyOf?: RegExp;
	/** Name to show for what matched, e.g. an ActivityWatch category path "Work > Programming". */
	label?: string;
}

const BROWSER = /browser|firefox|chrome|chromium|safari|edge|msedge|brave|opera|vivaldi|arc|librewolf|waterfox/i;
const DOCS = /docs?\b|documentation|developer\.|devdocs|mdn|stack ?overflow|stackexchange|readthedocs|docs\.rs|pkg\.go\.dev|npmjs|pypi|github|gitlab|api reference|reference/i;

export const DEFAULT_RULES: CategoryRule[] = [
	{ category: 'meeting', app: /zoom|webex|teams/i, title: /meeting|call|zoom|webex/i },
	{ category: 'meeting', app: /^(zoom\.us|zoom|cpthost)(\.exe)?$/i },
	{ category: 'meeting', title: /google meet|meet\.google\.com|zoom meeting/i },
	{ category: 'meeting', url: /meet\.google\.com|zoom\.us\/j\//i },
	{ category: 'agent', app: /^(claude|chatgpt|codex)(\.exe)?$/i },
	{ category: 'agent', url: /claude\.ai|chatgpt\.com|chat\.openai\.com|gemini\.google\.com/i },
	{ category: 'agent', title: /\b(claude|chatgpt|gemini)\b/i, app: BROWSER },
	{ category: 'chat', app: /slack|discord|teams|telegram|signal|whatsapp|element|mattermost|zulip|messages/i },
	{ category: 'chat', url: /app\.slack\.com|discord\.com\/channels/i },
	{ category: 'editor', app: /^(code|vscode|vim|neovim|nvim|code - insiders|cursor|windsurf|vscodium|zed|sublime_text|sublime text|atom|emacs|gvim|nvim-qt|neovide|xcode|android studio|idea|idea64|pycharm|pycharm64|webstorm|webstorm64|goland|goland64|clion|clion64|rider|rider64|rubymine|phpstorm|datagrip|fleet|kate|gedit|notepad\+\+)(\.exe)?$/i },
	{ category: 'editor', app: /jetbrains|visual studio|intellij/i },
	{ category: 'terminal', app: /terminal|iterm|alacritty|kitty|wezterm|konsole|ghostty|warp|tilix|xterm|urxvt|foot|hyper|cmd\.exe|powershell|pwsh|windowsterminal|conhost|tabby/i },
	{ category: 'browser-docs', app: BROWSER, title: DOCS },
	{ category: 'browser-docs', app: BROWSER, url: DOCS },
	{ category: 'browser-other', app: BROWSER }
];

export interface Categorizable {
	app?: string;
	title?: string;
	url?: string;
}

/** The first rule that matches, or undefined (its `label` names what matched). */
export function matchRule(s: Categorizable, rules: CategoryRule[] = DEFAULT_RULES): CategoryRule | undefined {
	for (const r of rules) {
		if (!r.app && !r.title && !r.url && !r.anyOf) continue;
		if (r.app && !(s.app !== undefined && r.app.test(s.app))) continue;
		if (r.title && !(s.title !== undefined && r.title.test(s.title))) continue;
		if (r.url && !(s.url !== undefined && r.url.test(s.url))) continue;
		if (r.anyOf && !((s.app !== undefined && r.anyOf.test(s.app)) || (s.title !== undefined && r.anyOf.test(s.title)))) continue;
		return r;
	}
	return undefined;
}

export function categorize(s: Categorizable, rules: CategoryRule[] = DEFAULT_RULES): Category {
	return matchRule(s, rules)?.category ?? 'other';
}

// ---- safe regexes ---------------------------------------------------------------------------------

export const MAX_RULES = 5000;
export const MAX_REGEX_LENGTH = 2000;
const MAX_LABEL_LENGTH = 500;

export class CategoryImportError extends Error {}

/**
 * True for the classic catastrophic-backtracking shape: a repeated group that itself contains a
 * repetition, like `(\w+\s?)+` or `(a*)*`. JS regexes cannot be interrupted, so user rules of that
 * shape are refused rather than risk freezing on a long window title.
 */
export function hasNestedRepeat(source: string): boolean {
	const groups: boolean[] = [];
	let inClass = false;
	let closedRepeats = false;
	let afterGroup = false;
	for (let i = 0; i < source.length; i++) {
		const c = source[i];
		if (c === '\\') {
			i++;
			afterGroup = false;
			continue;
		}
		if (inClass) {
			if (c === ']') inClass = false;
			continue;
		}
		if (c === '[') {
			inClass = true;
			afterGroup = false;
			continue;
		}
		if (c === '(') {
			groups.push(false);
			// Skip a group prefix (?: (?= (?! (?<= (?<! so its `?` is not read as a quantifier.
			if (source[i + 1] === '?') i += /^\?<[=!]/.test(source.slice(i + 1, i + 4)) ? 3 : /^\?[:=!]/.test(source.slice(i + 1, i + 3)) ? 2 : 1;
			afterGroup = false;
			continue;
		}
		if (c === ')') {
			closedRepeats = groups.pop() ?? false;
			if (closedRepeats && groups.length) groups[groups.length - 1] = true;
			afterGroup = true;
			continue;
		}
		const brace = c === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i)) : null;
		const repeats = c === '*' || c === '+' || (!!brace && brace[2] !== undefined && (brace[3] === '' || Number(brace[3]) > 1));
		if (repeats) {
			if (afterGroup && closedRepeats) return true;
			if (groups.length) groups[groups.length - 1] = true;
		}
		if (brace) i += brace[0].length - 1;
		afterGroup = false;
	}
	return false;
}

/** A RegExp from user data, or why not (too long, catastrophic shape, syntax). g and y are dropped: they make test() stateful. */
export function safeRegExp(source: string, flags = ''): RegExp | string {
	if (typeof source !== 'string' || typeof flags !== 'string') return 'not a string';
	if (source.length > MAX_REGEX_LENGTH) return `longer than ${MAX_REGEX_LENGTH} characters`;
	const f = flags.replace(/[gy]/g, '');
	if (!/^[dimsuv]*$/.test(f) || new Set(f).size !== f.length) return `bad flags "${flags}"`;
	if (hasNestedRepeat(source)) return 'a repeated group that itself repeats can take exponential time';
	try {
		return new RegExp(source, f);
	} catch (e) {
		return e instanceof Error ? e.message : String(e);
	}
}

/**
 * ActivityWatch's regexes are Python's (`re`; aw-server-rust: fancy_regex). The common differences
 * are rewritten: leading inline flags `(?i)`, named groups `(?P<n>…)` / `(?P=n)`, `\A` / `\Z`, and a
 * `]` first in a class. Anything else JS does not accept is reported.
 */
export function awRegExp(source: string, ignoreCase: boolean): RegExp | string {
	if (typeof source !== 'string') return 'not a string';
	if (source.length > MAX_REGEX_LENGTH) return `longer than ${MAX_REGEX_LENGTH} characters`;
	let flags = ignoreCase ? 'i' : '';
	let src = source;
	const inline = /^\(\?([aiLmsux]+)\)/.exec(src);
	if (inline) {
		if (inline[1].includes('x')) return 'verbose mode (?x) is not supported';
		for (const f of ['i', 'm', 's']) if (inline[1].includes(f) && !flags.includes(f)) flags += f;
		src = src.slice(inline[0].length);
	}
	let out = '';
	let inClass = false;
	for (let i = 0; i < src.length; i++) {
		const c = src[i];
		if (c === '\\') {
			const n = src[i + 1] ?? '';
			out += !inClass && n === 'A' ? '^' : !inClass && n === 'Z' ? '$' : c + n;
			i++;
		} else if (inClass) {
			out += c;
			if (c === ']') inClass = false;
		} else if (c === '[') {
			inClass = true;
			out += c;
			if (src[i + 1] === '^') out += src[++i];
			// Python reads a `]` right after `[` or `[^` as a literal; JS would close an empty class.
			if (src[i + 1] === ']') {
				out += '\\]';
				i++;
			}
		} else if (src.startsWith('(?P<', i)) {
			out += '(?<';
			i += 3;
		} else if (src.startsWith('(?P=', i)) {
			const close = src.indexOf(')', i);
			if (close < 0) return 'unterminated (?P=name)';
			out += `\\k<${src.slice(i + 4, close)}>`;
			i = close;
		} else out += c;
	}
	return safeRegExp(out, flags);
}

// ---- ActivityWatch category rules ---------------------------------------------------------------

/**
 * Our category for an ActivityWatch name path. The deepest name that says something decides, each
 * name tested in this order (word match, case-insensitive):
 *   agent: AI, agent, LLM, ChatGPT, Claude, Copilot, Gemini, Codex, assistant
 *   meeting: meeting, call, video call/conference, conference, Zoom, Webex, huddle, standup
 *   chat: chat, Slack, Discord, Teams, messaging/messages, messenger, IM, comms/communication, email/mail, inbox
 *   terminal: terminal, shell, console, command line, CLI
 *   browser-docs: docs/documentation, reference, manual, wiki, API
 *   editor: programming, coding, code, IDE, editor/editing, development, dev, software
 *   browser-other: browser/browsing, web, internet
 * A bare "Video" is a meeting only under a communication name ("Comms > Video"): ActivityWatch's
 * default tree has "Media > Video" and "Work > Video" (editing), which are not meetings.
 * Nothing matched: other.
 */
const NAME_HEURISTIC: [Category, RegExp][] = [
	['agent', /\b(ai|agents?|llms?|chat ?gpt|claude|copilot|gemini|codex|assistants?)\b/i],
	['meeting', /\b(meetings?|calls?|video ?(calls?|conferenc\w*)|conferenc\w*|zoom|webex|huddles?|stand-?ups?)\b/i],
	['chat', /\b(chats?|slack|discord|teams|messag\w*|messengers?|im|comms|communications?|e-?mails?|mail|inbox)\b/i],
	['terminal', /\b(terminals?|shells?|consoles?|command[ -]?line|cli)\b/i],
	['browser-docs', /\b(docs?|documentation|references?|manuals?|wikis?|api)\b/i],
	['editor', /\b(programming|coding|code|ides?|editors?|editing|development|dev|software)\b/i],
	['browser-other', /\b(brows(er|ers|ing)|web|internet)\b/i]
];

export function categoryForAwName(path: readonly string[]): Category {
	for (let d = path.length - 1; d >= 0; d--) {
		for (const [cat, re] of NAME_HEURISTIC) if (re.test(path[d])) return cat;
		if (/\bvideos?\b/i.test(path[d]) && path.slice(0, d).some((p) => NAME_HEURISTIC[2][1].test(p))) return 'meeting';
	}
	return 'other';
}

export interface AwCategory {
	/** ActivityWatch's name path, e.g. ["Work", "Programming"]. */
	path: string[];
	category: Category;
	/** The regex as ActivityWatch stores it; absent for folders (rule type "none") and skipped rules. */
	regex?: string;
	ignoreCase?: boolean;
	color?: string;
}

export interface AwCategoryImport {
	/** Ordered so that the first match is ActivityWatch's choice: deepest path first, later rule first at equal depth. */
	rules: CategoryRule[];
	/** Every category read, in file order, for display. */
	categories: AwCategory[];
	/** What was skipped and why, in words. */
	problems: string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Reads ActivityWatch's category export (Settings → Categories → Export: `{id?, categories: [...]}`,
 * or the bare list): `{name: [...path], rule: {type: "regex", regex, ignore_case?} | {type: "none"},
 * data?: {color?, score?}}`. AW rules search the window's app and title; the deepest matching
 * category wins, the later one at equal depth. Each becomes an `anyOf` rule labelled with its path and
 * mapped to one of our categories by categoryForAwName. Whole-file problems throw
 * CategoryImportError; a bad category or regex is skipped and listed in `problems`.
 */
export function parseAwCategories(json: unknown): AwCategoryImport {
	let doc = json;
	if (typeof doc === 'string') {
		if (doc.length > 20 * 1024 * 1024) throw new CategoryImportError('This file is too large to be an ActivityWatch category export.');
		try {
			doc = JSON.parse(doc);
		} catch {
			throw new CategoryImportError('This file is not JSON, so it is not an ActivityWatch category export.');
		}
	}
	const list = Array.isArray(doc) ? doc : isObj(doc) && Array.isArray(doc.categories) ? doc.categories : undefined;
	if (!list) throw new CategoryImportError('Not an ActivityWatch category export: expected a list of categories or {"categories": [...]}.');
	if (list.length > MAX_RULES) throw new CategoryImportError(`This export has ${list.length} categories; at most ${MAX_RULES} can be imported.`);
	const out: AwCategoryImport = { rules: [], categories: [], problems: [] };
	const ranked: { rule: CategoryRule; depth: number; index: number }[] = [];
	list.forEach((item, index) => {
		const at = `category ${index + 1}`;
		if (!isObj(item)) return void out.problems.push(`${at}: not an object; skipped`);
		const name = typeof item.name === 'string' ? [item.name] : item.name;
		if (!Array.isArray(name) || name.length === 0 || !name.every((n) => typeof n === 'string' && n.trim() !== '')) {
			return void out.problems.push(`${at}: its name is not a list of names; skipped`);
		}
		const path = name as string[];
		if (path.length > 32 || path.some((n) => n.length > 200)) return void out.problems.push(`${at}: its name is too long; skipped`);
		const label = path.join(' > ');
		const cat: AwCategory = { path, category: categoryForAwName(path) };
		const color = isObj(item.data) ? item.data.color : undefined;
		if (typeof color === 'string' && color.length <= 50) cat.color = color;
		out.categories.push(cat);
		const rule = isObj(item.rule) ? item.rule : { type: 'none' };
		if (rule.type === 'none' || rule.type === undefined) return;
		if (rule.type !== 'regex') return void out.problems.push(`"${label}": rule type ${JSON.stringify(rule.type).slice(0, 40)} is not known; kept without a rule`);
		// An empty regex would match everything: ActivityWatch treats it as no rule.
		if (rule.regex === undefined || rule.regex === '') return;
		if (typeof rule.regex !== 'string') return void out.problems.push(`"${label}": its regex is not text; kept without a rule`);
		const ignoreCase = rule.ignore_case === true;
		const re = awRegExp(rule.regex, ignoreCase);
		if (typeof re === 'string') return void out.problems.push(`"${label}": regex skipped (${re})`);
		cat.regex = rule.regex;
		cat.ignoreCase = ignoreCase;
		ranked.push({ rule: { category: cat.category, anyOf: re, label }, depth: path.length, index });
	});
	ranked.sort((a, b) => b.depth - a.depth || b.index - a.index);
	out.rules = ranked.map((r) => r.rule);
	return out;
}

// ---- storing rules ------------------------------------------------------------------------------

interface StoredRegExp {
	source: string;
	flags: string;
}
interface StoredRule {
	category: Category;
	app?: StoredRegExp;
	title?: StoredRegExp;
	url?: StoredRegExp;
	anyOf?: StoredRegExp;
	label?: string;
}

const MATCHERS = ['app', 'title', 'url', 'anyOf'] as const;
const RULES_FORMAT = 'hindsight-category-rules';

/** Rules as JSON text (regexes as source + flags), for IndexedDB or a file. */
export function serializeRules(rules: CategoryRule[]): string {
	const list: StoredRule[] = rules.map((r) => {
		const o: StoredRule = { category: r.category };
		for (const k of MATCHERS) {
			const re = r[k];
			if (re) o[k] = { source: re.source, flags: re.flags.replace(/[gy]/g, '') };
		}
		if (r.label !== undefined) o.label = r.label;
		return o;
	});
	return JSON.stringify({ format: RULES_FORMAT, version: 1, rules: list });
}

/** Rules back from serializeRules' text (or its parsed value), every field checked; throws CategoryImportError naming the bad rule. */
export function deserializeRules(json: unknown): CategoryRule[] {
	let doc = json;
	if (typeof doc === 'string') {
		try {
			doc = JSON.parse(doc);
		} catch {
			throw new CategoryImportError('Saved category rules are not valid JSON.');
		}
	}
	if (!isObj(doc) || doc.format !== RULES_FORMAT || !Array.isArray(doc.rules)) throw new CategoryImportError('Not a saved set of category rules.');
	if (doc.version !== 1) throw new CategoryImportError(`Saved category rules have version ${JSON.stringify(doc.version)}; this app reads version 1.`);
	if (doc.rules.length > MAX_RULES) throw new CategoryImportError(`${doc.rules.length} saved category rules; at most ${MAX_RULES} are read.`);
	return doc.rules.map((item, i) => {
		const bad = (why: string) => new CategoryImportError(`Saved category rule ${i + 1}: ${why}.`);
		if (!isObj(item)) throw bad('not an object');
		if (typeof item.category !== 'string' || !CATEGORIES.includes(item.category as Category)) throw bad(`unknown category ${JSON.stringify(item.category)}`);
		const rule: CategoryRule = { category: item.category as Category };
		for (const k of MATCHERS) {
			const v = item[k];
			if (v === undefined) continue;
			if (!isObj(v) || typeof v.source !== 'string' || typeof v.flags !== 'string') throw bad(`${k} is not {source, flags}`);
			const re = safeRegExp(v.source, v.flags);
			if (typeof re === 'string') throw bad(`${k} /${v.source.slice(0, 60)}/: ${re}`);
			rule[k] = re;
		}
		if (!MATCHERS.some((k) => rule[k])) throw bad('no app, title, url or anyOf pattern');
		if (item.label !== undefined) {
			if (typeof item.label !== 'string' || item.label.length > MAX_LABEL_LENGTH) throw bad('label is not a short text');
			rule.label = item.label;
		}
		return rule;
	});
}
