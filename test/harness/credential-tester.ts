import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunction,
	ICredentialTestRequest,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow, createRunExecutionData, deepCopy } from 'n8n-workflow';

import { NO_OP_TYPE } from './core-node-types';
import type { StoredCredential } from './credential-store';
import type { HarnessCredentialsHelper } from './credentials-helper';

export interface TesterContext {
	credentialsHelper: HarnessCredentialsHelper;
	nodeTypes: INodeTypes;
	/** Registered node types by type name (where `testedBy` tests are looked up). */
	registry: Record<string, INodeType | IVersionedNodeType>;
	additionalData: IWorkflowExecuteAdditionalData;
}

/** A declarative test: the request to send, and the node type that declared it, if any. */
interface CredentialTestRequest {
	nodeTypeName?: string;
	testRequest: ICredentialTestRequest;
}

type CredentialTest = ICredentialTestFunction | CredentialTestRequest;

/** The shape of the errors RoutingNode throws for a failed request. */
type RequestError = Error & {
	cause?: { code?: string; response?: { status: number; statusText?: string } };
};

/**
 * What n8n's CredentialsTester.testCredentials (packages/cli/src/services/
 * credentials-tester.service.ts) does for a saved credential: pick the test (the type's `test`
 * first; else a node's `testedBy`; else, for OAuth2 types, only "is a token stored"), resolve the
 * credential data in 'internal' mode, and run a `test.request` as a routing request of a
 * temporary node through RoutingNode, then map errors and rules to the result.
 *
 * For oAuth2Api-derived types the request goes through n8n-core's requestOAuth2, which ignores
 * the data handed to RoutingNode and reads the *stored* credential by id: a missing token is
 * fetched and stored, the request is signed with it, and a thrown 401 refetches it once.
 */
export async function testCredential(
	ctx: TesterContext,
	entity: StoredCredential,
): Promise<INodeCredentialTestResult> {
	const typeName = entity.type;
	const test = findCredentialTest(ctx, typeName);
	if (test === undefined) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const credentialsDecrypted: ICredentialsDecrypted = {
		id: entity.id,
		name: entity.name,
		type: typeName,
		data: deepCopy(entity.data),
	};
	try {
		credentialsDecrypted.data = await ctx.credentialsHelper.applyDefaultsAndOverwrites(
			ctx.additionalData,
			credentialsDecrypted.data as ICredentialDataDecryptedObject,
			typeName,
			'internal',
		);
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}

	if (typeof test === 'function') {
		return await test.call(new CredentialTestContext(), credentialsDecrypted);
	}
	return await runTestRequest(ctx, test, credentialsDecrypted);
}

/** Sends the test request as RoutingNode would for a node, then applies the test's rules. */
async function runTestRequest(
	ctx: TesterContext,
	test: CredentialTestRequest,
	credentialsDecrypted: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const { node, nodeType } = temporaryTestNode(ctx, test, credentialsDecrypted);
	const context = executeContextFor(ctx, node, nodeType);
	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, nodeType, credentialsDecrypted).runNode();
	} catch (e) {
		return requestErrorResult(e as RequestError, test.testRequest);
	}
	return responseBodyResult(response, test.testRequest);
}

/**
 * n8n borrows the description of the node that declared the test, else of the noOp node,
 * and gives it one property whose routing is the test request.
 */
function temporaryTestNode(
	ctx: TesterContext,
	test: CredentialTestRequest,
	credential: ICredentialsDecrypted,
): { node: INode; nodeType: INodeType } {
	const nodeTypeName = test.nodeTypeName ?? NO_OP_TYPE;
	const baseType = ctx.nodeTypes.getByNameAndVersion(nodeTypeName);
	const { version } = baseType.description;
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeTypeName,
		typeVersion: Array.isArray(version) ? version.slice(-1)[0] : version,
		position: [0, 0],
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
	};
	const nodeType: INodeType = {
		description: {
			...baseType.description,
			credentials: [{ name: credential.type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: test.testRequest.request },
					default: '',
				},
			],
		},
	};
	return { node, nodeType };
}

/** The execute context of a one-node workflow whose only node is the temporary test node. */
function executeContextFor(ctx: TesterContext, node: INode, nodeType: INodeType): ExecuteContext {
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			...ctx.nodeTypes,
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
		},
	});
	return new ExecuteContext(
		workflow,
		node,
		ctx.additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
}

/** A failed request: a matching `responseCode` rule's message, else the status or error code. */
function requestErrorResult(
	error: RequestError,
	testRequest: ICredentialTestRequest,
): INodeCredentialTestResult {
	const errorResponse = error.cause?.response;
	if (errorResponse) {
		for (const rule of testRequest.rules ?? []) {
			if (rule.type === 'responseCode' && errorResponse.status === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		if (errorResponse.status < 199 || errorResponse.status > 299) {
			return {
				status: 'Error',
				message: errorResponse.statusText || `Received HTTP status code: ${errorResponse.status}`,
			};
		}
	} else if (error.cause?.code) {
		return { status: 'Error', message: error.cause.code };
	}
	return { status: 'Error', message: String(error.message) };
}

/**
 * An answered request: fails on the first `responseSuccessBody` rule whose key holds its value.
 * Reached also for non-2xx answers when the request sets `ignoreHttpStatusErrors`.
 */
function responseBodyResult(
	response: INodeExecutionData[][] | null | undefined,
	testRequest: ICredentialTestRequest,
): INodeCredentialTestResult {
	for (const rule of testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const body = response?.[0]?.[0]?.json ?? {};
		if (getPath(body, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** CredentialsTester.getCredentialTestFunction, over the engine's registered node types. */
function findCredentialTest(ctx: TesterContext, typeName: string): CredentialTest | undefined {
	const type = ctx.credentialsHelper.getCredentialType(typeName);
	if (type.test) return { testRequest: type.test };
	const isOAuth2 =
		typeName === 'oAuth2Api' ||
		ctx.credentialsHelper.getParentTypes(typeName).includes('oAuth2Api');
	for (const [nodeTypeName, registered] of Object.entries(ctx.registry)) {
		const versions =
			'nodeVersions' in registered ? Object.values(registered.nodeVersions) : [registered];
		for (const nodeType of versions) {
			for (const { name, testedBy } of nodeType.description.credentials ?? []) {
				if (name !== typeName) continue;
				if (isOAuth2) return oauth2TokenStoredTest;
				if (typeof testedBy === 'string') {
					const fn = nodeType.methods?.credentialTest?.[testedBy];
					if (fn) return fn;
				} else if (testedBy) {
					return { nodeTypeName, testRequest: testedBy };
				}
			}
		}
	}
	return undefined;
}

/** n8n's test for OAuth2 types without a `test`: passes when a token is stored, nothing more. */
async function oauth2TokenStoredTest(
	cred: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const token = cred.data?.oauthTokenData;
	return token && typeof token === 'object' && 'access_token' in token
		? { status: 'OK', message: 'Connection Successful!' }
		: { status: 'Error', message: 'This OAuth2 credential was not connected to an account.' };
}

function getPath(obj: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>((acc, key) => (acc as Record<string, unknown> | undefined)?.[key], obj);
}
