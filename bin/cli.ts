// hindsight command line: `hindsight sessions PATH... [--json]`.
// The same ingest core as the app's import worker, reading files from disk.

import { ingest } from '../workers/ingest-core';
import type { FileReport } from '../workers/formats/types';
import type { Session, Tokens } from '../src/lib/model';
import { totalTokens } from '../src/lib/model';
import { collectInputFiles } from './node-input';
import { COMMITS_USAGE, commitsCommand } from './commands/commits';
import { ACTIVITY_USAGE, activityCommand } from './commands/activity';

const USAGE = `usage: hindsight sessions PATH... [--json]

  PATH   session log files or folders (walked recursively, subagents/ included)
  --json print {"sessions":[...],"sources":[...]} instead of a table`;

function tokensOut(t: Tokens) {
	return { input: t.input, output: t.output, cacheRead: t.cacheRead, cacheWrite: t.cacheWrite, reasoning: t.reasoning };
}

function iso(ms: number | undefined): string | null {
	return ms === undefined ? null : new Date(ms).toISOString();
}

function sessionOut(s: Session, byId: Map<string, Session>) {
	return {
		harness: s.harness,
		id: s.nativeId,
		parentId: s.parentId ? (byId.get(s.parentId)?.nativeId ?? s.parentId.replace(/^[^:]+:/, '')) : null,
		title: s.title ?? null,
		startedAt: iso(s.startedAt),
		endedAt: iso(s.endedAt),
		models: s.models,
		tokens: tokensOut(s.tokens),
		// Sums of many float prices: drop the noise below a ten-billionth of a dollar.
		cost: { usd: Math.round(s.cost.usd * 1e10) / 1e10, source: s.cost.source },
		turns: s.turns,
		toolCalls: s.toolCalls,
		rejected: s.rejected,
		subagents: s.subagents.map((a) => ({ id: byId.get(a.id)?.nativeId ?? a.id, tokens: tokensOut(a.tokens) }))
	};
}

function sourceOut(f: FileReport) {
	return { path: f.path, format: f.format, records: f.records, skipped: f.skipped.map((k) => ({ line: k.line, reason: k.reason })) };
}

function pad(s: string, n: number, right = false): string {
	if (s.length > n) s = s.slice(0, n - 1) + '…';
	return right ? s.padStart(n) : s.padEnd(n);
}

function compact(n: number): string {
	if (n >= 1e9) return (n / 1e9).toFixed(1) + 'G';
	if (n >= 1e6) return (n / 1e6).toFixed(1) + 'M';
	if (n >= 1e4) return (n / 1e3).toFixed(0) + 'k';
	return String(n);
}

function table(sessions: Session[], files: FileReport[]): string {
	const rows: string[] = [];
	rows.push(
		[pad('started', 16), pad('session', 14), pad('title', 32), pad('models', 24), pad('turns', 5, true), pad('tools', 5, true), pad('rej', 3, true), pad('tokens', 7, true), pad('cost', 10, true)].join('  ')
	);
	for (const s of sessions) {
		const started = s.startedAt === undefined ? '-' : new Date(s.startedAt).toISOString().slice(0, 16).replace('T', ' ');
		const id = (s.parentId ? '↳ ' : '') + s.nativeId;
		const cost = s.cost.source === 'unknown' ? '?' : (s.cost.source === 'estimated' ? '~' : '') + '$' + s.cost.usd.toFixed(2);
		rows.push(
			[
				pad(started, 16),
				pad(id, 14),
				pad(s.title ?? '', 32),
				pad(s.models.join(','), 24),
				pad(String(s.turns), 5, true),
				pad(String(s.toolCalls), 5, true),
				pad(String(s.rejected), 3, true),
				pad(compact(totalTokens(s.tokens)), 7, true),
				pad(cost, 10, true)
			].join('  ')
		);
	}
	const skipped = files.reduce((n, f) => n + f.skippedCount, 0);
	const unknown = files.filter((f) => f.format === 'unknown').length;
	rows.push('');
	rows.push(
		`${sessions.length} sessions from ${files.length - unknown} files` +
			(unknown ? `, ${unknown} files of unknown format` : '') +
			(skipped ? `, ${skipped} malformed lines skipped` : '') +
			'. Tokens include subagents; ~ marks estimated cost, ? unknown.'
	);
	return rows.join('\n');
}

async function sessionsCommand(args: string[]): Promise<number> {
	const json = args.includes('--json');
	const paths = args.filter((a) => !a.startsWith('--'));
	if (paths.length === 0) {
		process.stderr.write(USAGE + '\n');
		return 2;
	}
	const { files, ignored } = await collectInputFiles(paths);
	for (const i of ignored) process.stderr.write(`warning: ${i.path}: ${i.reason}\n`);
	const result = await ingest(files, { batch: () => {} });
	for (const f of result.files) for (const w of f.warnings) process.stderr.write(`warning: ${w}\n`);
	const byId = new Map(result.sessions.map((s) => [s.id, s]));
	if (json) {
		const doc = { sessions: result.sessions.map((s) => sessionOut(s, byId)), sources: result.files.map(sourceOut) };
		process.stdout.write(JSON.stringify(doc) + '\n');
	} else {
		process.stdout.write(table(result.sessions, result.files) + '\n');
	}
	return 0;
}

async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	if (command === 'sessions') return sessionsCommand(rest);
	if (command === 'commits') return commitsCommand(rest);
	if (command === 'activity') return activityCommand(rest);
	process.stderr.write([USAGE, COMMITS_USAGE, ACTIVITY_USAGE].join('\n\n') + '\n');
	return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
}

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(err) => {
		process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
		process.exitCode = 1;
	}
);
