import type { CommitRef } from '../../src/lib/model';

// Commits an agent made, as every harness shows them: a shell call running `git commit` whose output starts
// with git's summary line. Shared by all parsers so a commit is recognised the same way whatever the harness.

const GIT_COMMIT = /\bgit\s+(?:-[cC]\s+\S+\s+|--?[\w-]+(?:=\S+)?\s+)*commit(?![\w-])/;

/** `git commit …` (with -C/-c options before it), not `git commit-tree` or `git log`. */
export function isGitCommit(command: string): boolean {
	return GIT_COMMIT.test(command);
}

// `[main 5c1b231] subject`, `[main (root-commit) 5c1b231] subject`, `[detached HEAD 5c1b231] subject`;
// Gemini CLI's shell tool prefixes the output with `Output: `.
const COMMIT_LINE = /^(?:Output: )?\[([^\]\n]+?)(?: \(root-commit\))? ([0-9a-f]{7,40})\] ([^\n]*)$/gm;

export function parseCommits(output: string, at: number | undefined): CommitRef[] {
	const out: CommitRef[] = [];
	for (const m of output.matchAll(COMMIT_LINE)) {
		const c: CommitRef = { sha: m[2], subject: m[3].trimEnd(), evidence: 'shell-output' };
		if (m[1] !== 'detached HEAD') c.branch = m[1];
		if (at !== undefined) c.at = at;
		out.push(c);
	}
	return out;
}
