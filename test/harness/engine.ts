/**
 * Runs nodes inside n8n-core's real execution engine, in-process (no n8n app, no database).
 *
 * What is real: WorkflowExecute (node scheduling, pinned trigger data, `onError` handling,
 * run data), the node execution contexts and their helpers, `httpRequestWithAuthentication`
 * with n8n-core's OAuth2 code (token fetched by @n8n/client-oauth2, stored through the
 * credentials helper, re-fetched once on 401), the HTTP client, the expression engine.
 * What is a stand-in: the credentials helper (see credentials-helper.ts), an in-memory
 * credential store (credential-store.ts), the `oAuth2Api` base type, and a manual trigger /
 * noOp node type.
 */
import './quiet-logs';

import { ExecutionLifecycleHooks, ExternalSecretsProxy, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	INode,
	INodeCredentials,
	INodeCredentialTestResult,
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
import { NodeHelpers, UnexpectedError, Workflow, deepCopy } from 'n8n-workflow';

import { MANUAL_TRIGGER_TYPE, NO_OP_TYPE, manualTrigger, noOp } from './core-node-types';
import type { StoredCredential } from './credential-store';
import { testCredential } from './credential-tester';
import { HarnessCredentialsHelper } from './credentials-helper';
import { oAuth2ApiCredentialType } from './oauth2-api.credentials';

export { MANUAL_TRIGGER_TYPE, NO_OP_TYPE } from './core-node-types';
export type { StoredCredential } from './credential-store';

export interface EngineOptions {
	/** Node types by the type name workflows use, e.g. `{ 'CUSTOM.seguraRemoteSession': new X() }`. */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	/** The package's credential types; n8n's `oAuth2Api` base is always added. */
	credentialTypes: ICredentialType[];
}

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

function toNodeTypes(registry: Record<string, INodeType | IVersionedNodeType>): INodeTypes {
	const get = (type: string) => {
		const nodeType = registry[type];
		if (!nodeType) throw new UnexpectedError(`Unknown node type "${type}"`);
		return nodeType;
	};
	return {
		getByName: get,
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(get(type), version),
		getKnownTypes: () => ({}),
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

export function createEngine(options: EngineOptions) {
	const registry: Record<string, INodeType | IVersionedNodeType> = {
		[MANUAL_TRIGGER_TYPE]: manualTrigger,
		[NO_OP_TYPE]: noOp,
		...options.nodeTypes,
	};
	const nodeTypes = toNodeTypes(registry);
	const credentialTypes = new Map<string, ICredentialType>(
		[oAuth2ApiCredentialType, ...options.credentialTypes].map((t) => [t.name, t]),
	);
	const store = new Map<string, StoredCredential>();
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, store);
	let executionCounter = 0;

	function makeAdditionalData(
		executionId: string,
		hooks?: ExecutionLifecycleHooks,
	): IWorkflowExecuteAdditionalData {
		const notAvailable = (what: string) => async () => {
			throw new UnexpectedError(`${what} is not available in the test engine`);
		};
		const base = 'http://localhost:5678/';
		return {
			credentialsHelper,
			hooks,
			executionId,
			currentNodeExecutionIndex: 0,
			restApiUrl: `${base}rest`,
			instanceBaseUrl: base,
			formBaseUrl: `${base}form`,
			formWaitingBaseUrl: `${base}form-waiting`,
			formTestBaseUrl: `${base}form-test`,
			webhookBaseUrl: `${base}webhook`,
			webhookWaitingBaseUrl: `${base}webhook-waiting`,
			webhookTestBaseUrl: `${base}webhook-test`,
			mcpBaseUrl: `${base}mcp`,
			mcpTestBaseUrl: `${base}mcp-test`,
			variables: {},
			externalSecretsProxy: new ExternalSecretsProxy(),
			logAiEvent: () => {},
			executeWorkflow: notAvailable('executeWorkflow'),
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			startRunnerTask: notAvailable('The Code node task runner'),
		} as IWorkflowExecuteAdditionalData;
	}

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
		const workflow = new Workflow({
			id: workflowData.id ?? 'harness',
			name: workflowData.name,
			nodes: workflowData.nodes,
			connections: workflowData.connections,
			active: false,
			nodeTypes,
			settings: workflowData.settings,
			pinData: workflowData.pinData,
		});
		const startNode = workflow.getStartNode();
		if (!startNode) throw new UnexpectedError('The workflow has no trigger or start node');

		const executionId = String(++executionCounter);
		const hooks = new ExecutionLifecycleHooks(mode, executionId, {
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
		const engine = new ErrorCapturingWorkflowExecute(makeAdditionalData(executionId, hooks), mode);
		const run = await startRun(engine, workflow, startNode, workflowData.pinData);

		const { runData, lastNodeExecuted } = run.data.resultData;
		const runError = run.data.resultData.error as Error | undefined;
		const resultNode = runOptions.resultNode ?? lastNodeExecuted;
		const taskData = resultNode ? runData[resultNode]?.at(-1) : undefined;
		return {
			items: taskData?.data?.main?.[0] ?? [],
			error:
				runError && engine.lastNodeError?.message === runError.message
					? engine.lastNodeError
					: runError,
			runData,
			run,
		};
	}

	/** Runs one node, fed `items` by a pinned manual trigger, as a user's two-node workflow does. */
	async function runNode(opts: RunNodeOptions): Promise<RunResult> {
		const typeVersion = opts.typeVersion ?? newestVersion(nodeTypes.getByName(opts.nodeType));
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
			name: 'Node',
			type: opts.nodeType,
			typeVersion,
			position: [220, 0],
			parameters: opts.parameters ?? {},
			credentials: opts.credentials,
			...(opts.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		};
		return await runWorkflow(
			{
				nodes: [trigger, node],
				connections: { [trigger.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
				pinData: { [trigger.name]: opts.items ?? [{ json: {} }] },
			},
			{ mode: opts.mode, resultNode: node.name },
		);
	}

	return {
		nodeTypes,
		credentialsHelper,
		/** Adds or replaces a stored credential; `data` holds the fields as typed in the UI. */
		addCredential(credential: StoredCredential): void {
			store.set(credential.id, deepCopy(credential));
		},
		/** The stored (raw) data: what n8n keeps encrypted, e.g. `oauthTokenData` after a run. */
		getCredentialData(id: string): ICredentialDataDecryptedObject {
			const entity = store.get(id);
			if (!entity) throw new UnexpectedError(`No credential with id "${id}"`);
			return deepCopy(entity.data);
		},
		/** The data as a node sees it: defaults merged, expressions such as `$self` resolved. */
		async getResolvedCredentialData(id: string): Promise<ICredentialDataDecryptedObject> {
			const entity = store.get(id);
			if (!entity) throw new UnexpectedError(`No credential with id "${id}"`);
			return await credentialsHelper.getDecrypted(
				makeAdditionalData('resolve'),
				entity,
				entity.type,
				'internal',
			);
		},
		runNode,
		runWorkflow,
		/** What n8n hands a node context besides the workflow (credentials helper, URLs): for poll contexts. */
		additionalData: (executionId: string) => makeAdditionalData(executionId),
		/** Runs the credential's test as n8n's credential tester does (see credential-tester.ts). */
		async testCredential(id: string): Promise<INodeCredentialTestResult> {
			const entity = store.get(id);
			if (!entity) throw new UnexpectedError(`No credential with id "${id}"`);
			const additionalData = makeAdditionalData(`test-${++executionCounter}`);
			return await testCredential(
				{ credentialsHelper, nodeTypes, registry, additionalData },
				entity,
			);
		},
	};
}

export type Engine = ReturnType<typeof createEngine>;

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
