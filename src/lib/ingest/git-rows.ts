// Engine output (workers/git) → the rows the database keeps. Pure, so the worker and tests share it.
import type { Commit, Repo } from '../model/git';
import type { StoredCommit, StoredRepo } from '../db/schema';

const enc = new TextEncoder();

/** A git bundle starts with `# v2 git bundle` or `# v3 git bundle`: recognised by content, not by name. */
export function looksLikeBundle(head: Uint8Array): boolean {
	const s = new TextDecoder().decode(head.subarray(0, 16));
	return s.startsWith('# v2 git bundle') || s.startsWith('# v3 git bundle');
}
export const BUNDLE_PROBE_BYTES = enc.encode('# v3 git bundle').length;

export function commitRow(c: Commit): Omit<StoredCommit, 'repoId' | 'importId'> {
	const f = c.fate;
	return {
		sha: c.sha,
		parents: c.parents,
		authoredAt: c.author.at,
		committedAt: c.committer.at,
		landedAt: c.landedAt,
		subject: c.subject,
		firstParent: c.firstParent,
		agents: c.agents,
		added: c.added,
		removed: c.removed,
		born: f?.born,
		revised: f?.revised,
		pending: f?.pending,
		aliveAtHead: f?.aliveAtHead,
		deaths: f?.deaths,
		moved: f?.moved,
		paths: c.paths,
		addedLineHashes: c.addedLineHashes
	};
}

export function repoRow(repo: Repo, commits: Commit[], bundleName: string, options: StoredRepo['options'], analysedAt: number): Omit<StoredRepo, 'importId'> {
	return {
		id: repo.id || repo.head,
		head: repo.head,
		defaultBranch: repo.defaultBranch,
		bundleName,
		headTime: repo.headTime,
		commits: commits.length,
		firstParentCommits: commits.filter((c) => c.firstParent).length,
		agentCommits: commits.filter((c) => c.agents.length > 0).length,
		analysedAt,
		options,
		warnings: repo.warnings
	};
}
