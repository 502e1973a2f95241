/**
 * The two n8n-core helpers the unit tests' context uses (test/unit/mock-context.ts), taken from
 * n8n-core's own files. The mutation run (jest.mutation.config.js) maps `n8n-core` here: loading
 * all of n8n-core costs seconds per test file, once per mutant.
 */
const utils = 'n8n-core/dist/execution-engine/node-execution-context/utils';

module.exports = {
	...require(`${utils}/construct-execution-metadata.js`),
	...require(`${utils}/return-json-array.js`),
};
