/**
 * The harness's credential data resolution: what n8n's CredentialsHelper.applyDefaultsAndOverwrites
 * does to stored data before a node sees it (pinned OAuth fields dropped, type defaults filled,
 * expressions resolved, `$self` included), minus credential overwrites.
 */
import { getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	INode,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

/**
 * Hidden OAuth endpoint/flow fields that n8n's CredentialsHelper.applyDefaultsAndOverwrites
 * always takes from the credential type (the stored value is dropped), so a type's
 * `accessTokenUrl` expression wins over whatever an import stored. Seen in current n8n source
 * (OAUTH_PINNED_FIELDS); the list is assumed, its exact content in 2.41 was not confirmed.
 */
const OAUTH_PINNED_FIELDS = [
	'authUrl',
	'accessTokenUrl',
	'grantType',
	'authentication',
	'requestTokenUrl',
	'signatureMethod',
];

// Credential expressions are resolved against a one-node workflow, as n8n's helper does.
const mockNode: INode = {
	id: 'mock',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};
const mockNodeType: INodeType = {
	description: {
		displayName: 'Mock',
		name: 'mock',
		group: [],
		version: 1,
		description: '',
		defaults: {},
		inputs: [],
		outputs: [],
		properties: [],
	},
};
const mockNodeTypes: INodeTypes = {
	getByName: () => mockNodeType,
	getByNameAndVersion: () => mockNodeType,
	getKnownTypes: () => ({}),
};

/** Where the resolution happens: the execution (if any) whose node uses the credential. */
export interface ResolutionContext {
	additionalData: IWorkflowExecuteAdditionalData;
	mode: WorkflowExecuteMode;
	executeData?: IExecuteData;
	expressionResolveValues?: ICredentialsExpressionResolveValues;
}

/**
 * n8n's applyDefaultsAndOverwrites minus overwrites: fill defaults, then resolve expressions.
 * `properties` are the credential type's, parent types' merged in.
 */
export async function resolveCredentialData(
	properties: INodeProperties[],
	original: ICredentialDataDecryptedObject,
	{ additionalData, mode, executeData, expressionResolveValues }: ResolutionContext,
): Promise<ICredentialDataDecryptedObject> {
	const stored = { ...original };
	for (const field of OAUTH_PINNED_FIELDS) {
		if (properties.some((p) => p.name === field && p.type === 'hidden')) delete stored[field];
	}
	// Defaults for every displayed property; values of properties not displayed are dropped.
	let data = NodeHelpers.getNodeParameters(
		properties,
		stored as INodeParameters,
		true,
		false,
		null,
		null,
	) as ICredentialDataDecryptedObject;
	// The token is not a declared property of child types, so add it back like n8n does.
	if (original.oauthTokenData !== undefined) data.oauthTokenData = original.oauthTokenData;

	const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
	if (expressionResolveValues) {
		// During an execution: resolved in the node's context; `$self` is the credential data.
		const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
			expressionResolveValues;
		try {
			data = workflow.expression.getParameterValue(
				data as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		} catch (e) {
			// Same error, marked as n8n marks it.
			const error = e as Error;
			error.message += ' [Error resolving credentials]';
			throw error;
		}
	} else {
		const workflow = new Workflow({
			nodes: [mockNode],
			connections: {},
			active: false,
			nodeTypes: mockNodeTypes,
		});
		data = (await workflow.expression.withIsolate(async () =>
			workflow.expression.getComplexParameterValue(
				mockNode,
				data as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				data,
			),
		)) as ICredentialDataDecryptedObject;
	}
	return data;
}
