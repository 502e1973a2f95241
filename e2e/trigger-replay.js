'use strict';

/**
 * The Segura Remote Session Trigger never replays, in the real n8n with an ACTIVE workflow (e2e/run.js runs this
 * after the other server cases, on the same user folder): the sandbox answers polls with an empty,
 * a truncated and a reordered list between whole ones, old ended sessions come back, the stored
 * memory is reset to an older copy (deactivate, save the older static data, activate), n8n is
 * stopped and started again while sessions start and end, and on n8n 2.x the durable scheduler
 * takes over the polls, without durable cursors and then with them. A 100k-session sandbox prints the stored memory's size
 * and a poll's time. Each step compares the executions the trigger started with what happened.
 */

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const path = require('node:path');

const { startSandbox } = require('../sandbox/server');
const { ownerEnv, RestClient } = require('../tooling/n8n-rest');
const { applianceClient, expectedEvents, triggerWorkflow, waitUntil, assertOneListPerPoll, TICK_MS, TRIGGER } = require('./trigger');

/** n8n's durable scheduler for poll triggers (n8n 2.41), without and with durable cursors. */
const DURABLE_ENV = { N8N_SCHEDULER_ENABLED: 'true', N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true' };
const CURSORS_ENV = { ...DURABLE_ENV, N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true' };

/** One active trigger workflow on one sandbox, watched through n8n's REST API. */
function watchedTrigger(client, runtime, sandbox) {
	const flatted = require(path.join(runtime.appDir, 'node_modules', 'flatted'));
	const lists = () => sandbox.routeRequests.list;
	const watcher = {
		workflowId: undefined,
		lists,
		client,
		async executions(status = 'success') {
			const answer = await watcher.client.get(`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: watcher.workflowId }))}`);
			return (answer.results ?? answer).filter((execution) => execution.status === status);
		},
		async eventsOf(summary) {
			const execution = await watcher.client.get(`/rest/executions/${summary.id}`);
			return flatted.parse(execution.data).resultData.runData[TRIGGER][0].data.main[0].map(({ json }) => `${json.id}:${json.event}`);
		},
		/** Every event of every execution so far, in execution order. */
		async allEvents() {
			const list = (await watcher.executions()).sort((a, b) => Number(a.id) - Number(b.id));
			const events = [];
			for (const summary of list) events.push(...(await watcher.eventsOf(summary)));
			return events;
		},
		/** Waits for `count` more polls (list requests) and a moment for any execution they start. */
		async polls(count) {
			const polled = lists();
			await waitUntil(`${count} polls`, () => lists() >= polled + count, count * TICK_MS + 20_000);
			await new Promise((resolve) => setTimeout(resolve, 2_000));
		},
		async create(credential) {
			const created = await watcher.client.post('/rest/workflows', triggerWorkflow(credential));
			watcher.workflowId = created.id;
			await watcher.activate(created.versionId);
			await waitUntil('the activation poll', () => lists() >= 1, 30_000);
		},
		async activate(versionId) {
			await watcher.client.post(`/rest/workflows/${watcher.workflowId}/activate`, { versionId });
		},
	};
	return watcher;
}

/**
 * What the steps share: the sandbox and a client of it, the watched trigger, (re)starting n8n with
 * extra environment, and the events expected so far compared with every execution's events.
 */
async function replayRig({ n8n, watch, secrets, say, port, owner }) {
	const clientSecret = `e2e-${crypto.randomBytes(12).toString('hex')}`;
	secrets.add(clientSecret);
	const sandbox = watch(await startSandbox({ port: 0, clientId: 'n8n-e2e-replay', clientSecret }));
	const rig = { sandbox, clientSecret, segura: applianceClient(sandbox), server: undefined, expected: [], delivered: [], sessions: {} };
	/** Starts n8n (stopping the running one first) and signs the trigger's REST client in. */
	rig.restart = async (extraEnv = {}) => {
		await rig.server?.stop();
		rig.server = await n8n.startServer({ port, extraEnv: { ...ownerEnv(n8n.runtime, owner), ...extraEnv } });
		const client = new RestClient(rig.server.url);
		await client.signIn(owner);
		if (rig.trigger) rig.trigger.client = client;
		return client;
	};
	rig.trigger = watchedTrigger(await rig.restart(), n8n.runtime, sandbox);
	rig.happened = (...events) => rig.expected.push(...expectedEvents(sandbox, events));
	rig.compare = async (label) => {
		const got = await rig.trigger.allEvents();
		rig.delivered.push(`${label}: ${JSON.stringify(got)}`);
		say(`  trigger replay, ${label}: expected ${JSON.stringify(rig.expected)}, got ${JSON.stringify(got)}`);
		assert.deepEqual(got, rig.expected);
	};
	rig.close = async () => {
		const { trigger } = rig;
		if (trigger.workflowId) await trigger.client.post(`/rest/workflows/${trigger.workflowId}/deactivate`, {}).catch(() => undefined);
		await rig.server?.stop();
		await sandbox.close();
	};
	return rig;
}

/** The default scheduler's steps, in order; each leaves the sessions the next one uses in `rig.sessions`. */
const STEPS = [
	[
		'active workflow, baseline, then an empty, a truncated and a reordered list between whole lists → no execution',
		async ({ trigger, sandbox, clientSecret, compare }) => {
			const credential = await trigger.client.post('/rest/credentials', {
				name: 'E2E Segura Remote Session Trigger replay',
				type: 'seguraOAuth2Api',
				data: { baseUrl: sandbox.baseUrl, apiPaths: 'a2a', clientId: sandbox.clientId, clientSecret, authentication: 'body', ignoreSSLIssues: false },
			});
			await trigger.create(credential);
			sandbox.injectFaults([{ kind: 'emptyList' }, { kind: 'truncatedList' }, { kind: 'reorderedList' }]);
			// Three glitched lists, then a whole one: seeded 34 and 35 (ended days ago) come back after the cut.
			await trigger.polls(4);
			await compare('glitches and old ended sessions back');
		},
	],
	[
		'sessions that start and end around an empty list → each event once',
		async ({ trigger, sandbox, segura, sessions, happened, compare }) => {
			const alice = await segura.create('alice', '10.66.33.17', 'SSH', 'usrsudonopass');
			sandbox.injectFaults({ kind: 'emptyList' });
			await trigger.polls(2);
			sessions.bob = await segura.create('bob', '10.66.33.20', 'RDP', 'Administrator');
			await segura.drop(alice);
			sandbox.injectFaults({ kind: 'truncatedList' });
			await trigger.polls(2);
			happened([alice.id, 'started']);
			happened([sessions.bob.id, 'started'], [alice.id, 'ended']);
			await compare('around glitches');
		},
	],
	[
		'memory reset to an older copy (deactivate, save older static data, activate) → no replay',
		async ({ trigger, segura, happened, compare }) => {
			const workflow = `/rest/workflows/${trigger.workflowId}`;
			const older = (await trigger.client.get(workflow)).staticData;
			const carol = await segura.create('carol', '10.66.33.17', 'SSH', 'deploy');
			await trigger.polls(1);
			happened([carol.id, 'started']);
			await trigger.client.post(`${workflow}/deactivate`, {});
			const current = await trigger.client.get(workflow);
			const saved = await trigger.client.patch(workflow, { staticData: older, versionId: current.versionId });
			await trigger.activate(saved.versionId);
			await trigger.polls(2);
			await segura.drop(carol);
			await trigger.polls(1);
			happened([carol.id, 'ended']);
			await compare('memory reset to an older copy');
		},
	],
	[
		'n8n stopped, sessions start and end meanwhile, n8n started → those events once, nothing older',
		async ({ trigger, server, segura, sessions, restart, happened, compare }) => {
			await server.stop();
			const meanwhile = await segura.create('MFASenhaSegura', '10.66.33.17', 'SSH', 'usrsudonopass');
			await segura.drop(sessions.bob);
			await restart();
			await trigger.polls(2);
			happened([meanwhile.id, 'started'], [sessions.bob.id, 'ended']);
			await compare('after a restart');
		},
	],
];

/**
 * n8n's durable scheduler (2.x): without durable cursors first, since once a node has a cursor row
 * n8n keeps using it whatever the setting. One list request per poll, each event once, no replay.
 */
async function durableStep({ trigger, sandbox, segura, restart, happened, compare }, label, extraEnv) {
	await restart(extraEnv);
	const durable = await segura.create('carol', '10.66.33.17', 'SSH', 'deploy');
	const listRecords = () => sandbox.requests.filter((r) => r.path.endsWith('/remotesessions'));
	const before = listRecords().length;
	sandbox.injectFaults({ kind: 'emptyList' });
	await trigger.polls(3);
	await segura.drop(durable);
	await trigger.polls(2);
	happened([durable.id, 'started']);
	happened([durable.id, 'ended']);
	await compare(label);
	assertOneListPerPoll(listRecords().slice(before));
}

/** The case: `n8n` (its user folder, package installed), the runner's step/say/watch/secrets, a free port, the owner. */
async function triggerReplayCase({ n8n, step, say, watch, secrets, port, owner }) {
	const rig = await replayRig({ n8n, watch, secrets, say, port, owner });
	try {
		for (const [name, run] of STEPS) await step(`trigger replay: ${name}`, () => run(rig));
		await step('trigger replay: 100k sessions → the stored memory stays small; poll time printed', async () => {
			rig.delivered.push(await hundredThousand({ client: rig.trigger.client, runtime: n8n.runtime, watch, secrets, say }));
		});
		if (Number(n8n.runtime.n8nVersion.split('.')[0]) < 2) {
			say('  trigger replay: durable scheduler skipped: n8n 1.x has none');
			return rig.delivered;
		}
		for (const [label, extraEnv] of [['durable scheduler', DURABLE_ENV], ['durable scheduler and cursors', CURSORS_ENV]]) {
			await step(`trigger replay: n8n's ${label} → one list per poll, each event once, no replay`, () => durableStep(rig, label, extraEnv));
		}
		return rig.delivered;
	} finally {
		await rig.close();
	}
}

/**
 * A second active trigger on a sandbox of 100,000 sessions: its baseline, then one session started
 * (so that n8n stores the static data with the execution): the stored memory's size, and a poll's
 * time from its list request to the execution it started.
 */
async function hundredThousand({ client, runtime, watch, secrets, say }) {
	const clientSecret = `e2e-${crypto.randomBytes(12).toString('hex')}`;
	secrets.add(clientSecret);
	const listTimes = [];
	const big = watch(
		await startSandbox({
			port: 0,
			clientId: 'n8n-e2e-100k',
			clientSecret,
			syntheticSessions: 100_000,
			onRequest: ({ path: requested, durationMs }) => requested.endsWith('/remotesessions') && listTimes.push(durationMs),
		}),
	);
	const trigger = watchedTrigger(client, runtime, big);
	try {
		const credential = await client.post('/rest/credentials', {
			name: 'E2E Segura Remote Session Trigger 100k',
			type: 'seguraOAuth2Api',
			data: { baseUrl: big.baseUrl, apiPaths: 'a2a', clientId: big.clientId, clientSecret, authentication: 'body', ignoreSSLIssues: false },
		});
		await trigger.create(credential);
		const started = await applianceClient(big).create('alice', '10.66.33.17', 'SSH', 'usrsudonopass');
		await waitUntil('the execution of the new session', async () => (await trigger.executions()).length === 1, 3 * TICK_MS + 30_000);
		const [execution] = await trigger.executions();
		assert.deepEqual(await trigger.eventsOf(execution), [`${started.id}:started`]);
		// The poll that started the execution: the last list request before it.
		const startedAt = Date.parse(execution.startedAt);
		const listRequest = big.requests.filter((r) => r.path.endsWith('/remotesessions') && Date.parse(r.time) < startedAt).at(-1);
		const pollMs = startedAt - Date.parse(listRequest.time);
		const memory = (await client.get(`/rest/workflows/${trigger.workflowId}`)).staticData;
		const bytes = JSON.stringify(memory).length;
		const held = Object.keys(Object.values(memory).find((node) => node?.sessions)?.sessions ?? {}).length;
		const line = `100k sessions: stored memory ${bytes} bytes (${held} sessions held), poll ${pollMs} ms from list request to execution (list answers ${listTimes.slice(-3).join(', ')} ms)`;
		say(`  trigger replay, ${line}`);
		assert.ok(bytes < 64 * 1024, `memory ${bytes} bytes`);
		return line;
	} finally {
		if (trigger.workflowId) await client.post(`/rest/workflows/${trigger.workflowId}/deactivate`, {}).catch(() => undefined);
		await big.close();
	}
}

module.exports = { triggerReplayCase, watchedTrigger, DURABLE_ENV, CURSORS_ENV };
