import type { FormatModule } from '../types';
import { detect } from './detect';
import { parseGeminiCli } from './parse';

export const geminiCli: FormatModule = {
	id: 'gemini-cli',
	harness: 'gemini-cli',
	label: 'Gemini CLI',
	detect,
	parse: parseGeminiCli
};
