// `hindsight commits BUNDLE [--json] [--exact] [--no-exclude] [--branch NAME]`: every commit of a git
// bundle with its agent markers and, for the default branch's first-parent line, lines added and
// removed and what became of them. The same engine as the app's worker (workers/git).

import { openAsBlob } from 'node:fs';
import type { Commit } from '../../src/lib/model/git';
import { FATE_WINDOWS } from '../../src/lib/model/git';
import { BundleError } from '../../workers/git/bundle';
import { analyzeBundle } from '../../workers/git/repo';
import { blobSource } from '../../workers/git/source';

export const COMMITS_USAGE = `usage: hindsight commits BUNDLE [--json] [--exact] [--no-exclude] [--branch NAME]

  BUNDLE        a file made with \`git bundle create repo.bundle --all\`
  --json        print {"repo":{...},"commits":[...]} instead of a table
  --exact       no move detection and no whitespace rules: counts agree with git numstat, alive with git blame
  --no-exclude  do not leave out vendored, generated, lock and data files
  --branch NAME analyse this branch instead of the default one`;

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

function commitOut(c: Commit) {
	const agents = [...new Set(c.agents.map((a) => a.agent))];
	return {
		sha: c.sha,
		parents: c.parents,
		authoredAt: iso(c.author.at),
		committedAt: iso(c.committer.at),
		firstParent: c.firstParent,
		agent: agents.length ? { name: agents[0], agents, markers: c.agents.map((a) => a.marker) } : null,
		added: c.added ?? null,
		removed: c.removed ?? null,
		fate: c.fate
			? {
					aliveAtHead: c.fate.aliveAtHead,
					revised: c.fate.revised,
					pending: c.fate.pending
				}
			: null
	};
}

function pad(s: string, n: number, right = false): string {
	if (s.length > n) s = s.slice(0, n - 1) + '…';
	return right ? s.padStart(n) : s.padEnd(n);
}

export async function commitsCommand(args: string[]): Promise<number> {
	const flags = new Set(args.filter((a) => a.startsWith('--')));
	const positional: string[] = [];
	let branch: string | undefined;
	for (let i = 0; i < args.length; i++) {
		if (args[i] === '--branch') branch = args[++i];
		else if (!args[i].startsWith('--')) positional.push(args[i]);
	}
	const unknown = [...flags].filter((f) => !['--json', '--exact', '--no-exclude', '--branch'].includes(f));
	if (positional.length !== 1 || unknown.length) {
		process.stderr.write(COMMITS_USAGE + '\n');
		return 2;
	}
	let blob: Blob;
	try {
		blob = await openAsBlob(positional[0]);
	} catch (e) {
		process.stderr.write(`error: ${positional[0]}: ${(e as Error).message}\n`);
		return 1;
	}
	try {
		const res = await analyzeBundle(blobSource(blob), {
			exact: flags.has('--exact'),
			exclusions: flags.has('--no-exclude') ? [] : undefined,
			defaultBranch: branch
		});
		for (const w of res.repo.warnings) process.stderr.write(`warning: ${w}\n`);
		if (flags.has('--json')) {
			const doc = { repo: { head: res.repo.head, defaultBranch: res.repo.defaultBranch }, commits: res.commits.map(commitOut) };
			process.stdout.write(JSON.stringify(doc) + '\n');
		} else {
			const rows = [[pad('commit', 10), pad('committed', 16), pad('agent', 12), pad('+', 7, true), pad('-', 7, true), pad('alive', 7, true), ...FATE_WINDOWS.map((w) => pad(`rev≤${w}d`, 8, true)), 'subject'].join('  ')];
			for (const c of res.commits) {
				if (!c.firstParent) continue;
				const f = c.fate;
				rows.push(
					[
						pad(c.sha.slice(0, 10), 10),
						pad(iso(c.committer.at).slice(0, 16).replace('T', ' '), 16),
						pad(c.agents[0]?.agent ?? '', 12),
						pad(String(c.added ?? ''), 7, true),
						pad(String(c.removed ?? ''), 7, true),
						pad(f ? String(f.aliveAtHead) : '', 7, true),
						...FATE_WINDOWS.map((w) => pad(f ? String(f.revised[`${w}`]) + (f.pending.includes(`${w}`) ? '…' : '') : '', 8, true)),
						c.subject.slice(0, 60)
					].join('  ')
				);
			}
			const fp = res.commits.filter((c) => c.firstParent).length;
			rows.push('', `${res.commits.length} commits, ${fp} on ${res.repo.defaultBranch}'s first-parent line (head ${res.repo.head.slice(0, 12)}). … marks a window still open at the head.`);
			process.stdout.write(rows.join('\n') + '\n');
		}
		return 0;
	} catch (e) {
		if (e instanceof BundleError) {
			process.stderr.write(`error: ${positional[0]}: ${e.message}\n`);
			return 1;
		}
		throw e;
	}
}
