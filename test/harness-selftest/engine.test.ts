/**
 * Self-test of test/harness/engine.ts: a throwaway node calls httpRequestWithAuthentication with
 * the real Segura credential against a local OAuth2 server, through n8n-core's real engine.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';

import { WorkflowHasIssuesError } from 'n8n-core';

import { SeguraOAuth2Api } from '../../credentials/SeguraOAuth2Api.credentials';
import { createEngine, type Engine } from '../harness/engine';
import { startOAuthServer } from './oauth-server';

type OAuthServer = Awaited<ReturnType<typeof startOAuthServer>>;

const CRED = 'seguraOAuth2Api';
const NODE = 'CUSTOM.probe';
const credentials = { [CRED]: { id: 'cred-1', name: 'Segura' } };

/** Throwaway node: one authenticated GET per item, to `<credential baseUrl><path>`. */
function probeNode(credentialType: string): INodeType {
	return {
		description: {
			displayName: 'Probe',
			name: 'probe',
			group: ['transform'],
			version: 1,
			description: 'Harness self-test node',
			defaults: { name: 'Probe' },
			usableAsTool: true,
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{ displayName: 'Path', name: 'path', type: 'string', default: '/iso/echo', required: true },
				// What a node must do for self-signed appliances: ignoreSSLIssues only reaches the token call.
				{ displayName: 'Pass SSL Option', name: 'passSslOption', type: 'boolean', default: false },
				// Sends all items' requests at once (what n8n's HTTP Request node does by default).
				{ displayName: 'Parallel', name: 'parallel', type: 'boolean', default: false },
				// Off: the node throws even when "On Error: Continue" is set.
				{
					displayName: 'Handle Continue On Fail',
					name: 'handleContinueOnFail',
					type: 'boolean',
					default: true,
				},
			],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const items = this.getInputData();
			const creds = await this.getCredentials(credentialType);
			const baseUrl = String(creds.baseUrl).trim().replace(/\/+$/, '');
			const call = async (i: number): Promise<INodeExecutionData> => {
				const options: IHttpRequestOptions = {
					method: 'GET',
					url: `${baseUrl}${this.getNodeParameter('path', i) as string}`,
					json: true,
				};
				if (this.getNodeParameter('passSslOption', i)) {
					options.skipSslCertificateValidation = creds.ignoreSSLIssues === true;
				}
				try {
					const json = (await this.helpers.httpRequestWithAuthentication.call(
						this,
						credentialType,
						options,
					)) as IDataObject;
					return { json, pairedItem: { item: i } };
				} catch (error) {
					if (this.continueOnFail() && this.getNodeParameter('handleContinueOnFail', i))
						return { json: { error: (error as Error).message }, pairedItem: { item: i } };
					// Hands back the helper's NodeApiError unchanged (re-wrapping is the identity).
					throw new NodeApiError(this.getNode(), error as JsonObject);
				}
			};
			if (this.getNodeParameter('parallel', 0)) {
				return [await Promise.all(items.map(async (_, i) => await call(i)))];
			}
			const out: INodeExecutionData[] = [];
			for (let i = 0; i < items.length; i++) out.push(await call(i));
			return [out];
		},
	};
}

function newEngine(server: OAuthServer, data: IDataObject = {}): Engine {
	const engine = createEngine({
		nodeTypes: { [NODE]: probeNode(CRED) },
		credentialTypes: [new SeguraOAuth2Api()],
	});
	engine.addCredential({
		...credentials[CRED],
		type: CRED,
		data: { baseUrl: server.url, clientId: 'client-1', clientSecret: 'secret-1', ...data },
	});
	return engine;
}

const tokenPaths = (server: OAuthServer) => server.state.tokenRequests.map((r) => r.path);
const apiCalls = (server: OAuthServer) =>
	server.state.apiRequests.map((r) => `${r.authorization ?? '-'} ${r.path} ${r.status}`);

