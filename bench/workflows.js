'use strict';

/**
 * The create benchmark's workflows and credentials (bench/run.js): Manual Trigger → Code node making
 * the items → node under test (the Segura node, or the HTTP Request node, alone or fed by Loop Over
 * Items). Built with the shared blocks of tooling/workflows.js.
 */

const { workflowBuilder, link, workflow, createFromItems } = require('../tooling/workflows');
const env = require('../tooling/n8n-env');
const { HTTP_VERSION, TRIGGER, UNDER_TEST, LOOP } = require('./config');

const { node, segura, code, manualTrigger } = workflowBuilder('bench');

/** The items, generated inside the workflow (a Code node) so that the workflow stays small. */
function itemsNode(count) {
	return code(
		'Items',
		`return Array.from({ length: ${count} }, (_, n) => ({ json: { user: 'alice', device: '10.66.33.17', protocol: 'SSH', credential: 'usrsudonopass', n } }));`,
	);
}

/**
 * Four expressions on each side: the Segura node's fields, the HTTP Request node's body fields.
 * With `concurrency` undefined the workflow holds no Concurrency option: the node's default applies.
 */
function seguraNode(credential, concurrency) {
	return createFromItems(segura, UNDER_TEST, credential, concurrency);
}

function httpNode(credential, sandbox, batching) {
	return node(
		UNDER_TEST,
		'n8n-nodes-base.httpRequest',
		HTTP_VERSION,
		{
			method: 'POST',
			url: `${sandbox.baseUrl}/iso/remote/session`,
			authentication: 'genericCredentialType',
			genericAuthType: 'oAuth2Api',
			sendBody: true,
			contentType: 'json',
			specifyBody: 'keypair',
			bodyParameters: {
				parameters: ['user', 'device', 'protocol', 'credential'].map((name) => ({ name, value: `={{ $json.${name} }}` })),
			},
			options: batching ? { batching: { batch: batching } } : {},
		},
		{ credentials: { oAuth2Api: { id: credential.id, name: credential.name } } },
	);
}

function workflowFor(id, variant, credential, sandbox, items) {
	const trigger = manualTrigger(TRIGGER);
	const source = itemsNode(items);
	const target = variant.kind === 'ours' ? seguraNode(credential, variant.concurrency) : httpNode(credential, sandbox, variant.batching);
	const nodes = [trigger, source, target];
	const connections = {};
	link(connections, TRIGGER, source.name);
	if (variant.loop) {
		// Loop Over Items: output 0 "done" (all results once the loop ends), output 1 "loop".
		const loop = node(LOOP, 'n8n-nodes-base.splitInBatches', 3, { batchSize: variant.loop, options: {} });
		nodes.push(loop);
		link(connections, source.name, LOOP);
		link(connections, LOOP, target.name, 1);
		link(connections, target.name, LOOP);
	} else {
		link(connections, source.name, target.name);
	}
	nodes.forEach((n, i) => (n.position = [i * 240, 0]));
	return workflow(id, `[bench] ${variant.label} (${id})`, nodes, connections);
}

/**
 * The credential a variant uses: the Segura node's own, or the generic OAuth2 API credential of the
 * HTTP Request node (client credentials, token URL = the sandbox's, client authentication in the body).
 */
function credentialFor(variant, credential, sandbox) {
	if (variant.kind === 'ours') return env.seguraCredential({ ...credential, sandbox });
	return {
		...credential,
		type: 'oAuth2Api',
		data: {
			grantType: 'clientCredentials',
			accessTokenUrl: `${sandbox.baseUrl}/iso/oauth2/token`,
			clientId: sandbox.clientId,
			clientSecret: sandbox.clientSecret,
			scope: '',
			authQueryParameters: '',
			authentication: 'body',
		},
	};
}

module.exports = { workflowFor, credentialFor };
