import { liveQuery } from 'dexie';

/** A Dexie live query as reactive state; effects only run in the browser, so prerendering never touches IndexedDB. */
export function live<T>(query: () => Promise<T>, initial: T): { readonly value: T; readonly loaded: boolean } {
	let value = $state.raw(initial);
	let loaded = $state(false);
	$effect(() => {
		const sub = liveQuery(query).subscribe({
			next: (v) => {
				value = v;
				loaded = true;
			},
			error: (e) => console.error(e)
		});
		return () => sub.unsubscribe();
	});
	return {
		get value() {
			return value;
		},
		get loaded() {
			return loaded;
		}
	};
}
