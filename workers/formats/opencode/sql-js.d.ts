// sql.js ships no types (and @types/sql.js is not a dependency): only what is imported is declared.
declare module 'sql.js' {
	const initSqlJs: (config?: { locateFile?: (file: string) => string }) => Promise<unknown>;
	export default initSqlJs;
}
declare module 'sql.js/dist/sql-wasm-browser.wasm?url' {
	const url: string;
	export default url;
}
