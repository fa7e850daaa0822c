// Streaming reader for one big JSON document (ActivityWatch exports, WakaTime dumps). The caller
// names the arrays that hold the bulk of the data (events, heartbeats); their elements are handed
// over one by one as soon as they are complete and never kept, while the small rest of the document
// (bucket metadata, user, range) is assembled as usual. A multi-GB export therefore never becomes
// one string, and memory stays at about one chunk plus the largest single element.
//
// Hybrid: inside a named array the bytes are only scanned for strings, brackets and top-level commas
// to find where elements end; each chunk's run of complete elements is then decoded and JSON.parse'd
// in one call, so V8's parser does the real work. Outside those arrays a small tokenizer assembles
// values. Elements that do not parse are reported and skipped; a syntax error outside them, or the
// end of the file, stops reading and is returned with its byte offset (what was read is kept).

export type JsonKey = string | number;

export interface JsonSplitOptions {
	/** Called when an array opens at `path`: true = hand its elements to `onElement`, keep `[]` in its place. */
	split(path: readonly JsonKey[]): boolean;
	/** `parents` are the values being assembled around the array, root first (the array's holder last). */
	onElement(value: unknown, index: number, path: readonly JsonKey[], parents: readonly unknown[]): void;
	/** An element of a split array that is not valid JSON (or is over the size limit); reading goes on. */
	onBadElement?(problem: JsonProblem, index: number, path: readonly JsonKey[], parents: readonly unknown[]): void;
	/** An object or array outside split arrays is complete. */
	onClose?(value: unknown, path: readonly JsonKey[]): void;
	/** Elements bigger than this are skipped (reported to onBadElement). Default 64 MiB. */
	maxElementBytes?: number;
	/** Bytes outside split arrays; past this reading stops with an error. Default 512 MiB. */
	maxOtherBytes?: number;
}

export interface JsonProblem {
	/** Byte offset in the file. */
	offset: number;
	/** Where in the document, for people: `buckets.aw-watcher-window_box.events[12]`. */
	path: string;
	message: string;
}

export interface JsonSplitResult {
	/** The document with split arrays left empty; partial when reading stopped early. */
	root: unknown;
	/** Elements handed to onElement. */
	elements: number;
	bytes: number;
	/** Why reading stopped before the end of the document; `truncated` = the file ended early. */
	error?: JsonProblem & { truncated: boolean };
}

export const DEFAULT_MAX_ELEMENT_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_OTHER_BYTES = 512 * 1024 * 1024;
/**
 * Elements are parsed in runs of about this many bytes: decoding and parsing one big string costs
 * several times more per byte than a few dozen small ones (measured in V8; bench/activity).
 */
const BATCH_BYTES = 32 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const BOM = [0xef, 0xbb, 0xbf];

// What the tokenizer expects next outside split arrays.
const S_VALUE = 0;
const S_ARRAY_FIRST = 1; // value or ]
const S_OBJECT_FIRST = 2; // key or }
const S_KEY = 3;
const S_COLON = 4;
const S_AFTER = 5; // , or the container's close
const S_DONE = 6;

const T_NONE = 0;
const T_STRING = 1;
const T_KEY = 2;
const T_LITERAL = 3;

