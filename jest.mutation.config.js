/**
 * The jest run StrykerJS uses for mutation testing (stryker.config.mjs): the "n8n 2.x" project of
 * jest.config.js only, over the unit tests, which pin the runtime code's behaviour exactly and run in seconds.
 * The 1.x line, the integration and reliability suites (real HTTP against the sandbox) would only
 * repeat or slow a run that executes the covering tests once per mutant.
 */
const base = require('./jest.config.js');

const project = base.projects.find((entry) => entry.displayName === 'n8n 2.x');

/** @type {import('jest').Config} */
module.exports = {
	...project,
	testTimeout: base.testTimeout,
	// nodes/ and credentials/ as roots too: jest finds the tests related to a mutated file through them.
	roots: ['<rootDir>/test/unit', '<rootDir>/nodes', '<rootDir>/credentials'],
	// The unit tests need two small helpers of n8n-core, not the seconds it takes to load all of it.
	moduleNameMapper: {
		'^n8n-core$': '<rootDir>/test/harness/n8n-core-helpers.js',
		'^n8n-workflow$': '<rootDir>/test/harness/n8n-workflow-slim.js',
	},
};
