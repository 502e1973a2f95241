#!/usr/bin/env node
'use strict';

/**
 * `npm run test:e2e`: the packed package installed as a community package in a real n8n 2.x,
 * workflows imported and run by n8n itself against local Segura sandboxes, outputs and sandbox state
 * asserted.
 *
 *   1. provision n8n (cached), build + pack while the credentials are imported; install the tarball
 *   2. import the three examples, runnable copies of two of them, and the suite workflow
 *   3. `n8n execute` the suite once: one manual trigger fans out to one branch per case. Each
 *      `n8n execute` costs ~4.5 s of start-up, so batching every case into one run keeps this short.
 *   4. `n8n start` once: owner login (set up from env, as `npm start` does), the node types the editor
 *      loads (the node and its AI tool variant), then the examples run the way the editor's "Execute
 *      workflow" button runs them (~0.5 s each on the running server). The approval and audit
 *      examples run as copies made from the example files: manual trigger instead of webhook /
 *      schedule, email and wait disabled. Sub-workflow calls from `n8n execute` are no option: n8n
 *      2.x runs only published sub-workflows outside manual runs, and imports are unpublished.
 *
 * KEEP_E2E=1 keeps the throwaway n8n user folder (with suite-execution.json, the suite's run data).
 * Secrets never reach the output: every line printed passes through redact(), which knows the
 * client secrets and every token the sandboxes issued.
 */

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const env = require('../scripts/n8n-env');
const { startSandbox } = require('../sandbox/server');

const KEEP = process.env.KEEP_E2E === '1';
const SEGURA = 'n8n-nodes-segura.seguraRemoteSession';
const SUITE_ID = 'e2e-segura-suite';
const APPROVAL_COPY_ID = 'e2e-approval-copy';
const AUDIT_COPY_ID = 'e2e-audit-copy';

// --- output ---------------------------------------------------------------------------------------

const secrets = new Set();
const sandboxes = [];

/** Replaces client secrets and every token any sandbox handed out. */
function redact(text) {
	let out = String(text);
	for (const sandbox of sandboxes) {
		for (const token of [...sandbox.issuedTokens(), ...sandbox.sessionTokens()]) secrets.add(token);
	}
	for (const secret of secrets) if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
	return out.replace(/("(?:token|access_token|clientSecret)"\s*:\s*)"[^"]*"/g, '$1"[redacted]"');
}

function say(line = '') {
	process.stdout.write(`${redact(line)}\n`);
}

// --- workflow building blocks ---------------------------------------------------------------------

let nodeCount = 0;

