// git's line diff, ported from xdiff (git v2.39: xdiff/xprepare.c, xdiff/xdiffi.c, and
// trim_common_tail of xdiff-interface.c; LGPL-2.1+, Davide Libenzi and the git authors) so that the
// lines it marks as removed and added are the ones git marks: numstat's counts, and the alignment
// `git blame` passes through. It works on interned line ids (equal ids = byte-equal lines), so the
// classifier is the interning table. Faithful parts: trimming of common ends, discarding of
// no-match and too-frequent lines (xdl_cleanup_records), the Myers divide and conquer with git's
// cost heuristics (xdl_split), and change compaction with the indent heuristic.

const XDL_MAX_COST_MIN = 256;
const XDL_HEUR_MIN_COST = 256;
const XDL_LINE_MAX = 0x7fffffff;
const XDL_SNAKE_CNT = 20;
const XDL_K_HEUR = 4;
const XDL_KPDIS_RUN = 4;
const XDL_MAX_EQLIMIT = 1024;
const XDL_SIMSCAN_WINDOW = 100;

export function bogosqrt(n: number): number {
	let i = 1;
	for (; n > 0; n = Math.floor(n / 4)) i *= 2;
	return i;
}

export interface DiffOptions {
	/** Apply the indent heuristic when sliding groups (git's default). Needs `indent`. */
	indentHeuristic?: boolean;
	/** Indentation of a line id (TAB = 8 columns, -1 for blank, capped at 200), as xdiff's get_indent. */
	indent?(id: number): number;
	/** Ask for a minimal diff (git --minimal). */
	minimal?: boolean;
}

export interface DiffResult {
	/** 1 where a line of `a` is removed. */
	removed: Uint8Array;
	/** 1 where a line of `b` is added. */
	added: Uint8Array;
	nRemoved: number;
	nAdded: number;
}

// Scratch state reused between calls (the engine diffs millions of times).
let cnt1 = new Int32Array(1024);
let cnt2 = new Int32Array(1024);
let kvd = new Int32Array(1024);
let dis1s = new Uint8Array(1024);
let dis2s = new Uint8Array(1024);
let rindex1s = new Int32Array(1024);
let ha1s = new Int32Array(1024);
let rindex2s = new Int32Array(1024);
let ha2s = new Int32Array(1024);

function ensureCounts(maxId: number): void {
	if (maxId < cnt1.length) return;
	let n = cnt1.length;
	while (n <= maxId) n *= 2;
	const a = new Int32Array(n);
	a.set(cnt1);
	cnt1 = a;
	const b = new Int32Array(n);
	b.set(cnt2);
	cnt2 = b;
}

function cleanMmatch(dis: Uint8Array, i: number, s: number, e: number): boolean {
	if (i - s > XDL_SIMSCAN_WINDOW) s = i - XDL_SIMSCAN_WINDOW;
	if (e - i > XDL_SIMSCAN_WINDOW) e = i + XDL_SIMSCAN_WINDOW;
	let r: number;
	let rdis0 = 0;
	let rpdis0 = 1;
	for (r = 1; i - r >= s; r++) {
		const d = dis[i - r];
		if (!d) rdis0++;
		else if (d === 2) rpdis0++;
		else break;
	}
	if (rdis0 === 0) return false;
	let rdis1 = 0;
	let rpdis1 = 1;
	for (r = 1; i + r <= e; r++) {
		const d = dis[i + r];
		if (!d) rdis1++;
		else if (d === 2) rpdis1++;
		else break;
	}
	if (rdis1 === 0) return false;
	rdis1 += rdis0;
	rpdis1 += rpdis0;
	return rpdis1 * XDL_KPDIS_RUN < rpdis1 + rdis1;
}

interface Split {
	i1: number;
	i2: number;
	minLo: boolean;
	minHi: boolean;
}

