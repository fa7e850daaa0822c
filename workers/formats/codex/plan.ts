// Planning a parse call: which file is which session (from its first line, read once for detection
// and cached), and an order in which every parent session is read before its forks and subagents.

import type { InputFile } from '../types';
import { readPrefix } from '../../lines';
import { cachedHead } from '../../head-cache';
import { isZstdHead, kindOfLine } from './detect';
import { isObj, parseTime, str, type Obj } from '../common';

const PEEK_BYTES = 64 * 1024;

export interface Plan {
	file: InputFile;
	index: number;
	kind: 'rollout' | 'index' | 'zst' | 'duplicate';
	nativeId: string;
	/** True when the id came from the file's session_meta (else from its name). */
	metaId: boolean;
	parentNative?: string;
	firstTs: number;
	depth: number;
	/** Some other input is a subagent or fork of this session. */
	hasChildren: boolean;
	keptPath?: string;
}

const UUID_IN_NAME = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl?$/i;

function nameId(path: string): string {
	const m = UUID_IN_NAME.exec(path);
	return m ? m[1] : path.replace(/^.*[\\/]/, '').replace(/\.jsonl?$/i, '');
}

/** The parent a session_meta payload names: a fork's `forked_from_id`, a spawned agent's `parent_thread_id`. */
export function metaParent(p: Obj): string | undefined {
	const direct = str(p.forked_from_id) ?? str(p.parent_thread_id);
	if (direct) return direct;
	const src = p.source;
	if (isObj(src) && isObj(src.subagent)) {
		const spawn = src.subagent.thread_spawn;
		if (isObj(spawn)) return str(spawn.parent_thread_id);
	}
	return undefined;
}

export function metaAgentType(p: Obj): string | undefined {
	const role = str(p.agent_role) ?? str(p.agent_type);
	if (role) return role;
	const src = p.source;
	if (isObj(src)) {
		const sub = src.subagent;
		if (typeof sub === 'string') return sub;
		if (isObj(sub)) {
			const spawn = sub.thread_spawn;
			if (isObj(spawn)) return str(spawn.agent_role) ?? str(spawn.agent_type);
			if (typeof sub.other === 'string') return sub.other;
		}
	}
	return undefined;
}

export async function planFile(file: InputFile, index: number): Promise<Plan> {
	const plan: Plan = { file, index, kind: 'rollout', nativeId: nameId(file.path), metaId: false, firstTs: Infinity, depth: 0, hasChildren: false };
	let head: string;
	try {
		const bytes = cachedHead(file) ?? (await readPrefix(file.stream(), PEEK_BYTES));
		head = new TextDecoder().decode(bytes.subarray(0, PEEK_BYTES));
	} catch {
		return plan;
	}
	if (isZstdHead(head)) {
		plan.kind = 'zst';
		return plan;
	}
	const start = head.charCodeAt(0) === 0xfeff ? 1 : 0;
	const nl = head.indexOf('\n', start);
	const firstLine = (nl < 0 ? head.slice(start) : head.slice(start, nl)).trim();
	let o: unknown;
	try {
		o = JSON.parse(firstLine);
	} catch {
		o = undefined;
	}
	if (isObj(o)) {
		const kind = kindOfLine(o, true);
		if (kind === 'index') {
			plan.kind = 'index';
			return plan;
		}
		const meta = kind === 'wrapped' && o.type === 'session_meta' ? (o.payload as Obj) : kind === 'bare' ? o : undefined;
		if (meta) {
			const id = str(meta.id);
			if (id) {
				plan.nativeId = id;
				plan.metaId = true;
			}
			plan.parentNative = metaParent(meta);
		}
		plan.firstTs = parseTime(meta?.timestamp ?? o.timestamp) ?? Infinity;
	} else if (/^\{"timestamp":"[^"]+","type":"session_meta","payload":\{/.test(firstLine)) {
		// A session_meta line longer than the head (large base_instructions): its leading fields suffice.
		const id = /"payload":\{"id":"([^"]+)"/.exec(firstLine);
		if (id) {
			plan.nativeId = id[1];
			plan.metaId = true;
		}
		const parent = /"(?:forked_from_id|parent_thread_id)":"([^"]+)"/.exec(firstLine);
		if (parent) plan.parentNative = parent[1];
		const ts = /^\{"timestamp":"([^"]+)"/.exec(firstLine);
		plan.firstTs = parseTime(ts?.[1]) ?? Infinity;
	}
	return plan;
}

/** Orders rollouts parents first; of several files of one session only the largest is parsed. */
export function arrange(plans: Plan[]): Plan[] {
	const byId = new Map<string, Plan>();
	for (const p of plans) {
		if (p.kind !== 'rollout') continue;
		const other = byId.get(p.nativeId);
		if (!other) {
			byId.set(p.nativeId, p);
			continue;
		}
		const [keep, drop] = p.file.size > other.file.size ? [p, other] : [other, p];
		drop.kind = 'duplicate';
		drop.keptPath = keep.file.path;
		byId.set(p.nativeId, keep);
	}
	for (const p of byId.values()) {
		const parent = p.parentNative !== undefined ? byId.get(p.parentNative) : undefined;
		if (parent && parent !== p) parent.hasChildren = true;
	}
	const depthOf = (p: Plan, guard: number): number => {
		const parent = p.parentNative !== undefined ? byId.get(p.parentNative) : undefined;
		return parent && parent !== p && guard < 64 ? depthOf(parent, guard + 1) + 1 : 0;
	};
	for (const p of byId.values()) p.depth = depthOf(p, 0);
	const rank = { index: 0, zst: 1, duplicate: 2, rollout: 3 } as const;
	return [...plans].sort(
		(a, b) =>
			rank[a.kind] - rank[b.kind] ||
			a.depth - b.depth ||
			a.firstTs - b.firstTs ||
			(a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0)
	);
}
