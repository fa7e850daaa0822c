import type { FileReport, InputFile, ParseResult, ParseSink } from '../types';
import { addCost, addTokens, emptyTokens, type CommitRef, type Cost, type Session, type Tokens, type ToolCall, type Turn } from '../../../src/lib/model';
import { lineHash } from '../../../src/lib/analysis/line-hash';
import { estimateCost } from '../../../src/lib/pricing';
import { DEFAULT_MAX_LINE_BYTES, splitLines } from '../../lines';
import { Fingerprint } from '../../fingerprint';
import { HEADER } from './detect';
import { EditBlocks } from './edits';
import { parseCost, parseTokens, usageTokens, type CostFigures } from './usage';
import { Batcher, capText, skipLine, TEXT_MAX } from '../common';

const KNOWN_MAJORS = '0.x';
export const NO_TIMES_WARNING = 'Aider records no per-message times; durations unknown';

/** One run of aider: the lines from one `# aider chat started at` header to the next. */
interface Run {
	id: string;
	nativeId: string;
	wall: string;
	startedAt: number;
	mainModel?: string;
	editorModel?: string;
	version?: string;
	models: string[];
	own: Tokens;
	cost: Cost;
	est: Cost;
	responses: number;
	logged: boolean;
	turns: number;
	toolCalls: number;
	rejected: number;
	linesAdded: number;
	linesRemoved: number;
	filesEdited: Set<string>;
	commits: CommitRef[];
	turnSeq: number;
	callSeq: number;
	/** Sum of the `$x message` figures, their rounding bound, and the last `$y session` figure. */
	msgCost: number;
	msgErr: number;
	sessionFigure?: CostFigures;
	/** After an accepted "Edit the files?" (architect mode) the responses come from the editor model. */
	editorPhase: boolean;
}

interface Resp {
	turnId: string;
	seq: number;
	model?: string;
	text: string;
	tokens?: Tokens;
	cost?: CostFigures;
	/** A Tokens line was seen: the response is over, but a `Cost:` line may still follow it. */
	closed: boolean;
}

/** Sums of printed decimal figures, without the binary floating-point tail (0.02 + 4.52 = 4.54). */
function tidy(usd: number): number {
	return Math.round(usd * 1e12) / 1e12;
}

// Slash commands that send a prompt to the model; every other command (/add, /run, /undo…) and the
// `!cmd` shorthand is the user driving aider, not a turn of the conversation.
const PROMPT_COMMANDS = /^\/(?:ask|code|architect|context)\b/;

const EDIT_QUESTIONS: { re: RegExp; inline: boolean }[] = [
	{ re: /^Create new file\?$/, inline: false },
	{ re: /^Allow creation of new file (.+)\?$/, inline: true },
	{ re: /^Allow edits to file that has not been added to the chat\?$/, inline: false },
	{ re: /^Allow edits to (.+?),? which (?:was|were) not previously added to (?:the )?chat\?$/, inline: true },
	{ re: /^Apply edits? to (.+)\?$/, inline: true },
	{ re: /^Edit the files\?$/, inline: false }
];
const SHELL_QUESTION = /^Run shell commands?\?$/;
const OLD_ANSWER = /^(.*\?)\s+(\S+)$/;

interface Answer {
	question: string;
	yes: boolean;
}

/**
 * An answered yes/no prompt as aider echoes it: `Question? (Y)es/(N)o[/…] [Yes]: n` (older versions:
 * `Question? n`). The answer's first letter counts: y or a(ll) is yes; n, s(kip all) or d(on't ask) is no.
 */
function parseAnswer(c: string): Answer | undefined {
	const i = c.indexOf(' (Y)es/(N)o');
	let question: string;
	let ans: string;
	if (i >= 0) {
		question = c.slice(0, i).trim();
		const m = /\[([^\]]*)\]:\s*(\S*)$/.exec(c.slice(i));
		if (!m) return undefined;
		ans = m[2] || m[1];
	} else {
		const m = OLD_ANSWER.exec(c);
		if (!m) return undefined;
		question = m[1];
		if (!SHELL_QUESTION.test(question) && !EDIT_QUESTIONS.some((q) => q.re.test(question))) return undefined;
		ans = m[2];
	}
	const letter = ans.charAt(0).toLowerCase();
	return { question, yes: letter === 'y' || letter === 'a' };
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

function pathHash(path: string): string {
	return lineHash(path.replace(/\\/g, '/'));
}

function dirOf(path: string): string | undefined {
	const p = path.replace(/\\/g, '/');
	const i = p.lastIndexOf('/');
	return i > 0 ? p.slice(0, i) : undefined;
}