/** xdl_split: the middle snake of the box, with git's cost heuristics. */
function split(ha1: Int32Array, off1: number, lim1: number, ha2: Int32Array, off2: number, lim2: number, kv: Int32Array, fo: number, bo: number, needMin: boolean, mxcost: number, spl: Split): void {
	const dmin = off1 - lim2;
	const dmax = lim1 - off2;
	const fmid = off1 - off2;
	const bmid = lim1 - lim2;
	const odd = (fmid - bmid) & 1;
	let fmin = fmid;
	let fmax = fmid;
	let bmin = bmid;
	let bmax = bmid;
	kv[fo + fmid] = off1;
	kv[bo + bmid] = lim1;
	for (let ec = 1; ; ec++) {
		let gotSnake = false;
		if (fmin > dmin) kv[fo + --fmin - 1] = -1;
		else ++fmin;
		if (fmax < dmax) kv[fo + ++fmax + 1] = -1;
		else --fmax;
		for (let d = fmax; d >= fmin; d -= 2) {
			let i1: number;
			if (kv[fo + d - 1] >= kv[fo + d + 1]) i1 = kv[fo + d - 1] + 1;
			else i1 = kv[fo + d + 1];
			const prev1 = i1;
			let i2 = i1 - d;
			for (; i1 < lim1 && i2 < lim2 && ha1[i1] === ha2[i2]; i1++, i2++);
			if (i1 - prev1 > XDL_SNAKE_CNT) gotSnake = true;
			kv[fo + d] = i1;
			if (odd && bmin <= d && d <= bmax && kv[bo + d] <= i1) {
				spl.i1 = i1;
				spl.i2 = i2;
				spl.minLo = spl.minHi = true;
				return;
			}
		}
		if (bmin > dmin) kv[bo + --bmin - 1] = XDL_LINE_MAX;
		else ++bmin;
		if (bmax < dmax) kv[bo + ++bmax + 1] = XDL_LINE_MAX;
		else --bmax;
		for (let d = bmax; d >= bmin; d -= 2) {
			let i1: number;
			if (kv[bo + d - 1] < kv[bo + d + 1]) i1 = kv[bo + d - 1];
			else i1 = kv[bo + d + 1] - 1;
			const prev1 = i1;
			let i2 = i1 - d;
			for (; i1 > off1 && i2 > off2 && ha1[i1 - 1] === ha2[i2 - 1]; i1--, i2--);
			if (prev1 - i1 > XDL_SNAKE_CNT) gotSnake = true;
			kv[bo + d] = i1;
			if (!odd && fmin <= d && d <= fmax && i1 <= kv[fo + d]) {
				spl.i1 = i1;
				spl.i2 = i2;
				spl.minLo = spl.minHi = true;
				return;
			}
		}
		if (needMin) continue;
		if (gotSnake && ec > XDL_HEUR_MIN_COST) {
			let best = 0;
			for (let d = fmax; d >= fmin; d -= 2) {
				const dd = d > fmid ? d - fmid : fmid - d;
				const i1 = kv[fo + d];
				const i2 = i1 - d;
				const v = i1 - off1 + (i2 - off2) - dd;
				if (v > XDL_K_HEUR * ec && v > best && off1 + XDL_SNAKE_CNT <= i1 && i1 < lim1 && off2 + XDL_SNAKE_CNT <= i2 && i2 < lim2) {
					for (let k = 1; ha1[i1 - k] === ha2[i2 - k]; k++)
						if (k === XDL_SNAKE_CNT) {
							best = v;
							spl.i1 = i1;
							spl.i2 = i2;
							break;
						}
				}
			}
			if (best > 0) {
				spl.minLo = true;
				spl.minHi = false;
				return;
			}
			best = 0;
			for (let d = bmax; d >= bmin; d -= 2) {
				const dd = d > bmid ? d - bmid : bmid - d;
				const i1 = kv[bo + d];
				const i2 = i1 - d;
				const v = lim1 - i1 + (lim2 - i2) - dd;
				if (v > XDL_K_HEUR * ec && v > best && off1 < i1 && i1 <= lim1 - XDL_SNAKE_CNT && off2 < i2 && i2 <= lim2 - XDL_SNAKE_CNT) {
					for (let k = 0; ha1[i1 + k] === ha2[i2 + k]; k++)
						if (k === XDL_SNAKE_CNT - 1) {
							best = v;
							spl.i1 = i1;
							spl.i2 = i2;
							break;
						}
				}
			}
			if (best > 0) {
				spl.minLo = false;
				spl.minHi = true;
				return;
			}
		}
		if (ec >= mxcost) {
			let fbest = -1;
			let fbest1 = -1;
			for (let d = fmax; d >= fmin; d -= 2) {
				let i1 = Math.min(kv[fo + d], lim1);
				let i2 = i1 - d;
				if (lim2 < i2) {
					i1 = lim2 + d;
					i2 = lim2;
				}
				if (fbest < i1 + i2) {
					fbest = i1 + i2;
					fbest1 = i1;
				}
			}
			let bbest = XDL_LINE_MAX;
			let bbest1 = XDL_LINE_MAX;
			for (let d = bmax; d >= bmin; d -= 2) {
				let i1 = Math.max(off1, kv[bo + d]);
				let i2 = i1 - d;
				if (i2 < off2) {
					i1 = off2 + d;
					i2 = off2;
				}
				if (i1 + i2 < bbest) {
					bbest = i1 + i2;
					bbest1 = i1;
				}
			}
			if (lim1 + lim2 - bbest < fbest - (off1 + off2)) {
				spl.i1 = fbest1;
				spl.i2 = fbest - fbest1;
				spl.minLo = true;
				spl.minHi = false;
			} else {
				spl.i1 = bbest1;
				spl.i2 = bbest - bbest1;
				spl.minLo = false;
				spl.minHi = true;
			}
			return;
		}
	}
}

