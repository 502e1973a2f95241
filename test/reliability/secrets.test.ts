/**
 * Secret canary: a distinctive client secret, every operation and every error path through
 * n8n-core's engine against the sandbox (HTTP and HTTPS), and then a search for the secret and
 * for every access token and session token the sandbox handed out in all that a user or an
 * operator can see: error messages, descriptions and serialisations, output items, run data,
 * everything logged. The one place a session token may appear is `token` in Create's output when
 * Include Session Token is on.
 */
import { randomBytes } from 'crypto';
import type { ICredentialDataDecryptedObject, INodeCredentialTestResult, INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { FaultKind } from '../../sandbox';
import { FAULT_KINDS } from '../../sandbox';
import type { RunResult } from '../harness/engine';
import { dump, safeJson, startCapture } from './capture';
import { printSummary } from './report';
import { ACTIVE_SESSION_ID, CREATE, CREDENTIAL_ID, createdSessions, inputItems, startRig, type Rig } from './support';

// Installed before anything runs, so n8n-core's Logger and ErrorReporter are built around it.
const capture = startCapture();

const CLIENT_SECRET = `canary-secret-${randomBytes(12).toString('hex')}`;
const WRONG_SECRET = `canary-wrong-secret-${randomBytes(12).toString('hex')}`;
const BOGUS_TOKEN = `canary-bogus-token-${randomBytes(12).toString('hex')}`;
const TIMEOUT_MS = 300;

let http: Rig;
let https: Rig;

/** Everything that must never be shown. Read after each run: tokens are issued as runs go. */
function needles(): Array<{ what: string; value: string }> {
	const list = [
		{ what: 'client secret', value: CLIENT_SECRET },
		{ what: 'wrong client secret', value: WRONG_SECRET },
		{ what: 'injected access token', value: BOGUS_TOKEN },
	];
	for (const rig of [http, https]) {
		for (const secret of [CLIENT_SECRET, WRONG_SECRET]) {
			// What a Basic client-authentication header carries.
			list.push({ what: 'Basic client credentials', value: Buffer.from(`${rig.sandbox.clientId}:${secret}`).toString('base64') });
		}
		list.push(...rig.sandbox.issuedTokens().map((value) => ({ what: 'access token', value })));
		list.push(...rig.sandbox.sessionTokens().map((value) => ({ what: 'session token', value })));
	}
	return list;
}

interface Place {
	where: string;
	text: string;
}

interface Observation {
	runs: RunResult[];
	credentialTests?: INodeCredentialTestResult[];
	/** Include Session Token on: `token` in Create's output items is the one allowed occurrence. */
	outputTokensAllowed?: boolean;
}

/** Blanks the allowed `token` fields (as JSON or as util.inspect writes them), nothing else. */
function redactAllowed(text: string, allowed: string[]): string {
	let out = text;
	for (const token of allowed) {
		out = out.split(`"token":"${token}"`).join('"token":"<allowed>"').split(`token: '${token}'`).join("token: '<allowed>'");
	}
	return out;
}

function errorPlaces(where: string, error: unknown): Place[] {
	const record = error as { message?: unknown; description?: unknown };
	let plain: string;
	try {
		plain = JSON.stringify(error) ?? '';
	} catch {
		plain = safeJson(error);
	}
	return [
		{ where: `${where}.message`, text: String(record.message ?? '') },
		{ where: `${where}.description`, text: String(record.description ?? '') },
		{ where: `${where} JSON.stringify`, text: plain },
		{ where: `${where} inspected`, text: dump(error) },
	];
}

function placesOf(label: string, observation: Observation, logLines: string[]): Place[] {
	const places: Place[] = [];
	observation.runs.forEach((result, r) => {
		const at = `${label} run ${r}`;
		const allowed = observation.outputTokensAllowed
			? result.items.map((item) => item.json.token).filter((t): t is string => typeof t === 'string')
			: [];
		if (result.error) places.push(...errorPlaces(`${at} error`, result.error));
		result.items.forEach((item, i) => {
			places.push({ where: `${at} item ${i} json`, text: redactAllowed(JSON.stringify(item.json), allowed) });
			places.push({ where: `${at} item ${i} inspected`, text: redactAllowed(dump(item), allowed) });
			if (item.error) places.push(...errorPlaces(`${at} item ${i} error`, item.error));
		});
		places.push({ where: `${at} run data`, text: redactAllowed(safeJson(result.runData), allowed) });
		places.push({ where: `${at} run (IRun) inspected`, text: redactAllowed(dump(result.run), allowed) });
	});
	(observation.credentialTests ?? []).forEach((test, t) => places.push({ where: `${label} credential test ${t}`, text: safeJson(test) }));
	logLines.forEach((line, l) => places.push({ where: `${label} log line ${l}`, text: line }));
	return places;
}

function findLeaks(places: Place[]): string[] {
	const found: string[] = [];
	const list = needles();
	for (const place of places) {
		for (const needle of list) {
			const count = place.text.split(needle.value).length - 1;
			if (count > 0) found.push(`${needle.what} x${count} in ${place.where}`);
		}
	}
	return found;
}

const tally = { scenarios: 0, places: 0, occurrences: 0, logLines: 0 };

beforeAll(async () => {
	http = await startRig({ clientSecret: CLIENT_SECRET });
	https = await startRig({ clientSecret: CLIENT_SECRET, https: true });
});
afterAll(async () => {
	await http?.close();
	await https?.close();
	capture.stop();
	printSummary('reliability: secret canary', [
		`${tally.scenarios} scenarios, ${tally.places} places scanned (${tally.logLines} of them log lines), ${needles().length} secrets searched`,
		`occurrences found: ${tally.occurrences}`,
	]);
});
beforeEach(() => {
	http.reset();
	https.reset();
});

const run = async (parameters: INodeParameters, items = inputItems(1), continueOnFail = false, rig = http) =>
	await rig.run(parameters, items, continueOnFail);

const expectError = (result: RunResult, message: RegExp) => {
	expect(result.error).toBeInstanceOf(NodeApiError);
	expect(result.error?.message).toMatch(message);
};
const expectErrorItem = (result: RunResult, message: RegExp) => {
	expect(result.error).toBeUndefined();
	expect(result.items[0].json.error).toMatch(message);
};

/** Runs with the stored credential replaced by `data` (baseUrl, clientId and secret kept). */
const withCredential = (rig: Rig, data: ICredentialDataDecryptedObject) => rig.setCredential(data);

/** A real, valid access token from the HTTPS sandbox, stored in its credential. */
async function storeTokenOverTls(): Promise<void> {
	https.setCredential({ ignoreSSLIssues: true });
	const primed = await run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID }, inputItems(1), false, https);
	expect(primed.error).toBeUndefined();
	const { oauthTokenData } = https.engine.getCredentialData(CREDENTIAL_ID);
	expect(oauthTokenData).toMatchObject({ access_token: expect.any(String) });
	https.setCredential({ ignoreSSLIssues: false, oauthTokenData });
}

