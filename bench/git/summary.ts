// The totals both halves of the git bench print, and compare: a browser run is only counted when they match.

import type { AnalyzeResult } from '../../workers/git/repo';

export interface Summary {
	commits: number;
	firstParent: number;
	added: number;
	removed: number;
	born: number;
	aliveAtHead: number;
	moved: number;
	revised14: number;
	/** FNV-1a over every first-parent commit's sha, counts and fate: equal digests = the same per-commit results. */
	digest: string;
}

export function summarize(r: Pick<AnalyzeResult, 'commits'>): Summary {
	const s: Summary = { commits: r.commits.length, firstParent: 0, added: 0, removed: 0, born: 0, aliveAtHead: 0, moved: 0, revised14: 0, digest: '' };
	let h = 0x811c9dc5;
	const mix = (v: string | number) => {
		const t = String(v);
		for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
		h = Math.imul(h ^ 0x2c, 0x01000193);
	};
	for (const c of r.commits) {
		if (!c.firstParent) continue;
		s.firstParent++;
		s.added += c.added ?? 0;
		s.removed += c.removed ?? 0;
		if (c.fate) {
			s.born += c.fate.born;
			s.aliveAtHead += c.fate.aliveAtHead;
			s.moved += c.fate.moved;
			s.revised14 += c.fate.revised['14'] ?? 0;
		}
		mix(c.sha);
		mix(JSON.stringify([c.added, c.removed, c.fate]));
		for (const h of c.addedLineHashes ?? []) mix(h);
	}
	s.digest = (h >>> 0).toString(16).padStart(8, '0');
	return s;
}
