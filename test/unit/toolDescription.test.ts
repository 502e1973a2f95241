/**
 * What an AI agent's model is told about the Segura tool, built by n8n's own code: the tool
 * description (n8n-workflow's getToolDescriptionForNode) and the tool n8n-core's createNodeAsTool
 * makes of the node (name, description, input schema from the `$fromAI` fields), turned into the
 * OpenAI tool definition by LangChain's convertToOpenAITool, as the OpenAI chat model node sends it.
 */
import type { INode, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import example from '../../examples/agent-chat.json';
import { SeguraRemoteSession } from '../../nodes/Segura/SeguraRemoteSession.node';
import { openAiToolOf } from './agent-tool';
import { workflowOf } from './mock-context';

const TOOL_TYPE = 'n8n-nodes-segura.seguraRemoteSessionTool';
const nodeType = new SeguraRemoteSession();
const operationOptions = nodeType.description.properties.find((p) => p.name === 'operation')?.options as INodePropertyOptions[];

/** The tool node as n8n holds it once the workflow is loaded (defaults filled in). */
function loaded(parameters: INode['parameters'] | INode): INode {
	const node: INode =
		'parameters' in parameters && 'type' in parameters
			? (parameters as INode)
			: { id: 'tool-1', name: 'Segura Tool', type: TOOL_TYPE, typeVersion: 1, position: [0, 0], parameters: parameters as INode['parameters'] };
	const workflow = workflowOf(nodeType, node);
	return workflow.getNode(node.name) as INode;
}

const exampleNode = (name: string) => (example.nodes as unknown as INode[]).find((n) => n.name === name) as INode;

/** The OpenAI tool definition of an example's tool node, made by n8n-core and LangChain. */
function openAiTool(name: string) {
	return openAiToolOf(loaded(exampleNode(name)), nodeType) as {
		function: { name: string; description: string; parameters: Record<string, unknown> };
	};
}

describe('the Segura tool as an AI agent sees it', () => {
	it.each(operationOptions.map((o) => [o.value as string, o.action as string]))(
		'%s: n8n describes the tool by the operation ("%s in Segura Remote Session"), also for a workflow saved without the resource',
		(operation, action) => {
			for (const parameters of [{ descriptionType: 'auto', resource: 'remoteSession', operation }, { descriptionType: 'auto', operation }]) {
				const description = NodeHelpers.getToolDescriptionForNode(loaded(parameters), nodeType);
				expect(description).toBe(`${action} in Segura Remote Session`);
			}
		},
	);

	it('each operation says what it is for; every field says what it expects', () => {
		for (const option of operationOptions) expect(option.description?.length).toBeGreaterThan(60);
		const fields = nodeType.description.properties.flatMap((p) => [p, ...((p.options ?? []) as Array<{ displayName?: string; description?: string; type?: string }>)]);
		const inputs = fields.filter((f) => f.displayName && f.type && !['notice', 'collection', 'fixedCollection'].includes(f.type));
		// Resource has one value; Operation is described by its options (checked above).
		expect(inputs.slice(0, 2).map((f) => f.displayName)).toEqual(['Resource', 'Operation']);
		for (const field of inputs.slice(2)) expect({ field: field.displayName, described: (field.description?.length ?? 0) > 15 }).toEqual({ field: field.displayName, described: true });
	});

	it('example agent-chat, Open Session: the OpenAI tool definition n8n sends for its $fromAI fields', () => {
		const tool = openAiTool('Open Session');
		expect(tool.function.name).toBe('Open_Session');
		expect(tool.function.description).toBe('Create a web proxy session URL in Segura Remote Session');
		expect(tool.function.parameters).toMatchObject({
			type: 'object',
			required: ['user', 'device', 'protocol'],
			properties: {
				user: { type: 'string', description: 'Segura username of the person who asked for access, e.g. alice' },
				device: { type: 'string', description: 'Hostname or IP address of the target device, as written in the request, e.g. 10.66.33.17' },
				protocol: { type: 'string', description: expect.stringMatching(/^Protocol of the session: SSH, RDP/) },
			},
		});
		expect(Object.keys((tool.function.parameters as { properties: object }).properties)).toEqual(['user', 'device', 'protocol']);
	});

	it('example agent-chat, List Sessions: one field, the user', () => {
		const tool = openAiTool('List Sessions');
		expect(tool.function.name).toBe('List_Sessions');
		expect(tool.function.parameters).toMatchObject({
			type: 'object',
			required: ['user'],
			properties: { user: { type: 'string', description: 'Segura username whose sessions to list, e.g. alice' } },
		});
		expect(tool.function.description).toBe('Get many remote sessions in Segura Remote Session');
	});

	it('the example includes no session token: Include Session Token is not added', () => {
		for (const name of ['Open Session', 'List Sessions']) expect(exampleNode(name).parameters.options).toEqual({});
	});
});
