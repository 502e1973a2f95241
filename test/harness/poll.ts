/**
 * A polling trigger run the way n8n runs it, in-process: one n8n-core PollContext per activation,
 * reused by every poll (as n8n's active-workflow code does), the node's static data kept on the
 * workflow between polls, and "Fetch Test Event" as a poll in manual mode with a context of its own.
 * Requests go through n8n-core's real helpers and the harness's credentials helper (engine.ts).
 */
import { PollContext } from 'n8n-core';
import type { IDataObject, INode, INodeCredentials, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';
import { UnexpectedError, Workflow } from 'n8n-workflow';

import type { Engine } from './engine';

export interface PollingTriggerOptions {
	nodeType: string;
	parameters: INodeParameters;
	credentials: INodeCredentials;
}

export function pollingTrigger(engine: Engine, options: PollingTriggerOptions) {
	const node: INode = {
		id: 'trigger-under-test',
		name: 'Trigger',
		type: options.nodeType,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: options.credentials,
	};
	const workflow = new Workflow({
		id: 'poll-harness',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: engine.nodeTypes,
		staticData: {},
	});
	const nodeType = engine.nodeTypes.getByNameAndVersion(node.type, 1) as INodeType;
	if (!nodeType.poll) throw new UnexpectedError(`${node.type} has no poll()`);
	const poll = nodeType.poll;
	let polls = 0;
	const contextFor = (mode: 'trigger' | 'manual') =>
		new PollContext(workflow, node, engine.additionalData(`poll-${++polls}`), mode, mode === 'manual' ? 'manual' : 'activate');
	const activation = contextFor('trigger');

	return {
		/** One scheduled poll: its items (main output 0), or null when it emits nothing. */
		async poll(): Promise<INodeExecutionData[] | null> {
			return (await poll.call(activation))?.[0] ?? null;
		},
		/** The editor's "Fetch Test Event". */
		async fetchTestEvent(): Promise<INodeExecutionData[] | null> {
			return (await poll.call(contextFor('manual')))?.[0] ?? null;
		},
		/** The node's static data, as n8n would save it. */
		staticData(): IDataObject {
			return JSON.parse(JSON.stringify(workflow.getStaticData('node', node))) as IDataObject;
		},
	};
}