describe('test engine (n8n-core WorkflowExecute + OAuth2)', () => {
	let server: OAuthServer;
	beforeAll(async () => {
		server = await startOAuthServer();
	});
	afterAll(async () => await server.close());
	beforeEach(() => server.reset());

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

	test('continueOnFail: a failing item becomes an error item paired to its input', async () => {
		const engine = newEngine(server);
		const items = ['/iso/echo', '/iso/status/404', '/iso/echo'].map((path) => ({ json: { path } }));
		const result = await engine.runNode({
			nodeType: NODE,
			credentials,
			items,
			parameters: { path: '={{ $json.path }}' },
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{ json: expect.objectContaining({ path: '/iso/echo' }), pairedItem: { item: 0 } },
			{
				json: { error: 'The resource you are requesting could not be found' },
				pairedItem: { item: 1 },
			},
			{ json: expect.objectContaining({ path: '/iso/echo' }), pairedItem: { item: 2 } },
		]);
		expect(result.runData.Node[0].executionStatus).toBe('success');
	});

	test('n8n behaviour: a node that throws despite continueOnFail passes its input on, yet the run fails', async () => {
		const engine = newEngine(server);
		const items = [{ json: { a: 1 } }, { json: { a: 2 } }];
		const result = await engine.runNode({
			nodeType: NODE,
			credentials,
			items,
			parameters: { path: '/iso/status/500', handleContinueOnFail: false },
			continueOnFail: true,
		});
		// No error items: the input goes on unchanged, and n8n-core still marks the run as failed.
		expect(result.items).toEqual([
			{ json: { a: 1 }, pairedItem: { item: 0 } },
			{ json: { a: 2 }, pairedItem: { item: 1 } },
		]);
		expect(result.runData.Node[0].executionStatus).toBe('error');
		expect(result.run.status).toBe('error');
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('500');
	});

	test('without continueOnFail the run error is the node error', async () => {
		const engine = newEngine(server);
		const result = await engine.runNode({
			nodeType: NODE,
			credentials,
			items: [{ json: {} }, { json: {} }],
			parameters: { path: '/iso/status/404' },
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('404');
		expect((result.error as NodeApiError).description).toBe('Status 404 as requested');
		expect(result.items).toEqual([]);
		// The run data keeps a plain copy of the same error, as n8n stores it.
		expect(result.runData.Node[0].error).toMatchObject({
			name: 'NodeApiError',
			message: result.error?.message,
		});
		expect(result.run.data.resultData.error?.message).toBe(result.error?.message);
		expect(result.run.status).toBe('error');
		expect(server.state.apiRequests).toHaveLength(1);
	});

	test('a missing required parameter: n8n refuses to start the run', async () => {
		const engine = newEngine(server);
		await expect(
			engine.runNode({ nodeType: NODE, credentials, parameters: { path: '' } }),
		).rejects.toThrow(WorkflowHasIssuesError);
		expect(server.state.tokenRequests).toHaveLength(0);
	});

	test('runWorkflow runs an exported workflow from its (unpinned) manual trigger', async () => {
		const engine = newEngine(server);
		const { items, error } = await engine.runWorkflow({
			nodes: [
				{
					id: 'a',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'b',
					name: 'Probe',
					type: NODE,
					typeVersion: 1,
					position: [200, 0],
					parameters: { path: '/iso/wf' },
					credentials,
				},
			],
			connections: { Start: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ json: expect.objectContaining({ path: '/iso/wf' }), pairedItem: { item: 0 } },
		]);
	});

	test('non-OAuth types: expirable preAuthentication and declarative authenticate', async () => {
		// A session-token credential: the token is fetched by preAuthentication, cached in the
		// credential (expirable hidden field) and sent by the generic `authenticate` block.
		const sessionApi: ICredentialType = {
			name: 'sessionApi',
			displayName: 'Session API',
			properties: [
				{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
				{
					displayName: 'Session Token',
					name: 'sessionToken',
					type: 'hidden',
					typeOptions: { expirable: true },
					default: '',
				},
			],
			async preAuthentication(this: IHttpRequestHelper, creds: ICredentialDataDecryptedObject) {
				const response = (await this.helpers.httpRequest({
					method: 'POST',
					url: `${String(creds.baseUrl)}/iso/oauth2/token`,
					body: {
						grant_type: 'client_credentials',
						client_id: 'client-1',
						client_secret: 'secret-1',
					},
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
				})) as IDataObject;
				return { sessionToken: response.access_token };
			},
			authenticate: {
				type: 'generic',
				properties: { headers: { Authorization: '=Bearer {{$credentials.sessionToken}}' } },
			},
		};
		const engine = createEngine({
			nodeTypes: { [NODE]: probeNode('sessionApi') },
			credentialTypes: [sessionApi],
		});
		engine.addCredential({
			id: 's1',
			name: 'Session',
			type: 'sessionApi',
			data: { baseUrl: server.url },
		});
		const sessionCredentials = { sessionApi: { id: 's1', name: 'Session' } };

		await engine.runNode({ nodeType: NODE, credentials: sessionCredentials });
		await engine.runNode({ nodeType: NODE, credentials: sessionCredentials });
		expect(engine.getCredentialData('s1').sessionToken).toBe('tok-1');
		server.failNext(1);
		const { error } = await engine.runNode({ nodeType: NODE, credentials: sessionCredentials });
		expect(error).toBeUndefined();
		expect(server.state.tokenRequests).toHaveLength(2);
		expect(apiCalls(server)).toEqual([
			'Bearer tok-1 /iso/echo 200',
			'Bearer tok-1 /iso/echo 200',
			'Bearer tok-1 /iso/echo 401',
			'Bearer tok-2 /iso/echo 200',
		]);
		expect(engine.getCredentialData('s1').sessionToken).toBe('tok-2');
	});

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

	describe('TLS with a self-signed certificate', () => {
		let tls: OAuthServer;
		beforeAll(async () => {
			tls = await startOAuthServer({ tls: true });
		});
		afterAll(async () => await tls.close());
		beforeEach(() => tls.reset());

		test('without ignoreSSLIssues the token call is refused', async () => {
			const { error } = await newEngine(tls).runNode({ nodeType: NODE, credentials });
			expect(error?.message).toMatch(
				/Failed to acquire OAuth2 access token: self[- ]signed certificate/i,
			);
			expect(tls.state.tokenRequests).toHaveLength(0);
		});

		test('ignoreSSLIssues covers the token call only; the node must pass skipSslCertificateValidation', async () => {
			const engine = newEngine(tls, { ignoreSSLIssues: true });
			const without = await engine.runNode({ nodeType: NODE, credentials });
			expect(tls.state.tokenRequests).toHaveLength(1);
			expect(tls.state.apiRequests).toHaveLength(0);
			expect(without.error).toBeInstanceOf(NodeApiError);
			expect(without.error?.message).toMatch(/self[- ]signed certificate/i);

			const withOption = await engine.runNode({
				nodeType: NODE,
				credentials,
				parameters: { passSslOption: true },
			});
			expect(withOption.error).toBeUndefined();
			expect(withOption.items[0].json.token).toBe('tok-1');
		});

		test('the credential test passes skipSslCertificateValidation from ignoreSSLIssues', async () => {
			await expect(
				newEngine(tls, { ignoreSSLIssues: true }).testCredential('cred-1'),
			).resolves.toMatchObject({
				status: 'OK',
			});
		});
	});
});
