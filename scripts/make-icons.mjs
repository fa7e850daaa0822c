// Renders the app icon (the same geometry as static/icon.svg) to PNG for installability; run once, output committed.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const BG = [0x1d, 0x4e, 0x89];
const BAR = [0xdc, 0xe8, 0xf8];
const LINE = [0xf0, 0xa5, 0x00];
// In 512-unit space, as in the SVG.
const bars = [[96, 224, 160, 352], [192, 160, 256, 352], [288, 256, 352, 352], [384, 120, 416, 352]];

function colorAt(x, y) {
	const r = 96, inCorner = (cx, cy) => (x - cx) ** 2 + (y - cy) ** 2 > r * r;
	if ((x < r && y < r && inCorner(r, r)) || (x > 512 - r && y < r && inCorner(512 - r, r)) ||
		(x < r && y > 512 - r && inCorner(r, 512 - r)) || (x > 512 - r && y > 512 - r && inCorner(512 - r, 512 - r))) return null;
	if (y >= 382 && y <= 402 && x >= 70 && x <= 442) return LINE;
	for (const [x0, y0, x1, y1] of bars) if (x >= x0 && x < x1 && y >= y0 && y < y1) return BAR;
	return BG;
}

function crc32(buf) {
	let c, crc = 0xffffffff;
	for (const b of buf) {
		c = (crc ^ b) & 0xff;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		crc = (crc >>> 8) ^ c;
	}
	return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
	const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type), data]);
	const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
	return Buffer.concat([len, td, crc]);
}

function png(size) {
	const S = 4; // supersampling for smooth edges
	const raw = Buffer.alloc(size * (size * 4 + 1));
	for (let y = 0; y < size; y++) {
		raw[y * (size * 4 + 1)] = 0;
		for (let x = 0; x < size; x++) {
			let r = 0, g = 0, b = 0, a = 0;
			for (let sy = 0; sy < S; sy++) for (let sx = 0; sx < S; sx++) {
				const c = colorAt(((x + (sx + 0.5) / S) * 512) / size, ((y + (sy + 0.5) / S) * 512) / size);
				if (c) { r += c[0]; g += c[1]; b += c[2]; a++; }
			}
			const o = y * (size * 4 + 1) + 1 + x * 4;
			raw[o] = a ? r / a : 0; raw[o + 1] = a ? g / a : 0; raw[o + 2] = a ? b / a : 0; raw[o + 3] = (255 * a) / (S * S);
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6;
	return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

for (const size of [192, 512]) writeFileSync(new URL(`../static/icon-${size}.png`, import.meta.url), png(size));
