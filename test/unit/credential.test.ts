import type { INode, INodeType, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { SeguraOAuth2Api } from '../../credentials/SeguraOAuth2Api.credentials';
import { CREDENTIAL_TYPE } from '../../nodes/Segura/transport';

// Built inside each test (not when the file loads), so each test's coverage holds the credential.
let credential: SeguraOAuth2Api;
beforeEach(() => {
	credential = new SeguraOAuth2Api();
});
const field = (name: string) => credential.properties.find((property) => property.name === name);
const node: INode = { id: 'n', name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {} };
const nodeTypes = {
	getByName: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getByNameAndVersion: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

/** An expression of the credential as n8n resolves it, for a credential with these values. */
async function evaluated(expression: unknown, values: Record<string, unknown>): Promise<unknown> {
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return await workflow.expression.withIsolate(async () =>
		workflow.expression.getSimpleParameterValue(node, expression as string, 'internal', {
			$credentials: values,
			$self: values,
		}),
	);
}

/** A field of the credential test request as n8n resolves it. */
async function resolved(name: 'url' | 'ignoreHttpStatusErrors', apiPaths: string): Promise<unknown> {
	return await evaluated(credential.test.request[name], { apiPaths, baseUrl: 'https://s' });
}

describe('credential test request', () => {
	it.each([
		['a2a', '/iso/session/remotesessions', false],
		['pamCore', '/api/pam/session/remotesessions', false],
		['api', '/api/session/remotesessions', false],
		['auto', '/iso/session/remotesessions', true],
	])('API Paths %s reads %s; HTTP errors are read as bodies: %s', async (apiPaths, url, ignore) => {
		expect(await resolved('url', apiPaths)).toBe(url);
		expect(await resolved('ignoreHttpStatusErrors', apiPaths)).toBe(ignore);
	});

	it('reads the Base URL as the node does and checks the certificate unless told not to', async () => {
		const values = { baseUrl: ' https://pam.example.com/segura// ', apiPaths: 'a2a', ignoreSSLIssues: true };
		expect(await evaluated(credential.test.request.baseURL, values)).toBe('https://pam.example.com/segura');
		expect(await evaluated(credential.test.request.skipSslCertificateValidation, values)).toBe(true);
		expect(await evaluated(credential.test.request.skipSslCertificateValidation, { ...values, ignoreSSLIssues: false })).toBe(false);
		expect(credential.test.request.method).toBe('GET');
	});

	it('a refused token (401 or 403) and an answer flagged as an error (error, or the Portuguese erro) fail the test', () => {
		const rules = credential.test.rules?.map((rule) => {
			const { key, value, message } = rule.properties as { key: string; value: unknown; message: string };
			return { type: rule.type, key, value, names: /Client Secret/.test(message) ? 'secret' : /Web Proxy Session/.test(message) ? 'permission' : message };
		});
		expect(rules).toEqual([
			{ type: 'responseSuccessBody', key: 'response.status', value: 401, names: 'secret' },
			{ type: 'responseSuccessBody', key: 'response.status', value: 403, names: 'secret' },
			{ type: 'responseSuccessBody', key: 'response.error', value: true, names: 'permission' },
			{ type: 'responseSuccessBody', key: 'response.erro', value: true, names: 'permission' },
		]);
	});
});

describe('credential fields', () => {
	it("is the type the node asks for, on n8n's own OAuth2", () => {
		expect(credential.name).toBe(CREDENTIAL_TYPE);
		expect(credential.extends).toEqual(['oAuth2Api']);
		expect(credential.displayName).toBe('Segura OAuth2 API');
		expect(credential.documentationUrl).toMatch(/^https:\/\/github\.com\/.+#credentials$/);
	});

	it('names, labels, types and defaults (saved credentials depend on the names)', () => {
		expect(
			credential.properties.map(({ name, displayName, type, default: initial, required }) => [name, displayName, type, initial, required ?? false]),
		).toEqual([
			['baseUrl', 'Base URL', 'string', '', true],
			['apiPaths', 'API Paths', 'options', 'auto', false],
			['grantType', 'Grant Type', 'hidden', 'clientCredentials', false],
			['accessTokenUrl', 'Access Token URL', 'hidden', expect.stringMatching(/^=\{\{/), true],
			['clientId', 'Client ID', 'string', '', true],
			['clientSecret', 'Client Secret', 'string', '', true],
			['scope', 'Scope', 'hidden', '', false],
			['authQueryParameters', 'Auth URI Query Parameters', 'hidden', '', false],
			['authentication', 'Client Authentication', 'options', 'body', false],
			['sendAdditionalBodyProperties', 'Send Additional Body Properties', 'hidden', false, false],
			['additionalBodyProperties', 'Additional Body Properties', 'hidden', '', false],
			['ignoreSSLIssues', 'Ignore SSL Issues (Insecure)', 'boolean', false, false],
		]);
		expect(field('clientSecret')?.typeOptions).toEqual({ password: true });
	});

	it('says visibly, under the first field n8n shows, that Base URL comes further down', () => {
		expect(field('clientId')?.hint).toMatch(/Base URL/);
	});

	it('fetches the token under the Base URL, however it was typed', async () => {
		const tokenUrl = field('accessTokenUrl')?.default;
		expect(await evaluated(tokenUrl, { baseUrl: 'https://pam.example.com/segura/ ' })).toBe('https://pam.example.com/segura/iso/oauth2/token');
	});

	it('every option and field says what it is for', () => {
		const apiPaths = field('apiPaths')?.options as Array<{ name: string; value: string; description: string }>;
		expect(apiPaths.map((option) => option.value)).toEqual(['auto', 'a2a', 'pamCore', 'api']);
		expect(apiPaths.map((option) => option.name)).toEqual(['Auto', 'A2A (/iso/...)', 'PAM Core (/api/pam/...)', 'API (/api/...)']);
		expect(apiPaths.map((option) => option.description.match(/404|\/iso\/|\/api\/pam\/|\/api\//)?.[0])).toEqual(['404', '/iso/', '/api/pam/', '/api/']);
		const authentication = field('authentication')?.options as Array<{ name: string; value: string; description: string }>;
		expect(authentication.map(({ name, value }) => [name, value])).toEqual([
			['Send Credentials in Body', 'body'],
			['Send as Basic Auth Header', 'header'],
		]);
		expect(authentication.map((option) => /form fields|HTTP Basic/.exec(option.description)?.[0])).toEqual(['form fields', 'HTTP Basic']);
		expect(field('baseUrl')?.placeholder).toMatch(/^https:\/\//);
		expect(field('baseUrl')?.description).toMatch(/trailing slash/);
		expect(field('apiPaths')?.description).toMatch(/Auto tries/);
		expect(field('clientId')?.description).toMatch(/A2A > Applications/);
		expect(field('clientSecret')?.description).toMatch(/A2A application/);
		expect(field('ignoreSSLIssues')?.description).toMatch(/certificate/);
	});
});
