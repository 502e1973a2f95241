'use strict';

/**
 * The e2e suite's cases (e2e/run.js runs them): each a branch of the suite workflow, which one
 * `n8n execute` runs, and a check of its output and of the sandboxes' state once the suite has run.
 */

const assert = require('node:assert/strict');

const { build, createNode, findGetTerminate, outputOf, hintOf, json, sessionById } = require('./run-data');
const { defineConnectionCases } = require('./connection-cases');

const { segura, items } = build;

/**
 * Each case: the nodes of its branch (`chain`: linked one after another, the first from the suite's
 * trigger or from `after`), and a check run once the suite has run. Cases do not depend on each
 * other's data: each uses its own user/device pair or its own sandbox.
 */
function defineCases(ctx) {
	return [
		createTwoItemsCase(ctx),
		continueOnFailCase(ctx),
		unknownValuesCase(ctx),
		lifecycleByHashCase(ctx),
		terminateByIdCase(ctx),
		seededHistoryCase(ctx),
		oneTokenPerRunCase(ctx),
		...defineConnectionCases(ctx),
	];
}

/** Two items through one Create node: each its own session on the sandbox, paired with its item. */
function createTwoItemsCase({ A, cred }) {
	return {
		name: 'create: 2 items, A2A over HTTP',
		chain: [
			items('01 Requests', [
				{ user: 'alice', device: '10.66.33.17', credential: 'usrsudonopass' },
				{ user: 'bob', device: '10.66.33.17', credential: 'deploy' },
			]),
			createNode('01 Create', cred.a2a, { user: '={{ $json.user }}', device: '={{ $json.device }}', protocol: 'SSH', credential: '={{ $json.credential }}' }),
		],
		check(run) {
			const out = outputOf(run, '01 Create');
			assert.equal(out.length, 2);
			out.forEach((item, i) => {
				const expected = [['alice', 'usrsudonopass'], ['bob', 'deploy']][i];
				assert.ok(item.json.session_url.startsWith(`${A.baseUrl}/`), `session_url on the sandbox: ${item.json.session_url}`);
				assert.equal(item.json.user, expected[0]);
				assert.equal(item.json.credential, expected[1]);
				assert.equal(item.json.selection_mode, 'explicit');
				assert.equal(typeof item.json.token, 'string');
				assert.deepEqual(item.pairedItem, { item: i });
				const stored = A.sessions().filter((s) => s.user === expected[0] && s.credential === expected[1] && !s.end);
				assert.equal(stored.length, 1, `the sandbox holds the active session of ${expected[0]}`);
				assert.equal(stored[0].device, '10.66.33.17:22');
			});
		},
	};
}

/**
 * One item the sandbox refuses (409): with Continue On Fail it becomes an error item that carries
 * the fix, and the other items still create.
 */
function continueOnFailCase({ A, cred }) {
	return {
		name: 'Continue On Fail: 409 no_available_credential item, others succeed',
		chain: [
			items('02 Requests', [
				{ user: 'alice', device: '10.66.33.20', protocol: 'RDP', credential: 'Administrator' },
				{ user: 'bob', device: '10.66.33.18', protocol: 'SSH', credential: '' },
				{ user: 'carol', device: '10.66.33.17', protocol: 'SSH', credential: 'deploy-key' },
			]),
			segura(
				'02 Create',
				cred.a2a,
				{
					operation: 'create',
					user: '={{ $json.user }}',
					device: '={{ $json.device }}',
					protocol: '={{ $json.protocol }}',
					credential: '={{ $json.credential }}',
				},
				{ onError: 'continueRegularOutput' },
			),
		],
		check(run) {
			const out = outputOf(run, '02 Create');
			assert.equal(out.length, 3);
			assert.ok(out[0].json.session_url.startsWith(`${A.baseUrl}/`));
			assert.ok(out[2].json.session_url.startsWith(`${A.baseUrl}/`));
			assert.equal(out[1].json.session_url, undefined);
			const failed = JSON.stringify(out[1].json);
			assert.match(out[1].json.error, /session\.no_available_credential/, failed);
			assert.match(hintOf(out[1]), /free credential/i, failed);
			assert.deepEqual(out.map((item) => item.pairedItem), [{ item: 0 }, { item: 1 }, { item: 2 }]);
			assert.ok(A.requests.some((r) => r.path === '/iso/remote/session' && r.status === 409), 'the sandbox answered 409');
		},
	};
}

/**
 * Segura refuses an unknown user, device or credential with one message: the node reads the
 * device and credential lists and names the value, in the error item's headline.
 */
function unknownValuesCase({ A, cred }) {
	const requests = [
		{ user: 'mallory', device: '10.66.33.17', credential: 'deploy' },
		{ user: 'alice', device: '10.66.33.99', credential: '' },
		{ user: 'alice', device: 'linux-srv-01', credential: 'dbadmin' },
	];
	return {
		name: 'unknown user, device, credential and session id: each named in the error',
		chain: [
			items('02b Requests', requests),
			segura(
				'02b Create',
				cred.a2a,
				{ operation: 'create', user: '={{ $json.user }}', device: '={{ $json.device }}', protocol: 'SSH', credential: '={{ $json.credential }}' },
				{ onError: 'continueRegularOutput' },
			),
			segura('02b Get', cred.a2a, { operation: 'get', remoteSessionId: '9999' }, { onError: 'continueRegularOutput', executeOnce: true }),
		],
		check(run) {
			assert.deepEqual(
				outputOf(run, '02b Create').map((item) => item.json.error),
				['Segura has no user mallory', 'Segura has no device 10.66.33.99', 'Segura has no credential dbadmin on device linux-srv-01 (10.66.33.17)'],
			);
			assert.deepEqual(outputOf(run, '02b Get').map((item) => item.json.error), ['Segura has no remote session with id 9999']);
			assert.equal(A.sessions().filter((s) => s.user === 'mallory').length, 0, 'nothing was created for mallory');
		},
	};
}