function node(name, type, typeVersion, parameters, extra = {}) {
	nodeCount += 1;
	return { id: `e2e-node-${nodeCount}`, name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

function segura(name, credential, parameters, extra = {}) {
	return node(name, SEGURA, 1, parameters, {
		credentials: { seguraOAuth2Api: { id: credential.id, name: credential.name } },
		...extra,
	});
}

/** The lifecycle after a create: find the active session, read it, drop it by its hash. */
function findGetTerminate(prefix, credential, filters, terminateName = `${prefix} Terminate`) {
	return [
		segura(`${prefix} Find`, credential, { operation: 'getMany', returnAll: false, limit: 1, filters: { ...filters, status: 'active' } }),
		segura(`${prefix} Get`, credential, { operation: 'get', remoteSessionId: '={{ $json.id }}' }),
		segura(terminateName, credential, { operation: 'terminate', terminateBy: 'sessionHash', sessionHash: '={{ $json.session_id }}' }),
	];
}

/** Input items for a case (a Code node: the only core node that emits several items by itself). */
function items(name, list) {
	return node(name, 'n8n-nodes-base.code', 2, {
		mode: 'runOnceForAllItems',
		jsCode: `return ${JSON.stringify(list)}.map((json) => ({ json }));`,
	});
}

const manualTrigger = (name) => node(name, 'n8n-nodes-base.manualTrigger', 1, {});

function connect(connections, from, to) {
	connections[from] ??= { main: [[]] };
	connections[from].main[0].push({ node: to, type: 'main', index: 0 });
}

/**
 * An example made runnable on demand: the same nodes, expressions and credential, with its trigger
 * replaced by a manual one and the listed nodes disabled (a disabled node passes its input through).
 * `replace` maps a node name to the node put in its place (same name, so expressions still match).
 */
function exampleCopy(example, { id, replace = {}, disable = [], prepend }) {
	const copy = structuredClone(example);
	copy.id = id;
	copy.name = `[e2e copy] ${example.name}`;
	copy.nodes = copy.nodes.map((original) => {
		const replacement = replace[original.name];
		const changed = replacement ? { ...replacement, id: original.id, name: original.name, position: original.position } : original;
		return disable.includes(original.name) ? { ...changed, disabled: true } : changed;
	});
	for (const name of [...Object.keys(replace), ...disable]) {
		assert.ok(example.nodes.some((n) => n.name === name), `example ${example.id} has no node "${name}"`);
	}
	if (prepend) {
		copy.nodes.push({ ...prepend.node, position: [-700, 60] });
		connect(copy.connections, prepend.node.name, prepend.before);
	}
	return copy;
}

// --- the cases ------------------------------------------------------------------------------------

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

/** Seconds between two sandbox times ("YYYY-MM-DD HH:MM:SS", UTC with the default offset). */
const sandboxEpoch = (time) => Date.parse(`${time.replace(' ', 'T')}Z`);

/**
 * Each case: the nodes of its branch (`chain`: linked one after another, the first from the suite's
 * trigger or from `after`), and a check run once the suite has run. Cases do not depend on each
 * other's data: each uses its own user/device pair or its own sandbox.
 */
function defineCases(ctx) {
	const { A, B, C, cred } = ctx;
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
	];
}

/**
 * Workflows run through the running server, the way the editor's "Execute workflow" button runs
 * them (a manual execution): the examples. Each check gets the run data and the sandbox counters as
 * they were just before the run.
 */
function defineRestCases(ctx) {
	const { D } = ctx;
	return [
		{
			name: 'example approval-to-session (manual trigger, email + wait disabled)',
			workflowId: APPROVAL_COPY_ID,
			check(run, before) {
				const out = json(run, 'Terminate Session');
				assert.equal(out.length, 1);
				assert.equal(out[0].terminated, true);
				const [created] = json(run, 'Create Session');
				assert.ok(created.session_url.startsWith(`${D.baseUrl}/`));
				assert.equal(created.token, undefined, 'the example leaves the session token out');
				assert.equal(created.selection_mode, 'automatic');
				const [found] = json(run, 'Look Up Session');
				assert.equal(found.session_id, out[0].session_id);
				const session = sessionById(D, found.id);
				assert.equal(session.user, 'alice');
				assert.equal(session.device, '10.66.33.17:22');
				assert.ok(session.end, 'ended in the sandbox');
				assert.equal(D.counters.creates - before.creates, 1);
				assert.equal(D.counters.terminates - before.terminates, 1);
			},
		},
		{
			name: 'example daily-session-audit (manual trigger)',
			workflowId: AUDIT_COPY_ID,
			check(run) {
				// What the report must say, from the sandbox's own records: sessions that ended and
				// started in the last 24 h (seeded ones plus any an earlier case ended).
				const since = Date.now() - 24 * 3600_000;
				const expected = new Map();
				for (const s of D.sessions()) {
					if (!s.end || sandboxEpoch(s.start) < since) continue;
					const entry = expected.get(s.user) ?? { user: s.user, session_count: 0, total_duration_seconds: 0 };
					entry.session_count += 1;
					entry.total_duration_seconds += (sandboxEpoch(s.end) - sandboxEpoch(s.start)) / 1000;
					expected.set(s.user, entry);
				}
				const got = json(run, 'Summarise per User').map(({ user, session_count, total_duration_seconds }) => ({
					user,
					session_count,
					total_duration_seconds,
				}));
				const byUser = (a, b) => a.user.localeCompare(b.user);
				assert.deepEqual([...got].sort(byUser), [...expected.values()].sort(byUser));
				// Spot checks against the seed: bob's 3 min 9 s session 5 h ago, alice's 22 min 41 s one
				// 19 h ago; carol's session 26 h ago is outside the window.
				assert.deepEqual(got.find((u) => u.user === 'bob'), { user: 'bob', session_count: 1, total_duration_seconds: 189 });
				assert.ok(got.find((u) => u.user === 'alice').total_duration_seconds >= 1361);
				assert.ok(!got.some((u) => u.user === 'carol'));
			},
		},
		{
			name: 'example sandbox-demo (as is, the npm start demo)',
			workflowId: 'segura-sandbox-demo',
			check(run, before) {
				const [created] = json(run, 'Create Session');
				assert.ok(created.session_url.startsWith(`${D.baseUrl}/`));
				assert.equal(created.selection_mode, 'automatic');
				assert.equal(D.counters.creates - before.creates, 1);
				const listed = json(run, "Alice's Sessions");
				assert.equal(listed[0].active, true, 'the new session comes first');
				assert.ok(['34', '31'].every((id) => listed.some((s) => s.id === id)), "with alice's seeded sessions");
				assert.ok(listed.every((s) => s.user === 'alice'));
			},
		},
	];
}

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
				connect(connections, from, n.name);
			});
		});
	});
	return { id: SUITE_ID, name: '[e2e] Segura node suite', active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

// --- phases ---------------------------------------------------------------------------------------

const results = [];

/** Runs a step, times it, and records pass/fail for the table; returns its value or undefined. */
async function step(name, fn, { fatal = false } = {}) {
	const started = Date.now();
	try {
		const value = await fn();
		results.push({ name, ok: true, ms: Date.now() - started });
		return value;
	} catch (error) {
		results.push({ name, ok: false, ms: Date.now() - started, error });
		if (fatal) throw Object.assign(new Error(`${name} failed`), { cause: error, reported: true });
		return undefined;
	}
}

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
	const owner = { email: 'e2e@segura.test', password: `E2e-${crypto.randomBytes(9).toString('base64url')}1` };
	secrets.add(owner.password);
	const server = await step('n8n start (owner from env) ready', () =>
		n8n.startServer({ port: ctx.serverPort, extraEnv: env.ownerEnv(n8n.runtime, owner) }),
	);
	if (!server) return;
	try {
		const client = new env.RestClient(server.url);
		await step('owner login (POST /rest/login)', async () => {
			const user = await client.login(owner.email, owner.password);
			assert.equal(user.email, owner.email);
			assert.equal(user.role, 'global:owner');
		});
		await step('editor node types: node, AI tool variant, credential', async () => {
			const nodes = await client.get('/types/nodes.json');
			const names = new Set(nodes.map((n) => n.name));
			assert.ok(names.has(SEGURA), `${SEGURA} registered`);
			assert.ok(names.has(`${SEGURA}Tool`), `${SEGURA}Tool registered`);
			const credentials = await client.get('/types/credentials.json');
			assert.ok(credentials.some((c) => c.name === 'seguraOAuth2Api'));
		});
		await step('examples listed in the editor (GET /rest/workflows)', async () => {
			const workflows = await client.get('/rest/workflows');
			const ids = new Set(workflows.map((w) => w.id));
			for (const example of Object.values(ctx.examples)) assert.ok(ids.has(example.id), `${example.id} imported`);
		});
		for (const testCase of defineRestCases(ctx)) {
			await step(testCase.name, async () => {
				const before = { ...ctx.D.counters };
				const { status, data } = await env.runWorkflowViaRest(n8n.runtime, client, testCase.workflowId);
				assert.equal(status, 'success', `execution status ${status}: ${JSON.stringify(data.resultData.error ?? {})}`);
				testCase.check({ data }, before);
			});
		}
	} finally {
		await step('n8n stopped cleanly', () => server.stop());
	}
}

