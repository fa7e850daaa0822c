// A stable fingerprint of one source line, shared by the session parsers (lines an agent added)
// and the git side (lines a commit added), so the two can be joined by equality.

function isTrailingSpace(c: number): boolean {
	// space, \t, \n, \v, \f, \r
	return c === 32 || (c >= 9 && c <= 13);
}

/** The line with trailing whitespace (including a CR left over from CRLF) removed. */
export function normalizeLine(s: string): string {
	let end = s.length;
	while (end > 0 && isTrailingSpace(s.charCodeAt(end - 1))) end--;
	return end === s.length ? s : s.slice(0, end);
}

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

function hex32(n: number): string {
	return HEX[(n >>> 24) & 255] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
}

/**
 * 64-bit FNV-1a over the UTF-16 code units of the normalized line, as 16 hex digits.
 * The 64-bit multiply by 2^40 + 0x1b3 is split into 32-bit halves: h·0x1b3 plus lo shifted into hi.
 */
export function lineHash(s: string): string {
	let end = s.length;
	while (end > 0 && isTrailingSpace(s.charCodeAt(end - 1))) end--;
	let hi = 0xcbf29ce4;
	let lo = 0x84222325;
	for (let i = 0; i < end; i++) {
		lo = (lo ^ s.charCodeAt(i)) >>> 0;
		const p = lo * 0x1b3; // < 2^41, exact in a double
		const carry = Math.floor(p / 4294967296);
		hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
		lo = p >>> 0;
	}
	return hex32(hi) + hex32(lo);
}
