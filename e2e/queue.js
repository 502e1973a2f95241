#!/usr/bin/env node
'use strict';

/**
 * `node e2e/queue.js [--n8n <version>]`: the packed package in a real n8n in queue mode: a real
 * Redis and Postgres (tooling/queue-services.js), `n8n start` as main and two `n8n worker`s sharing
 * one user folder (where the community package is installed), one encryption key and one Segura
 * sandbox. Checks:
 *   - the example workflows run through REST, as the editor runs them (e2e/rest-cases.js); manual
 *     runs stay on main in queue mode unless OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true: reported;
 *   - a burst of 20 POSTs at once to a production webhook (Webhook → 25 items → Segura Create),
 *     twice: first with no token stored in the credential, then with the stored token expired at
 *     the sandbox. Every request answered with 25 sessions of the sandbox, no session twice,
 *     creates = 500 each, every webhook execution on a worker, both workers busy; token requests
 *     per burst printed. On 2.x a cold burst may fetch up to one token per execution (n8n 2.41
 *     does not coordinate the first fetch), but the refresh after expiry is coordinated across the
 *     workers (one lease per credential in Redis): at most 3 (1 in every run here).
 * The sandbox answers after QUEUE_E2E_LATENCY_MS (50) ms, like an appliance, so executions overlap.
 * Secrets never reach the output (createOutput().redact, as e2e/run.js). KEEP_E2E=1 keeps the user
 * folder. Exit 1 on any failure.
 */

const assert = require('node:assert/strict');
const crypto = require('node:crypto');

const versionFlag = process.argv.indexOf('--n8n');
if (versionFlag > 0) process.env.SEGURA_N8N_VERSION = process.argv[versionFlag + 1];

const env = require('../tooling/n8n-env');
const { createOutput } = require('../tooling/workflows');
const { createRunLifecycle } = require('../tooling/run-lifecycle');
const { startQueueServices } = require('../tooling/queue-services');
const q = require('../tooling/queue-n8n');
const { defineRestCases } = require('./rest-cases');
const { exampleCopies } = require('./example-copies');
const { createSteps } = require('./steps');

const KEEP = process.env.KEEP_E2E === '1';
const REQUESTS = 20;
const ITEMS = 25;
const LATENCY_MS = Number(process.env.QUEUE_E2E_LATENCY_MS ?? 50);

const output = createOutput();
const { secrets, say } = output;
const { results, step, report } = createSteps(say);
const lifecycle = createRunLifecycle({ output, what: 'n8n, the workers, Redis, Postgres and the sandbox', clientId: 'n8n-queue-client', secretPrefix: 'queue', keep: KEEP });
let userFolder;
let services;
let sandbox;
const tally = q.createAnswerTally();

/** How many executions each worker started so far, to tell what ran where between two moments. */
const snapshot = (workers) => workers.map((w) => w.executions().length);
const since = (workers, before) => workers.map((w, i) => w.executions().length - before[i]);

async function burst(label, { primary, workers, v2, expectTokens }) {
	const before = snapshot(workers);
	const result = await q.fireBurst({ baseUrl: primary.server.url, sandbox, tally, requests: REQUESTS });
	const perWorker = since(workers, before);
	const { problems, items, duplicates } = q.burstProblems(result, { items: ITEMS, sandbox });
	say(
		`  ${label}: ${REQUESTS} requests × ${ITEMS} items in ${(result.wallMs / 1000).toFixed(1)} s ` +
			`(${((items / result.wallMs) * 1000).toFixed(0)} items/s), ${items} items, ${duplicates} duplicates, ` +
			`${result.creates} creates (sandbox answers ${result.createAnswers}), ` +
			`${result.tokenRequests} token requests, peak ${result.peakInFlight} requests in flight, executions per worker ${perWorker.join(' + ')}`,
	);
	assert.deepEqual(problems, [], problems.join('\n'));
	assert.equal(perWorker.reduce((a, b) => a + b, 0), REQUESTS, `every webhook execution ran on a worker (${perWorker.join(' + ')})`);
	if (v2) assert.ok(result.tokenRequests <= expectTokens, `token requests ${result.tokenRequests}, expected at most ${expectTokens}`);
	return result;
}

async function main() {
	const startedAt = Date.now();
	userFolder = lifecycle.begin('n8n-segura-queue-');
	// Filled as they start: cleanUp() stops whichever did, even if another failed to.
	const cluster = { primary: undefined, workers: [] };
	try {
		say(`n8n-nodes-segura queue-mode e2e: user folder ${userFolder}${KEEP ? ' (kept: KEEP_E2E=1)' : ''}`);
		const runtime = await step('provision n8n (cached after the first run)', () => env.provisionN8n((line) => say(`  ${line}`)), { fatal: true });
		const v2 = q.majorOf(runtime) >= 2;
		say(`  n8n ${runtime.n8nVersion} with Node 24 from ${runtime.root}`);

		await startServicesAndSandbox();
		const { n8n, mainPort } = await prepareUserFolder(runtime);
		await startMainAndWorkers(n8n, mainPort, cluster);
		await runExamplesViaRest(runtime, cluster);
		await runBursts({ ...cluster, v2 });
		await step('both workers ran executions (their logs)', () => assertBothWorkersRan(cluster.workers));
	} catch (error) {
		if (!error.reported) results.push({ name: 'queue e2e runner', ok: false, ms: 0, error });
	} finally {
		await step('stopped main, workers, Redis, Postgres', () => cleanUp(cluster.workers, cluster.primary));
	}
	reportWithLogs(Date.now() - startedAt, cluster.workers);
}

