/**
 * Harness self-test, non-OAuth credential types: a session token fetched by preAuthentication,
 * cached in an expirable field, sent by a declarative authenticate block and refetched after a 401.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
} from 'n8n-workflow';

import { createEngine } from '../harness/engine';
import { apiCalls, NODE, probeNode, SUITE, useOAuthServer } from './setup';

describe(SUITE, () => {
	const server = useOAuthServer();

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
});