// --- main -----------------------------------------------------------------------------------------

/** The throwaway n8n user folder (removed at the end, or on Ctrl-C, unless KEEP_E2E=1). */
let userFolder;

async function main() {
	const startedAt = Date.now();
	userFolder = env.makeTempDir('n8n-segura-e2e-');
	let n8n;
	try {
		say(`n8n-nodes-segura e2e: user folder ${userFolder}${KEEP ? ' (kept: KEEP_E2E=1)' : ''}`);
		const runtime = await step('provision n8n (cached after the first run)', () => env.provisionN8n((line) => say(`  ${line}`)), { fatal: true });
		say(`  n8n ${runtime.n8nVersion} with Node 24 from ${runtime.root}`);

		// Sandboxes: each concern its own, so counters and session lists stay exact.
		const secret = () => `e2e-${crypto.randomBytes(12).toString('hex')}`;
		const launch = async (options) => {
			const sandbox = await startSandbox({ clientId: 'n8n-e2e-client', clientSecret: secret(), ...options });
			sandboxes.push(sandbox);
			secrets.add(sandbox.clientSecret);
			return sandbox;
		};
		const [A, B, C, D] = await Promise.all([
			launch({}),
			launch({ https: true }),
			launch({ basePath: '/segura' }),
			launch({}),
		]);
		const cred = {
			a2a: { id: 'e2e-a2a-http', name: 'E2E A2A over HTTP', sandbox: A },
			httpsStrict: { id: 'e2e-https-verified', name: 'E2E HTTPS verified', sandbox: B },
			httpsInsecure: { id: 'e2e-https-insecure', name: 'E2E HTTPS Ignore SSL Issues', sandbox: B, ignoreSSLIssues: true },
			pamCore: { id: 'e2e-pamcore-subpath', name: 'E2E PAM Core sub-path', sandbox: C, apiPaths: 'pamCore', authentication: 'header' },
			example: { ...env.EXAMPLE_CREDENTIAL, sandbox: D },
		};

		const [brokerPort, serverPort] = [await env.freePort(), await env.freePort()];
		n8n = new env.N8n(runtime, env.n8nEnv(runtime, { userFolder, brokerPort }));

		// Building the package and n8n's first start (database migrations) are independent: overlap them.
		const [tarball] = await Promise.all([
			step('npm run build + npm pack', () => env.buildAndPack(path.join(userFolder, 'pack')), { fatal: true }),
			step('import credentials (runs the migrations)', () => n8n.importCredentials(Object.values(cred).map(env.seguraCredential)), { fatal: true }),
		]);
		await step('install the tarball as a community package', () => env.installPackage(tarball, userFolder), { fatal: true });

		const examples = env.readExamples();
		const approval = examples['approval-to-session.json'];
		const audit = examples['daily-session-audit.json'];
		const ctx = { A, B, C, D, cred, examples, serverPort };
		const cases = defineCases(ctx);
		const workflows = [
			...Object.values(examples),
			exampleCopy(approval, {
				id: APPROVAL_COPY_ID,
				replace: {
					// The webhook's request, as the approval tool would send it.
					'Approval Webhook': node('', 'n8n-nodes-base.set', 3.4, {
						mode: 'raw',
						jsonOutput: JSON.stringify({
							body: { requester: 'alice', device: '10.66.33.17', protocol: 'SSH', credential: '', email: 'alice@example.com', minutes: 30 },
						}),
						options: {},
					}),
				},
				disable: ['Email Link', 'Wait Access Window'],
				prepend: { node: manualTrigger('Run Test'), before: 'Approval Webhook' },
			}),
			exampleCopy(audit, { id: AUDIT_COPY_ID, replace: { 'Every Day at 07:00': manualTrigger('') } }),
			suiteWorkflow(cases),
		];
		await step(`import ${workflows.length} workflows (3 examples, 2 runnable copies, the suite)`, () => n8n.importWorkflows(workflows), { fatal: true });

		const run = await step('n8n execute the suite (one process, all cases)', () => n8n.execute(SUITE_ID), { fatal: true });
		if (KEEP) fs.writeFileSync(path.join(userFolder, 'suite-execution.json'), redact(JSON.stringify(run.execution, null, 2)));
		checkCases(cases, run.execution);

		await serverChecks(n8n, ctx);
	} catch (error) {
		if (!error.reported) results.push({ name: 'e2e runner', ok: false, ms: 0, error });
	} finally {
		await env.stopAllChildren();
		await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
		if (!KEEP) fs.rmSync(userFolder, { recursive: true, force: true });
	}
	report(Date.now() - startedAt);
}

function report(totalMs) {
	say('');
	const width = Math.max(...results.map((r) => r.name.length));
	for (const r of results) say(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(width)}  ${(r.ms / 1000).toFixed(1).padStart(5)} s`);
	const failed = results.filter((r) => !r.ok);
	for (const r of failed) {
		say(`\n--- ${r.name}`);
		let error = r.error;
		while (error) {
			say(error.message ?? String(error));
			if (error.output) say(error.output.slice(-4000));
			error = error.cause;
		}
	}
	say(`\n${results.length - failed.length} passed, ${failed.length} failed; total ${(totalMs / 1000).toFixed(1)} s`);
	process.exitCode = failed.length ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => {
		say(`\n${signal}: stopping n8n and the sandboxes`);
		env.stopAllChildren().finally(() => {
			if (userFolder && !KEEP) fs.rmSync(userFolder, { recursive: true, force: true });
			process.exit(130);
		});
	});
}

main();
