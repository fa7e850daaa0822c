import type { FormatModule } from '../types';
import { detect } from './detect';
import { parseOpencode } from './parse';

export { setSqliteLoader, type SqliteLoader, type SqliteEngine } from './sqlite';

export const opencode: FormatModule = {
	id: 'opencode',
	harness: 'opencode',
	label: 'OpenCode',
	detect,
	parse: parseOpencode
};
