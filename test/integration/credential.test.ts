/**
 * The Segura credential inside n8n's own execution engine, with n8n's real OAuth2 token handling, over
 * real HTTP against the Segura sandbox: tokens, the credential test, base URLs and API path families.
 */
import type { NodeApiError } from 'n8n-workflow';

import { addCredential, box, create, engine, items, json, NODE_TYPE, pairing, sandbox, useSandboxAndEngine } from './setup';

useSandboxAndEngine();

describe('tokens', () => {
	it('fetches one token for many items and none on the next run while it is valid', async () => {
		const credentials = addCredential(engine, box);
		const rows = ['alice', 'bob', 'carol', 'alice', 'bob'].map((user) => ({ user, device: '10.66.33.17', credential: 'usrsudonopass' }));
		const first = await engine.runNode({ nodeType: NODE_TYPE, parameters: create(), credentials, items: items(...rows) });
		expect(first.items).toHaveLength(5);
		expect(box.counters.tokenRequests).toBe(1);
		await engine.runNode({ nodeType: NODE_TYPE, parameters: create(), credentials, items: items(...rows) });
		expect(box.counters.tokenRequests).toBe(1);
		expect(box.counters.creates).toBe(10);
		expect(engine.getCredentialData(credentials.seguraOAuth2Api.id).oauthTokenData).toMatchObject({
			access_token: box.issuedTokens().at(-1),
		});
	});

	it('fetches one token with several requests in flight (the first item goes alone)', async () => {
		const credentials = addCredential(engine, box);
		box.setLatency(30);
		try {
			const rows = Array.from({ length: 6 }, () => ({ user: 'alice', device: '10.66.33.17', credential: 'deploy' }));
			const { items: output } = await engine.runNode({ nodeType: NODE_TYPE, parameters: create({ options: { concurrency: 5 } }), credentials, items: items(...rows) });
			expect(pairing(output)).toEqual([0, 1, 2, 3, 4, 5]);
			expect(box.counters.tokenRequests).toBe(1);
		} finally {
			box.setLatency(0);
		}
	});

	it('fetches a new token once after expiry and goes on', async () => {
		const credentials = addCredential(engine, box);
		await engine.runNode({ nodeType: NODE_TYPE, parameters: { operation: 'get', remoteSessionId: '30' }, credentials });
		box.expireTokens();
		const { items: output, error } = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'get', remoteSessionId: '30' },
			credentials,
			items: items({}, {}, {}),
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(3);
		expect(box.counters.tokenRequests).toBe(2);
	});

	it('sends client id and secret in the form body by default, to the derived token URL', async () => {
		await engine.runNode({ nodeType: NODE_TYPE, parameters: { operation: 'get', remoteSessionId: '30' }, credentials: addCredential(engine, box) });
		const tokenCall = box.requests.find((request) => request.path === '/iso/oauth2/token');
		expect(tokenCall?.method).toBe('POST');
		expect(tokenCall?.headers.authorization).toBeUndefined();
		// n8n 1.x also sends the credential's empty scope.
		const scope = N8N_LINE === 1 ? { scope: '' } : {};
		expect(tokenCall?.body).toEqual({ grant_type: 'client_credentials', client_id: box.clientId, client_secret: box.clientSecret, ...scope });
		const apiCall = box.requests.find((request) => request.path === '/iso/session/remotesessions/30');
		expect(apiCall?.headers.authorization).toBe(`Bearer ${box.issuedTokens().at(-1)}`);
	});

	it('sends client id and secret as a Basic header when the credential says so', async () => {
		await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'get', remoteSessionId: '30' },
			credentials: addCredential(engine, box, { authentication: 'header' }),
		});
		const tokenCall = box.requests.find((request) => request.path === '/iso/oauth2/token');
		expect(tokenCall?.headers.authorization).toBe(`Basic ${Buffer.from(`${box.clientId}:${box.clientSecret}`).toString('base64')}`);
		expect(tokenCall?.body).not.toHaveProperty('client_secret');
	});
});

describe('path families, sub-paths and older appliances', () => {
	it('PAM Core paths with a base sub-path and a trailing slash', async () => {
		const proxied = await sandbox({ basePath: '/segura' });
		try {
			const credentials = addCredential(engine, proxied, { baseUrl: `${proxied.baseUrl}/`, apiPaths: 'pamCore' });
			const created = await engine.runNode({ nodeType: NODE_TYPE, parameters: create(), credentials, items: items({ user: 'alice', device: '10.66.33.17' }) });
			expect(json(created.items)[0].session_url).toMatch(new RegExp(`^${proxied.origin}/segura/modulos/auth`));
			const got = await engine.runNode({ nodeType: NODE_TYPE, parameters: { operation: 'get', remoteSessionId: '30' }, credentials });
			expect(json(got.items)[0].id).toBe('30');
			expect(proxied.requests.map((request) => `${request.method} ${request.fullPath}`)).toEqual([
				'POST /segura/iso/oauth2/token',
				'POST /segura/api/pam/remote/session',
				'GET /segura/api/pam/session/remotesessions/30',
			]);
		} finally {
			await proxied.close();
		}
	});

	it('an older appliance: credential required, remote_sessions and Portuguese keys', async () => {
		const legacy = await sandbox({ legacy: true });
		try {
			const credentials = addCredential(engine, legacy);
			const refused = await engine.runNode({ nodeType: NODE_TYPE, parameters: create(), credentials, items: items({ user: 'alice', device: '10.66.33.17' }) });
			expect(refused.error?.message).toMatch(/^Credential not specified\.?$/);
			expect((refused.error as NodeApiError).description).toMatch(/Fill in the Device Credential field/);

			const got = await engine.runNode({ nodeType: NODE_TYPE, parameters: { operation: 'get', remoteSessionId: '30' }, credentials });
			expect(json(got.items)[0]).toMatchObject({ credential: 'usrsudonopass', device: '10.66.33.17:22' });
			expect(json(got.items)[0]).not.toHaveProperty('credencial');
		} finally {
			await legacy.close();
		}
	});
});

describe('credential test', () => {
	it('passes with the right secret and fails with a wrong one', async () => {
		const good = addCredential(engine, box);
		expect(await engine.testCredential(good.seguraOAuth2Api.id)).toMatchObject({ status: 'OK' });
		const bad = addCredential(engine, box, { clientSecret: 'wrong' });
		const result = await engine.testCredential(bad.seguraOAuth2Api.id);
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain('wrong');
	});

	it('derives the token URL from the base URL, keeping a sub-path and dropping trailing slashes', async () => {
		const credentials = addCredential(engine, box, { baseUrl: 'https://proxy.example.com/segura//' });
		const resolved = await engine.getResolvedCredentialData(credentials.seguraOAuth2Api.id);
		expect(resolved.accessTokenUrl).toBe('https://proxy.example.com/segura/iso/oauth2/token');
		expect(resolved.grantType).toBe('clientCredentials');
	});
});
