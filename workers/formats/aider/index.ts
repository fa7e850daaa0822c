import type { FormatModule } from '../types';
import { detect } from './detect';
import { parseAider } from './parse';

export const aider: FormatModule = {
	id: 'aider',
	harness: 'aider',
	label: 'Aider',
	detect,
	parse: parseAider
};
