// One served build and one Chromium per test file, closed after its tests (kept apart from harness.ts,
// which the benchmarks import outside the test runner).
import { afterAll, beforeAll } from 'vitest';
import { launch, serve, type Server, type Session } from './harness';

export function withApp(options: { serviceWorkers?: 'allow' | 'block'; timezoneId?: string } = {}): { readonly server: Server; readonly session: Session } {
	let server: Server | undefined;
	let session: Session | undefined;
	beforeAll(async () => {
		server = await serve();
		session = await launch(options);
	});
	afterAll(async () => {
		await session?.close();
		await server?.close();
	});
	return {
		get server() {
			return server!;
		},
		get session() {
			return session!;
		}
	};
}
