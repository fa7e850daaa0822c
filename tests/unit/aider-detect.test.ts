import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detect } from '../../workers/formats/aider/detect';
import { aider } from '../../workers/formats/aider';
import { geminiCli } from '../../workers/formats/gemini-cli';
import { claudeCode } from '../../workers/formats/claude-code';
import { detectFormat } from '../../workers/formats/registry';

const A = fileURLToPath(new URL('../fixtures/aider/shop/.aider.chat.history.md', import.meta.url));
const text = readFileSync(A, 'utf8');

describe('aider detect', () => {
	it('recognises a history by its "chat started" header, whatever the name', () => {
		expect(detect(text.slice(0, 64 * 1024), 'notes.md')).toBe(true);
		expect(detect('# aider chat started at 2024-01-02 03:04:05\n', 'x')).toBe(true);
		// A file whose first run lost its header still has a later one in its head.
		expect(detect('some leftover reply\n\n# aider chat started at 2024-01-02 03:04:05\n\n#### hi  \n', 'x')).toBe(true);
		expect(detectFormat(text, '.aider.chat.history.md', [claudeCode, geminiCli, aider])?.id).toBe('aider');
		expect(claudeCode.detect(text, A)).toBe(false);
		expect(geminiCli.detect(text, A)).toBe(false);
	});

	it('does not claim other Markdown, the input history, or a header quoted mid-line', () => {
		expect(detect('# My project\n\nSome notes.\n', 'README.md')).toBe(false);
		// .aider.input.history: prompt_toolkit's timestamped entries.
		expect(detect('\n# 2025-03-04 09:15:30.123456\n+Add a discount function\n', '.aider.input.history')).toBe(false);
		expect(detect('see "# aider chat started at 2024-01-02 03:04:05" in the docs\n', 'x.md')).toBe(false);
		expect(detect('# aider chat started at yesterday\n', 'x.md')).toBe(false);
		expect(detect('', 'x')).toBe(false);
	});
});
