/**
 * Runs nodes inside n8n-core's real execution engine, in-process (no n8n app, no database).
 *
 * What is real: WorkflowExecute (node scheduling, pinned trigger data, `onError` handling,
 * run data), the node execution contexts and their helpers, `httpRequestWithAuthentication`
 * with n8n-core's OAuth2 code (token fetched by @n8n/client-oauth2, stored through the
 * credentials helper, re-fetched once on 401), the HTTP client, the expression engine.
 * What is a stand-in: the credentials helper (see credentials-helper.ts), an in-memory
 * credential store (credential-store.ts), the `oAuth2Api` base type, and a manual trigger /
 * noOp node type. The workflow runs themselves are in workflow-runner.ts.
 */
import './quiet-logs';

import { ExecutionLifecycleHooks, ExternalSecretsProxy } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	INodeCredentialTestResult,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { NodeHelpers, UnexpectedError, deepCopy } from 'n8n-workflow';

import { MANUAL_TRIGGER_TYPE, NO_OP_TYPE, manualTrigger, noOp } from './core-node-types';
import type { StoredCredential } from './credential-store';
import { testCredential } from './credential-tester';
import { HarnessCredentialsHelper } from './credentials-helper';
import { oAuth2ApiCredentialType } from './oauth2-api.credentials';
import { createWorkflowRunner } from './workflow-runner';

export { MANUAL_TRIGGER_TYPE, NO_OP_TYPE } from './core-node-types';
export type { StoredCredential } from './credential-store';
export type { RunNodeOptions, RunOptions, RunResult, WorkflowJson } from './workflow-runner';

export interface EngineOptions {
	/** Node types by the type name workflows use, e.g. `{ 'CUSTOM.seguraRemoteSession': new X() }`. */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	/** The package's credential types; n8n's `oAuth2Api` base is always added. */
	credentialTypes: ICredentialType[];
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
	const makeAdditionalData = (executionId: string, hooks?: ExecutionLifecycleHooks) =>
		additionalDataFor(credentialsHelper, executionId, hooks);
	const storedCredential = (id: string) => findCredentialById(store, id);
	const { runWorkflow, runNode } = createWorkflowRunner({
		nodeTypes,
		nextExecutionNumber: () => ++executionCounter,
		additionalData: makeAdditionalData,
	});

	return {
		nodeTypes,
		credentialsHelper,
		/** Adds or replaces a stored credential; `data` holds the fields as typed in the UI. */
		addCredential(credential: StoredCredential): void {
			store.set(credential.id, deepCopy(credential));
		},
		/** The stored (raw) data: what n8n keeps encrypted, e.g. `oauthTokenData` after a run. */
		getCredentialData(id: string): ICredentialDataDecryptedObject {
			return deepCopy(storedCredential(id).data);
		},
		/** The data as a node sees it: defaults merged, expressions such as `$self` resolved. */
		async getResolvedCredentialData(id: string): Promise<ICredentialDataDecryptedObject> {
			const entity = storedCredential(id);
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
			const entity = storedCredential(id);
			const additionalData = makeAdditionalData(`test-${++executionCounter}`);
			return await testCredential(
				{ credentialsHelper, nodeTypes, registry, additionalData },
				entity,
			);
		},
	};
}

export type Engine = ReturnType<typeof createEngine>;

function findCredentialById(store: Map<string, StoredCredential>, id: string): StoredCredential {
	const entity = store.get(id);
	if (!entity) throw new UnexpectedError(`No credential with id "${id}"`);
	return entity;
}

/**
 * What n8n hands WorkflowExecute besides the workflow, for an n8n on localhost; what needs the
 * n8n app (calling another workflow, the Code node's task runner) rejects.
 */
function additionalDataFor(
	credentialsHelper: HarnessCredentialsHelper,
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