const MAX_INDENT = 200;
const MAX_BLANKS = 20;
const START_OF_FILE_PENALTY = 1;
const END_OF_FILE_PENALTY = 21;
const TOTAL_BLANK_WEIGHT = -30;
const POST_BLANK_WEIGHT = 6;
const RELATIVE_INDENT_PENALTY = -4;
const RELATIVE_INDENT_WITH_BLANK_PENALTY = 10;
const RELATIVE_OUTDENT_PENALTY = 24;
const RELATIVE_OUTDENT_WITH_BLANK_PENALTY = 17;
const RELATIVE_DEDENT_PENALTY = 23;
const RELATIVE_DEDENT_WITH_BLANK_PENALTY = 17;
const INDENT_WEIGHT = 60;
const INDENT_HEURISTIC_MAX_SLIDING = 100;

/** xdiff's get_indent over a line's text (the newline included or not). */
export function indentOfText(s: string): number {
	let ret = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		// XDL_ISSPACE: isspace() in the C locale: space, \t, \n, \v, \f, \r
		if (!(c === 32 || (c >= 9 && c <= 13))) return ret;
		if (c === 32) ret += 1;
		else if (c === 9) ret += 8 - (ret % 8);
		if (ret >= MAX_INDENT) return MAX_INDENT;
	}
	return -1;
}

interface XFile {
	recs: Int32Array;
	nrec: number;
	/** rchg[i + 1] for line i; rchg[0] and rchg[nrec + 1] are sentinels (0). */
	rchg: Uint8Array;
}

