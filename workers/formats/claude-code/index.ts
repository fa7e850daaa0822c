import type { FormatModule } from '../types';
import { detect } from './detect';
import { parseClaudeCode } from './parse';

export const claudeCode: FormatModule = {
	id: 'claude-code',
	harness: 'claude-code',
	label: 'Claude Code',
	detect,
	parse: parseClaudeCode
};
