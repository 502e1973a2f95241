/**
 * Two projects, one per n8n line: the node's code and the in-process n8n engine of the harness run
 * against n8n-workflow and n8n-core 2.x (the packages' own names) and again against the 1.x line
 * (installed under the aliases n8n-workflow-v1 / n8n-core-v1 and mapped in for every importer,
 * n8n-core's own imports included). The sandbox's own tests do not touch n8n: they run once.
 * The harness self-test (n8n-core 2.x's own behaviour) runs on 2.x only.
 * `npx jest --selectProjects "n8n 1.x"` runs one line; tests read the line as the global N8N_LINE.
 */
const common = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
};

/** @type {import('jest').Config} */
module.exports = {
	testTimeout: 30000,
	// n8n-core 1.x leaves a handle open once imported (the 2.x project exits by itself); without this
	// the 1.x project's run would never end and `npm test` would hang in CI.
	forceExit: true,
	projects: [
		{ ...common, displayName: 'n8n 2.x', globals: { N8N_LINE: 2 } },
		{
			...common,
			displayName: 'n8n 1.x',
			globals: { N8N_LINE: 1 },
			// The harness self-test pins n8n-core 2.x's own behaviour, which the harness's stand-ins copy.
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/sandbox/', '<rootDir>/test/harness-selftest/'],
			moduleNameMapper: {
				'^n8n-workflow(/.*)?$': '<rootDir>/node_modules/n8n-workflow-v1$1',
				'^n8n-core(/.*)?$': '<rootDir>/node_modules/n8n-core-v1$1',
			},
		},
	],
};
