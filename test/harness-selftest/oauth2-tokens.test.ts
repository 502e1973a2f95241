/**
 * Harness self-test, OAuth2 tokens: how n8n-core's engine gets a token for the Segura credential
 * (token URL, client authentication), stores and reuses it, and fetches a new one after a 401.
 */
import { NodeApiError } from 'n8n-workflow';

import { apiCalls, credentials, newEngine, NODE, SUITE, tokenPaths, useOAuthServer } from './setup';

describe(SUITE, () => {
	const server = useOAuthServer();

	describe('token URL from the base URL', () => {
		test.each([
			['no trailing slash', (url: string) => url, '/iso/oauth2/token', '/iso/echo'],
			['trailing slash and blanks', (url: string) => ` ${url}/ `, '/iso/oauth2/token', '/iso/echo'],
			[
				'sub-path, trailing slashes',
				(url: string) => `${url}/segura//`,
				'/segura/iso/oauth2/token',
				'/segura/iso/echo',
			],
		])('%s', async (_label, baseUrl, tokenPath, apiPath) => {
			const engine = newEngine(server, { baseUrl: baseUrl(server.url) });
			// The hidden accessTokenUrl default is an expression on $self["baseUrl"], resolved by n8n.
			const resolved = await engine.getResolvedCredentialData('cred-1');
			expect(resolved.accessTokenUrl).toBe(`${server.url}${tokenPath}`);

			const { items, error } = await engine.runNode({ nodeType: NODE, credentials });
			expect(error).toBeUndefined();
			expect(tokenPaths(server)).toEqual([tokenPath]);
			expect(items).toEqual([
				{
					json: expect.objectContaining({ path: apiPath, token: 'tok-1' }),
					pairedItem: { item: 0 },
				},
			]);
		});
	});

	test.each([
		['body', 'body', undefined],
		['header', 'header', 'Basic Y2xpZW50LTE6c2VjcmV0LTE='], // base64("client-1:secret-1")
	])('client authentication "%s"', async (authentication, expectedAuth, expectedHeader) => {
		const engine = newEngine(server, { authentication });
		const { error } = await engine.runNode({ nodeType: NODE, credentials });
		expect(error).toBeUndefined();
		const [tokenRequest] = server.state.tokenRequests;
		expect(tokenRequest.clientAuth).toBe(expectedAuth);
		expect(tokenRequest.headers.authorization).toBe(expectedHeader);
		expect(tokenRequest.form.grant_type).toBe('client_credentials');
		// scope '' is not sent at all.
		expect(tokenRequest.form).not.toHaveProperty('scope');
	});

	test('a wrong client secret fails the run with the token error', async () => {
		const engine = newEngine(server, { clientSecret: 'wrong' });
		const { error, items } = await engine.runNode({ nodeType: NODE, credentials });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toMatch(/Failed to acquire OAuth2 access token/);
		expect(items).toEqual([]);
		expect(server.state.apiRequests).toEqual([]);
		expect(engine.getCredentialData('cred-1').oauthTokenData).toBeUndefined();
	});

	test('the token is stored in the credential and reused by the next run', async () => {
		const engine = newEngine(server);
		await engine.runNode({ nodeType: NODE, credentials });
		const stored = engine.getCredentialData('cred-1');
		expect(stored.oauthTokenData).toEqual(
			expect.objectContaining({ access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 }),
		);
		// Only the token is written back; the resolved fields (token URL, grant type) are not.
		expect(stored).not.toHaveProperty('accessTokenUrl');

		const second = await engine.runNode({ nodeType: NODE, credentials });
		expect(second.error).toBeUndefined();
		expect(server.state.tokenRequests).toHaveLength(1);
		expect(apiCalls(server)).toEqual(['Bearer tok-1 /iso/echo 200', 'Bearer tok-1 /iso/echo 200']);
	});

	test('a 401 makes n8n fetch a new token once and retry the request once', async () => {
		const engine = newEngine(server);
		await engine.runNode({ nodeType: NODE, credentials });
		server.failNext(1);
		const { error, items } = await engine.runNode({ nodeType: NODE, credentials });
		expect(error).toBeUndefined();
		expect(items[0].json.token).toBe('tok-2');
		expect(server.state.tokenRequests).toHaveLength(2);
		expect(apiCalls(server)).toEqual([
			'Bearer tok-1 /iso/echo 200',
			'Bearer tok-1 /iso/echo 401',
			'Bearer tok-2 /iso/echo 200',
		]);
		expect(engine.getCredentialData('cred-1').oauthTokenData).toMatchObject({
			access_token: 'tok-2',
		});
	});

	test('a second 401 after the refetch is the node error (no loop)', async () => {
		const engine = newEngine(server);
		server.failNext(5);
		const { error } = await engine.runNode({ nodeType: NODE, credentials });
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('401');
		expect(server.state.tokenRequests).toHaveLength(2);
		expect(server.state.apiRequests).toHaveLength(2);
	});

	test('three items share one token', async () => {
		const engine = newEngine(server);
		const items = [1, 2, 3].map((n) => ({ json: { n } }));
		const result = await engine.runNode({ nodeType: NODE, credentials, items });
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(server.state.tokenRequests).toHaveLength(1);
		expect(server.state.apiRequests).toHaveLength(3);
	});

	test('n8n behaviour: parallel requests without a stored token each fetch a token', async () => {
		const engine = newEngine(server);
		const items = [1, 2, 3].map((n) => ({ json: { n } }));
		await engine.runNode({ nodeType: NODE, credentials, items, parameters: { parallel: true } });
		expect(server.state.tokenRequests).toHaveLength(3);
		// Once a token is stored, parallel requests reuse it.
		await engine.runNode({ nodeType: NODE, credentials, items, parameters: { parallel: true } });
		expect(server.state.tokenRequests).toHaveLength(3);
	});
});
