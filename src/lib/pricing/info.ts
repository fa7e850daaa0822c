/** Where the prices come from, for "prices from … as of …". Kept apart from the estimator so screens can name the price table without bundling it. */
export const PRICE_TABLE_INFO: { source: string; version: string; date: string } = {
	source: '@pydantic/genai-prices',
	version: '0.1.8',
	// The bundle carries no timestamp of its own; this is the npm publish date of 0.1.8.
	date: '2026-09-23'
};
