import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under dir, recursively, in a stable (sorted) order. */
export function listFiles(dir: string, out: string[] = []): string[] {
	const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	for (const e of entries) {
		const p = join(dir, e.name);
		if (e.isDirectory()) listFiles(p, out);
		else if (e.isFile()) out.push(p);
	}
	return out;
}
