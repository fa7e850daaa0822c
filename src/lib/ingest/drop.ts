// Turns what the user dropped or picked (files, whole folders) into a flat list with relative paths.

export interface PickedFile {
	path: string;
	file: File;
}

type Entry = FileSystemEntry;

function readAll(reader: FileSystemDirectoryReader): Promise<Entry[]> {
	return new Promise((resolve, reject) => {
		const out: Entry[] = [];
		// readEntries returns at most ~100 entries per call; keep reading until it returns none.
		const next = () =>
			reader.readEntries((batch) => {
				if (batch.length === 0) resolve(out);
				else {
					out.push(...batch);
					next();
				}
			}, reject);
		next();
	});
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
	return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: Entry, prefix: string, out: PickedFile[]): Promise<void> {
	const path = prefix ? `${prefix}/${entry.name}` : entry.name;
	if (entry.isFile) out.push({ path, file: await fileOf(entry as FileSystemFileEntry) });
	else if (entry.isDirectory) {
		for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, path, out);
	}
}

export async function filesFromDataTransfer(dt: DataTransfer): Promise<PickedFile[]> {
	const out: PickedFile[] = [];
	// Entries must be taken synchronously, before the first await, or the DataTransfer is emptied.
	const entries = Array.from(dt.items)
		.filter((i) => i.kind === 'file')
		.map((i) => ({ entry: i.webkitGetAsEntry?.(), file: i.getAsFile() }));
	for (const { entry, file } of entries) {
		if (entry) await walk(entry, '', out);
		else if (file) out.push({ path: file.name, file });
	}
	return out;
}

export function filesFromInput(list: FileList | null): PickedFile[] {
	return Array.from(list ?? []).map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}