interface Scenario {
	name: string;
	run(): Promise<Observation>;
}

const OPERATIONS: Scenario[] = [
	{
		name: 'Create, Include Session Token on: the token is output, once, as `token`',
		async run() {
			const result = await run(CREATE, inputItems(2));
			expect(result.error).toBeUndefined();
			const issued = http.sandbox.sessionTokens();
			for (const item of result.items) expect(issued).toContain(item.json.token);
			return { runs: [result], outputTokensAllowed: true };
		},
	},
	{
		name: 'Create, Include Session Token off: no token anywhere',
		async run() {
			const result = await run({ ...CREATE, options: { includeSessionToken: false } }, inputItems(2));
			expect(result.error).toBeUndefined();
			for (const item of result.items) {
				expect(item.json).not.toHaveProperty('token');
				expect(item.json.session_url).toEqual(expect.any(String));
			}
			return { runs: [result] };
		},
	},
	{
		name: 'Get',
		async run() {
			const result = await run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID });
			expect(result.items[0].json.id).toBe(ACTIVE_SESSION_ID);
			return { runs: [result] };
		},
	},
	{
		name: 'Get Many',
		async run() {
			const result = await run({ operation: 'getMany', returnAll: true });
			expect(result.items.length).toBeGreaterThan(1);
			return { runs: [result] };
		},
	},
	{
		name: 'Terminate by session hash, and by id',
		async run() {
			const opened = await run({ ...CREATE, options: { includeSessionToken: false } });
			const [session] = createdSessions(http.sandbox);
			const byHash = await run({ operation: 'terminate', terminateBy: 'sessionHash', sessionHash: session.session_id });
			expect(byHash.items[0].json.terminated).toBe(true);
			const byId = await run({ operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: '37' });
			expect(byId.items[0].json.terminated).toBe(true);
			return { runs: [opened, byHash, byId] };
		},
	},
	{
		name: 'Terminate, Ignore If Already Ended, unknown hash',
		async run() {
			const result = await run({ operation: 'terminate', terminateBy: 'sessionHash', sessionHash: 'ab'.repeat(20), options: { ignoreIfAlreadyEnded: true } });
			// No session has this hash: an error, not "already ended", even with Ignore If Already Ended.
			expect(result.error).toBeDefined();
			expect(result.items).toEqual([]);
			return { runs: [result] };
		},
	},
	{
		name: 'Credential test, right and wrong secret',
		async run() {
			const right = await http.engine.testCredential(CREDENTIAL_ID);
			expect(right.status).toBe('OK');
			withCredential(http, { clientSecret: WRONG_SECRET });
			const wrong = await http.engine.testCredential(CREDENTIAL_ID);
			expect(wrong.status).toBe('Error');
			return { runs: [], credentialTests: [right, wrong] };
		},
	},
];

