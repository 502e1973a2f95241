'use strict';

/**
 * The Segura Remote Session Trigger in the running n8n server (e2e/run.js starts it beside the REST cases): an
 * ACTIVE workflow, Segura Remote Session Trigger → No Operation, polling its own sandbox. Sessions are created and
 * dropped in the sandbox between two polls; the executions the trigger started are counted (REST
 * GET /rest/executions) and their events compared with what the sandbox did.
 *
 * Poll times: n8n refuses a cron that fires more than once a minute ("The polling interval is too
 * short"), per cron; six custom crons at seconds 0, 10 … 50 pass that check on 2.x and 1.x and
 * poll every 10 s, which keeps the case to about 30 s. A poll is seen by the sandbox's list count:
 * the trigger makes exactly one list request per poll.
 */

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const path = require('node:path');

const { startSandbox } = require('../sandbox/server');
const { delay } = require('../tooling/processes');
const { workflowBuilder, link } = require('../tooling/workflows');

const TICK_MS = 10_000;
const TRIGGER = 'Segura Remote Session Trigger';
const { node } = workflowBuilder('e2e-trigger');

function triggerWorkflow(credential) {
	const trigger = node(TRIGGER, 'n8n-nodes-segura.seguraRemoteSessionTrigger', 1, {
		pollTimes: { item: [0, 10, 20, 30, 40, 50].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })) },
		events: ['started', 'ended'],
		filters: {},
		options: {},
	}, { credentials: { seguraOAuth2Api: { id: credential.id, name: credential.name } } });
	const received = node('Received', 'n8n-nodes-base.noOp', 1, {}, { position: [240, 0] });
	const connections = {};
	link(connections, trigger.name, received.name);
	// Created inactive (n8n 1.x requires the flag), then activated.
	return { name: '[e2e] Segura Remote Session Trigger, active', active: false, nodes: [trigger, received], connections, settings: { executionOrder: 'v1' } };
}

