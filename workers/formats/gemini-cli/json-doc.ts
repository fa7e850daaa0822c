// Streaming reader for the single-document chat files of Gemini CLI ≤ 0.38:
//   { "sessionId": …, "projectHash": …, …, "messages": [ {…}, {…}, … ], … }
// The document is never held whole: a byte-level scanner tracks strings and nesting, hands each
// top-level member but `messages` over as its own small JSON text, and each element of `messages`
// as its own JSON text, which the caller parses. Only one element is buffered at a time.
//
// The scanner checks structure only as far as it needs to split; anything malformed inside an
// element surfaces when the caller parses that element, and costs only that element.

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const NL = 10;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

function isWs(c: number): boolean {
	return c === 32 || c === 9 || c === 10 || c === 13;
}

export interface DocHandler {
	/** A top-level member other than `messages`, with its value as JSON text. */
	member(key: string, value: Uint8Array, line: number): void;
	/** One element of the top-level `messages` array, as JSON text. */
	element(bytes: Uint8Array, line: number): void;
	/** An element or member too large to buffer; skipped. */
	overlong(line: number, bytes: number, what: string): void;
	/** A problem with the document's structure (not an object, cut off, trailing data). */
	problem(line: number, reason: string): void;
}

type Expect = 'root' | 'key' | 'colon' | 'value' | 'comma' | 'done';

/** Byte-level splitter; feed chunks with `push`, then call `end`. */
export class JsonDocScanner {
	private depth = 0;
	private inStr = false;
	private esc = false;
	private line = 1;
	private expect: Expect = 'root';
	/** Key bytes while reading a depth-1 key. */
	private keyParts: number[] | undefined;
	private key = '';
	/** Inside the `messages` array (depth 2 is its element level). */
	private inMessages = false;
	/** What is being captured: a member value at depth 1, or an element at depth 2. */
	private cap: 'member' | 'element' | undefined;
	private capParts: Uint8Array[] = [];
	private capBytes = 0;
	private capStart = -1;
	private capLine = 0;
	private capOver = false;
	private trailingReported = false;

	constructor(
		private readonly h: DocHandler,
		private readonly maxElement: number,
		private readonly maxMember: number
	) {}

