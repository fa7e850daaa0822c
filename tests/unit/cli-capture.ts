// Runs a CLI command in-process with stdout and stderr captured.
import { vi } from 'vitest';

export async function captureCli(command: (args: string[]) => Promise<number>, args: string[]): Promise<{ code: number; out: string; err: string }> {
	let out = '';
	let err = '';
	const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
	const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
	try {
		const code = await command(args);
		return { code, out, err };
	} finally {
		o.mockRestore();
		e.mockRestore();
	}
}
