import type { INode, INodeType, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { SeguraOAuth2Api } from '../../credentials/SeguraOAuth2Api.credentials';

const credential = new SeguraOAuth2Api();
const node: INode = { id: 'n', name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {} };
const nodeTypes = {
	getByName: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getByNameAndVersion: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

/** A field of the credential test request as n8n resolves it, for a credential with these values. */
async function resolved(field: 'url' | 'ignoreHttpStatusErrors', apiPaths: string): Promise<unknown> {
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const value = credential.test.request[field] as string;
	return await workflow.expression.withIsolate(async () =>
		workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: { apiPaths, baseUrl: 'https://s' } }),
	);
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

	it('treats response.error and response.erro (the Portuguese key) as failures', () => {
		const keys = credential.test.rules?.map((rule) => (rule.properties as { key?: string }).key);
		expect(keys).toEqual(expect.arrayContaining(['response.error', 'response.erro']));
	});
});