function measureScore(xdf: XFile, splitAt: number, indent: (id: number) => number, score: { ei: number; pen: number }): void {
	const { recs, nrec } = xdf;
	let endOfFile: boolean;
	let ind: number;
	if (splitAt >= nrec) {
		endOfFile = true;
		ind = -1;
	} else {
		endOfFile = false;
		ind = indent(recs[splitAt]);
	}
	let preBlank = 0;
	let preIndent = -1;
	for (let i = splitAt - 1; i >= 0; i--) {
		preIndent = indent(recs[i]);
		if (preIndent !== -1) break;
		preBlank += 1;
		if (preBlank === MAX_BLANKS) {
			preIndent = 0;
			break;
		}
	}
	let postBlankM = 0;
	let postIndent = -1;
	for (let i = splitAt + 1; i < nrec; i++) {
		postIndent = indent(recs[i]);
		if (postIndent !== -1) break;
		postBlankM += 1;
		if (postBlankM === MAX_BLANKS) {
			postIndent = 0;
			break;
		}
	}
	// score_add_split
	if (preIndent === -1 && preBlank === 0) score.pen += START_OF_FILE_PENALTY;
	if (endOfFile) score.pen += END_OF_FILE_PENALTY;
	const postBlank = ind === -1 ? 1 + postBlankM : 0;
	const totalBlank = preBlank + postBlank;
	score.pen += TOTAL_BLANK_WEIGHT * totalBlank;
	score.pen += POST_BLANK_WEIGHT * postBlank;
	const indent2 = ind !== -1 ? ind : postIndent;
	const anyBlanks = totalBlank !== 0;
	score.ei += indent2;
	if (indent2 === -1) {
		/* nothing */
	} else if (preIndent === -1) {
		/* nothing */
	} else if (indent2 > preIndent) {
		score.pen += anyBlanks ? RELATIVE_INDENT_WITH_BLANK_PENALTY : RELATIVE_INDENT_PENALTY;
	} else if (indent2 === preIndent) {
		/* nothing */
	} else if (postIndent !== -1 && postIndent > indent2) {
		score.pen += anyBlanks ? RELATIVE_OUTDENT_WITH_BLANK_PENALTY : RELATIVE_OUTDENT_PENALTY;
	} else {
		score.pen += anyBlanks ? RELATIVE_DEDENT_WITH_BLANK_PENALTY : RELATIVE_DEDENT_PENALTY;
	}
}

function scoreCmp(a: { ei: number; pen: number }, b: { ei: number; pen: number }): number {
	const c = (a.ei > b.ei ? 1 : 0) - (a.ei < b.ei ? 1 : 0);
	return INDENT_WEIGHT * c + (a.pen - b.pen);
}

// State of changeCompact's group walk: the current group [gs, ge) of one side and the matching group
// [os, oe) of the other. Module-level rather than closures, so that a diff allocates nothing here.
const G: { rc: Uint8Array; rco: Uint8Array; recs: Int32Array; nrec: number; nreco: number; gs: number; ge: number; os: number; oe: number } = {
	rc: new Uint8Array(0),
	rco: new Uint8Array(0),
	recs: new Int32Array(0),
	nrec: 0,
	nreco: 0,
	gs: 0,
	ge: 0,
	os: 0,
	oe: 0
};
const score = { ei: 0, pen: 0 };
const best = { ei: 0, pen: 0 };

function slideDown(): boolean {
	const g = G;
	if (g.ge < g.nrec && g.recs[g.gs] === g.recs[g.ge]) {
		g.rc[g.gs++ + 1] = 0;
		g.rc[g.ge++ + 1] = 1;
		while (g.rc[g.ge + 1]) g.ge++;
		return true;
	}
	return false;
}

function slideUp(): boolean {
	const g = G;
	if (g.gs > 0 && g.recs[g.gs - 1] === g.recs[g.ge - 1]) {
		g.rc[--g.gs + 1] = 1;
		g.rc[--g.ge + 1] = 0;
		while (g.rc[g.gs - 1 + 1]) g.gs--;
		return true;
	}
	return false;
}

function oNext(): boolean {
	const g = G;
	if (g.oe === g.nreco) return false;
	g.os = g.oe + 1;
	for (g.oe = g.os; g.rco[g.oe + 1]; g.oe++);
	return true;
}

function oPrev(): boolean {
	const g = G;
	if (g.os === 0) return false;
	g.oe = g.os - 1;
	for (g.os = g.oe; g.rco[g.os - 1 + 1]; g.os--);
	return true;
}

