/**
 * TLS against the HTTPS sandbox and its self-signed certificate, through n8n-core's real OAuth2
 * path: without "Ignore SSL Issues" both the token call and (with a token already stored) the API
 * call are refused with guidance that names the setting; with it, both go through.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { ACTIVE_SESSION_ID, CREATE, CREDENTIAL_ID, createdSessions, inputItems, startRig, type Rig } from './support';
import { watchTokenRequests } from './token-calls';

const TLS_MESSAGE = /^The Segura appliance's TLS certificate was not accepted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)$/;
const TLS_GUIDANCE = /"Ignore SSL Issues \(Insecure\)" in the Segura OAuth2 API credential/;

let rig: Rig;
const tokenRequests = watchTokenRequests();

beforeAll(async () => {
	rig = await startRig({ https: true });
	expect(rig.sandbox.baseUrl).toMatch(/^https:/);
});
afterAll(async () => {
	tokenRequests.restore();
	await rig.close();
});
beforeEach(() => {
	rig.reset();
	tokenRequests.calls.length = 0;
});

function expectTlsGuidance(error: Error | undefined, itemIndex = 0) {
	expect(error).toBeInstanceOf(NodeApiError);
	const apiError = error as NodeApiError;
	expect(apiError.message).toMatch(TLS_MESSAGE);
	expect(apiError.description).toMatch(TLS_GUIDANCE);
	expect(apiError.description).toMatch(/NODE_EXTRA_CA_CERTS/);
	expect(apiError.context.itemIndex).toBe(itemIndex);
}

/** A real token from the sandbox, fetched with Ignore SSL Issues on, then stored with it off. */
async function storeTokenThenDistrust(): Promise<IDataObject> {
	rig.setCredential({ ignoreSSLIssues: true });
	const primed = await rig.run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID });
	expect(primed.error).toBeUndefined();
	const { oauthTokenData } = rig.engine.getCredentialData(CREDENTIAL_ID);
	expect(oauthTokenData).toMatchObject({ access_token: rig.sandbox.issuedTokens().at(-1) });
	rig.setCredential({ ignoreSSLIssues: false, oauthTokenData });
	rig.sandbox.reset();
	tokenRequests.calls.length = 0;
	return oauthTokenData as IDataObject;
}

describe('Ignore SSL Issues off (the default)', () => {
	test.each([
		['Create', CREATE],
		['Get', { operation: 'get', remoteSessionId: ACTIVE_SESSION_ID }],
		['Get Many', { operation: 'getMany', returnAll: true }],
		['Terminate', { operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: ACTIVE_SESSION_ID }],
	])('%s: the token call is refused, and the error says what to turn on', async (_op, parameters) => {
		const result = await rig.run(parameters);
		expectTlsGuidance(result.error);
		// n8n tried to fetch a token once and the handshake failed: nothing reached the appliance. Not a
		// "try again" failure: a read that retried it would have tried the token call again.
		expect(tokenRequests.calls).toEqual([{ url: `${rig.sandbox.baseUrl}/iso/oauth2/token`, ok: false }]);
		expect(rig.sandbox.counters.requests).toBe(0);
		expect(rig.engine.getCredentialData(CREDENTIAL_ID).oauthTokenData).toBeUndefined();
	});

	test('Continue On Fail: every item gets the guidance, paired to its input', async () => {
		const result = await rig.run(CREATE, inputItems(3), true);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		result.items.forEach((item, index) => {
			expect(item.json.error).toMatch(TLS_MESSAGE);
			expect(item.json.details).toMatch(TLS_GUIDANCE);
			expect(item.pairedItem).toEqual({ item: index });
		});
	});

	test('with a token already stored, the API call alone is refused with the same guidance', async () => {
		const stored = await storeTokenThenDistrust();
		const result = await rig.run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID });
		expectTlsGuidance(result.error);
		// No token call this time: the stored token was used, and only the API call failed.
		expect(tokenRequests.calls).toEqual([]);
		expect(rig.sandbox.counters.requests).toBe(0);
		// The token is kept: a TLS failure says nothing about it.
		expect(rig.engine.getCredentialData(CREDENTIAL_ID).oauthTokenData).toEqual(stored);

		const create = await rig.run(CREATE, inputItems(2), true);
		expect(create.items.map((item) => item.json.error)).toEqual([expect.stringMatching(TLS_MESSAGE), expect.stringMatching(TLS_MESSAGE)]);
		expect(tokenRequests.calls).toEqual([]);
		expect(createdSessions(rig.sandbox)).toHaveLength(0);
	});
});

describe('Ignore SSL Issues on', () => {
	test('the token call and the API calls of every operation succeed', async () => {
		rig.setCredential({ ignoreSSLIssues: true });
		const created = await rig.run(CREATE, inputItems(2));
		expect(created.error).toBeUndefined();
		expect(created.items.map((item) => item.json.session_url)).toEqual([
			expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/modulos\/auth\?_sr=/),
			expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/modulos\/auth\?_sr=/),
		]);
		expect(tokenRequests.calls).toEqual([{ url: `${rig.sandbox.baseUrl}/iso/oauth2/token`, ok: true }]);

		const got = await rig.run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID });
		expect(got.items[0].json).toMatchObject({ id: ACTIVE_SESSION_ID });
		const listed = await rig.run({ operation: 'getMany', returnAll: true });
		expect(listed.items.length).toBe(createdSessions(rig.sandbox).length + 8);
		const [session] = createdSessions(rig.sandbox);
		const dropped = await rig.run({ operation: 'terminate', terminateBy: 'sessionHash', sessionHash: session.session_id });
		expect(dropped.items[0].json).toMatchObject({ terminated: true, session_id: session.session_id });

		expect([got, listed, dropped].map((r) => r.error)).toEqual([undefined, undefined, undefined]);
		// One token for all of it, over TLS.
		expect(tokenRequests.calls).toHaveLength(1);
		expect(rig.sandbox.counters.tokenRequests).toBe(1);
		expect(rig.sandbox.counters.creates).toBe(2);
		expect(rig.sandbox.counters.terminates).toBe(1);
	});

	test('a stored token is used over TLS without a new token call', async () => {
		const stored = await storeTokenThenDistrust();
		rig.setCredential({ ignoreSSLIssues: true, oauthTokenData: stored });
		const result = await rig.run({ operation: 'get', remoteSessionId: ACTIVE_SESSION_ID });
		expect(result.error).toBeUndefined();
		expect(tokenRequests.calls).toEqual([]);
		expect(rig.sandbox.requests.map((r) => [r.path, r.status])).toEqual([[`/iso/session/remotesessions/${ACTIVE_SESSION_ID}`, 200]]);
	});
});
