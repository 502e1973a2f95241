'use strict';

/**
 * The e2e suite's SSRF cases (e2e/run.js runs them): the same n8n, started with its SSRF protection
 * on (N8N_SSRF_PROTECTION_ENABLED, whose default block list covers 127/8 like the private ranges
 * appliances live on), runs one create against a sandbox: refused with an error that names the host
 * and the allow-list variable, nothing sent (the credential has no token yet: the token call is the
 * one refused); then allowed with N8N_SSRF_ALLOWED_IP_RANGES, token call included.
 */

const assert = require('node:assert/strict');

const env = require('../tooling/n8n-env');
const { chain, workflow } = require('../tooling/workflows');
const { build, json } = require('./run-data');

const SSRF_ID = 'e2e-ssrf';
const CREATE = 'SSRF Create';

function ssrfWorkflow(credential) {
	const nodes = [
		build.manualTrigger('Start SSRF'),
		build.segura(CREATE, credential, { operation: 'create', user: 'alice', device: '10.66.33.17', protocol: 'SSH', credential: 'usrsudonopass' }),
	];
	return workflow(SSRF_ID, '[e2e] SSRF protection', nodes, chain(nodes));
}

/** @param {{ n8n: any, sandbox: any, step: Function, say: Function }} ctx */
async function ssrfChecks({ n8n, sandbox, step, say }) {
	const host = new URL(sandbox.baseUrl).hostname;
	const withEnv = (extra) => new env.N8n(n8n.runtime, { ...n8n.env, N8N_SSRF_PROTECTION_ENABLED: 'true', ...extra });

	await step(`SSRF protection on, ${host} not allowed: the error names the host and the fix, nothing sent`, async () => {
		const requestsBefore = sandbox.counters.requests;
		const { execution } = await withEnv({}).execute(SSRF_ID);
		const error = execution.data.resultData.error;
		assert.ok(error, 'the run failed');
		assert.match(error.message, new RegExp(`^n8n's SSRF protection blocked the request to ${host.replace(/\./g, '\\.')}`));
		assert.match(error.description, new RegExp(`N8N_SSRF_ALLOWED_IP_RANGES=${host.replace(/\./g, '\\.')}/32`));
		assert.doesNotMatch(`${error.message} ${error.description}`, /Client (ID|Secret)/);
		assert.equal(sandbox.counters.requests, requestsBefore, 'nothing reached the appliance');
		say(`  as a user sees it: ${error.message}\n    ${error.description}`);
	});

	await step(`SSRF protection on, ${host}/32 allowed: the create goes through`, async () => {
		const [createsBefore, tokensBefore] = [sandbox.counters.creates, sandbox.counters.tokenRequests];
		const { execution } = await withEnv({ N8N_SSRF_ALLOWED_IP_RANGES: `${host}/32` }).execute(SSRF_ID);
		assert.equal(execution.data.resultData.error, undefined);
		const [created] = json(execution, CREATE);
		assert.ok(created.session_url.startsWith(`${sandbox.baseUrl}/`));
		assert.equal(sandbox.counters.creates, createsBefore + 1);
		assert.equal(sandbox.counters.tokenRequests, tokensBefore + 1);
	});
}

module.exports = { SSRF_ID, ssrfWorkflow, ssrfChecks };
