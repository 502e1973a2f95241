'use strict';

/**
 * The credential test as the editor runs it, in the running n8n (e2e/run.js): a credential saved
 * through REST (POST /rest/credentials), read back redacted (GET ...?includeData=true, as the form
 * has it), then tested with POST /rest/credentials/test, whose answer is the banner the editor shows
 * ("Connection tested successfully" or the error). Each case saves a new credential, so no token is
 * stored and the test does the whole OAuth2 round trip. Also: the credential form's fields, as the
 * editor lays them out from the credential types n8n serves.
 */

const assert = require('node:assert/strict');

const env = require('../tooling/n8n-env');

/** The address the running n8n (started with SSRF protection on, 127.0.0.1/32 allowed) must refuse. */
const BLOCKED_HOST = '127.0.0.2';

async function saveAndTest(client, name, data) {
	const saved = await client.post('/rest/credentials', { name, type: 'seguraOAuth2Api', data });
	const stored = await client.get(`/rest/credentials/${saved.id}?includeData=true`);
	assert.notEqual(stored.data.clientSecret, data.clientSecret, 'the editor gets the secret redacted');
	return client.post('/rest/credentials/test', {
		credentials: { id: saved.id, name: stored.name, type: stored.type, data: stored.data },
	});
}

/**
 * @param {{ client: any, sandbox: any, major: number, step: Function, say: Function }} ctx
 * `major`: n8n's major version; 2.x runs with SSRF protection on (ssrfServerEnv), 1.x has none.
 */
async function credentialTestChecks({ client, sandbox, major, step, say }) {
	const base = { baseUrl: sandbox.baseUrl, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, authentication: 'body' };
	const shown = (result) => say(`    the editor shows: ${result.status} "${result.message}"`);
	const noSecret = (result) => assert.ok(!JSON.stringify(result).includes(sandbox.clientSecret), 'no client secret in the answer');

	// n8n answers "Connection successful!"; the editor's banner then reads "Connection tested successfully".
	await step('credential test in n8n: good secret -> Connection successful', async () => {
		const before = { ...sandbox.counters };
		const result = await saveAndTest(client, 'E2E credential test: good', base);
		shown(result);
		assert.deepEqual(result, { status: 'OK', message: 'Connection successful!' });
		assert.equal(sandbox.counters.tokenRequests - before.tokenRequests, 1, 'one token fetched');
		assert.equal(sandbox.counters.tokenFailures - before.tokenFailures, 0);
		assert.equal(sandbox.counters.requests - before.requests, 2, 'the token, then the session list');
	});

	await step('credential test in n8n: wrong secret -> error, the secret never shown', async () => {
		const before = { ...sandbox.counters };
		const wrong = `wrong-${sandbox.clientSecret}`;
		const result = await saveAndTest(client, 'E2E credential test: wrong secret', { ...base, clientSecret: wrong });
		shown(result);
		assert.equal(result.status, 'Error');
		// n8n 1.x shows the token endpoint's refusal without the prefix.
		const prefix = major >= 2 ? 'Failed to acquire OAuth2 access token: ' : '';
		assert.ok(result.message.startsWith(`${prefix}Client authentication failed`), result.message);
		assert.ok(!JSON.stringify(result).includes(wrong), 'the wrong secret is not echoed');
		noSecret(result);
		assert.equal(sandbox.counters.tokenFailures - before.tokenFailures, 1, 'the token call was refused');
		assert.equal(sandbox.counters.requests - before.requests, 1, 'nothing after the refused token call');
	});

	await step('credential test in n8n: wrong Base URL (nothing listens) -> connection error', async () => {
		const port = await env.freePort(); // bound once, then released: nothing listens
		const result = await saveAndTest(client, 'E2E credential test: wrong Base URL', { ...base, baseUrl: `http://127.0.0.1:${port}` });
		shown(result);
		assert.equal(result.status, 'Error');
		assert.equal(result.message, 'The service refused the connection - perhaps it is offline');
		assert.doesNotMatch(result.message, /client (id|secret)/i, 'a closed port is not blamed on the secret');
		noSecret(result);
	});

	if (major < 2) {
		say('  credential test on a blocked host skipped: n8n 1.x has no SSRF protection');
		return;
	}
	await step(`credential test in n8n: blocked host ${BLOCKED_HOST} (SSRF protection) -> refused, nothing sent`, async () => {
		const before = sandbox.counters.requests;
		const { port } = new URL(sandbox.baseUrl);
		const result = await saveAndTest(client, 'E2E credential test: blocked host', { ...base, baseUrl: `http://${BLOCKED_HOST}:${port}` });
		shown(result);
		assert.equal(result.status, 'Error');
		// n8n's own wording (the credential test runs in n8n core, not in the node): no host named.
		assert.match(result.message, /^Failed to acquire OAuth2 access token: The request was blocked because it resolves to a restricted IP address/);
		noSecret(result);
		assert.equal(sandbox.counters.requests, before, 'nothing reached the appliance');
	});
}

/** The server's extra environment: SSRF protection on (2.x), the sandboxes' address allowed. */
const ssrfServerEnv = { N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' };

/** The Segura OAuth2 API form, top to bottom: n8n shows inherited oAuth2Api fields first. */
const SEGURA_FORM = ['Client ID', 'Client Secret', 'Client Authentication', 'Base URL', 'API Paths', 'Ignore SSL Issues (Insecure)'];

/**
 * The fields the editor's credential form shows, in order: the parent type's properties, then the
 * type's own (replacing a parent's of the same name in place), as n8n merges them; hidden fields
 * and fields whose displayOptions the defaults do not meet left out.
 */
function visibleCredentialFields(types, name) {
	const byName = new Map(types.map((type) => [type.name, type]));
	const merged = (typeName) => {
		const type = byName.get(typeName);
		const fields = [];
		for (const parent of type.extends ?? []) mergeInto(fields, merged(parent).filter((field) => !field.doNotInherit));
		return mergeInto(fields, type.properties);
	};
	const fields = merged(name);
	const values = Object.fromEntries(fields.map((field) => [field.name, field.default]));
	const shown = (field) => Object.entries(field.displayOptions?.show ?? {}).every(([key, allowed]) => allowed.includes(values[key]));
	return fields.filter((field) => field.type !== 'hidden' && shown(field)).map((field) => field.displayName);
}

function mergeInto(fields, added) {
	for (const field of added) {
		const at = fields.findIndex((existing) => existing.name === field.name);
		if (at === -1) fields.push(field);
		else fields[at] = field;
	}
	return fields;
}

module.exports = { credentialTestChecks, ssrfServerEnv, visibleCredentialFields, SEGURA_FORM, BLOCKED_HOST };
