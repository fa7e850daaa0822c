import type { FormatModule } from './types';
import { claudeCode } from './claude-code';
import { opencode } from './opencode';
import { codex } from './codex';
import { geminiCli } from './gemini-cli';
import { aider } from './aider';

/** Every supported input format, tried in this order. Adding a format is one line here. */
export const formats: FormatModule[] = [claudeCode, opencode, codex, geminiCli, aider];

/** The first format whose detector claims the file, from its first bytes (decoded) and its path. */
export function detectFormat(head: string, path: string, list: FormatModule[] = formats): FormatModule | undefined {
	for (const f of list) {
		try {
			if (f.detect(head, path)) return f;
		} catch {
			// A detector that throws on odd input simply does not claim the file.
		}
	}
	return undefined;
}