function gNext(): boolean {
	const g = G;
	if (g.ge === g.nrec) return false;
	g.gs = g.ge + 1;
	for (g.ge = g.gs; g.rc[g.ge + 1]; g.ge++);
	return true;
}

/** xdl_change_compact over `xdf` against `xdfo`. Groups are [start, end) in line indices. */
function changeCompact(xdf: XFile, xdfo: XFile, indent: ((id: number) => number) | undefined): void {
	const g = G;
	g.rc = xdf.rchg;
	g.rco = xdfo.rchg;
	g.recs = xdf.recs;
	g.nrec = xdf.nrec;
	g.nreco = xdfo.nrec;
	g.gs = 0;
	g.ge = 0;
	while (g.rc[g.ge + 1]) g.ge++;
	g.os = 0;
	g.oe = 0;
	while (g.rco[g.oe + 1]) g.oe++;

	for (;;) {
		if (g.ge !== g.gs) {
			let groupsize: number;
			let earliestEnd: number;
			let endMatchingOther: number;
			do {
				groupsize = g.ge - g.gs;
				endMatchingOther = -1;
				while (slideUp()) if (!oPrev()) throw new Error('xdiff: group sync broken sliding up');
				earliestEnd = g.ge;
				if (g.oe > g.os) endMatchingOther = g.ge;
				for (;;) {
					if (!slideDown()) break;
					if (!oNext()) throw new Error('xdiff: group sync broken sliding down');
					if (g.oe > g.os) endMatchingOther = g.ge;
				}
			} while (groupsize !== g.ge - g.gs);
			if (g.ge === earliestEnd) {
				/* no shifting was possible */
			} else if (endMatchingOther !== -1) {
				while (g.oe === g.os) {
					if (!slideUp()) throw new Error('xdiff: match disappeared');
					if (!oPrev()) throw new Error('xdiff: group sync broken sliding to match');
				}
			} else if (indent) {
				let shift = earliestEnd;
				if (g.ge - groupsize - 1 > shift) shift = g.ge - groupsize - 1;
				if (g.ge - INDENT_HEURISTIC_MAX_SLIDING > shift) shift = g.ge - INDENT_HEURISTIC_MAX_SLIDING;
				let bestShift = -1;
				best.ei = 0;
				best.pen = 0;
				for (; shift <= g.ge; shift++) {
					score.ei = 0;
					score.pen = 0;
					measureScore(xdf, shift, indent, score);
					measureScore(xdf, shift - groupsize, indent, score);
					if (bestShift === -1 || scoreCmp(score, best) <= 0) {
						best.ei = score.ei;
						best.pen = score.pen;
						bestShift = shift;
					}
				}
				while (g.ge > bestShift) {
					if (!slideUp()) throw new Error('xdiff: best shift unreached');
					if (!oPrev()) throw new Error('xdiff: group sync broken sliding to blank line');
				}
			}
		}
		if (!gNext()) break;
		if (!oNext()) throw new Error('xdiff: group sync broken moving to next group');
	}
}

/**
 * Diffs line-id sequences a[0..na) and b[0..nb) as git's xdl_diff does (Myers, default options).
 * `maxId` bounds the ids (for the scratch tables).
 */
