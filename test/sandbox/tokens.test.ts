/**
 * The Segura sandbox over real HTTP: the token endpoint (client credentials in the body or as
 * HTTP Basic, failures, expiry) and how API calls are authenticated.
 */
import { api, basic, call, getToken, tokenRequest, withSandbox } from './client';
import type { TokenAnswer } from './client';
import { delay } from './delay';
import { expectError } from './expect-envelope';
import { GATEWAY_NO_ROUTE } from './profile-cases';
import { sb, token, useSandbox } from './use-sandbox';

const NO_ROUTE = { message: 'No route matched with those values.' };
const INVALID_CLIENT = { error: 'invalid_client', error_description: 'Client authentication failed.' };

useSandbox();

describe('token endpoint', () => {
	it('issues a bearer token for client credentials sent in the body', async () => {
		expect([sb.clientId, sb.clientSecret]).toEqual(['n8n-sandbox-client', 'n8n-sandbox-secret']);
		const reply = await tokenRequest(sb, {
			grant_type: 'client_credentials',
			client_id: sb.clientId,
			client_secret: sb.clientSecret,
		});
		expect(reply.status).toBe(200);
		const answer = reply.json as TokenAnswer;
		expect(Object.keys(answer).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
		expect(answer.token_type).toBe('Bearer');
		expect(answer.expires_in).toBe(3600);
		expect(answer.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
		expect(reply.headers.get('cache-control')).toBe('no-store');
		expect(sb.issuedTokens()).toContain(answer.access_token);
		expect(sb.counters).toMatchObject({ tokenRequests: 1, tokenFailures: 0, requests: 1 });
		expect((await api(sb, answer.access_token as string, 'GET', '/iso/session/remotesessions')).status).toBe(200);
	});

	it('accepts HTTP Basic client authentication', async () => {
		const reply = await tokenRequest(sb, { grant_type: 'client_credentials' }, { Authorization: basic(sb.clientId, sb.clientSecret) });
		expect(reply.status).toBe(200);
		expect((reply.json as TokenAnswer).token_type).toBe('Bearer');
	});

	it('form-decodes both parts of Basic credentials (RFC 6749 2.3.1)', async () => {
		await withSandbox({ clientId: 'app:one', clientSecret: 's3cr+t/é %' }, async (own) => {
			const encoded = basic(encodeURIComponent(own.clientId), encodeURIComponent(own.clientSecret));
			expect((await tokenRequest(own, { grant_type: 'client_credentials' }, { Authorization: encoded })).status).toBe(200);
			// Unencoded, the colon inside the id splits it in the wrong place.
			const raw = basic(own.clientId, own.clientSecret);
			expect((await tokenRequest(own, { grant_type: 'client_credentials' }, { Authorization: raw })).status).toBe(401);
		});
	});

	it('answers invalid_client for a wrong secret, missing credentials or another grant type', async () => {
		const issuedBefore = sb.issuedTokens().length;
		const attempts: Array<Record<string, string>> = [
			{ grant_type: 'client_credentials', client_id: sb.clientId, client_secret: 'wrong' },
			{ grant_type: 'client_credentials', client_id: sb.clientId },
			{ grant_type: 'client_credentials' },
			{ grant_type: 'password', client_id: sb.clientId, client_secret: sb.clientSecret },
		];
		for (const fields of attempts) {
			const reply = await tokenRequest(sb, fields);
			expect(reply.status).toBe(401);
			expect(reply.json).toEqual(INVALID_CLIENT);
		}
		const wrongBasic = await tokenRequest(sb, { grant_type: 'client_credentials' }, { Authorization: basic(sb.clientId, 'nope') });
		expect(wrongBasic.status).toBe(401);
		expect(sb.counters).toMatchObject({ tokenRequests: 5, tokenFailures: 5 });
		expect(sb.issuedTokens()).toHaveLength(issuedBefore);
	});

	it('expires tokens after their lifetime', async () => {
		await withSandbox({ tokenLifetimeSeconds: 1 }, async (own) => {
			const short = await getToken(own);
			expect((await api(own, short, 'GET', '/iso/session/remotesessions')).status).toBe(200);
			await delay(1100);
			expectError(await api(own, short, 'GET', '/iso/session/remotesessions'), 401, 'Client authentication failed.');
		});
	});
});

describe('API authentication', () => {
	it('answers "No route matched" without an Authorization header', async () => {
		const reply = await call(`${sb.baseUrl}/iso/session/remotesessions`);
		expect(reply.status).toBe(401);
		expect(reply.json).toEqual(NO_ROUTE);
	});

	it.each([
		['an unknown token', 'Bearer abc.def.ghi'],
		['a malformed header', 'Token whatever'],
		['Basic credentials', 'Basic bjhuOng='],
	])('answers "Client authentication failed." for %s', async (_name, authorization) => {
		const reply = await call(`${sb.baseUrl}/iso/session/remotesessions`, { headers: { Authorization: authorization } });
		expectError(reply, 401, 'Client authentication failed.');
	});

	it('rejects tokens after expireTokens(), and reset() does not revive them', async () => {
		sb.expireTokens();
		expectError(await api(sb, token, 'GET', '/iso/session/remotesessions'), 401, 'Client authentication failed.');
		sb.reset();
		expect((await api(sb, token, 'GET', '/iso/session/remotesessions')).status).toBe(401);
		expect((await api(sb, await getToken(sb), 'GET', '/iso/session/remotesessions')).status).toBe(200);
	});

	it("answers the gateway's 404 for unknown routes, methods and doubled slashes, token or not", async () => {
		for (const [method, path] of [['GET', '/iso/nothing/here'], ['GET', '/iso/remote/session'], ['GET', '//iso/session/remotesessions'], ['GET', '/iso/session/remotesessions/']]) {
			const reply = await api(sb, token, method, path);
			expect({ path, status: reply.status, json: reply.json }).toEqual({ path, status: 404, json: GATEWAY_NO_ROUTE });
		}
		expect((await api(sb, 'not-a-token', 'GET', '/iso/nothing/here')).json).toEqual(GATEWAY_NO_ROUTE);
	});
});
