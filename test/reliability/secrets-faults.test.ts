/**
 * Secret canary, part 2: every fault the sandbox can inject (on the API and on the token
 * endpoint) and every documented Segura error, auth and TLS failure; see canary.ts.
 */
import { NodeApiError } from 'n8n-workflow';
import type { FaultKind } from '../../sandbox';
import { FAULT_KINDS } from '../../sandbox';
import { BOGUS_TOKEN, capture, createOutput, describeScenarios, expectError, expectErrorItem, rigs, run, storeTokenOverTls, TIMEOUT_MS, useCanary, withCredential, WRONG_SECRET, type Scenario } from './canary';
import { ACTIVE_SESSION_ID, CREATE, CREDENTIAL_ID, inputItems } from './support';

useCanary('reliability: secret canary (faults, Segura errors, auth, TLS)');

const apiFault = (kind: FaultKind) => ({ kind, count: 1, hangMs: 2 * TIMEOUT_MS, retryAfterSeconds: 0 });

const FAULT_PATHS: Scenario[] = FAULT_KINDS.flatMap((kind): Scenario[] => [
	{
		name: `fault ${kind} on Create (Continue On Fail off)`,
		async run() {
			rigs.http.sandbox.injectFaults({ ...apiFault(kind), match: '/remote/session' });
			const result = await run({ ...CREATE, options: { timeout: TIMEOUT_MS } });
			expectError(result, /./);
			return { runs: [result] };
		},
	},
	{
		name: `fault ${kind} on Terminate (Continue On Fail on)`,
		async run() {
			rigs.http.sandbox.injectFaults({ ...apiFault(kind), match: '/session/drop/' });
			const result = await run({ operation: 'terminate', terminateBy: 'sessionHash', sessionHash: 'cd'.repeat(20), options: { timeout: TIMEOUT_MS } }, inputItems(1), true);
			expectErrorItem(result, /./);
			return { runs: [result] };
		},
	},
	{
		name: `fault ${kind} on the token endpoint (first token of a Get)`,
		async run() {
			// n8n's token request has its own 300 s timeout: the node's Timeout does not reach it.
			rigs.http.sandbox.injectFaults({ ...apiFault(kind), scope: 'token', hangMs: 200 });
			const result = await run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID, options: { timeout: TIMEOUT_MS } }, inputItems(1), true);
			expect(rigs.http.sandbox.requests.some((r) => r.fault === kind && r.path === '/iso/oauth2/token')).toBe(true);
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
			expectError(user, /^Segura has no user mallory$/);
			const id = await run({ operation: 'get', remoteSessionId: '9999' }, inputItems(1), true);
			expectErrorItem(id, /^Segura has no remote session with id 9999$/);
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
			expectError(drop, /^No remote session has this session_id$/);
			const ended = await run({ operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: '30' }, inputItems(1), true);
			expectErrorItem(ended, /already ended/);
			return { runs: [drop, ended] };
		},
	},
	{
		name: '401 on a wrong stored token: n8n fetches a new one and goes on',
		async run() {
			withCredential(rigs.http, { oauthTokenData: { access_token: BOGUS_TOKEN, token_type: 'Bearer' } });
			const result = await run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID });
			expect(result.error).toBeUndefined();
			// Under n8n 1.x the 401 is taken as it comes, then sent again so that n8n renews (README).
			expect(rigs.http.sandbox.requests.map((r) => r.status)).toEqual(N8N_LINE === 1 ? [401, 401, 200, 200] : [401, 200, 200]);
			return { runs: [result] };
		},
	},
	{
		name: '401 that survives the token renewal (tokens expire at once)',
		async run() {
			rigs.http.sandbox.setTokenLifetime(0);
			const result = await run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID });
			expectError(result, /^Client authentication failed\.$/);
			expect((result.error as NodeApiError).httpCode).toBe('401');
			return { runs: [result] };
		},
	},
	{
		name: 'token endpoint refuses a wrong secret (body and Basic client authentication)',
		async run() {
			withCredential(rigs.http, { clientSecret: WRONG_SECRET });
			const body = await run(CREATE);
			expectError(body, /did not issue an access token/);
			withCredential(rigs.http, { clientSecret: WRONG_SECRET, authentication: 'header' });
			const basic = await run(CREATE, inputItems(1), true);
			expectErrorItem(basic, /did not issue an access token/);
			expect(rigs.http.sandbox.counters.tokenFailures).toBe(2);
			return { runs: [body, basic] };
		},
	},
	{
		name: 'stored token expired, renewal refused (secret rotated)',
		async run() {
			const first = await run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID });
			expect(first.error).toBeUndefined();
			const { oauthTokenData } = rigs.http.engine.getCredentialData(CREDENTIAL_ID);
			rigs.http.sandbox.expireTokens();
			withCredential(rigs.http, { clientSecret: WRONG_SECRET, oauthTokenData });
			const result = await run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID });
			expectError(result, /did not issue an access token/);
			return { runs: [first, result] };
		},
	},
	{
		name: 'TLS: self-signed certificate refused on the token call and on the API call',
		async run() {
			const tokenCall = await run(CREATE, inputItems(1), false, rigs.https);
			expectError(tokenCall, /TLS certificate was not accepted/);
			await storeTokenOverTls();
			const apiCall = await run(CREATE, inputItems(1), true, rigs.https);
			expectErrorItem(apiCall, /TLS certificate was not accepted/);
			rigs.https.setCredential({ ignoreSSLIssues: true });
			const accepted = await run({ ...CREATE, options: { includeSessionToken: false } }, inputItems(1), false, rigs.https);
			expect(accepted.error).toBeUndefined();
			return { runs: [tokenCall, apiCall, accepted], allowed: createOutput(accepted, false) };
		},
	},
];

describeScenarios([
	['faults (API and token endpoint)', FAULT_PATHS],
	['documented Segura errors, auth and TLS', SEGURA_ERRORS],
]);

// Declared last, so it runs after the scenarios above (jest keeps declaration order).
test('the capture saw what n8n logs: engine lines, error reports, the token renewal', () => {
	const text = capture.lines.join('\n');
	expect(text).toMatch(/logger\.debug: Workflow execution started/);
	// n8n-core 2.x's ErrorReporter logs every node error through the DI logger (1.x does not).
	if (N8N_LINE === 2) expect(text).toMatch(/logger\.error: Client authentication failed\./);
	expect(text).toMatch(/logger\.debug: OAuth2 token for "seguraOAuth2Api" used by node "Node" expired\. (Revalidating|Should revalidate)\./);
});

