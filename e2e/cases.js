'use strict';

/**
 * The e2e suite's cases (e2e/run.js runs them): each a branch of the suite workflow, which one
 * `n8n execute` runs, and a check of its output and of the sandboxes' state once the suite has run.
 */

const assert = require('node:assert/strict');

const { PROFILES } = require('../sandbox');
const { workflowBuilder } = require('../scripts/workflows');

/** One builder for every e2e workflow, so node ids stay unique within the suite. */
const build = workflowBuilder('e2e');
const { segura, items } = build;

/** The lifecycle after a create: find the active session, read it, drop it by its hash. */
function findGetTerminate(prefix, credential, filters, terminateName = `${prefix} Terminate`) {
	return [
		segura(`${prefix} Find`, credential, { operation: 'getMany', returnAll: false, limit: 1, filters: { ...filters, status: 'active' } }),
		segura(`${prefix} Get`, credential, { operation: 'get', remoteSessionId: '={{ $json.id }}' }),
		segura(terminateName, credential, { operation: 'terminate', terminateBy: 'sessionHash', sessionHash: '={{ $json.session_id }}' }),
	];
}

/** Output items (`{ json, pairedItem }`) of a node's first run, main output 0. */
function outputOf(execution, nodeName) {
	const runs = execution.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run`);
	if (runs[0].error) throw new Error(`node "${nodeName}" failed: ${runs[0].error.message}`);
	return runs[0].data?.main?.[0] ?? [];
}

/**
 * The fix an error item carries. n8n 2.41 rewrites the json of every item that has an `error` to
 * `{ error: message }` (WorkflowExecute.normalizeNodeErrors), so the node's `description` survives
 * on the item's error object; should the node keep it in the json, that is read first.
 */
const hintOf = (item) => String(item.json.details ?? '');

const json = (execution, nodeName) => outputOf(execution, nodeName).map((item) => item.json);

function sessionById(sandbox, id) {
	const session = sandbox.sessions().find((s) => s.id === String(id));
	assert.ok(session, `sandbox has no session ${id}`);
	return session;
}

/**
 * Each case: the nodes of its branch (`chain`: linked one after another, the first from the suite's
 * trigger or from `after`), and a check run once the suite has run. Cases do not depend on each
 * other's data: each uses its own user/device pair or its own sandbox.
 */
function defineCases(ctx) {
	const { A, B, C, E, F, cred } = ctx;
	return [
		{
			name: 'create: 2 items, A2A over HTTP',
			chain: [
				items('01 Requests', [
					{ user: 'alice', device: '10.66.33.17', credential: 'usrsudonopass' },
					{ user: 'bob', device: '10.66.33.17', credential: 'deploy' },
				]),
				segura('01 Create', cred.a2a, {
					operation: 'create',
					user: '={{ $json.user }}',
					device: '={{ $json.device }}',
					protocol: 'SSH',
					credential: '={{ $json.credential }}',
				}),
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
		},
		{
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
		},
		{
			name: 'create → get many → get → terminate by hash → again (ignore if ended)',
			chain: [
				segura('03 Create', cred.a2a, {
					operation: 'create',
					user: 'bob',
					device: '10.66.33.20',
					protocol: 'RDP',
					credential: 'Administrator',
					options: { includeSessionToken: false },
				}),
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
		},
		{
			name: 'terminate by numeric ID (active session)',
			chain: [
				segura('04 Create', cred.a2a, {
					operation: 'create',
					user: 'carol',
					device: '10.66.33.20',
					protocol: 'RDP',
					credential: 'Administrator',
				}),
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
		},
		{
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
		},
		{
			name: 'one token request for the whole run (A2A sandbox, 7 nodes, 15 calls)',
			check() {
				assert.equal(A.counters.tokenRequests, 1);
				assert.equal(A.counters.tokenFailures, 0);
				assert.equal(A.counters.creates, 6);
				assert.equal(A.counters.createAttempts, 7);
				assert.equal(A.counters.terminates, 2);
			},
		},
		{
			name: 'HTTPS self-signed: rejected without Ignore SSL Issues',
			chain: [
				segura('07 List (TLS verified)', cred.httpsStrict, { operation: 'getMany', returnAll: false, limit: 1 }, { onError: 'continueRegularOutput' }),
			],
			check(run) {
				const out = outputOf(run, '07 List (TLS verified)');
				assert.equal(out.length, 1);
				assert.match(out[0].json.error, /certificate/i, JSON.stringify(out[0].json));
				assert.match(hintOf(out[0]), /Ignore SSL Issues/);
			},
		},
		{
			name: 'HTTPS self-signed: accepted with Ignore SSL Issues',
			chain: [
				segura('08 Create', cred.httpsInsecure, {
					operation: 'create',
					user: 'alice',
					device: '10.66.33.17',
					protocol: 'SSH',
					credential: 'usrsudonopass',
				}),
				segura('08 Get Many', cred.httpsInsecure, {
					operation: 'getMany',
					returnAll: false,
					limit: 5,
					filters: { user: 'alice', status: 'active' },
				}),
			],
			check(run) {
				assert.ok(B.baseUrl.startsWith('https://'));
				const [created] = json(run, '08 Create');
				assert.ok(created.session_url.startsWith(`${B.baseUrl}/`));
				const active = json(run, '08 Get Many');
				assert.ok(active.some((s) => s.credential === 'usrsudonopass' && s.active));
				// The verified credential never got through the TLS handshake: one token, for the other.
				assert.equal(B.counters.tokenRequests, 1);
				assert.equal(B.counters.creates, 1);
			},
		},
		{
			name: 'PAM Core paths under a base sub-path, Basic client auth',
			chain: [
				segura('09 Create', cred.pamCore, {
					operation: 'create',
					user: 'carol',
					device: '10.66.33.17',
					protocol: 'SSH',
					credential: 'deploy',
				}),
				...findGetTerminate('09', cred.pamCore, { user: 'carol', device: '10.66.33.17' }),
			],
			check(run) {
				assert.ok(C.baseUrl.endsWith('/segura'));
				const [created] = json(run, '09 Create');
				assert.ok(created.session_url.startsWith(`${C.baseUrl}/`));
				const [found] = json(run, '09 Find');
				const [got] = json(run, '09 Get');
				assert.equal(got.id, found.id);
				assert.equal(json(run, '09 Terminate')[0].terminated, true);
				assert.ok(sessionById(C, got.id).end);
				const paths = C.requests.map((r) => `${r.method} ${r.fullPath}`);
				assert.deepEqual(paths, [
					'POST /segura/iso/oauth2/token',
					'POST /segura/api/pam/remote/session',
					'GET /segura/api/pam/session/remotesessions',
					`GET /segura/api/pam/session/remotesessions/${got.id}`,
					`DELETE /segura/api/pam/session/drop/${got.session_id}`,
				]);
				assert.match(String(C.requests[0].headers.authorization), /^Basic /);
			},
		},
		...[
			{ label: '10', sandbox: E, credential: cred.v332, version: '3.32', deviceCredential: 'usrsudonopass' },
			{ label: '11', sandbox: F, credential: cred.current, version: 'current', deviceCredential: '' },
		].map(({ label, sandbox, credential, version, deviceCredential }) => ({
			name: `Segura ${version} (sandbox profile), API Paths left at Auto: create → get many → get → terminate`,
			chain: [
				segura(`${label} Create`, credential, { operation: 'create', user: 'carol', device: '10.66.33.17', protocol: 'SSH', credential: deviceCredential }),
				...findGetTerminate(label, credential, { user: 'carol', device: '10.66.33.17' }),
			],
			check(run) {
				const [created] = json(run, `${label} Create`);
				assert.ok(created.session_url.startsWith(`${sandbox.baseUrl}/`));
				assert.equal(created.selection_mode ?? 'explicit', deviceCredential ? 'explicit' : 'automatic');
				const [found] = json(run, `${label} Find`);
				const [got] = json(run, `${label} Get`);
				assert.equal(got.id, found.id);
				const [ended] = json(run, `${label} Terminate`);
				assert.equal(ended.terminated, true);
				assert.equal(ended.session_id, found.session_id);
				assert.ok(sessionById(sandbox, got.id).end);
				// The paths this version serves, each found by Auto (a route-level 404 is a probe).
				const { paths } = PROFILES[version];
				const served = sandbox.requests.filter((r) => r.status !== 404 && !r.path.includes('oauth2')).map((r) => `${r.method} ${r.path}`);
				assert.deepEqual(served, [
					`POST ${paths.create[0]}`,
					`GET ${paths.list[0]}`,
					`GET ${paths.getOne[0].replace('{id}', got.id)}`,
					`DELETE ${paths.drop[0].replace('{id}', encodeURIComponent(found.session_id))}`,
				]);
			},
		})),
	];
}

module.exports = { build, defineCases, outputOf, json, sessionById };
