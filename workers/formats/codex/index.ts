import type { FormatModule } from '../types';
import { detect } from './detect';
import { parseCodex } from './parse';

export const codex: FormatModule = {
	id: 'codex',
	harness: 'codex',
	label: 'Codex CLI',
	detect,
	parse: parseCodex
};