/** Parses aider chat history files (`.aider.chat.history.md`); each run of aider becomes a session. */
export async function parseAider(files: InputFile[], sink: ParseSink): Promise<ParseResult> {
	const sessions: Session[] = [];
	const reports: FileReport[] = [];
	const batches = new Batcher(sink);
	const flush = (force: boolean) => batches.flush(force);

	let base = 0;
	for (const file of files) {
		if (sink.cancelled?.()) break;
		const report: FileReport = {
			path: file.path,
			format: 'aider',
			bytes: file.size,
			hash: '',
			records: 0,
			skipped: [],
			skippedCount: 0,
			warnings: []
		};
		reports.push(report);
		const fileHash = pathHash(file.path);
		const project = dirOf(file.path);
		const seenWall = new Map<string, number>();
		let run: Run | undefined;
		let resp: Resp | undefined;
		let lastTurnId: string | undefined;
		let user: string[] | undefined;
		/** The previous line when it was a `> ` line: the subject of a yes/no prompt. */
		let prevTool: string | undefined;
		let versionWarned = false;
		const blocks = new EditBlocks();

		const skip = (line: number, reason: string) => skipLine(report, line, reason);

		const endUser = () => {
			if (!user || !run) {
				user = undefined;
				return;
			}
			const text = user.join('\n').trim();
			user = undefined;
			if (text === '' || text === '<blank>') return;
			if ((text.startsWith('/') && !PROMPT_COMMANDS.test(text)) || text.startsWith('!')) return;
			if (parseAnswer(text)) return; // a group answer aider echoes as input
			const seq = run.turnSeq++;
			batches.out.turns.push({ id: `${run.id}:t${seq}`, sessionId: run.id, seq, role: 'user', text: capText(text) });
			run.turns++;
			report.records++;
		};

		const endResp = () => {
			if (!resp || !run) {
				resp = undefined;
				return;
			}
			const r = resp;
			resp = undefined;
			const turn: Turn = { id: r.turnId, sessionId: run.id, seq: r.seq, role: 'assistant', text: capText(r.text.trim()) };
			if (r.model) turn.model = r.model;
			if (r.tokens) {
				turn.tokens = r.tokens;
				const est = estimateCost(r.model ?? '', r.tokens, run.startedAt);
				const cost: Cost = r.cost ? { usd: r.cost.message, source: 'logged' } : est;
				turn.cost = cost;
				addTokens(run.own, r.tokens);
				run.cost = run.responses === 0 ? { usd: cost.usd, source: cost.source } : addCost(run.cost, cost);
				run.est = run.responses === 0 ? { usd: est.usd, source: est.source } : addCost(run.est, est);
				run.responses++;
				if (r.cost) {
					run.logged = true;
					run.msgCost += r.cost.message;
					run.msgErr += r.cost.messageErr;
					run.sessionFigure = r.cost;
				}
			}
			run.turns++;
			report.records++;
			batches.out.turns.push(turn);
		};

		const openResp = (): Resp => {
			endResp();
			blocks.reset();
			const r = run!;
			const seq = r.turnSeq++;
			const model = r.editorPhase && r.editorModel ? r.editorModel : r.mainModel;
			resp = { turnId: `${r.id}:t${seq}`, seq, text: '', closed: false };
			if (model) resp.model = model;
			lastTurnId = resp.turnId;
			return resp;
		};

		const endRun = () => {
			endUser();
			endResp();
			const r = run;
			run = undefined;
			blocks.reset();
			if (!r || r.turns + r.toolCalls + r.commits.length === 0) return;
			if (r.sessionFigure) {
				const gap = Math.abs(r.msgCost - r.sessionFigure.session);
				if (gap > r.msgErr + r.sessionFigure.sessionErr + 1e-9)
					report.warnings.push(
						`${file.path}: run started ${r.wall.replace('T', ' ')}: message costs sum to $${r.msgCost.toFixed(4)} but aider's running total says $${r.sessionFigure.session}; some usage lines may be missing`
					);
			}
			const s: Session = {
				id: r.id,
				harness: 'aider',
				nativeId: r.nativeId,
				sourceId: file.path,
				startedAt: r.startedAt,
				activeMs: 0,
				models: r.models,
				tokens: addTokens(emptyTokens(), r.own),
				ownTokens: r.own,
				cost: r.responses > 0 ? { usd: tidy(r.cost.usd), source: r.cost.source } : { usd: 0, source: 'estimated' },
				turns: r.turns,
				toolCalls: r.toolCalls,
				rejected: r.rejected,
				errors: 0,
				linesAdded: r.linesAdded,
				linesRemoved: r.linesRemoved,
				filesEdited: [...r.filesEdited],
				subagents: [],
				commits: r.commits
			};
			if (r.logged) s.estimatedCost = { usd: tidy(r.est.usd), source: r.est.source };
			if (project !== undefined) s.project = project;
			if (r.version !== undefined) s.version = r.version;
			sessions.push(s);
		};

		const startRun = (m: RegExpExecArray) => {
			endRun();
			const wall = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
			const n = (seenWall.get(wall) ?? 0) + 1;
			seenWall.set(wall, n);
			const nativeId = `${fileHash}:${wall}${n > 1 ? `~${n}` : ''}`;
			run = {
				id: `aider:${nativeId}`,
				nativeId,
				wall,
				// Local wall time without a zone: read in the zone this code runs in (see README).
				startedAt: new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]).getTime(),
				models: [],
				own: emptyTokens(),
				cost: { usd: 0, source: 'logged' },
				est: { usd: 0, source: 'logged' },
				responses: 0,
				logged: false,
				turns: 0,
				toolCalls: 0,
				rejected: 0,
				linesAdded: 0,
				linesRemoved: 0,
				filesEdited: new Set(),
				commits: [],
				turnSeq: 0,
				callSeq: 0,
				msgCost: 0,
				msgErr: 0,
				editorPhase: false
			};
			lastTurnId = undefined;
		};

		const addModel = (m: string | undefined) => {
			if (m && run && !run.models.includes(m)) run.models.push(m);
		};

		const call = (c: Omit<ToolCall, 'id' | 'sessionId' | 'seq'>) => {
			const r = run!;
			const seq = r.callSeq++;
			const tc: ToolCall = { id: `${r.id}:c${seq}`, sessionId: r.id, seq, ...c };
			if (lastTurnId) tc.turnId = lastTurnId;
			r.toolCalls++;
			if (tc.outcome === 'rejected') r.rejected++;
			report.records++;
			batches.out.toolCalls.push(tc);
			return tc;
		};

		const onAnswer = (a: Answer, subject: string | undefined) => {
			const r = run!;
			if (SHELL_QUESTION.test(a.question)) {
				// Approved means aider ran it; whether the command then succeeded is not in the log.
				const c = call({ kind: 'shell', name: 'shell', paths: [], outcome: a.yes ? 'ok' : 'rejected' });
				if (subject) c.summary = subject.slice(0, 200);
				return;
			}
			for (const q of EDIT_QUESTIONS) {
				const m = q.re.exec(a.question);
				if (!m) continue;
				if (a.question === 'Edit the files?') {
					if (a.yes) r.editorPhase = true;
					else call({ kind: 'edit', name: 'apply_edit', paths: [], outcome: 'rejected' });
					return;
				}
				// Accepted edits show up as "Applied edit to …"; only a refusal is recorded here.
				if (!a.yes) {
					const path = q.inline ? m[1].trim() : subject;
					const c = call({ kind: 'edit', name: 'apply_edit', paths: path ? [path] : [], outcome: 'rejected' });
					if (path) c.summary = path.slice(0, 200);
				}
				return;
			}
		};

		const onTool = (c: string, lineNo: number) => {
			const r = run!;
			let m: RegExpExecArray | null;
			if (c.startsWith('Tokens:')) {
				const u = parseTokens(c.slice(7));
				if (!u) {
					if (!/unknown/.test(c)) skip(lineNo, 'unrecognised Tokens line');
					return;
				}
				const rs = resp && !resp.closed ? resp : openResp();
				rs.tokens = usageTokens(u);
				if (u.cost) rs.cost = u.cost;
				rs.closed = true;
				return;
			}
			if (c.startsWith('Cost:')) {
				const cost = parseCost(c);
				if (resp?.closed && resp.tokens && !resp.cost && cost) resp.cost = cost;
				else if (!cost) skip(lineNo, 'unrecognised Cost line');
				return;
			}
			// Anything else ends a response whose usage line was seen.
			if (resp?.closed) endResp();
			if ((m = /^Applied edit to (.+)$/.exec(c))) {
				const path = m[1].trim();
				const tc = call({ kind: 'edit', name: 'apply_edit', paths: [path], outcome: 'ok', summary: path.slice(0, 200) });
				const counts = blocks.take(path);
				if (counts) {
					tc.linesAdded = counts.added;
					tc.linesRemoved = counts.removed;
					tc.addedLineHashes = counts.hashes;
					r.linesAdded += counts.added;
					r.linesRemoved += counts.removed;
				}
				r.filesEdited.add(path);
				return;
			}
			if ((m = /^Commit ([0-9a-f]{7,40}) (.*)$/.exec(c))) {
				if (!r.commits.some((x) => x.sha === m![1])) {
					r.commits.push({ sha: m[1], subject: m[2].trim(), evidence: 'aider-commit-line' });
					report.records++;
				}
				return;
			}
			if ((m = /^Aider v(\d+)\.(\S+)/.exec(c))) {
				r.version = `${m[1]}.${m[2]}`;
				if (!versionWarned && Number(m[1]) >= 1) {
					versionWarned = true;
					report.warnings.push(
						`${file.path}: written by aider ${r.version}, newer than the versions this parser knows (${KNOWN_MAJORS}); read anyway`
					);
				}
				return;
			}
			if ((m = /^(?:Main model|Model): (\S+)/.exec(c))) {
				r.mainModel = m[1];
				r.editorPhase = false;
				addModel(m[1]);
				return;
			}
			if ((m = /^Models: (\S+) with \S+ edit format(?:, weak model (\S+))?/.exec(c))) {
				r.mainModel = m[1];
				addModel(m[1]);
				addModel(m[2]);
				return;
			}
			if ((m = /^Editor model: (\S+)/.exec(c))) {
				r.editorModel = m[1];
				addModel(m[1]);
				return;
			}
			if ((m = /^Weak model: (\S+)/.exec(c))) {
				addModel(m[1]);
				return;
			}
			const a = c.includes('?') ? parseAnswer(c) : undefined;
			if (a) onAnswer(a, prevTool);
		};

		/**
		 * aider ends the lines it writes for prompts and its own output with a Markdown line break (two
		 * spaces). Once a file shows that, a `#### ` line without it is a heading inside a reply, and a
		 * last line without it was cut off. A file whose trailing spaces were stripped never sets this.
		 */
		let breaks = false;
		const truncated = (raw: string): boolean => breaks && !raw.endsWith('  ');

		const onLine = (raw: string, lineNo: number, lastUnterminated: boolean) => {
			const line = raw.includes('\x1b') ? raw.replace(ANSI, '') : raw;
			const t = line.trimEnd();
			const h = t.charCodeAt(0) === 35 ? HEADER.exec(t) : null;
			if (h) {
				endUser();
				startRun(h);
				prevTool = undefined;
				report.records++;
				return;
			}
			if (lastUnterminated && t.startsWith('# aider chat')) return skip(lineNo, 'truncated last line');
			if (!run) {
				if (t !== '') skip(lineNo, 'before the first "# aider chat started at" header');
				return;
			}
			const isUser = t.startsWith('#### ') || t === '####';
			if ((isUser || t.startsWith('> ')) && line.endsWith('  ')) breaks = true;
			if (isUser && (!breaks || line.endsWith('  '))) {
				if (lastUnterminated && truncated(line)) return skip(lineNo, 'truncated last line');
				endResp();
				blocks.reset();
				run.editorPhase = false;
				prevTool = undefined;
				(user ??= []).push(t.slice(5));
				return;
			}
			endUser();
			if (t.startsWith('> ') || t === '>') {
				if (lastUnterminated && truncated(line)) return skip(lineNo, 'truncated last line');
				const c = t.slice(2).trim();
				onTool(c, lineNo);
				prevTool = c;
				return;
			}
			prevTool = undefined;
			// The Cost half of a usage report that also had cache figures comes unquoted on the next line.
			if (resp?.closed && t.startsWith('Cost:')) {
				if (lastUnterminated && truncated(line)) return skip(lineNo, 'truncated last line');
				onTool(t, lineNo);
				return;
			}
			if (resp?.closed) endResp();
			if (t === '') {
				// A blank line inside a response; blank lines before one do not open it.
				if (resp) {
					if (resp.text.length < TEXT_MAX) resp.text += '\n';
					blocks.line('');
				}
				return;
			}
			const r = resp ?? openResp();
			if (r.text.length < TEXT_MAX) r.text += (r.text ? '\n' : '') + t;
			blocks.line(t);
		};

		// Each line is handled when the next one arrives, so that the last one is known to be the last.
		const decoder = new TextDecoder();
		let heldText: string | undefined;
		let heldNo = 0;
		const fp = new Fingerprint();
		const stats = await splitLines(
			file.stream(),
			(buf, s, e, n) => {
				if (heldText !== undefined) onLine(heldText, heldNo, false);
				heldText = decoder.decode(buf.subarray(s, e));
				heldNo = n;
			},
			{
				maxLineBytes: DEFAULT_MAX_LINE_BYTES,
				onOverlong: (n, bytes) => skip(n, `line too long (${bytes} bytes)`),
				onChunk: (c) => fp.update(c),
				afterChunk: () => flush(false),
				onProgress: (b) => sink.progress?.(base + b),
				cancelled: sink.cancelled ? () => sink.cancelled!() : undefined
			}
		);
		if (heldText !== undefined) onLine(heldText, heldNo, stats.unterminated && heldNo === stats.lines);
		endRun();
		if (sessions.some((s) => s.sourceId === file.path)) report.warnings.unshift(`${file.path}: ${NO_TIMES_WARNING}`);
		report.bytes = stats.bytes;
		report.hash = fp.digest();
		base += stats.bytes;
		await flush(false);
		if (stats.cancelled) break;
	}
	await flush(true);
	return { sessions, files: reports };
}
