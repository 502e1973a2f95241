// Mutation testing of the runtime code (nodes/, credentials/): `npm run test:mutation`.
// How to read the result and which survivors are equivalent: test/MUTATION.md.
import os from 'node:os';
import path from 'node:path';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	packageManager: 'npm',
	mutate: ['nodes/**/*.ts', 'credentials/**/*.ts'],
	testRunner: 'jest',
	// Each mutant runs the tests that cover it, in the test files that import its file.
	jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
	checkers: ['typescript'],
	// The runtime code alone: whether a mutant compiles, without re-checking every test file each time.
	tsconfigFile: 'tsconfig.mutation.json',
	coverageAnalysis: 'perTest',
	// Static mutants (module-level values: panel texts, schemas' literals, constant tables) run the
	// whole suite per mutant, which takes hours on a shared 2-core machine: skipped unless
	// MUTATION_STATIC=1 (the weekly CI job sets it). See test/MUTATION.md.
	ignoreStatic: process.env.MUTATION_STATIC !== '1',
	// Every run from nothing: Stryker's incremental mode kept earlier "survived" verdicts for mutants
	// that tests added since then now cover. `--incremental` turns it on for a quick local loop.
	incremental: false,
	incrementalFile: 'reports/mutation/stryker-incremental.json',
	// On 2 cores: 2 TypeScript checkers and 1 test runner, 3 runners once every mutant is checked
	// (the checkers are the slower half at first).
	concurrency: 3,
	timeoutMS: 20000,
	reporters: ['clear-text', 'progress', 'json', 'html'],
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	htmlReporter: { fileName: 'reports/mutation/mutation.html' },
	clearTextReporter: { allowColor: false, logTests: false },
	// Outside the checkout: n8n-node lint (strict, default config) would lint the instrumented copies.
	tempDirName: path.join(os.tmpdir(), 'stryker-n8n-nodes-segura'),
	cleanTempDir: true,
	// examples/ stays: the tool-description test reads the AI agent example.
	ignorePatterns: ['.stryker-tmp', 'dist', 'bench/.work', '.n8n-e2e', 'reports', 'e2e', 'docs', 'coverage'],
	thresholds: { high: 90, low: 85, break: null },
};
