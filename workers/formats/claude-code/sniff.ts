// Reads a line's top-level `type` from its bytes without decoding or parsing it, so that the
// majority of lines (progress, snapshots, queue operations) can be skipped for the price of a scan.
//
// Why the byte pattern is safe: inside a JSON string every `"` is escaped, so `"type":"` can only be
// a real key named "type" with a string value. It is the top-level key when no `{` or `[` precedes
// it (besides the opening brace); any such byte, even inside a string, makes us give up (undefined)
// and the caller parses the line. Real Claude Code lines put `type` before `data`/`message` on the
// high-volume record types, so the fast path is the common one.

const QUOTE = 34;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const PATTERN = [QUOTE, 116, 121, 112, 101, QUOTE, 58, QUOTE]; // "type":"

export function sniffType(buf: Uint8Array, start: number, end: number): string | undefined {
	let i = start;
	while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
	if (buf[i] !== OPEN_BRACE) return undefined;
	const last = end - PATTERN.length;
	for (i++; i <= last; i++) {
		const c = buf[i];
		if (c === QUOTE) {
			if (
				buf[i + 1] === 116 &&
				buf[i + 2] === 121 &&
				buf[i + 3] === 112 &&
				buf[i + 4] === 101 &&
				buf[i + 5] === QUOTE &&
				buf[i + 6] === 58 &&
				buf[i + 7] === QUOTE
			) {
				const v = i + 8;
				let j = v;
				// Type names are short ASCII words; anything else is left to the parser.
				while (j < end && j - v < 40 && buf[j] !== QUOTE && buf[j] !== 92) j++;
				if (buf[j] !== QUOTE) return undefined;
				let type = '';
				for (let k = v; k < j; k++) type += String.fromCharCode(buf[k]);
				return type;
			}
		} else if (c === OPEN_BRACE || c === OPEN_BRACKET) return undefined;
	}
	return undefined;
}

/** Cheap shape check for lines skipped unparsed: a truncated line almost never ends in `}`. */
export function looksComplete(buf: Uint8Array, start: number, end: number): boolean {
	let e = end;
	while (e > start && (buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
	return e > start && buf[e - 1] === 125;
}
