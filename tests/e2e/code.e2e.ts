// A real repository made with the git CLI, bundled, dropped in the browser: the Code screen shows the
// same commits, agent marker and line figures as the engine gives in Node for the same file.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeBundle } from '../../workers/git/repo';
import { blobSource } from '../../workers/git/source';
import { collectErrors, launch, screenshot, serve, watchRequests, type Server, type Session } from './harness';

let server: Server;
let session: Session;
let dir: string;

const DAY = 86_400;
const T = 1_735_000_000; // Dec 2024

function git(args: string[], when?: number) {
	const env = { ...process.env, GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com' };
	if (when !== undefined) Object.assign(env, { GIT_AUTHOR_DATE: `@${when} +0000`, GIT_COMMITTER_DATE: `@${when} +0000` });
	return execFileSync('git', args, { cwd: join(dir, 'repo'), env, encoding: 'utf8' });
}

function makeBundle(): string {
	const repo = join(dir, 'repo');
	execFileSync('git', ['init', '-q', '-b', 'main', repo]);
	const lines = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} line ${i + 1}`).join('\n') + '\n';
	writeFileSync(join(repo, 'a.txt'), lines('alpha', 10));
	git(['add', '.']);
	git(['commit', '-q', '-m', 'Start with alpha'], T);
	writeFileSync(join(repo, 'b.txt'), lines('beta', 6));
	git(['add', '.']);
	git(['commit', '-q', '-m', 'Add beta\n\nCo-Authored-By: Claude <noreply@anthropic.com>'], T + 2 * DAY);
	// Rewrites three lines of the agent's commit a few days later.
	writeFileSync(join(repo, 'b.txt'), lines('beta', 6).replace(/beta line [1-3]\n/g, (m) => m.replace('beta', 'BETA')));
	git(['commit', '-q', '-am', 'Rework beta'], T + 5 * DAY);
	writeFileSync(join(repo, 'c.txt'), lines('gamma', 4));
	git(['add', '.']);
	git(['commit', '-q', '-m', 'Add gamma'], T + 40 * DAY);
	const out = join(dir, 'x.bundle');
	git(['bundle', 'create', out, '--all']);
	return out;
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'hindsight-code-'));
	server = await serve();
	session = await launch({ serviceWorkers: 'block' });
});

afterAll(async () => {
	await session?.close();
	await server?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a dropped git bundle shows on the Code screen with the engine’s numbers', async () => {
	const bundle = makeBundle();
	const expected = await analyzeBundle(blobSource(await openAsBlob(bundle)));
	const agentCommit = expected.commits.find((c) => c.agents.length > 0)!;
	expect(agentCommit.subject).toBe('Add beta');
	// The rework revised the agent's lines: the fixture does what it says.
	expect(agentCommit.fate!.revised['14']).toBeGreaterThan(0);

	const { page, context } = session;
	const watch = await watchRequests(context, server.origin);
	const errors = collectErrors(page);
	// Plot reports misuse (dates as strings, bad scales) as console warnings: the charts must have none.
	const plotWarnings: string[] = [];
	page.on('console', (m) => m.type() === 'warning' && m.text().startsWith('Warning:') && plotWarnings.push(m.text()));
	await page.goto(server.url);
	await page.getByTestId('file-input').setInputFiles(bundle);
	const result = page.getByTestId('import-result');
	await result.waitFor({ timeout: 30_000 });
	expect(await result.innerText()).toContain(`1 repository, ${expected.commits.length} commits`);

	await page.goto(`${server.url}code/`);
	await page.getByTestId('commits-table').waitFor();
	expect(await page.getByTestId('repo-commits').innerText()).toBe(String(expected.commits.length));
	const rows = page.locator('[data-testid="commits-table"] tbody tr');
	expect(await rows.count()).toBe(expected.commits.length);
	for (const c of expected.commits) {
		const row = page.locator(`tr[data-sha="${c.sha}"]`);
		expect(await row.getByTestId('agent').innerText()).toBe(c.agents.length ? 'claude-code' : '');
		expect(await row.getByTestId('added').innerText()).toBe(`+${c.added}`);
		expect(await row.getByTestId('alive').innerText()).toBe(String(c.fate!.aliveAtHead));
	}
	// Agent-marked only.
	await page.getByTestId('agent-only').check();
	expect(await rows.count()).toBe(1);
	expect(await rows.first().getAttribute('data-sha')).toBe(agentCommit.sha);
	await page.getByTestId('agent-only').uncheck();
	// Sorted by lines changed, the biggest commit comes first.
	await page.getByRole('button', { name: /^\+\/−/ }).click();
	const biggest = [...expected.commits].sort((a, b) => b.added! + b.removed! - (a.added! + a.removed!))[0];
	expect(await rows.first().getAttribute('data-sha')).toBe(biggest.sha);
	await page.getByRole('button', { name: /^Date/ }).click();

	expect(await page.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(2);
	await screenshot(page, 'code');
	expect(watch.foreign).toEqual([]);
	expect(watch.violations).toEqual([]);
	expect(errors).toEqual([]);
	expect(plotWarnings).toEqual([]);
});

test('a bundle the engine cannot read is named in the import result, and the import adds nothing', async () => {
	const repo = join(dir, 's256');
	execFileSync('git', ['init', '-q', '--object-format=sha256', '-b', 'main', repo]);
	writeFileSync(join(repo, 'a.txt'), 'a\n');
	const env = { ...process.env, GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com' };
	execFileSync('git', ['add', '.'], { cwd: repo, env });
	execFileSync('git', ['commit', '-q', '-m', 'x'], { cwd: repo, env });
	const bundle = join(dir, 'sha256.bundle');
	execFileSync('git', ['bundle', 'create', bundle, '--all'], { cwd: repo, env, stdio: 'ignore' });
	const { page } = session;
	await page.goto(server.url);
	await page.getByTestId('file-input').setInputFiles(bundle);
	const errors = page.getByTestId('bundle-errors');
	await errors.waitFor({ timeout: 30_000 });
	expect(await errors.innerText()).toMatch(/sha256\.bundle: .*SHA-256/);
	expect(await page.getByTestId('import-result').innerText()).toContain('Nothing imported');
});

test('a newer bundle extends the saved walk, the same bundle is skipped, and edited rules analyse it again', async () => {
	// Runs after the first test: the repository of x.bundle is in the database.
	const repo = join(dir, 'repo');
	const savedHead = git(['rev-parse', 'HEAD']).trim();
	writeFileSync(join(repo, 'a.txt'), 'alpha line 1\nchanged\n');
	git(['commit', '-q', '-am', 'Trim alpha'], T + 50 * DAY);
	const newer = join(dir, 'y.bundle');
	git(['bundle', 'create', newer, '--all']);
	const expected = await analyzeBundle(blobSource(await openAsBlob(newer)));

	const { page } = session;
	await page.goto(server.url);
	await page.getByTestId('file-input').setInputFiles(newer);
	await expect.poll(() => page.getByTestId('import-result').innerText(), { timeout: 30_000 }).toContain(`${expected.commits.length} commits`);
	await page.goto(`${server.url}code/`);
	await page.getByTestId('commits-table').waitFor();
	expect(await page.getByTestId('resumed').innerText()).toBe(`extended the walk saved at ${savedHead.slice(0, 10)}`);
	for (const c of expected.commits) {
		const row = page.locator(`tr[data-sha="${c.sha}"]`);
		expect(await row.getByTestId('added').innerText()).toBe(`+${c.added}`);
		expect(await row.getByTestId('alive').innerText()).toBe(String(c.fate!.aliveAtHead));
	}

	await page.goto(server.url);
	await page.getByTestId('file-input').setInputFiles(newer);
	await expect.poll(() => page.getByTestId('import-result').innerText(), { timeout: 30_000 }).toContain('Already imported');

	// A rule for c.txt: the same bundle is analysed again and "Add gamma" adds nothing countable.
	await page.goto(`${server.url}code/`);
	const editor = page.getByTestId('exclusion-rules');
	await editor.locator('summary').click();
	await page.getByTestId('rule-pattern').fill('c.txt');
	await editor.getByRole('button', { name: 'Add rule' }).click();
	await expect.poll(() => editor.locator('summary').innerText()).toContain('edited');
	await screenshot(page, 'code-rules');
	await page.goto(server.url);
	await page.getByTestId('file-input').setInputFiles(newer);
	await expect.poll(() => page.getByTestId('import-result').innerText(), { timeout: 30_000 }).toContain(`${expected.commits.length} commits`);
	await page.goto(`${server.url}code/`);
	await page.getByTestId('commits-table').waitFor();
	const gamma = expected.commits.find((c) => c.subject === 'Add gamma')!;
	expect(gamma.added).toBe(4);
	expect(await page.locator(`tr[data-sha="${gamma.sha}"]`).getByTestId('added').innerText()).toBe('+0');
	expect(await page.locator('[data-testid="repos-table"]').innerText()).toContain('exclusion rules: custom');
});
