'use strict';

/**
 * Create's pickers in the real n8n, called the way the editor calls them (POST
 * /rest/dynamic-node-parameters/resource-locator-results, the node's parameters as the editor holds
 * them), against three sandboxes (A2A paths, Segura 3.32 and current with API Paths Auto). Then a
 * workflow saved through REST with the values picked, run as the editor runs it.
 */

const assert = require('node:assert/strict');

const env = require('../tooling/n8n-env');
const { workflowBuilder, workflow, link, SEGURA } = require('../tooling/workflows');

const LOCATOR_RESULTS = '/rest/dynamic-node-parameters/resource-locator-results';
const VERSION = 1.1;
const rl = (value, cachedResultName) => ({ __rl: true, mode: 'list', value, ...(cachedResultName ? { cachedResultName } : {}) });

/** One editor list request: what the editor sends when the list opens or the search box changes. */
function pickerOf(client, credential) {
	return (methodName, currentNodeParameters, filter) =>
		client.post(LOCATOR_RESULTS, {
			nodeTypeAndVersion: { name: SEGURA, version: VERSION },
			path: methodName === 'searchDevices' ? 'parameters.device' : 'parameters.credential',
			methodName,
			currentNodeParameters: { resource: 'remoteSession', operation: 'create', ...currentNodeParameters },
			credentials: { seguraOAuth2Api: { id: credential.id, name: credential.name } },
			...(filter !== undefined ? { filter } : {}),
		});
}

async function pickerChecks({ client, runtime, ctx, step, say }) {
	for (const key of ['a2a', 'v332', 'current']) {
		const credential = ctx.cred[key];
		const pick = pickerOf(client, credential);
		await step(`editor pickers (${LOCATOR_RESULTS}), ${credential.name}: devices, a search, the chosen device's credentials`, async () => {
			const started = Date.now();
			const devices = await pick('searchDevices', {});
			const ms = Date.now() - started;
			assert.deepEqual(devices.results.map((entry) => entry.value), ['10.66.33.17', '10.66.33.18', '10.66.33.20']);
			assert.equal(devices.results[0].name, 'linux-srv-01 (10.66.33.17) · LAX');
			const searched = await pick('searchDevices', {}, 'db-prod');
			assert.deepEqual(searched.results.map((entry) => entry.name), ['db-prod-01 (10.66.33.18) · AWS']);
			const credentials = await pick('searchDeviceCredentials', { device: rl('10.66.33.17') });
			assert.deepEqual(credentials.results.map((entry) => entry.value), ['', 'usrsudonopass', 'deploy', 'deploy-key']);
			say(`  pickers, ${credential.name}: ${devices.results.length} devices in ${ms} ms; credentials of 10.66.33.17: ${credentials.results.map((entry) => entry.name).join('; ')}`);
		});
	}

	await step('a Create made in the editor with values picked from the lists (saved through REST, run as the editor runs it)', async () => {
		const credential = ctx.cred.current;
		const pick = pickerOf(client, credential);
		const [device] = (await pick('searchDevices', {}, 'linux-srv')).results;
		const deploy = (await pick('searchDeviceCredentials', { device: rl(device.value) }, 'deploy')).results.find((entry) => entry.value === 'deploy');
		const { segura, manualTrigger } = workflowBuilder('e2e-picked');
		const trigger = manualTrigger('Run Test');
		const create = segura('Create Picked', credential, {
			resource: 'remoteSession',
			operation: 'create',
			user: 'carol',
			device: rl(device.value, device.name),
			protocol: 'SSH',
			credential: rl(deploy.value, deploy.name),
			options: { includeSessionToken: false },
		}, { typeVersion: VERSION });
		const connections = {};
		link(connections, trigger.name, create.name);
		// Saved as the editor saves a new workflow: n8n gives it its id.
		const { id: _unused, ...unsaved } = workflow('e2e-picked-create', 'E2E: Create with picked values', [trigger, create], connections);
		const saved = await client.post('/rest/workflows', unsaved);
		const before = credential.sandbox.sessions().length;
		const { status, data } = await env.runWorkflowViaRest(runtime, client, saved.id);
		assert.equal(status, 'success', JSON.stringify(data.resultData.error ?? {}));
		const [output] = data.resultData.runData['Create Picked'][0].data.main[0];
		assert.equal(output.json.device, '10.66.33.17');
		assert.equal(output.json.credential, 'deploy');
		const opened = credential.sandbox.sessions().slice(before);
		assert.deepEqual(opened.map((s) => [s.user, s.device, s.credential]), [['carol', '10.66.33.17:22', 'deploy']]);
		say(`  picked: Device "${device.name}" → ${device.value}, Device Credential "${deploy.name}" → session ${opened[0].id}`);
	});
}

module.exports = { pickerChecks };