/** A session's whole lifecycle; the second terminate is what Ignore If Already Ended is for. */
function lifecycleByHashCase({ A, cred }) {
	return {
		name: 'create → get many → get → terminate by hash → again (ignore if ended)',
		chain: [
			createNode('03 Create', cred.a2a, { user: 'bob', device: '10.66.33.20', protocol: 'RDP', credential: 'Administrator', options: { includeSessionToken: false } }),
			...findGetTerminate('03', cred.a2a, { user: 'bob', device: '10.66.33.20' }, '03 Terminate By Hash'),
			segura('03 Terminate Again', cred.a2a, {
				operation: 'terminate',
				terminateBy: 'remoteSessionId',
				remoteSessionId: "={{ $('03 Get').item.json.id }}",
				options: { ignoreIfAlreadyEnded: true },
			}),
		],
		check(run) {
			const [created] = json(run, '03 Create');
			assert.ok(created.session_url.startsWith(`${A.baseUrl}/`));
			assert.equal(created.token, undefined, 'Include Session Token off leaves the token out');
			const found = json(run, '03 Find');
			assert.equal(found.length, 1);
			assert.ok(Number(found[0].id) >= 38, `a new session, not a seeded one (id ${found[0].id})`);
			const [got] = json(run, '03 Get');
			assert.equal(got.id, found[0].id);
			assert.equal(got.session_id, found[0].session_id);
			assert.equal(got.user, 'bob');
			assert.equal(got.device, '10.66.33.20:3389');
			assert.equal(got.active, true);
			assert.equal(typeof got.start_iso, 'string');
			const [dropped] = json(run, '03 Terminate By Hash');
			assert.equal(dropped.terminated, true);
			assert.equal(dropped.session_id, got.session_id);
			const [again] = json(run, '03 Terminate Again');
			assert.equal(again.terminated, false);
			assert.equal(again.already_ended, true);
			assert.equal(again.id, got.id);
			assert.ok(sessionById(A, got.id).end, 'the sandbox shows the session ended');
		},
	};
}

/** Terminate by the numeric ID Get Many returns: the other way to name a session. */
function terminateByIdCase({ A, cred }) {
	return {
		name: 'terminate by numeric ID (active session)',
		chain: [
			createNode('04 Create', cred.a2a, { user: 'carol', device: '10.66.33.20', protocol: 'RDP', credential: 'Administrator' }),
			segura('04 Find', cred.a2a, {
				operation: 'getMany',
				returnAll: false,
				limit: 1,
				filters: { user: 'carol', device: '10.66.33.20', status: 'active' },
			}),
			segura('04 Terminate By ID', cred.a2a, {
				operation: 'terminate',
				terminateBy: 'remoteSessionId',
				remoteSessionId: '={{ $json.id }}',
			}),
		],
		check(run) {
			const [found] = json(run, '04 Find');
			const [dropped] = json(run, '04 Terminate By ID');
			assert.equal(dropped.terminated, true);
			assert.equal(dropped.id, found.id);
			assert.equal(dropped.session_id, found.session_id);
			assert.ok(sessionById(A, found.id).end, 'the sandbox shows the session ended');
		},
	};
}

/** Get Many over the sandbox's seeded history, whose ids and durations are known in advance. */
function seededHistoryCase({ cred }) {
	return {
		name: 'get many: filters, order, helper fields (seeded history)',
		chain: [
			segura('05 Alice Ended', cred.a2a, {
				operation: 'getMany',
				returnAll: true,
				filters: { user: 'alice', status: 'ended' },
			}),
		],
		also: [
			segura('05 Newest Old RDP', cred.a2a, {
				operation: 'getMany',
				returnAll: false,
				limit: 1,
				// Sessions the other cases end are newer than an hour: only seeded ones qualify.
				filters: { protocol: 'rdp', status: 'ended', startedBefore: '={{ $now.minus({ hours: 1 }).toISO() }}' },
			}),
		],
		check(run) {
			const ended = json(run, '05 Alice Ended');
			assert.deepEqual(ended.map((s) => s.id), ['34', '31'], 'newest first');
			assert.deepEqual(ended.map((s) => s.duration_seconds), [22 * 60 + 41, 14 * 60 + 32]);
			assert.deepEqual(ended.map((s) => s.active), [false, false]);
			assert.deepEqual(ended.map((s) => s.device_host), ['10.66.33.18', '10.66.33.17']);
			assert.deepEqual(json(run, '05 Newest Old RDP').map((s) => s.id), ['34']);
		},
	};
}

/** No branch of its own: what the whole run did on the A2A sandbox, one token shared by every node. */
function oneTokenPerRunCase({ A }) {
	return {
		name: 'one token request for the whole run (A2A sandbox, every Segura node of the suite)',
		check() {
			assert.equal(A.counters.tokenRequests, 1);
			assert.equal(A.counters.tokenFailures, 0);
			assert.equal(A.counters.creates, 6);
			// 6 created, the continue-on-fail case's refused one and the 3 unknown values.
			assert.equal(A.counters.createAttempts, 10);
			assert.equal(A.counters.terminates, 2);
		},
	};
}

// The run-data helpers stay importable from here for the other e2e files.
module.exports = { build, defineCases, outputOf, json, sessionById };
