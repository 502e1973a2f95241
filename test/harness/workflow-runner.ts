/**
 * The engine's workflow runs (see engine.ts): a workflow in n8n's export format, or one node fed
 * by a pinned manual trigger, run through n8n-core's WorkflowExecute, and what the run gave back.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	IConnections,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IPinData,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { UnexpectedError, Workflow, deepCopy } from 'n8n-workflow';

import { MANUAL_TRIGGER_TYPE } from './core-node-types';

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	pinData?: IPinData;
	settings?: IWorkflowSettings;
}

export interface RunOptions {
	/** Defaults to 'manual' (what "Execute workflow" in the editor uses). */
	mode?: WorkflowExecuteMode;
	/** Node whose main output 0 becomes `items`; defaults to the last node executed. */
	resultNode?: string;
}

export interface RunNodeOptions {
	nodeType: string;
	parameters?: INodeParameters;
	credentials?: INodeCredentials;
	/** Fed to the node by the (pinned) manual trigger; defaults to one empty item. */
	items?: INodeExecutionData[];
	/** Sets the node's `onError: 'continueRegularOutput'` ("On Error: Continue"). */
	continueOnFail?: boolean;
	typeVersion?: number;
	mode?: WorkflowExecuteMode;
}

export interface RunResult {
	/** Main output 0 of the result node ([] when it failed or produced nothing). */
	items: INodeExecutionData[];
	/**
	 * The run's error, as the failing node threw it (e.g. a NodeApiError instance); the run data
	 * keeps only a plain-object copy (`run.data.resultData.error`, `runData[node][0].error`).
	 * Also set when a node with `onError: 'continueRegularOutput'` threw: n8n-core then passes
	 * the node's input items on unchanged but still ends the run with status 'error'.
	 */
	error?: Error;
	runData: IRunData;
	run: IRun;
}

/** What a workflow run takes from the engine that owns it. */
export interface WorkflowRunnerContext {
	nodeTypes: INodeTypes;
	/** The engine's execution counter, which its credential tests count on too. */
	nextExecutionNumber: () => number;
	additionalData: (
		executionId: string,
		hooks: ExecutionLifecycleHooks,
	) => IWorkflowExecuteAdditionalData;
}

/** The name runNode gives the node under test, and so the node whose output it returns. */
const NODE_UNDER_TEST = 'Node';

export function createWorkflowRunner(ctx: WorkflowRunnerContext) {
	/**
	 * Runs a workflow (n8n export format) through WorkflowExecute, from its trigger; pinned data
	 * is used as n8n uses it. Rejects, like n8n, with WorkflowHasIssuesError before any node runs
	 * when a node has parameter issues (e.g. an empty required parameter).
	 */
	async function runWorkflow(
		workflowJson: WorkflowJson,
		runOptions: RunOptions = {},
	): Promise<RunResult> {
		const mode = runOptions.mode ?? 'manual';
		const workflowData = deepCopy(workflowJson);
		const workflow = toWorkflow(workflowData, ctx.nodeTypes);
		const startNode = workflow.getStartNode();
		if (!startNode) throw new UnexpectedError('The workflow has no trigger or start node');

		const executionId = String(ctx.nextExecutionNumber());
		const hooks = lifecycleHooks(mode, executionId, workflow, workflowData);
		const engine = new ErrorCapturingWorkflowExecute(ctx.additionalData(executionId, hooks), mode);
		const run = await startRun(engine, workflow, startNode, workflowData.pinData);
		return toRunResult(run, engine.lastNodeError, runOptions.resultNode);
	}

	/** Runs one node, fed `items` by a pinned manual trigger, as a user's two-node workflow does. */
	async function runNode(opts: RunNodeOptions): Promise<RunResult> {
		const typeVersion = opts.typeVersion ?? newestVersion(ctx.nodeTypes.getByName(opts.nodeType));
		return await runWorkflow(triggeredNodeWorkflow(opts, typeVersion), {
			mode: opts.mode,
			resultNode: NODE_UNDER_TEST,
		});
	}

	return { runWorkflow, runNode };
}

function toWorkflow(workflowData: WorkflowJson, nodeTypes: INodeTypes): Workflow {
	return new Workflow({
		id: workflowData.id ?? 'harness',
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
		pinData: workflowData.pinData,
	});
}

/** No hook registered: WorkflowExecute only insists that there are hooks to call. */
function lifecycleHooks(
	mode: WorkflowExecuteMode,
	executionId: string,
	workflow: Workflow,
	workflowData: WorkflowJson,
): ExecutionLifecycleHooks {
	return new ExecutionLifecycleHooks(mode, executionId, {
		id: workflow.id,
		name: workflowData.name ?? 'harness',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: workflowData.nodes,
		connections: workflowData.connections,
	});
}

/** `thrown` replaces the run data's plain copy of the error when it is the same error. */
function toRunResult(run: IRun, thrown: Error | undefined, resultNodeName?: string): RunResult {
	const { runData, lastNodeExecuted } = run.data.resultData;
	const runError = run.data.resultData.error as Error | undefined;
	const resultNode = resultNodeName ?? lastNodeExecuted;
	const taskData = resultNode ? runData[resultNode]?.at(-1) : undefined;
	return {
		items: taskData?.data?.main?.[0] ?? [],
		error: runError && thrown?.message === runError.message ? thrown : runError,
		runData,
		run,
	};
}

/** A manual trigger, with `opts.items` pinned, connected to the node under test. */
function triggeredNodeWorkflow(opts: RunNodeOptions, typeVersion: number): WorkflowJson {
	const trigger: INode = {
		id: 'trigger',
		name: 'Manual Trigger',
		type: MANUAL_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const node: INode = {
		id: 'node-under-test',
		name: NODE_UNDER_TEST,
		type: opts.nodeType,
		typeVersion,
		position: [220, 0],
		parameters: opts.parameters ?? {},
		credentials: opts.credentials,
		...(opts.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	return {
		nodes: [trigger, node],
		connections: { [trigger.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		pinData: { [trigger.name]: opts.items ?? [{ json: {} }] },
	};
}

/** n8n-core 2.x takes one options object; 1.x the same values as positional arguments. */
async function startRun(engine: WorkflowExecute, workflow: Workflow, startNode: INode, pinData?: IPinData) {
	if (engine.run.length > 1) {
		const positional = engine.run as unknown as (...args: unknown[]) => Promise<IRun>;
		return await positional.call(engine, workflow, startNode, undefined, pinData);
	}
	return await engine.run({ workflow, startNode, pinData });
}

/**
 * WorkflowExecute keeps only a plain-object copy of a node's error in the run data; this
 * records the thrown error itself (e.g. the NodeApiError instance) so tests can inspect it.
 */
class ErrorCapturingWorkflowExecute extends WorkflowExecute {
	lastNodeError?: Error;

	async runNode(
		...args: Parameters<WorkflowExecute['runNode']>
	): ReturnType<WorkflowExecute['runNode']> {
		return await super.runNode(...args).catch((error: Error) => {
			this.lastNodeError = error;
			throw error;
		});
	}
}

/** The version the editor gives a newly added node: `defaultVersion`, else the highest. */
function newestVersion(nodeType: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in nodeType) {
		return (
			nodeType.description.defaultVersion ??
			Math.max(...Object.keys(nodeType.nodeVersions).map(Number))
		);
	}
	const { defaultVersion, version } = nodeType.description;
	return defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version);
}
