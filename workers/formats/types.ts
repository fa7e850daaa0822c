import type { Harness, Session, SkippedLine, ToolCall, Turn } from '../../src/lib/model';

/** A file handed to a parser: a browser File, a zip entry or a Node file, all read as a byte stream. */
export interface InputFile {
	/** Path relative to what the user dropped (folder structure kept: `proj/<id>/subagents/agent-x.jsonl`). */
	path: string;
	size: number;
	stream(): ReadableStream<Uint8Array>;
}

/** Rows streamed out of a parser while it runs, so nothing waits for the whole input. */
export interface RecordBatch {
	turns: Turn[];
	toolCalls: ToolCall[];
}

export interface ParseSink {
	batch(b: RecordBatch): void | Promise<void>;
	/** Bytes of input consumed so far by this parser call, for progress. */
	progress?(bytesDone: number): void;
	/** Checked between chunks; a parser stops early when it returns true. */
	cancelled?(): boolean;
}

export interface FileReport {
	path: string;
	format: string;
	bytes: number;
	/** Content fingerprint of the bytes (hex), for "already imported". */
	hash: string;
	records: number;
	skipped: SkippedLine[];
	skippedCount: number;
	warnings: string[];
}

export interface ParseResult {
	sessions: Session[];
	files: FileReport[];
}

export interface FormatModule {
	id: string;
	harness: Harness;
	label: string;
	/** Sniffs the first bytes of a file (decoded, at most 64 KiB) — content first, the path only as a hint. */
	detect(head: string, path: string): boolean;
	parse(files: InputFile[], sink: ParseSink): Promise<ParseResult>;
}