export function xdiff(a: Int32Array, na: number, b: Int32Array, nb: number, maxId: number, opts: DiffOptions = {}): DiffResult {
	const removed = new Uint8Array(na + 2);
	const added = new Uint8Array(nb + 2);
	// xdl_trim_ends
	let dstart = 0;
	const lim = Math.min(na, nb);
	while (dstart < lim && a[dstart] === b[dstart]) dstart++;
	let t = 0;
	while (t < lim - dstart && a[na - 1 - t] === b[nb - 1 - t]) t++;
	const dend1 = na - t - 1;
	const dend2 = nb - t - 1;
	if (dstart > dend1 || dstart > dend2) {
		// One side is a pure insertion or deletion after trimming.
		for (let i = dstart; i <= dend1; i++) removed[i + 1] = 1;
		for (let i = dstart; i <= dend2; i++) added[i + 1] = 1;
	} else {
		ensureCounts(maxId);
		for (let i = 0; i < na; i++) cnt1[a[i]]++;
		for (let i = 0; i < nb; i++) cnt2[b[i]]++;
		// xdl_cleanup_records (scratch arrays: every slot read below is written first)
		if (dis1s.length < na + 1) dis1s = new Uint8Array(2 * na + 2);
		if (dis2s.length < nb + 1) dis2s = new Uint8Array(2 * nb + 2);
		const dis1 = dis1s;
		const dis2 = dis2s;
		let mlim = Math.min(bogosqrt(na), XDL_MAX_EQLIMIT);
		for (let i = dstart; i <= dend1; i++) {
			const nm = cnt2[a[i]];
			dis1[i] = nm === 0 ? 0 : nm >= mlim ? 2 : 1;
		}
		mlim = Math.min(bogosqrt(nb), XDL_MAX_EQLIMIT);
		for (let i = dstart; i <= dend2; i++) {
			const nm = cnt1[b[i]];
			dis2[i] = nm === 0 ? 0 : nm >= mlim ? 2 : 1;
		}
		for (let i = 0; i < na; i++) cnt1[a[i]] = 0;
		for (let i = 0; i < nb; i++) cnt2[b[i]] = 0;
		if (rindex1s.length < dend1 - dstart + 1) {
			rindex1s = new Int32Array(2 * (dend1 - dstart + 1));
			ha1s = new Int32Array(2 * (dend1 - dstart + 1));
		}
		const rindex1 = rindex1s;
		const ha1 = ha1s;
		let nreff1 = 0;
		for (let i = dstart; i <= dend1; i++) {
			if (dis1[i] === 1 || (dis1[i] === 2 && !cleanMmatch(dis1, i, dstart, dend1))) {
				rindex1[nreff1] = i;
				ha1[nreff1++] = a[i];
			} else removed[i + 1] = 1;
		}
		if (rindex2s.length < dend2 - dstart + 1) {
			rindex2s = new Int32Array(2 * (dend2 - dstart + 1));
			ha2s = new Int32Array(2 * (dend2 - dstart + 1));
		}
		const rindex2 = rindex2s;
		const ha2 = ha2s;
		let nreff2 = 0;
		for (let i = dstart; i <= dend2; i++) {
			if (dis2[i] === 1 || (dis2[i] === 2 && !cleanMmatch(dis2, i, dstart, dend2))) {
				rindex2[nreff2] = i;
				ha2[nreff2++] = b[i];
			} else added[i + 1] = 1;
		}
		// xdl_do_diff
		const ndiags = nreff1 + nreff2 + 3;
		if (kvd.length < 2 * ndiags + 2) kvd = new Int32Array(2 * ndiags + 2);
		const fo = nreff2 + 1;
		const bo = ndiags + nreff2 + 1;
		let mxcost = bogosqrt(ndiags);
		if (mxcost < XDL_MAX_COST_MIN) mxcost = XDL_MAX_COST_MIN;
		const spl: Split = { i1: 0, i2: 0, minLo: false, minHi: false };
		// xdl_recs_cmp with an explicit stack of boxes.
		const stack: number[] = [0, nreff1, 0, nreff2, opts.minimal ? 1 : 0];
		while (stack.length) {
			const needMin = stack.pop()! === 1;
			let lim2 = stack.pop()!;
			let off2 = stack.pop()!;
			let lim1 = stack.pop()!;
			let off1 = stack.pop()!;
			for (; off1 < lim1 && off2 < lim2 && ha1[off1] === ha2[off2]; off1++, off2++);
			for (; off1 < lim1 && off2 < lim2 && ha1[lim1 - 1] === ha2[lim2 - 1]; lim1--, lim2--);
			if (off1 === lim1) {
				for (; off2 < lim2; off2++) added[rindex2[off2] + 1] = 1;
			} else if (off2 === lim2) {
				for (; off1 < lim1; off1++) removed[rindex1[off1] + 1] = 1;
			} else {
				split(ha1, off1, lim1, ha2, off2, lim2, kvd, fo, bo, needMin, mxcost, spl);
				const { i1, i2, minLo, minHi } = spl;
				stack.push(i1, lim1, i2, lim2, minHi ? 1 : 0);
				stack.push(off1, i1, off2, i2, minLo ? 1 : 0);
			}
		}
	}
	const indent = opts.indentHeuristic ? opts.indent : undefined;
	const x1: XFile = { recs: a, nrec: na, rchg: removed };
	const x2: XFile = { recs: b, nrec: nb, rchg: added };
	changeCompact(x1, x2, indent);
	changeCompact(x2, x1, indent);
	let nRemoved = 0;
	let nAdded = 0;
	for (let i = 1; i <= na; i++) nRemoved += removed[i];
	for (let i = 1; i <= nb; i++) nAdded += added[i];
	return { removed: removed.subarray(1, na + 1), added: added.subarray(1, nb + 1), nRemoved, nAdded };
}

