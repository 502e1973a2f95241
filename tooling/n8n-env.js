'use strict';

/**
 * What `npm run test:e2e` (e2e/run.js) and `npm start` (scripts/start.js) share: a real n8n (2.x or
 * 1.x) provisioned outside the repository, this package built, packed and installed into an n8n user
 * folder as a community package, the n8n CLI and server run with Node 24, and a small REST client.
 *
 * Plain CommonJS for the machine's Node 20: n8n itself needs Node 24, so every n8n process is
 * spawned with the Node 24 binary that scripts/provision-n8n.sh installs next to n8n.
 */

const fs = require('node:fs');
const path = require('node:path');

const processes = require('./processes');
const provision = require('./n8n-provision');
const cli = require('./n8n-cli');
const rest = require('./n8n-rest');

const REPO_ROOT = path.resolve(__dirname, '..');
const PACKAGE = require(path.join(REPO_ROOT, 'package.json'));
const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** The credential the examples reference (by id and name). */
const EXAMPLE_CREDENTIAL = { id: 'segura-sandbox', name: 'Segura sandbox' };

// --- Segura specifics shared by both scripts -----------------------------------------------------

/**
 * A credential of type seguraOAuth2Api for `n8n import:credentials`. Only the fields a user fills in
 * are given: n8n adds the hidden ones (grant type, token URL expression…) from the credential type,
 * exactly as for a credential made in the editor.
 */
function seguraCredential({ id, name, sandbox, apiPaths = 'a2a', ignoreSSLIssues = false, authentication = 'body' }) {
	return {
		id,
		name,
		type: 'seguraOAuth2Api',
		data: {
			baseUrl: sandbox.baseUrl,
			// null: the field left as a new credential has it, so n8n applies its default (Auto).
			...(apiPaths === null ? {} : { apiPaths }),
			clientId: sandbox.clientId,
			clientSecret: sandbox.clientSecret,
			authentication,
			ignoreSSLIssues,
		},
	};
}

/** The example workflows (examples/*.json), by file name. */
function readExamples() {
	const examples = {};
	for (const file of fs.readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.json')).sort()) {
		examples[file] = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
	}
	return examples;
}

module.exports = {
	REPO_ROOT,
	PACKAGE,
	EXAMPLES_DIR,
	EXAMPLE_CREDENTIAL,
	seguraCredential,
	readExamples,
	...processes,
	...provision,
	...cli,
	...rest,
};
