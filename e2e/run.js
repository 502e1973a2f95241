#!/usr/bin/env node
'use strict';

/**
 * `npm run test:e2e [-- --n8n <version>]`: the packed package installed as a community package in a
 * real n8n (the pinned 2.x by default; 1.x too),
 * workflows imported and run by n8n itself against local Segura sandboxes, outputs and sandbox state
 * asserted.
 *
 *   1. provision n8n (cached), build + pack while the credentials are imported; install the tarball
 *   2. import the examples, runnable copies of them, and the suite workflow
 *   3. `n8n execute` the suite once: one manual trigger fans out to one branch per case. Each
 *      `n8n execute` costs ~4.5 s of start-up, so batching every case into one run keeps this short.
 *   4. `n8n start` once: owner sign-in (set up from env on 2.x, through the setup endpoint on 1.x), the node types the editor
 *      loads (the node and its AI tool variant), then the examples run the way the editor's "Execute
 *      workflow" button runs them (~0.5 s each on the running server). The approval and audit
 *      examples run as copies made from the example files: manual trigger instead of webhook /
 *      schedule, email and wait disabled. Sub-workflow calls from `n8n execute` are no option: n8n
 *      2.x runs only published sub-workflows outside manual runs, and imports are unpublished.
 *
 * KEEP_E2E=1 keeps the throwaway n8n user folder (with suite-execution.json, the suite's run data).
 * Secrets never reach the output: every line printed passes through redact() (tooling/workflows.js),
 * which knows the client secrets and every token the sandboxes issued. The cases are in cases.js
 * (the suite, one `n8n execute`) and rest-cases.js (the examples, through the running server).
 */

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const env = require('../tooling/n8n-env');
const { SEGURA, link, workflow, createOutput } = require('../tooling/workflows');
const { createRunLifecycle } = require('../tooling/run-lifecycle');
const { build, defineCases } = require('./cases');
const { ssrfWorkflow, ssrfChecks } = require('./ssrf');
const { defineRestCases } = require('./rest-cases');
const { exampleCopies } = require('./example-copies');
const { createSteps } = require('./steps');
const { credentialTestChecks, ssrfServerEnv, visibleCredentialFields, SEGURA_FORM } = require('./credential-test');
const { startAgentModel, agentCopies, agentChecks } = require('./agent');
const { triggerCase } = require('./trigger');
const { triggerReplayCase } = require('./trigger-replay');
const { pickerChecks } = require('./picker-cases');

const KEEP = process.env.KEEP_E2E === '1';
// `--n8n <version>`: the n8n to run in (provisioned and cached per version); default the pinned 2.x.
const versionFlag = process.argv.indexOf('--n8n');
if (versionFlag > 0) process.env.SEGURA_N8N_VERSION = process.argv[versionFlag + 1];
const SUITE_ID = 'e2e-segura-suite';

const output = createOutput();
const { secrets, watch, redact, say } = output;
const { results, step, report } = createSteps(say);
const { manualTrigger } = build;

// --- workflows ------------------------------------------------------------------------------------

/** The suite workflow: one manual trigger, one branch per case, stacked top to bottom. */
function suiteWorkflow(cases) {
	const trigger = manualTrigger('Start');
	const nodes = [trigger];
	const connections = {};
	cases.forEach((testCase, row) => {
		const branches = [testCase.chain ?? [], ...(testCase.also ?? []).map((n) => [n])];
		branches.forEach((chain, sub) => {
			chain.forEach((n, column) => {
				n.position = [300 + column * 240, row * 220 + sub * 110];
				nodes.push(n);
				const from = column === 0 ? (testCase.after ?? trigger.name) : chain[column - 1].name;
				link(connections, from, n.name);
			});
		});
	});
	return workflow(SUITE_ID, '[e2e] Segura node suite', nodes, connections);
}

// --- phases ---------------------------------------------------------------------------------------

function checkCases(cases, execution) {
	const failure = execution.data.resultData.error;
	for (const testCase of cases) {
		const started = Date.now();
		try {
			testCase.check(execution);
			results.push({ name: testCase.name, ok: true, ms: Date.now() - started });
		} catch (error) {
			// A hard failure of the run stops every branch after it: say so next to the case.
			if (failure) error.message += `\n(the run stopped: ${failure.message} in node ${failure.node?.name ?? execution.data.resultData.lastNodeExecuted})`;
			results.push({ name: testCase.name, ok: false, ms: Date.now() - started, error });
		}
	}
}

