/**
 * The per-file sandbox of the sandbox tests: one server per test file and, for every test, a fresh
 * token and a clean state (reset again after the token request, so counters start at zero). Jest
 * loads this module once per test file, so each file has its own `sb` and `token`.
 */
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';
import { getToken } from './client';

/** The file's sandbox, started by useSandbox() (a live binding: read it inside tests and hooks). */
export let sb: Sandbox;

/** A token taken from `sb` before the current test, the sandbox then reset. */
export let token: string;

/** Registers the hooks that start, reset and close the file's sandbox, so test bodies stay free of set-up. */
export function useSandbox(): void {
	beforeAll(async () => {
		sb = await startSandbox();
	});

	afterAll(async () => {
		await sb.close();
	});

	beforeEach(async () => {
		sb.reset();
		token = await getToken(sb);
		sb.reset();
	});
}