const apiFault = (kind: FaultKind) => ({ kind, count: 1, hangMs: 2 * TIMEOUT_MS, retryAfterSeconds: 0 });

const FAULT_PATHS: Scenario[] = FAULT_KINDS.flatMap((kind): Scenario[] => [
	{
		name: `fault ${kind} on Create (Continue On Fail off)`,
		async run() {
			http.sandbox.injectFaults({ ...apiFault(kind), match: '/remote/session' });
			const result = await run({ ...CREATE, options: { timeout: TIMEOUT_MS } });
			expectError(result, /./);
			return { runs: [result] };
		},
	},
	{
		name: `fault ${kind} on Terminate (Continue On Fail on)`,
		async run() {
			http.sandbox.injectFaults({ ...apiFault(kind), match: '/session/drop/' });
			const result = await run({ operation: 'terminate', terminateBy: 'sessionHash', sessionHash: 'cd'.repeat(20), options: { timeout: TIMEOUT_MS } }, inputItems(1), true);
			expectErrorItem(result, /./);
			return { runs: [result] };
		},
	},
	{
		name: `fault ${kind} on the token endpoint (first token of a Get)`,
		async run() {
			// n8n's token request has its own 300 s timeout: the node's Timeout does not reach it.
			http.sandbox.injectFaults({ ...apiFault(kind), scope: 'token', hangMs: 200 });
			const result = await run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID, options: { timeout: TIMEOUT_MS } }, inputItems(1), true);
			expect(http.sandbox.requests.some((r) => r.fault === kind && r.path === '/iso/oauth2/token')).toBe(true);
			return { runs: [result] };
		},
	},
]);