async function serverChecks(n8n, ctx) {
	const { owner } = ctx;
	// SSRF protection on where n8n has it (2.x), the sandboxes' address allowed, as an admin runs it.
	const major = Number(n8n.runtime.n8nVersion.split('.')[0]);
	const server = await step('n8n start ready', () =>
		n8n.startServer({ port: ctx.serverPort, extraEnv: { ...env.ownerEnv(n8n.runtime, owner), ...(major >= 2 ? ssrfServerEnv : {}) } }),
	);
	if (!server) return;
	try {
		const client = new env.RestClient(server.url);
		await step('owner signs in (POST /rest/login)', async () => {
			const user = await client.signIn(owner);
			assert.equal(user.email, owner.email);
			assert.equal(user.role, 'global:owner');
		});
		// The Segura Remote Session Trigger's case waits for its polls (about 25 s): it runs beside the cases below.
		const trigger = triggerCase({ client, runtime: n8n.runtime, step, say, watch, secrets })
			.catch((error) => results.push({ name: 'Segura Remote Session Trigger case', ok: false, ms: 0, error }));
		await step('editor node types: node, AI tool variant, trigger under the same app, credential', async () => {
			const nodes = await client.get('/types/nodes.json');
			const names = new Set(nodes.map((n) => n.name));
			assert.ok(names.has(SEGURA), `${SEGURA} registered`);
			assert.ok(names.has(`${SEGURA}Tool`), `${SEGURA}Tool registered`);
			// The nodes panel files a trigger under the app whose type name is the trigger's without
			// "Trigger": the Segura trigger must be the Remote Session app's, not an app of its own.
			const triggers = nodes.filter((n) => n.name.startsWith('n8n-nodes-segura.') && n.group.includes('trigger'));
			assert.deepEqual(triggers.map((n) => n.name.replace(/Trigger$/, '')), [SEGURA], `Segura triggers pair with ${SEGURA}: ${triggers.map((n) => n.name)}`);
			const credentials = await client.get('/types/credentials.json');
			assert.ok(credentials.some((c) => c.name === 'seguraOAuth2Api'));
			// The credential form as the editor builds it: only what a Segura admin fills in.
			// n8n 2.x adds its own security setting to every credential type it serves.
			const fields = visibleCredentialFields(credentials, 'seguraOAuth2Api').filter((field) => field !== 'Allowed HTTP Request Domains');
			assert.deepEqual(fields, SEGURA_FORM);
		});
		await step('examples listed in the editor (GET /rest/workflows)', async () => {
			const workflows = await client.get('/rest/workflows');
			const ids = new Set(workflows.map((w) => w.id));
			for (const example of Object.values(ctx.examples)) assert.ok(ids.has(example.id), `${example.id} imported`);
		});
		await credentialTestChecks({ client, sandbox: ctx.A, major, step, say });
		await pickerChecks({ client, runtime: n8n.runtime, ctx, step, say });
		for (const testCase of defineRestCases(ctx)) {
			await step(testCase.name, async () => {
				const before = { ...ctx.D.counters };
				const { status, data } = await env.runWorkflowViaRest(n8n.runtime, client, testCase.workflowId);
				assert.equal(status, 'success', `execution status ${status}: ${JSON.stringify(data.resultData.error ?? {})}`);
				const summary = testCase.check({ data }, before);
				if (summary) say(`  ${summary}`);
			});
		}
		await agentChecks({ n8n, client, step, say, redact, keepDir: KEEP ? lifecycle.userFolder : null, ...ctx });
		await trigger;
	} finally {
		await step('n8n stopped cleanly', () => server.stop());
	}
}

// --- main -----------------------------------------------------------------------------------------

const lifecycle = createRunLifecycle({ output, what: 'n8n and the sandboxes', clientId: 'n8n-e2e-client', secretPrefix: 'e2e', keep: KEEP });

/** Sandboxes: each concern its own, so counters and session lists stay exact; the agent's model. */
async function startSandboxes() {
	const [A, B, C, D, E, F] = await Promise.all([
		lifecycle.sandbox({}),
		lifecycle.sandbox({ https: true }),
		lifecycle.sandbox({ basePath: '/segura' }),
		lifecycle.sandbox({}),
		lifecycle.sandbox({ profile: '3.32' }),
		lifecycle.sandbox({ profile: 'current' }),
	]);
	// The scripted chat model of the AI agent cases (e2e/agent.js), under the example's credential.
	const model = lifecycle.closeAtEnd(await startAgentModel(secrets));
	return { A, B, C, D, E, F, model };
}

