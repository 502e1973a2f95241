'use strict';

/** Signing in to a running n8n and running workflows through the REST API the editor uses. */

const path = require('node:path');

const { delay } = require('./processes');

/** n8n checks a `browser-id` header against the one the session cookie was issued for. */
const BROWSER_ID = 'n8n-nodes-segura-scripts';

// --- owner account and REST -----------------------------------------------------------------------

/**
 * Environment that makes `n8n start` create (or update) the owner account itself, so nobody has to
 * fill in the setup form: N8N_INSTANCE_OWNER_MANAGED_BY_ENV with an email and a bcrypt hash of the
 * password (n8n 2.x, instance-settings-loader). The hash is made with the bcryptjs n8n ships.
 */
function ownerEnv(runtime, { email, password, firstName = 'Segura', lastName = 'Sandbox' }) {
	const bcrypt = require(path.join(runtime.appDir, 'node_modules', 'bcryptjs'));
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: email,
		N8N_INSTANCE_OWNER_FIRST_NAME: firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(password, 10),
	};
}

/** Just enough of the REST API the editor uses: log in, then JSON requests with the auth cookie. */
class RestClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
		this.cookie = '';
	}

	async login(email, password) {
		const response = await this.#request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
		const setCookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
		if (!setCookie) throw new Error('n8n answered the login without an n8n-auth cookie');
		this.cookie = setCookie.split(';')[0];
		return (await response.json()).data;
	}

	/**
	 * Logs in as the owner. n8n 1.x has no owner from the environment (ownerEnv): while its setup
	 * form is still due, the owner is set up through the form's endpoint first.
	 */
	async signIn({ email, password, firstName = 'Segura', lastName = 'Sandbox' }) {
		const settings = await this.get('/rest/settings');
		if (settings?.userManagement?.showSetupOnFirstLoad) {
			await this.post('/rest/owner/setup', { email, password, firstName, lastName });
		}
		return this.login(email, password);
	}

	async get(pathname) {
		return this.#json('GET', pathname);
	}

	async post(pathname, body) {
		return this.#json('POST', pathname, body);
	}

	async patch(pathname, body) {
		return this.#json('PATCH', pathname, body);
	}

	/** REST answers wrap their payload in `data`; static files such as /types/nodes.json do not. */
	async #json(method, pathname, body) {
		const response = await this.#request(method, pathname, body);
		const payload = await response.json();
		return pathname.startsWith('/rest/') && payload && 'data' in payload ? payload.data : payload;
	}

	async #request(method, pathname, body) {
		const response = await fetch(`${this.baseUrl}${pathname}`, {
			method,
			headers: {
				'browser-id': BROWSER_ID,
				...(this.cookie ? { cookie: this.cookie } : {}),
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
			},
			body: body !== undefined ? JSON.stringify(body) : undefined,
			signal: AbortSignal.timeout(60_000),
		});
		if (!response.ok) {
			const text = await response.text().catch(() => '');
			throw new Error(`${method} ${pathname} answered ${response.status}: ${text.slice(0, 500)}`);
		}
		return response;
	}
}

/**
 * Runs a workflow the way the editor's "Execute workflow" button does (POST /rest/workflows/:id/run
 * from its trigger) and waits for the execution; returns `{ status, data }` with the run data
 * (`data.resultData.runData`). Executions are stored in n8n's "flatted" format.
 */
async function runWorkflowViaRest(runtime, client, workflowId, { timeoutMs = 60_000 } = {}) {
	const workflow = await client.get(`/rest/workflows/${workflowId}`);
	const trigger = workflow.nodes.find((node) => /trigger/i.test(node.type) && !node.disabled);
	if (!trigger) throw new Error(`Workflow ${workflowId} has no trigger to start from`);
	const body = { triggerToStartFrom: { name: trigger.name } };
	// n8n 1.x runs the workflow the editor sends along; 2.x reads the saved one.
	if (runtime.n8nVersion.startsWith('1.')) body.workflowData = workflow;
	const started = await client.post(`/rest/workflows/${workflowId}/run`, body);
	if (!started.executionId) throw new Error(`n8n did not start workflow ${workflowId}: ${JSON.stringify(started)}`);

	const flatted = require(path.join(runtime.appDir, 'node_modules', 'flatted'));
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const execution = await client.get(`/rest/executions/${started.executionId}`);
		if (execution && !['new', 'running', 'waiting'].includes(execution.status)) {
			return { executionId: started.executionId, status: execution.status, data: flatted.parse(execution.data) };
		}
		await delay(250);
	}
	throw new Error(`Execution ${started.executionId} of ${workflowId} did not finish within ${timeoutMs / 1000} s`);
}

module.exports = { ownerEnv, RestClient, runWorkflowViaRest };
