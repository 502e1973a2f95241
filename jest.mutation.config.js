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
	roots: ['<rootDir>/test/unit'],
	// The unit tests need two small helpers of n8n-core, not the seconds it takes to load all of it.
	moduleNameMapper: { '^n8n-core$': '<rootDir>/test/harness/n8n-core-helpers.js' },
};