/** Redis, Postgres and the sandbox, side by side (sets `services` and `sandbox`). */
async function startServicesAndSandbox() {
	// Both settle before going on, so that cleanUp() finds whichever started, even if the other failed.
	const started = await Promise.allSettled([
		step('start Redis and Postgres (temp folder, free ports)', () => startQueueServices({ say }), { fatal: true }).then((s) => {
			services = s;
			lifecycle.closeAtEnd({ close: () => s.stop() });
		}),
		lifecycle.sandbox({ onRequest: tally.onRequest }).then((s) => (sandbox = tally.sandbox = s)),
	]);
	for (const s of started) if (s.status === 'rejected') throw s.reason;
	say(`  Redis ${services.redis.version} on ${services.redis.port}, ${services.postgres.version} on ${services.postgres.port}, sandbox ${sandbox.baseUrl}`);
}

/**
 * The user folder main and the workers share: the package installed, the credentials and workflows
 * imported, the burst webhook active. Returns the n8n to start them from and main's port.
 */
async function prepareUserFolder(runtime) {
	const [mainBroker, mainPort] = [await env.freePort(), await env.freePort()];
	const n8n = new env.N8n(runtime, q.queueEnv(runtime, { userFolder, services, brokerPort: mainBroker }));
	// The examples' credential, and one for the bursts: no token stored before the first burst.
	const exampleCred = { ...env.EXAMPLE_CREDENTIAL, sandbox };
	const burstCred = { id: 'queue-burst-credential', name: 'Queue burst', sandbox };
	await lifecycle.packAndInstall(n8n, [exampleCred, burstCred].map(env.seguraCredential), (name, fn) => step(name, fn, { fatal: true }));
	const examples = env.readExamples();
	const copies = exampleCopies(examples);
	const workflows = [...Object.values(examples), ...copies, q.burstWorkflow(burstCred, { items: ITEMS })];
	await step(`import ${workflows.length} workflows (${Object.keys(examples).length} examples, ${copies.length} runnable copies, the burst webhook)`, () => n8n.importWorkflows(workflows), { fatal: true });
	const activation = await step('activate the burst webhook workflow', () => q.activate(n8n, q.BURST_WORKFLOW_ID), { fatal: true });
	say(`  ${activation}`);
	return { n8n, mainPort };
}

/** Main and the two workers, started together; `cluster` gets each that started, even if one failed. */
async function startMainAndWorkers(n8n, mainPort, cluster) {
	const owner = { email: 'queue@segura.test', password: `Queue-${crypto.randomBytes(9).toString('base64url')}1` };
	secrets.add(owner.password);
	await step('main (n8n start, EXECUTIONS_MODE=queue) and 2 workers ready', async () => {
		const started = await Promise.allSettled([
			q.startMain(n8n, { port: mainPort, owner }),
			q.startWorker(n8n, { name: 'worker 1' }),
			q.startWorker(n8n, { name: 'worker 2' }),
		]);
		const [primary, ...workers] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
		cluster.primary = primary;
		cluster.workers = workers.filter(Boolean);
		const failed = started.find((s) => s.status === 'rejected');
		if (failed) throw failed.reason;
	}, { fatal: true });
}

/** The examples through REST, as the editor runs them; where each ran is reported, not asserted. */
async function runExamplesViaRest(runtime, { primary, workers }) {
	const ranOn = [];
	for (const testCase of defineRestCases({ D: sandbox })) {
		await step(`${testCase.name} via REST`, async () => {
			const before = { ...sandbox.counters };
			const { executionId, status, data } = await env.runWorkflowViaRest(runtime, primary.client, testCase.workflowId, { timeoutMs: 120_000 });
			assert.equal(status, 'success', `execution status ${status}: ${JSON.stringify(data.resultData.error ?? {})}`);
			const summary = testCase.check({ data }, before);
			if (summary) say(`  ${summary}`);
			ranOn.push(workers.find((w) => w.executions().includes(String(executionId)))?.name ?? 'main');
		});
	}
	say(`  manual executions ran on: ${ranOn.join(', ')}`);
}

/** The two bursts: with no token stored, then with the stored token expired at the sandbox. */
async function runBursts(ctx) {
	// An appliance's round trip: the executions of a burst overlap at the sandbox as they would in use.
	sandbox.setLatency(LATENCY_MS);
	await step(`burst 1, no token stored: ${REQUESTS} webhook POSTs at once × ${ITEMS} creates`, () => burst('burst 1', { ...ctx, expectTokens: REQUESTS }));
	sandbox.expireTokens();
	await step(`burst 2, stored token expired at the sandbox: ${REQUESTS} × ${ITEMS}${ctx.v2 ? ', ≤ 3 token requests' : ''}`, () => burst('burst 2', { ...ctx, expectTokens: 3 }));
}

/** From the workers' logs: a worker that ran nothing means the queue did not spread the executions. */
function assertBothWorkersRan(workers) {
	const counts = workers.map((w) => `${w.name} ${w.executions().length} started / ${w.finished().length} finished`);
	say(`  ${counts.join(', ')}`);
	for (const w of workers) assert.ok(w.executions().length >= 1, `${w.name} ran nothing`);
}

/** Main and the workers first (each its own stop), then what the lifecycle holds: Redis, Postgres, the sandbox, the folder. */
async function cleanUp(workers = [], primary) {
	await Promise.all([...workers.map((w) => w.stop()), primary?.server.stop()]);
	await lifecycle.cleanUp();
}

function reportWithLogs(totalMs, workers) {
	report(totalMs, () => {
		for (const w of workers) say(`\n--- ${w.name} log (tail)\n${w.output().slice(-2500)}`);
	});
}

main();
