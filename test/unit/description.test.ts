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

describe('versions and hints', () => {
	const versioned = (name: string) =>
		nodeType.description.properties.filter((property) => property.name === name && property.displayOptions?.show?.operation?.includes('create'));

	it('Create 1.1 picks Device and Device Credential from lists and loads Protocol; version 1 keeps its plain fields', () => {
		expect(nodeType.description.version).toEqual([1, 1.1]);
		for (const [name, v1Type, v11Type] of [['device', 'string', 'resourceLocator'], ['credential', 'string', 'resourceLocator'], ['protocol', 'options', 'options']]) {
			expect(versioned(name).map((property) => [property.displayOptions?.show?.['@version'], property.type])).toEqual([[[1], v1Type], [[1.1], v11Type]]);
		}
		const [, device] = versioned('device');
		expect(device.modes?.map((mode) => [mode.name, mode.typeOptions?.searchListMethod])).toEqual([['list', 'searchDevices'], ['address', undefined]]);
		const [, credential] = versioned('credential');
		expect(credential.modes?.map((mode) => [mode.name, mode.typeOptions?.searchListMethod])).toEqual([['list', 'searchDeviceCredentials'], ['username', undefined]]);
		const [, protocol] = versioned('protocol');
		expect(protocol.typeOptions).toEqual({ loadOptionsMethod: 'getProtocols', loadOptionsDependsOn: ['device.value'] });
		expect(Object.keys(nodeType.methods?.listSearch ?? {})).toEqual(['searchDevices', 'searchDeviceCredentials']);
	});

	it("gives n8n's AI Workflow Builder a search hint and hints on the fields a builder gets wrong", () => {
		expect(nodeType.description.builderHint?.searchHint).toMatch(/session_url at once/);
		expect(nodeType.description.builderHint?.relatedNodes?.map((related) => related.nodeType)).toContain('n8n-nodes-segura.seguraRemoteSessionTrigger');
		const hinted = nodeType.description.properties.filter((property) => property.builderHint).map((property) => property.name);
		expect(hinted).toEqual(['device', 'credential', 'startedAfter']);
	});
});
