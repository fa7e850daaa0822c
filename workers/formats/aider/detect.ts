// Aider's chat history is Markdown; every run of aider appends a header line
// `# aider chat started at YYYY-MM-DD HH:MM:SS`, which nothing else writes. Content decides; the
// usual name `.aider.chat.history.md` is not required (`--chat-history-file` can change it).

export const HEADER = /^# aider chat started at (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})/;

const HEADER_IN_HEAD = /(?:^|\n)# aider chat started at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/;

export function detect(head: string, _path: string): boolean {
	return HEADER_IN_HEAD.test(head);
}
