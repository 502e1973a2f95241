/**
 * n8n-workflow for the mutation run (jest.mutation.config.js): each name the runtime code and the unit
 * tests use is read from n8n-workflow's own file for it, on first use; any other name loads the whole
 * package. Loading all of n8n-workflow costs about a second per test file, once per mutant.
 */
// By path: the package's "exports" field hides these files from a require by name.
const dist = require('node:path').join(__dirname, '../../node_modules/n8n-workflow/dist/cjs');

const fileOf = {
	NodeApiError: 'errors/node-api.error.js',
	NodeOperationError: 'errors/node-operation.error.js',
	UnexpectedError: 'errors/base/unexpected.error.js',
	UserError: 'errors/base/user.error.js',
	NodeConnectionTypes: 'interfaces.js',
	sleep: 'utils.js',
	deepCopy: 'utils.js',
	jsonParse: 'utils.js',
	updateDisplayOptions: 'utils.js',
};

module.exports = new Proxy(
	{},
	{
		get(_target, name) {
			if (name === '__esModule') return true;
			const file = typeof name === 'string' ? fileOf[name] : undefined;
			return require(`${dist}/${file ?? 'index.js'}`)[name];
		},
		has: (_target, name) => name in require(`${dist}/index.js`),
		ownKeys: () => Reflect.ownKeys(require(`${dist}/index.js`)),
		getOwnPropertyDescriptor: (_target, name) => {
			const descriptor = Reflect.getOwnPropertyDescriptor(require(`${dist}/index.js`), name);
			return descriptor && { ...descriptor, configurable: true };
		},
	},
);