interface Frame {
	value: Record<string, unknown> | unknown[];
	isArray: boolean;
	/** Key (or index) of the child being read. */
	key: JsonKey;
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
/** Bytes that can continue a number or a true/false/null literal. */
const isLiteralByte = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2e || c === 0x2b || c === 0x2d;

function concat(parts: Uint8Array[], tail?: Uint8Array): Uint8Array {
	let n = tail ? tail.length : 0;
	for (const p of parts) n += p.length;
	const out = new Uint8Array(n);
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	if (tail) out.set(tail, o);
	return out;
}

export function describePath(path: readonly JsonKey[]): string {
	let s = '';
	for (const k of path) s += typeof k === 'number' ? `[${k}]` : s === '' ? k : `.${k}`;
	return s || '(top level)';
}

function setKey(o: Record<string, unknown>, k: string, v: unknown) {
	// JSON.parse makes "__proto__" an own property; plain assignment would change the prototype.
	if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
	else o[k] = v;
}

const printable = (c: number) => (c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`);

export class JsonSplitter {
	private readonly opts: JsonSplitOptions;
	private readonly maxElement: number;
	private readonly maxOther: number;
	private readonly decoder = new TextDecoder();
	/** Bytes before the current chunk. */
	private offset = 0;
	private otherBytes = 0;
	private failed = false;
	private error?: JsonProblem & { truncated: boolean };
	private root: unknown = undefined;
	private frames: Frame[] = [];
	private state = S_VALUE;
	private inBom = false;
	/** Inside a string, the previous byte was an unpaired backslash (may carry across chunks). */
	private esc = false;

	// Token being read outside split arrays (may span chunks).
	private tok = T_NONE;
	private tokParts: Uint8Array[] = [];
	private tokStart = 0;
	private tokOffset = 0;

	// Split array being read.
	private capturing = false;
	private capPath: JsonKey[] = [];
	private capParents: unknown[] = [];
	private capDepth = 0;
	private capInString = false;
	private index = 0;
	/** Bytes after the last top-level comma that belong to a later chunk's batch. */
	private parts: Uint8Array[] = [];
	private partsBytes = 0;
	/** File offset where `parts` (the pending batch) begins. */
	private batchOffset = 0;
	/** Top-level commas seen in the array / at the start of the pending batch. */
	private commas = 0;
	private batchCommas = 0;
	private oversize = false;
	private oversizeOffset = 0;
	private elements = 0;

	constructor(opts: JsonSplitOptions) {
		this.opts = opts;
		this.maxElement = opts.maxElementBytes ?? DEFAULT_MAX_ELEMENT_BYTES;
		this.maxOther = opts.maxOtherBytes ?? DEFAULT_MAX_OTHER_BYTES;
	}

	/** Reading stopped at an error; further chunks are ignored. */
	get stopped(): boolean {
		return this.failed;
	}

	push(chunk: Uint8Array): void {
		if (this.failed) return;
		const n = chunk.length;
		let i = 0;
		// UTF-8 byte order mark, possibly split over tiny chunks (TextDecoder would drop it too).
		while (i < n && this.offset + i < 3) {
			const pos = this.offset + i;
			if (pos === 0 ? chunk[i] !== 0xef : !this.inBom) break;
			if (chunk[i] !== BOM[pos]) {
				this.fail(pos, 'broken UTF-8 byte order mark');
				return;
			}
			this.inBom = true;
			i++;
		}
		if (this.tok !== T_NONE) this.tokStart = i;
		while (i < n && !this.failed) {
			if (this.capturing) i = this.capture(chunk, i);
			else {
				const start = i;
				i = this.other(chunk, i);
				this.otherBytes += i - start;
				if (this.otherBytes > this.maxOther && !this.failed) {
					this.fail(this.offset + i, `more than ${this.maxOther} bytes outside the event arrays: not the expected shape`);
				}
			}
		}
		this.offset += n;
	}

	end(): JsonSplitResult {
		if (!this.failed && this.state !== S_DONE) {
			if (this.capturing) this.endInsideArray();
			else if (this.tok === T_LITERAL && this.frames.length === 0) {
				// A bare number at the top level ends with the file.
				this.finishLiteral(new Uint8Array(0), 0);
			}
			if (!this.failed && this.state !== S_DONE) {
				const what = this.tok === T_STRING || this.tok === T_KEY ? 'inside a string' : this.frames.length || this.capturing ? 'before the document is complete' : 'before any JSON value';
				this.error = { offset: this.offset, path: describePath(this.currentPath()), message: `the file ends ${what}`, truncated: true };
				this.failed = true;
			}
		}
		return { root: this.root, elements: this.elements, bytes: this.offset, error: this.error };
	}

	private fail(offset: number, message: string) {
		if (this.failed) return;
		this.failed = true;
		this.error = { offset, path: describePath(this.currentPath()), message, truncated: false };
	}

	private currentPath(): JsonKey[] {
		if (this.capturing) return [...this.capPath, this.index];
		const p = this.frames.map((f) => f.key);
		// Before an object's next key is read, its last key is stale: name the object itself.
		return this.state === S_OBJECT_FIRST || this.state === S_KEY ? p.slice(0, -1) : p;
	}

	/**
	 * Scans string content from `i`. Returns the index just past the closing quote, or -1 when the
	 * chunk ends first (`esc` then says whether a backslash is waiting for its partner).
	 */
	private scanString(buf: Uint8Array, i: number): number {
		const n = buf.length;
		if (this.esc) {
			if (i >= n) return -1;
			this.esc = false;
			i++;
		}
		for (;;) {
			const q = buf.indexOf(QUOTE, i);
			let k = (q < 0 ? n : q) - 1;
			while (k >= i && buf[k] === BACKSLASH) k--;
			const odd = (((q < 0 ? n : q) - 1 - k) & 1) === 1;
			if (q < 0) {
				this.esc = odd;
				return -1;
			}
			if (!odd) return q + 1;
			i = q + 1;
		}
	}

	// ---- outside split arrays ------------------------------------------------------------------

	private other(buf: Uint8Array, i: number): number {
		const n = buf.length;
		while (i < n) {
			if (this.tok === T_STRING || this.tok === T_KEY) {
				const e = this.scanString(buf, i);
				if (e < 0) {
					i = n;
					continue;
				}
				const bytes = this.tokParts.length ? concat(this.tokParts, buf.subarray(this.tokStart, e)) : buf.subarray(this.tokStart, e);
				const isKey = this.tok === T_KEY;
				this.tok = T_NONE;
				this.tokParts = [];
				let s: string;
				try {
					s = JSON.parse(this.decoder.decode(bytes)) as string;
				} catch (err) {
					this.fail(this.tokOffset, `bad string (${err instanceof Error ? err.message : String(err)})`);
					return e;
				}
				if (isKey) {
					this.frames[this.frames.length - 1].key = s;
					this.state = S_COLON;
				} else this.place(s);
				i = e;
				continue;
			}
			if (this.tok === T_LITERAL) {
				let j = i;
				while (j < n && isLiteralByte(buf[j])) j++;
				if (j === n) {
					i = n;
					continue;
				}
				this.finishLiteral(buf, j);
				if (this.failed) return j;
				i = j;
				continue;
			}
			const c = buf[i];
			if (isSpace(c)) {
				i++;
				continue;
			}
			const at = this.offset + i;
			switch (this.state) {
				case S_VALUE:
				case S_ARRAY_FIRST:
					if (c === RBRACKET && this.state === S_ARRAY_FIRST) {
						this.close();
						i++;
						continue;
					}
					if (c === LBRACE) {
						const o = {};
						this.place(o, true);
						this.frames.push({ value: o, isArray: false, key: '' });
						this.state = S_OBJECT_FIRST;
						i++;
						continue;
					}
					if (c === LBRACKET) {
						const a: unknown[] = [];
						this.place(a, true);
						const path = this.frames.map((f) => f.key);
						i++;
						if (this.opts.split(path)) {
							this.startCapture(path, at + 1);
							return i;
						}
						this.frames.push({ value: a, isArray: true, key: 0 });
						this.state = S_ARRAY_FIRST;
						continue;
					}
					if (c === QUOTE) {
						this.startToken(T_STRING, i, at);
						i++;
						continue;
					}
					if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e) {
						this.startToken(T_LITERAL, i, at);
						continue;
					}
					this.fail(at, `unexpected ${printable(c)} where a value should be`);
					return i;
				case S_OBJECT_FIRST:
				case S_KEY:
					if (c === RBRACE && this.state === S_OBJECT_FIRST) {
						this.close();
						i++;
						continue;
					}
					if (c === QUOTE) {
						this.startToken(T_KEY, i, at);
						i++;
						continue;
					}
					this.fail(at, `unexpected ${printable(c)} where a key should be`);
					return i;
				case S_COLON:
					if (c === COLON) {
						this.state = S_VALUE;
						i++;
						continue;
					}
					this.fail(at, `unexpected ${printable(c)} where ':' should be`);
					return i;
				case S_AFTER: {
					const top = this.frames[this.frames.length - 1];
					if (c === COMMA) {
						this.state = top.isArray ? S_VALUE : S_KEY;
						i++;
						continue;
					}
					if (c === (top.isArray ? RBRACKET : RBRACE)) {
						this.close();
						i++;
						continue;
					}
					this.fail(at, `unexpected ${printable(c)} where ',' or '${top.isArray ? ']' : '}'}' should be`);
					return i;
				}
				default:
					this.fail(at, `unexpected ${printable(c)} after the end of the document`);
					return i;
			}
		}
		// A token still open at the end of the chunk: keep its bytes (the chunk may be reused).
		if (this.tok !== T_NONE) this.tokParts.push(buf.slice(this.tokStart, n));
		return n;
	}

	private startToken(kind: number, i: number, at: number) {
		this.tok = kind;
		this.tokStart = i;
		this.tokOffset = at;
		this.tokParts = [];
	}

	private finishLiteral(buf: Uint8Array, end: number) {
		const bytes = this.tokParts.length ? concat(this.tokParts, buf.subarray(this.tokStart, end)) : buf.subarray(this.tokStart, end);
		this.tok = T_NONE;
		this.tokParts = [];
		const text = this.decoder.decode(bytes);
		let v: unknown;
		try {
			v = JSON.parse(text);
		} catch {
			this.fail(this.tokOffset, `"${text.slice(0, 40)}" is not a JSON value`);
			return;
		}
		this.place(v);
	}

	/** Puts a value into its parent (or makes it the root); containers are entered by the caller. */
	private place(v: unknown, container = false) {
		const top = this.frames[this.frames.length - 1];
		if (!top) {
			this.root = v;
			this.state = container ? this.state : S_DONE;
			return;
		}
		if (top.isArray) {
			const a = top.value as unknown[];
			top.key = a.length;
			a.push(v);
		} else setKey(top.value as Record<string, unknown>, top.key as string, v);
		if (!container) this.state = S_AFTER;
	}

	private close() {
		const f = this.frames.pop()!;
		this.state = this.frames.length ? S_AFTER : S_DONE;
		this.opts.onClose?.(f.value, this.frames.map((x) => x.key));
	}

	// ---- split arrays ----------------------------------------------------------------------------

	private startCapture(path: JsonKey[], offset: number) {
		this.capturing = true;
		this.capPath = path;
		this.capParents = this.frames.map((f) => f.value);
		this.capDepth = 0;
		this.capInString = false;
		this.index = 0;
		this.parts = [];
		this.partsBytes = 0;
		this.batchOffset = offset;
		this.commas = 0;
		this.batchCommas = 0;
		this.oversize = false;
	}

	private capture(buf: Uint8Array, i: number): number {
		const n = buf.length;
		let seg = i;
		let cut = -1;
		let cutCommas = 0;
		let depth = this.capDepth;
		let inString = this.capInString;
		while (i < n) {
			if (inString) {
				const e = this.scanString(buf, i);
				if (e < 0) {
					i = n;
					break;
				}
				inString = false;
				i = e;
				continue;
			}
			const c = buf[i];
			if (c === QUOTE) inString = true;
			else if (c === LBRACE || c === LBRACKET) depth++;
			else if (c === RBRACE || c === RBRACKET) {
				if (depth === 0) {
					if (c === RBRACE) {
						this.capDepth = depth;
						this.capInString = inString;
						this.fail(this.offset + i, `unexpected '}' inside an array`);
						return i;
					}
					if (cut >= 0) this.flush(buf, seg, cut, cutCommas, false);
					if (cut >= 0) seg = cut + 1;
					this.flush(buf, seg, i, this.commas, true);
					this.capturing = false;
					this.parts = [];
					this.partsBytes = 0;
					this.state = this.frames.length ? S_AFTER : S_DONE;
					return i + 1;
				}
				depth--;
			} else if (c === COMMA && depth === 0) {
				this.commas++;
				if (this.oversize) {
					this.skipOversize();
					seg = i + 1;
					this.batchOffset = this.offset + seg;
					this.batchCommas = this.commas;
				} else if (this.partsBytes + (i - seg) >= BATCH_BYTES) {
					this.flush(buf, seg, i, this.commas, false);
					seg = i + 1;
					cut = -1;
				} else {
					cut = i;
					cutCommas = this.commas;
				}
			}
			i++;
		}
		this.capDepth = depth;
		this.capInString = inString;
		if (cut >= 0) {
			this.flush(buf, seg, cut, cutCommas, false);
			seg = cut + 1;
		}
		if (this.oversize) return n;
		if (this.partsBytes + (n - seg) > this.maxElement) {
			this.oversize = true;
			this.oversizeOffset = this.batchOffset;
			this.parts = [];
			this.partsBytes = 0;
		} else if (seg < n) {
			this.parts.push(buf.slice(seg, n));
			this.partsBytes += n - seg;
		}
		return n;
	}

	private skipOversize() {
		const problem = { offset: this.oversizeOffset, path: describePath([...this.capPath, this.index]), message: `element over the ${this.maxElement}-byte limit` };
		this.opts.onBadElement?.(problem, this.index, this.capPath, this.capParents);
		this.index++;
		this.oversize = false;
	}

	/**
	 * Hands over the elements in pending parts + buf[seg, end): `end` is a top-level comma (or the
	 * array's `]` when `last`). `upToCommas` = commas counted up to and including that comma.
	 */
	private flush(buf: Uint8Array, seg: number, end: number, upToCommas: number, last: boolean) {
		if (last && this.oversize) {
			this.skipOversize();
			return;
		}
		const bytes = this.parts.length ? concat(this.parts, buf.subarray(seg, end)) : buf.subarray(seg, end);
		const start = this.batchOffset;
		this.parts = [];
		this.partsBytes = 0;
		this.batchOffset = this.offset + end + 1;
		const expected = upToCommas - this.batchCommas + (last ? 1 : 0);
		this.batchCommas = upToCommas;
		const text = this.decoder.decode(bytes);
		// `[]`: no element at all (a blank batch is only allowed for an empty array).
		if (last && this.commas === 0 && this.index === 0 && text.trim() === '') return;
		let arr: unknown;
		try {
			arr = JSON.parse('[' + text + ']');
		} catch {
			arr = undefined;
		}
		if (Array.isArray(arr) && arr.length === expected) {
			for (const v of arr) this.emit(v);
			return;
		}
		this.flushOneByOne(bytes, start);
	}

	private emit(v: unknown) {
		this.elements++;
		this.opts.onElement(v, this.index++, this.capPath, this.capParents);
	}

	/** Slow path for a batch that did not parse: element by element, to skip only the bad ones. */
	private flushOneByOne(bytes: Uint8Array, start: number) {
		let depth = 0;
		let inStr = false;
		let esc = false;
		let from = 0;
		const one = (to: number) => {
			const text = this.decoder.decode(bytes.subarray(from, to));
			const lead = text.length - text.trimStart().length;
			try {
				this.emit(JSON.parse(text));
			} catch (err) {
				const offset = start + from + new TextEncoder().encode(text.slice(0, lead)).length;
				const message = text.trim() === '' ? 'empty element' : `not valid JSON (${err instanceof Error ? err.message : String(err)})`;
				this.opts.onBadElement?.({ offset, path: describePath([...this.capPath, this.index]), message }, this.index, this.capPath, this.capParents);
				this.index++;
			}
		};
		for (let i = 0; i < bytes.length; i++) {
			const c = bytes[i];
			if (inStr) {
				if (esc) esc = false;
				else if (c === BACKSLASH) esc = true;
				else if (c === QUOTE) inStr = false;
			} else if (c === QUOTE) inStr = true;
			else if (c === LBRACE || c === LBRACKET) depth++;
			else if (c === RBRACE || c === RBRACKET) depth--;
			else if (c === COMMA && depth === 0) {
				one(i);
				from = i + 1;
			}
		}
		one(bytes.length);
	}

	/** The file ended inside a split array: keep a last element that happens to be complete. */
	private endInsideArray() {
		// The element the file ended in (after a complete last element: the next one).
		let at = this.index;
		if (this.oversize) {
			this.skipOversize();
		} else {
			const text = this.decoder.decode(concat(this.parts));
			const body = text.trimStart();
			if (body !== '') {
				let ok = false;
				if (this.capDepth === 0 && !this.capInString) {
					try {
						this.emit(JSON.parse(text));
						ok = true;
					} catch {
						ok = false;
					}
				}
				if (!ok) {
					// Leading whitespace is ASCII: its length in characters is its length in bytes.
					const offset = this.batchOffset + (text.length - body.length);
					const problem = { offset, path: describePath([...this.capPath, this.index]), message: 'cut off by the end of the file' };
					this.opts.onBadElement?.(problem, this.index, this.capPath, this.capParents);
					this.index++;
				} else at = this.index;
			}
		}
		this.parts = [];
		this.error = { offset: this.offset, path: describePath([...this.capPath, at]), message: 'the file ends inside an array', truncated: true };
		this.failed = true;
	}
}

/** Reads `stream` through a JsonSplitter; parsing stops at the first error. */
export async function splitJsonStream(stream: ReadableStream<Uint8Array>, opts: JsonSplitOptions): Promise<JsonSplitResult> {
	const s = new JsonSplitter(opts);
	const reader = stream.getReader();
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			// After an error the rest is still read (not parsed): callers that fingerprint the bytes see them all.
			if (!s.stopped) s.push(value);
		}
	} finally {
		reader.releaseLock();
	}
	return s.end();
}
