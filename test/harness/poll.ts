/**
 * A polling trigger run the way n8n runs it, in-process: one n8n-core PollContext per activation,
 * reused by every poll (as n8n's active-workflow code does), the node's static data kept on the
 * workflow between polls, and "Fetch Test Event" as a poll in manual mode with a context of its own.
 * Also the ways n8n hands a poll an older or staged memory: a new activation over given static
 * data, and the durable scheduler's polls (a workflow read anew from the database for each poll,
 * with or without durable cursors). Requests go through n8n-core's real helpers and the harness's
 * credentials helper (engine.ts).
 */
import { PollContext } from 'n8n-core';
import type { IDataObject, INode, INodeCredentials, INodeExecutionData, INodeParameters, INodeType, WorkflowActivateMode } from 'n8n-workflow';
import { UnexpectedError, Workflow } from 'n8n-workflow';

import type { Engine } from './engine';

export interface PollingTriggerOptions {
	nodeType: string;
	parameters: INodeParameters;
	credentials: INodeCredentials;
	/** The workflow's id (default: one of its own): the trigger's process memory is per workflow, so a new id stands for a new n8n process. */
	workflowId?: string;
	/** The node's static data at the start (default: none). */
	staticData?: IDataObject;
}

let workflows = 0;
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? {})) as T;

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
	const workflowId = options.workflowId ?? `poll-harness-${++workflows}`;
	const workflowWith = (nodeStaticData: IDataObject | undefined) =>
		new Workflow({
			id: workflowId,
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: engine.nodeTypes,
			staticData: nodeStaticData ? { [`node:${node.name}`]: copy(nodeStaticData) } : {},
		});
	let workflow = workflowWith(options.staticData);
	const nodeType = engine.nodeTypes.getByNameAndVersion(node.type, 1) as INodeType;
	if (!nodeType.poll) throw new UnexpectedError(`${node.type} has no poll()`);
	const poll = nodeType.poll;
	let polls = 0;
	const contextFor = (on: Workflow, mode: 'trigger' | 'manual', activation: WorkflowActivateMode) =>
		new PollContext(on, node, engine.additionalData(`poll-${++polls}`), mode, activation);
	let activation = contextFor(workflow, 'trigger', 'activate');
	const nodeStaticData = (on: Workflow) => copy(on.getStaticData('node', node) as IDataObject);
	/** What the durable scheduler's database holds for the node (static data, or the cursor). */
	let stored: IDataObject = copy(options.staticData ?? {});

	return {
		/** One scheduled poll: its items (main output 0), or null when it emits nothing. */
		async poll(): Promise<INodeExecutionData[] | null> {
			return (await poll.call(activation))?.[0] ?? null;
		},
		/** The editor's "Fetch Test Event". */
		async fetchTestEvent(): Promise<INodeExecutionData[] | null> {
			return (await poll.call(contextFor(workflow, 'manual', 'manual')))?.[0] ?? null;
		},
		/** The node's static data, as n8n would save it. */
		staticData(): IDataObject {
			return nodeStaticData(workflow);
		},
		/** n8n adds the workflow anew (`activation`), with this static data (default: what it has now). */
		activate(mode: WorkflowActivateMode, staticData: IDataObject = nodeStaticData(workflow)) {
			workflow = workflowWith(staticData);
			stored = copy(staticData);
			activation = contextFor(workflow, 'trigger', mode);
		},
		/**
		 * A poll of n8n's durable scheduler: a context and a workflow of its own, read from the database.
		 * With cursors the memory is stored after every poll; without, only with a poll that emits.
		 */
		async durablePoll(cursors: boolean): Promise<INodeExecutionData[] | null> {
			const own = workflowWith(stored);
			const output = (await poll.call(contextFor(own, 'trigger', 'update')))?.[0] ?? null;
			if (cursors || output) stored = nodeStaticData(own);
			return output;
		},
	};
}