/** Creates and drops sessions through the sandbox's API, as any Segura client would. */
function applianceClient(sandbox) {
	let token;
	const call = async (method, pathname, body) => {
		token ??= await fetch(`${sandbox.baseUrl}/iso/oauth2/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sandbox.clientId, client_secret: sandbox.clientSecret }),
		}).then(async (response) => (await response.json()).access_token);
		const response = await fetch(`${sandbox.baseUrl}${pathname}`, {
			method,
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: body && JSON.stringify(body),
		});
		assert.equal(response.status, 200, `${method} ${pathname} answered ${response.status}`);
	};
	return {
		async create(user, device, protocol, credential) {
			await call('POST', '/iso/remote/session', { user, device, protocol, credential });
			return sandbox.sessions().at(-1);
		},
		drop: (session) => call('DELETE', `/iso/session/drop/${session.session_id}`),
	};
}

/** The events a poll must emit, in the trigger's order, from the sandbox's own records (UTC times). */
function expectedEvents(sandbox, events) {
	const at = ([id, event]) => {
		const session = sandbox.sessions().find((s) => s.id === id);
		return Date.parse(`${(event === 'started' ? session.start : session.end).replace(' ', 'T')}Z`);
	};
	const order = (a, b) => at(a) - at(b) || (a[1] === b[1] ? 0 : a[1] === 'started' ? -1 : 1) || Number(a[0]) - Number(b[0]);
	return [...events].sort(order).map(([id, event]) => `${id}:${event}`);
}

async function waitUntil(what, condition, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await delay(200);
	}
}

/**
 * The case; `ctx`: the signed-in REST client, the n8n runtime, the runner's step/say/watch/secrets.
 * Resolves once every step is recorded.
 */
async function triggerCase({ client, runtime, step, say, watch, secrets }) {
	const started = Date.now();
	const clientSecret = `e2e-${crypto.randomBytes(12).toString('hex')}`;
	secrets.add(clientSecret);
	const sandbox = watch(await startSandbox({ port: 0, clientId: 'n8n-e2e-trigger', clientSecret }));
	const harness = triggerHarness({ client, runtime, say, sandbox });
	// What one step leaves for the next: alice's session, still active.
	const kept = {};

	try {
		await step('trigger: active workflow, first poll records a baseline (no execution)', () => activateWithBaseline(harness, clientSecret));
		await startRightAfterAPoll(harness);
		await step('trigger: sessions started and ended between two polls → one execution, every event once', () => changesBetweenTwoPolls(harness, kept));
		await step('trigger: a failed poll → a failed execution, and the next poll catches up', () => failedPollThenCatchUp(harness, kept.alice));
	} finally {
		if (harness.workflowId) await client.post(`/rest/workflows/${harness.workflowId}/deactivate`, {}).catch(() => undefined);
		await sandbox.close();
		say(`  trigger case: ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}
}

/**
 * What the steps share: the sandbox and a client of it, and what they read back from n8n (the
 * workflow's executions and their events) and from the sandbox (its list requests, one per poll).
 * `workflowId` is set once the workflow exists.
 */
function triggerHarness({ client, runtime, say, sandbox }) {
	const segura = applianceClient(sandbox);
	const flatted = require(path.join(runtime.appDir, 'node_modules', 'flatted'));
	const harness = {
		client,
		say,
		sandbox,
		segura,
		workflowId: undefined,
		lists: () => sandbox.routeRequests.list,
		/** The workflow's finished executions, those a poll's events started or (`status`) a failed poll's. */
		async executions(status = 'success') {
			const answer = await client.get(`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: harness.workflowId }))}`);
			return (answer.results ?? answer).filter((execution) => execution.status === status);
		},
		/** "id:event" per item of an execution's trigger output. */
		async eventsOf(summary) {
			const execution = await client.get(`/rest/executions/${summary.id}`);
			const items = flatted.parse(execution.data).resultData.runData[TRIGGER][0].data.main[0];
			return items.map(({ json }) => `${json.id}:${json.event}`);
		},
		/** Waits for the next poll, then for the execution it starts; returns its events. */
		async nextPollEvents(executionsBefore) {
			const polled = harness.lists();
			await waitUntil('the next poll', () => harness.lists() > polled, TICK_MS + 15_000);
			await waitUntil('the execution the poll started', async () => (await harness.executions()).length > executionsBefore, 15_000);
			const list = await harness.executions();
			return harness.eventsOf(list.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b)));
		},
		compare(label, expected, got) {
			say(`  trigger ${label}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
			assert.deepEqual(got, expected);
		},
	};
	return harness;
}

/** The workflow, created then activated: the activation's poll only records a baseline. */
async function activateWithBaseline(harness, clientSecret) {
	const { client, sandbox } = harness;
	const credential = await client.post('/rest/credentials', {
		name: 'E2E Segura Remote Session Trigger',
		type: 'seguraOAuth2Api',
		data: { baseUrl: sandbox.baseUrl, apiPaths: 'a2a', clientId: sandbox.clientId, clientSecret, authentication: 'body', ignoreSSLIssues: false },
	});
	const created = await client.post('/rest/workflows', triggerWorkflow(credential));
	harness.workflowId = created.id;
	// n8n 2.x answers before the activation's first poll has run; 1.x after it.
	await client.post(`/rest/workflows/${harness.workflowId}/activate`, { versionId: created.versionId });
	await waitUntil('the activation poll', () => harness.lists() >= 1, 30_000);
	assert.equal(harness.lists(), 1, 'one list request: the activation poll');
	assert.deepEqual(await harness.executions(), [], 'the baseline starts no execution');
}

/** Waits out a poll due within 2.5 s: the next step's changes must all fall between the same two polls. */
async function startRightAfterAPoll({ lists }) {
	if (TICK_MS - (Date.now() % TICK_MS) < 2_500) {
		const polled = lists();
		await waitUntil('a poll to pass', () => lists() > polled, TICK_MS + 15_000);
	}
}

/**
 * Two sessions started and two ended (one a seeded one) between two polls: the next poll's one
 * execution has each event once.
 */
async function changesBetweenTwoPolls({ sandbox, segura, executions, nextPollEvents, compare }, kept) {
	const carol36 = sandbox.sessions().find((s) => s.id === '36');
	const alice = await segura.create('alice', '10.66.33.17', 'SSH', 'usrsudonopass');
	kept.alice = alice;
	const bob = await segura.create('bob', '10.66.33.20', 'RDP', 'Administrator');
	await segura.drop(bob);
	await segura.drop(carol36);
	const before = (await executions()).length;
	const got = await nextPollEvents(before);
	compare('poll A', expectedEvents(sandbox, [[alice.id, 'started'], [bob.id, 'started'], [bob.id, 'ended'], ['36', 'ended']]), got);
}

/** A poll whose list request fails is a failed execution; the next poll still reports what it missed. */
async function failedPollThenCatchUp({ sandbox, segura, say, lists, executions, nextPollEvents, compare }, alice) {
	assert.ok(alice, 'the session of the previous step');
	await segura.drop(alice);
	// The next list answers HTTP 500: n8n records the poll's error as a failed execution.
	sandbox.injectFaults({ kind: 'status500', match: '/remotesessions' });
	const polled = lists();
	await waitUntil('the failing poll', () => lists() > polled, TICK_MS + 15_000);
	await waitUntil('the failed execution', async () => (await executions('error')).length === 1, 15_000);
	const before = (await executions()).length;
	compare('poll B', [`${alice.id}:ended`], await nextPollEvents(before));
	// Any execution a poll started is saved within a second or two; then count them all.
	await delay(2_000);
	const [all, failed] = [await executions(), await executions('error')];
	say(`  trigger executions: expected 2 + 1 failed, got ${all.length} + ${failed.length} failed; list requests ${lists()} (one per poll)`);
	assert.equal(all.length, 2);
	assert.equal(failed.length, 1);
	assert.ok(all.every((execution) => execution.mode === 'trigger'));
	assertOneListPerPoll(sandbox.requests);
}

/**
 * One list request per poll: after the first (activation may poll at once, off the schedule), list
 * requests come at least half a poll interval apart. A poll sent late on a loaded machine still
 * passes; a second request for the same poll (a repeat, an overlap) does not.
 */
function assertOneListPerPoll(requests) {
	const arrivals = requests.filter((r) => r.path.endsWith('/remotesessions')).map((r) => Date.parse(r.time));
	const gaps = arrivals.slice(1).map((time, i) => time - arrivals[i]);
	const tooClose = gaps.slice(1).filter((gap) => gap < TICK_MS / 2);
	assert.deepEqual(tooClose, [], `at most one list request per poll; ms between list requests: ${gaps.join(', ')}`);
}

module.exports = { triggerCase, triggerWorkflow, applianceClient, expectedEvents, waitUntil, assertOneListPerPoll, TICK_MS, TRIGGER };