const SEGURA_ERRORS: Scenario[] = [
	{
		name: '400 Invalid protocol',
		async run() {
			const result = await run({ ...CREATE, protocol: 'GOPHER' });
			expectError(result, /^Invalid protocol\.$/);
			return { runs: [result] };
		},
	},
	{
		name: '400 Credential device not specified (domain credential without remote device)',
		async run() {
			const result = await run({ ...CREATE, device: '10.66.33.20', protocol: 'RDP', credential: 'CORP\\svc-rdp' }, inputItems(1), true);
			expectErrorItem(result, /^Credential device not specified\.$/);
			return { runs: [result] };
		},
	},
	{
		name: '404 unknown user, unknown session id',
		async run() {
			const user = await run({ ...CREATE, user: 'mallory' });
			expectError(user, /^Resource sub not found\.$/);
			const id = await run({ operation: 'get', remoteSessionId: '9999' }, inputItems(1), true);
			expectErrorItem(id, /^Resource sub not found\.$/);
			return { runs: [user, id] };
		},
	},
	{
		name: '409 session.no_available_credential',
		async run() {
			const result = await run({ ...CREATE, device: '10.66.33.18', credential: '' });
			expectError(result, /^session\.no_available_credential$/);
			return { runs: [result] };
		},
	},
	{
		name: '200 + response.error: drop of an unknown hash; Terminate of an ended session',
		async run() {
			const drop = await run({ operation: 'terminate', terminateBy: 'sessionHash', sessionHash: 'ef'.repeat(20) });
			expectError(drop, /droping session/);
			const ended = await run({ operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: '30' }, inputItems(1), true);
			expectErrorItem(ended, /already ended/);
			return { runs: [drop, ended] };
		},
	},
	{
		name: '401 on a wrong stored token: n8n fetches a new one and goes on',
		async run() {
			withCredential(http, { oauthTokenData: { access_token: BOGUS_TOKEN, token_type: 'Bearer' } });
			const result = await run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID });
			expect(result.error).toBeUndefined();
			// Under n8n 1.x the 401 is taken as it comes, then sent again so that n8n renews (README).
			expect(http.sandbox.requests.map((r) => r.status)).toEqual(N8N_LINE === 1 ? [401, 401, 200, 200] : [401, 200, 200]);
			return { runs: [result] };
		},
	},
	{
		name: '401 that survives the token renewal (tokens expire at once)',
		async run() {
			http.sandbox.setTokenLifetime(0);
			const result = await run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID });
			expectError(result, /^Client authentication failed\.$/);
			expect((result.error as NodeApiError).httpCode).toBe('401');
			return { runs: [result] };
		},
	},
	{
		name: 'token endpoint refuses a wrong secret (body and Basic client authentication)',
		async run() {
			withCredential(http, { clientSecret: WRONG_SECRET });
			const body = await run(CREATE);
			expectError(body, /did not issue an access token/);
			withCredential(http, { clientSecret: WRONG_SECRET, authentication: 'header' });
			const basic = await run(CREATE, inputItems(1), true);
			expectErrorItem(basic, /did not issue an access token/);
			expect(http.sandbox.counters.tokenFailures).toBe(2);
			return { runs: [body, basic] };
		},
	},
	{
		name: 'stored token expired, renewal refused (secret rotated)',
		async run() {
			const first = await run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID });
			expect(first.error).toBeUndefined();
			const { oauthTokenData } = http.engine.getCredentialData(CREDENTIAL_ID);
			http.sandbox.expireTokens();
			withCredential(http, { clientSecret: WRONG_SECRET, oauthTokenData });
			const result = await run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID });
			expectError(result, /did not issue an access token/);
			return { runs: [first, result] };
		},
	},
	{
		name: 'TLS: self-signed certificate refused on the token call and on the API call',
		async run() {
			const tokenCall = await run(CREATE, inputItems(1), false, https);
			expectError(tokenCall, /TLS certificate was not accepted/);
			await storeTokenOverTls();
			const apiCall = await run(CREATE, inputItems(1), true, https);
			expectErrorItem(apiCall, /TLS certificate was not accepted/);
			https.setCredential({ ignoreSSLIssues: true });
			const accepted = await run({ ...CREATE, options: { includeSessionToken: false } }, inputItems(1), false, https);
			expect(accepted.error).toBeUndefined();
			return { runs: [tokenCall, apiCall, accepted] };
		},
	},
];

describe.each([
	['operations', OPERATIONS],
	['faults (API and token endpoint)', FAULT_PATHS],
	['documented Segura errors, auth and TLS', SEGURA_ERRORS],
])('secret canary: %s', (_group, scenarios) => {
	test.each(scenarios)('$name', async (scenario) => {
		const firstLine = capture.lines.length;
		const observation = await scenario.run();
		const logLines = capture.lines.slice(firstLine);
		const places = placesOf(scenario.name, observation, logLines);
		const leaks = findLeaks(places);
		tally.scenarios++;
		tally.places += places.length;
		tally.logLines += logLines.length;
		tally.occurrences += leaks.length;
		expect(leaks).toEqual([]);
	});
});

// Declared last, so it runs after the scenarios above (jest keeps declaration order).
test('the capture saw what n8n logs: engine lines, error reports, the token renewal', () => {
	const text = capture.lines.join('\n');
	expect(text).toMatch(/logger\.debug: Workflow execution started/);
	// n8n-core 2.x's ErrorReporter logs every node error through the DI logger (1.x does not).
	if (N8N_LINE === 2) expect(text).toMatch(/logger\.error: Client authentication failed\./);
	expect(text).toMatch(/logger\.debug: OAuth2 token for "seguraOAuth2Api" used by node "Node" expired\. (Revalidating|Should revalidate)\./);
});
