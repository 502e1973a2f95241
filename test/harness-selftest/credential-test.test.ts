/**
 * Harness self-test, credential tests: the Segura credential's test (token, one call, its rules)
 * and n8n-core's mechanics for a test.request that does not ignore HTTP status errors.
 */
import type { ICredentialTestRequest } from 'n8n-workflow';

import { SeguraOAuth2Api } from '../../credentials/SeguraOAuth2Api.credentials';
import { createEngine } from '../harness/engine';
import { newEngine, SUITE, useOAuthServer } from './setup';

describe(SUITE, () => {
	const server = useOAuthServer();

	describe('credential test, Segura credential (whatever its test.request currently is)', () => {
		test.each([
			['a2a', '/iso/'],
			['pamCore', '/api/pam/'],
		])('%s: fetches and stores a token, then makes one call with it', async (apiPaths, prefix) => {
			const engine = newEngine(server, { apiPaths });
			await expect(engine.testCredential('cred-1')).resolves.toEqual({
				status: 'OK',
				message: 'Connection successful!',
			});
			expect(server.state.tokenRequests).toHaveLength(1);
			expect(server.state.apiRequests).toEqual([
				expect.objectContaining({
					authorization: 'Bearer tok-1',
					path: expect.stringMatching(`^${prefix}`),
				}),
			]);
			expect(engine.getCredentialData('cred-1').oauthTokenData).toMatchObject({
				access_token: 'tok-1',
			});
		});

		test('a bad client secret is reported', async () => {
			const result = await newEngine(server, { clientSecret: 'wrong' }).testCredential('cred-1');
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/Failed to acquire OAuth2 access token/);
		});

		test('each responseSuccessBody rule turns a matching answer into its message', async () => {
			const rules = (new SeguraOAuth2Api().test?.rules ?? []).filter(
				(rule) => rule.type === 'responseSuccessBody',
			);
			for (const rule of rules) {
				const { key, value, message } = rule.properties as {
					key: string;
					value: unknown;
					message: string;
				};
				const body = key
					.split('.')
					.reduceRight<unknown>((inner, part) => ({ [part]: inner }), value);
				server.reset();
				server.setApi(() => ({ status: 200, body }));
				await expect(newEngine(server).testCredential('cred-1')).resolves.toEqual({
					status: 'Error',
					message,
				});
			}
		});
	});

	describe('credential test mechanics (a test.request without ignoreHttpStatusErrors)', () => {
		class PlainTestOAuth2Api extends SeguraOAuth2Api {
			name = 'plainTestOAuth2Api';

			test: ICredentialTestRequest = {
				request: { baseURL: '={{$credentials.baseUrl}}', url: '/iso/echo' },
				rules: [
					{ type: 'responseCode', properties: { value: 403, message: 'Missing permission' } },
				],
			};
		}
		const plainEngine = () => {
			const engine = createEngine({ nodeTypes: {}, credentialTypes: [new PlainTestOAuth2Api()] });
			engine.addCredential({
				id: 'p1',
				name: 'Plain',
				type: 'plainTestOAuth2Api',
				data: { baseUrl: server.url, clientId: 'client-1', clientSecret: 'secret-1' },
			});
			return engine;
		};

		test('a 401 refetches the token once; a second 401 is an error with its status text', async () => {
			const engine = plainEngine();
			await expect(engine.testCredential('p1')).resolves.toMatchObject({ status: 'OK' });
			server.failNext(1);
			await expect(engine.testCredential('p1')).resolves.toMatchObject({ status: 'OK' });
			server.failNext(2);
			await expect(engine.testCredential('p1')).resolves.toEqual({
				status: 'Error',
				message: 'Unauthorized',
			});
			expect(server.state.tokenRequests).toHaveLength(3);
		});

		test('responseCode rules, then the status text of any non-2xx answer', async () => {
			const engine = plainEngine();
			server.setApi(() => ({ status: 403, body: {} }));
			await expect(engine.testCredential('p1')).resolves.toEqual({
				status: 'Error',
				message: 'Missing permission',
			});
			server.setApi(() => ({ status: 500, body: {} }));
			await expect(engine.testCredential('p1')).resolves.toEqual({
				status: 'Error',
				message: 'Internal Server Error',
			});
		});
	});
});
