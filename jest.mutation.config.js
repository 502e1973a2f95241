/**
 * The jest run StrykerJS uses for mutation testing (stryker.config.mjs): the "n8n 2.x" project of
 * jest.config.js only, over the tests that pin the runtime code's behaviour (unit and integration).
 * The 1.x line, the sandbox's own tests and the harness self-test would only repeat or slow a run
 * that executes the covering tests once per mutant.
 */
const base = require('./jest.config.js');

const project = base.projects.find((entry) => entry.displayName === 'n8n 2.x');

/** @type {import('jest').Config} */
module.exports = {
	...project,
	testTimeout: base.testTimeout,
	roots: ['<rootDir>/test/unit', '<rootDir>/test/integration'],
};