/** The Segura credentials the cases use, one per way of reaching a sandbox. */
function credentialsOf({ A, B, C, D, E, F }) {
	return {
		a2a: { id: 'e2e-a2a-http', name: 'E2E A2A over HTTP', sandbox: A },
		httpsStrict: { id: 'e2e-https-verified', name: 'E2E HTTPS verified', sandbox: B },
		httpsInsecure: { id: 'e2e-https-insecure', name: 'E2E HTTPS Ignore SSL Issues', sandbox: B, ignoreSSLIssues: true },
		pamCore: { id: 'e2e-pamcore-subpath', name: 'E2E PAM Core sub-path', sandbox: C, apiPaths: 'pamCore', authentication: 'header' },
		example: { ...env.EXAMPLE_CREDENTIAL, sandbox: D },
		// No stored token before the SSRF cases: the first refusal is the token call's.
		ssrf: { id: 'e2e-ssrf', name: 'E2E SSRF protection', sandbox: A },
		// Version profiles, API Paths left at the credential's default (Auto).
		v332: { id: 'e2e-segura-3-32', name: 'E2E Segura 3.32', sandbox: E, apiPaths: null },
		current: { id: 'e2e-segura-current', name: 'E2E Segura current', sandbox: F, apiPaths: null },
	};
}

/** Every workflow the run imports: the examples, runnable copies of them, the suite, SSRF. */
async function importWorkflows(n8n, ctx, cases) {
	const { examples, cred } = ctx;
	const copies = [...exampleCopies(examples), ...agentCopies(examples)];
	const workflows = [...Object.values(examples), ...copies, suiteWorkflow(cases), ssrfWorkflow(cred.ssrf)];
	const what = `${workflows.length} workflows (${Object.keys(examples).length} examples, ${copies.length} runnable copies, the suite, SSRF)`;
	await step(`import ${what}`, () => n8n.importWorkflows(workflows), { fatal: true });
}

/** The suite in one `n8n execute`, then SSRF protection (2.x), the server's checks, the trigger replay. */
async function runPhases(n8n, ctx, cases) {
	const run = await step('n8n execute the suite (one process, all cases)', () => n8n.execute(SUITE_ID), { fatal: true });
	if (KEEP) fs.writeFileSync(path.join(lifecycle.userFolder, 'suite-execution.json'), redact(JSON.stringify(run.execution, null, 2)));
	checkCases(cases, run.execution);
	// n8n 1.x has no SSRF protection (N8N_SSRF_PROTECTION_ENABLED came with 2.x).
	if (Number(n8n.runtime.n8nVersion.split('.')[0]) >= 2) await ssrfChecks({ n8n, sandbox: ctx.A, step, say });
	else say('  SSRF protection cases skipped: n8n 1.x has no SSRF protection');

	await serverChecks(n8n, ctx);
	// Its own n8n starts and stops (a restart, then the durable scheduler), after the server above.
	await triggerReplayCase({ n8n, step, say, watch, secrets, port: ctx.serverPort, owner: ctx.owner }).catch((error) =>
		results.push({ name: 'Segura Remote Session Trigger replay case', ok: false, ms: 0, error }),
	);
}

async function main() {
	const startedAt = Date.now();
	const userFolder = lifecycle.begin('n8n-segura-e2e-');
	try {
		say(`n8n-nodes-segura e2e: user folder ${userFolder}${KEEP ? ' (kept: KEEP_E2E=1)' : ''}`);
		const runtime = await step('provision n8n (cached after the first run)', () => env.provisionN8n((line) => say(`  ${line}`)), { fatal: true });
		say(`  n8n ${runtime.n8nVersion} with Node 24 from ${runtime.root}`);

		const { model, ...sandboxes } = await startSandboxes();
		const cred = credentialsOf(sandboxes);
		const [brokerPort, serverPort] = [await env.freePort(), await env.freePort()];
		const n8n = new env.N8n(runtime, env.n8nEnv(runtime, { userFolder, brokerPort }));
		const credentials = [...Object.values(cred).map(env.seguraCredential), model.credential];
		await lifecycle.packAndInstall(n8n, credentials, (name, fn) => step(name, fn, { fatal: true }));

		const owner = { email: 'e2e@segura.test', password: `E2e-${crypto.randomBytes(9).toString('base64url')}1` };
		secrets.add(owner.password);
		const ctx = { ...sandboxes, cred, examples: env.readExamples(), serverPort, model, owner };
		const cases = defineCases(ctx);
		await importWorkflows(n8n, ctx, cases);
		await runPhases(n8n, ctx, cases);
	} catch (error) {
		if (!error.reported) results.push({ name: 'e2e runner', ok: false, ms: 0, error });
	} finally {
		await lifecycle.cleanUp();
	}
	report(Date.now() - startedAt);
}

main();