/**
 * trim_common_tail of xdiff-interface.c (used by blame, not by numstat): the number of trailing lines
 * dropped from both sides. It trims whole 1024-byte blocks of identical tail, then gives back bytes
 * up to the first newline, so what is dropped is whole lines after that newline.
 * `lenA/lenB` are the line lengths in bytes (newline included); `tailA/tailB` give a line's text.
 */
export function commonTailLines(a: Int32Array, na: number, b: Int32Array, nb: number, lineLen: (id: number) => number, text: (id: number) => string): number {
	let sizeA = 0;
	for (let i = 0; i < na; i++) sizeA += lineLen(a[i]);
	let sizeB = 0;
	for (let i = 0; i < nb; i++) sizeB += lineLen(b[i]);
	const smaller = Math.min(sizeA, sizeB);
	if (smaller < 1024) return 0;
	// Common suffix in bytes: whole equal lines from the end, then the common suffix of the first unequal pair.
	let common = 0;
	let k = 0;
	while (k < na && k < nb && a[na - 1 - k] === b[nb - 1 - k]) {
		common += lineLen(a[na - 1 - k]);
		k++;
	}
	if (k < na && k < nb) {
		const sa = text(a[na - 1 - k]);
		const sb = text(b[nb - 1 - k]);
		let j = 0;
		while (j < sa.length && j < sb.length && sa.charCodeAt(sa.length - 1 - j) === sb.charCodeAt(sb.length - 1 - j)) j++;
		common += j;
	} else if (k < na || k < nb) {
		// One side's lines are all in the common tail; bytes before it may still match but the
		// shorter file is then fully common — git compares whole blocks only within `smaller`.
	}
	let trimmed = 0;
	while (1024 + trimmed <= smaller && 1024 + trimmed <= common) trimmed += 1024;
	if (trimmed === 0) return 0;
	// Bytes kept in A: sizeA - trimmed, then extended to just past the first newline in the trimmed part.
	// Count lines of A that lie wholly after that cut.
	const cutFromStart = sizeA - trimmed;
	let p = 0;
	let line = 0;
	while (line < na && p + lineLen(a[line]) <= cutFromStart) p += lineLen(a[line++]);
	// Line `line` contains byte cutFromStart (or starts at it). git keeps bytes through the first '\n'
	// at or after cutFromStart, i.e. through the end of this line if it ends with '\n'.
	if (line >= na) return 0;
	const s = text(a[line]);
	const endsNl = s.charCodeAt(s.length - 1) === 10;
	if (!endsNl) return 0; // no newline in the trimmed region: git gives it all back
	return na - line - 1;
}
