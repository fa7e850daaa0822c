// Default activity categories: app / title / URL rules, first match wins (order matters: meetings
// before chat because Teams is both; agent UIs before browsers because claude.ai runs in one).
// Unlike ActivityWatch's "deepest category wins" tree, this is a flat ordered list — simpler to
// explain, and users override it by putting their own rules first.

export type Category =
	| 'editor'
	| 'terminal'
	| 'browser-docs'
	| 'browser-other'
	| 'chat'
	| 'meeting'
	| 'agent'
	| 'other';

export interface CategoryRule {
	category: Category;
	/** Each given regex must match (case-insensitive search) its field; at least one field is required. */
	app?: RegExp;
	title?: RegExp;
	url?: RegExp;
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

export function categorize(s: Categorizable, rules: CategoryRule[] = DEFAULT_RULES): Category {
	for (const r of rules) {
		if (!r.app && !r.title && !r.url) continue;
		if (r.app && !(s.app !== undefined && r.app.test(s.app))) continue;
		if (r.title && !(s.title !== undefined && r.title.test(s.title))) continue;
		if (r.url && !(s.url !== undefined && r.url.test(s.url))) continue;
		return r.category;
	}
	return 'other';
}