	push(chunk: Uint8Array): void {
		const n = chunk.length;
		for (let i = 0; i < n; i++) {
			const c = chunk[i];
			if (c === NL) this.line++;
			if (this.inStr) {
				if (this.esc) this.esc = false;
				else if (c === BACKSLASH) this.esc = true;
				else if (c === QUOTE) {
					this.inStr = false;
					if (this.keyParts) this.finishKey();
				} else if (this.keyParts && this.keyParts.length < 1024) this.keyParts.push(c);
				continue;
			}
			if (isWs(c)) continue;
			if (this.depth === 0) {
				if (this.expect === 'root') {
					if (c === OPEN_BRACE) {
						this.depth = 1;
						this.expect = 'key';
					} else if (!(c === 0xef || c === 0xbb || c === 0xbf)) {
						// Not even a BOM: this is not the document we read.
						this.h.problem(this.line, 'not a JSON object');
						this.expect = 'done';
						return;
					}
				} else if (!this.trailingReported) {
					this.trailingReported = true;
					this.h.problem(this.line, 'data after the end of the document');
				}
				continue;
			}
			// Depth-1 bookkeeping: keys, colons, member values.
			if (this.depth === 1 && this.cap === undefined && !this.inMessages) {
				if (this.expect === 'key') {
					if (c === QUOTE) {
						this.inStr = true;
						this.keyParts = [];
						continue;
					}
					if (c === CLOSE_BRACE) {
						this.depth = 0;
						this.expect = 'done';
						continue;
					}
					// A comma between members, or a stray byte of a malformed document: nothing to do.
					continue;
				} else if (this.expect === 'colon') {
					if (c === COLON) this.expect = 'value';
					continue;
				} else if (this.expect === 'value') {
					if (this.key === 'messages' && c === OPEN_BRACKET) {
						this.inMessages = true;
						this.depth = 2;
						continue;
					}
					this.startCapture('member', chunk, i);
					// fall through: the value's first byte is counted below
				} else if (this.expect === 'comma') {
					if (c === COMMA) this.expect = 'key';
					else if (c === CLOSE_BRACE) {
						this.depth = 0;
						this.expect = 'done';
					}
					continue;
				}
			}
			if (this.inMessages && this.depth === 2 && this.cap === undefined) {
				if (c === COMMA) continue;
				if (c === CLOSE_BRACKET) {
					this.inMessages = false;
					this.depth = 1;
					this.expect = 'comma';
					continue;
				}
				this.startCapture('element', chunk, i);
			}
			// Structure inside a captured value.
			if (c === QUOTE) {
				this.inStr = true;
				continue;
			}
			if (c === OPEN_BRACE || c === OPEN_BRACKET) {
				this.depth++;
				continue;
			}
			const level = this.cap === 'element' ? 2 : 1;
			if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
				if (this.depth === level) {
					// The container holding the captured value closes: the value ends here.
					this.finishCapture(chunk, i);
					if (level === 2) {
						this.inMessages = false;
						this.depth = 1;
						this.expect = 'comma';
					} else {
						this.depth = 0;
						this.expect = 'done';
					}
					continue;
				}
				this.depth--;
				continue;
			}
			if (c === COMMA && this.depth === level) {
				this.finishCapture(chunk, i);
				if (level === 1) this.expect = 'key';
			}
		}
		if (this.cap !== undefined) {
			const from = this.capStart >= 0 ? this.capStart : 0;
			this.keep(chunk.subarray(from));
			this.capStart = -1;
		}
	}

	end(): void {
		if (this.expect === 'done' && this.depth === 0) return;
		if (this.expect === 'root') {
			this.h.problem(this.line, 'empty document');
			return;
		}
		if (this.cap === 'element') this.h.problem(this.capLine, 'truncated document (message cut off)');
		else this.h.problem(this.line, 'truncated document');
		this.cap = undefined;
		this.capParts = [];
	}

	private finishKey(): void {
		const bytes = new Uint8Array(this.keyParts!);
		this.keyParts = undefined;
		let key: string;
		try {
			key = JSON.parse('"' + new TextDecoder().decode(bytes) + '"') as string;
		} catch {
			key = '';
		}
		this.key = key;
		this.expect = 'colon';
	}

	private startCapture(kind: 'member' | 'element', chunk: Uint8Array, i: number): void {
		this.cap = kind;
		this.capParts = [];
		this.capBytes = 0;
		this.capStart = i;
		this.capLine = this.line;
		this.capOver = false;
	}

	private keep(part: Uint8Array): void {
		if (this.capOver || part.length === 0) {
			this.capBytes += part.length;
			return;
		}
		const max = this.cap === 'element' ? this.maxElement : this.maxMember;
		this.capBytes += part.length;
		if (this.capBytes > max) {
			this.capOver = true;
			this.capParts = [];
			return;
		}
		// A copy: the chunk's buffer may be reused by the source.
		this.capParts.push(part.slice());
	}

	private finishCapture(chunk: Uint8Array, i: number): void {
		const from = this.capStart >= 0 ? this.capStart : 0;
		this.keep(chunk.subarray(from, i));
		const kind = this.cap!;
		this.cap = undefined;
		this.capStart = -1;
		if (this.capOver) {
			this.h.overlong(this.capLine, this.capBytes, kind === 'element' ? 'message' : `member "${this.key}"`);
			this.capParts = [];
			return;
		}
		let bytes: Uint8Array;
		if (this.capParts.length === 1) bytes = this.capParts[0];
		else {
			bytes = new Uint8Array(this.capBytes);
			let o = 0;
			for (const p of this.capParts) {
				bytes.set(p, o);
				o += p.length;
			}
		}
		this.capParts = [];
		if (kind === 'member') this.h.member(this.key, bytes, this.capLine);
		else this.h.element(bytes, this.capLine);
	}
}
