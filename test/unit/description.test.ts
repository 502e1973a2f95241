import type { INode } from 'n8n-workflow';

import { SeguraRemoteSession } from '../../nodes/Segura/SeguraRemoteSession.node';
import { workflowOf } from './mock-context';

const nodeType = new SeguraRemoteSession();

/** The subtitle as n8n's canvas shows it: the expression resolved against the node's parameters. */
async function subtitleFor(operation: string): Promise<unknown> {
	const node: INode = {
		id: 'node-1',
		name: 'Segura Remote Session',
		type: 'n8n-nodes-segura.seguraRemoteSession',
		typeVersion: 1,
		position: [0, 0],
		parameters: { operation },
	};
	const workflow = workflowOf(nodeType, node);
	return await workflow.expression.withIsolate(async () =>
		workflow.expression.getSimpleParameterValue(node, nodeType.description.subtitle as string, 'internal', {}),
	);
}

describe('node description', () => {
	it.each([
		['create', 'Create'],
		['get', 'Get'],
		['getMany', 'Get Many'],
		['terminate', 'Terminate'],
	])('subtitle for %s reads "%s", as the Operation field names it', async (operation, shown) => {
		expect(await subtitleFor(operation)).toBe(shown);
	});

	it('labels the device credential apart from n8n\'s credential picker', () => {
		const field = nodeType.description.properties.find((property) => property.name === 'credential');
		expect(field?.displayName).toBe('Device Credential');
	});
});
