import { constructExecutionMetaData, returnJsonArray } from 'n8n-core';
import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
} from 'n8n-workflow';
import { NodeApiError, Workflow } from 'n8n-workflow';

import { SeguraCredential } from '../../nodes/Segura/SeguraCredential.node';
import { SeguraRemoteSession } from '../../nodes/Segura/SeguraRemoteSession.node';

/** A canned HTTP answer, or an error the way n8n's httpRequestWithAuthentication throws it. */
export type Answer =
	| { status: number; body: unknown; headers?: Record<string, string> }
	| { networkError: string; message?: string }
	/** Thrown as it is, as n8n-core throws its own errors (an SSRF refusal, say). */
	| { thrown: Error };

export const node: INode = {
	id: 'node-1',
	name: 'Segura Remote Session',
	type: 'n8n-nodes-segura.seguraRemoteSession',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export const defaultCredentials: ICredentialDataDecryptedObject = {
	baseUrl: 'https://segura.example.com',
	apiPaths: 'a2a',
	clientId: 'client-id',
	clientSecret: 'client-secret',
	ignoreSSLIssues: false,
};

function lookUp(parameters: IDataObject, path: string): unknown {
	return path.split('.').reduce<unknown>(
		(value, key) => (value && typeof value === 'object' ? (value as IDataObject)[key] : undefined),
		parameters,
	);
}

/** Named as axios names its errors: n8n-workflow 1.x's NodeApiError reads the status only from those. */
class AxiosError extends Error {}

/** What n8n's authenticated request helper throws for an HTTP error or a network failure. */
export function thrownBy(answer: Answer): Error {
	if ('thrown' in answer) return answer.thrown;
	if ('networkError' in answer) {
		const cause = Object.assign(new Error(answer.message ?? `connect ${answer.networkError}`), {
			code: answer.networkError,
		});
		return new NodeApiError(node, cause as never);
	}
	const cause = Object.assign(new AxiosError(`Request failed with status code ${answer.status}`), {
		response: { status: answer.status, data: answer.body, headers: answer.headers ?? {} },
	});
	return new NodeApiError(node, cause as never);
}

export interface RunOptions {
	/** Parameters per item; a single object applies to every item. */
	parameters: IDataObject | IDataObject[];
	items?: number;
	credentials?: Partial<ICredentialDataDecryptedObject>;
	/** Answers in order, or a function that answers any request. */
	answers?: Answer[] | ((request: IHttpRequestOptions) => Answer | Promise<Answer>);
	/**
	 * Plays n8n's OAuth2 renewal: an answer whose status is the token-expired status (401, or the
	 * request's oauth2.tokenExpiredStatusCode) counts a renewal and the request is sent once more.
	 */
	renewTokens?: boolean;
	continueOnFail?: boolean;
	timezone?: string;
	/** The node's type; the AI tool variant is `n8n-nodes-segura.seguraRemoteSessionTool`. */
	nodeType?: string;
	/** How many of the first credential reads fail (as when n8n cannot decrypt the credential). */
	failedCredentialReads?: number;
}

export interface RunResult {
	output?: INodeExecutionData[];
	error?: Error & { description?: string | null; context?: IDataObject; httpCode?: string | null };
	requests: IHttpRequestOptions[];
	/** The third argument of each httpRequestWithAuthentication call. */
	credentialOptions: Array<IAdditionalCredentialOptions | undefined>;
	/** Token renewals n8n would have made (with renewTokens). */
	renewals: number;
	/** Calls of getCredentials. */
	credentialReads: number;
}

/** Whether n8n would fetch a new token on this answer (n8n-core's isTokenExpiredStatusCode). */
function expiresToken(answer: Answer, extra?: IAdditionalCredentialOptions): boolean {
	if ('networkError' in answer || 'thrown' in answer) return false;
	// n8n 1.x renews on a 401 only, whatever tokenExpiredStatusCode says.
	const expired = N8N_LINE === 1 ? 401 : (extra?.oauth2?.tokenExpiredStatusCode ?? 401);
	return Array.isArray(expired) ? expired.includes(answer.status) : expired === answer.status;
}

/** What the node adds to every request under n8n 1.x: answers taken as they come (transport/index.ts). */
export const LINE_OPTIONS: IDataObject = N8N_LINE === 1 ? { ignoreHttpStatusErrors: true } : {};

/** Runs the node's execute() with a context that records every request and plays canned answers. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	const itemCount = options.items ?? 1;
	const items: INodeExecutionData[] = Array.from({ length: itemCount }, (_, i) => ({ json: { index: i } }));
	const credentials = { ...defaultCredentials, ...options.credentials };
	const answerFor =
		typeof options.answers === 'function' ? options.answers : undefined;
	const answers = Array.isArray(options.answers) ? [...options.answers] : [];
	const requests: IHttpRequestOptions[] = [];
	const credentialOptions: Array<IAdditionalCredentialOptions | undefined> = [];
	let renewals = 0;
	let credentialReads = 0;
	const send = async (request: IHttpRequestOptions): Promise<Answer> => {
		requests.push(JSON.parse(JSON.stringify(request)));
		const answer = await (answerFor ? answerFor(request) : answers.shift());
		if (!answer) throw new Error(`No canned answer for request ${requests.length}`);
		return answer;
	};
	const parametersFor = (i: number) =>
		Array.isArray(options.parameters) ? options.parameters[i] : options.parameters;

	const context = {
		getInputData: () => items,
		getNode: () => (options.nodeType ? { ...node, type: options.nodeType } : node),
		getTimezone: () => options.timezone ?? 'UTC',
		continueOnFail: () => options.continueOnFail === true,
		getCredentials: async () => {
			credentialReads++;
			if (credentialReads <= (options.failedCredentialReads ?? 0)) throw new Error('Credentials could not be decrypted');
			return credentials;
		},
		getNodeParameter: (name: string, i: number, fallback?: unknown) => {
			const value = lookUp(parametersFor(i), name);
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
		helpers: {
			constructExecutionMetaData,
			returnJsonArray,
			httpRequestWithAuthentication: async (
				type: string,
				request: IHttpRequestOptions,
				extra?: IAdditionalCredentialOptions,
			) => {
				expect(type).toBe('seguraOAuth2Api');
				credentialOptions.push(extra);
				let answer = await send(request);
				// n8n renews a token only on a thrown status, never on an answer taken as it comes.
				if (options.renewTokens && !request.ignoreHttpStatusErrors && expiresToken(answer, extra)) {
					renewals++;
					answer = await send(request);
				}
				if ('networkError' in answer || 'thrown' in answer) throw thrownBy(answer);
				const failed = answer.status < 200 || answer.status >= 300;
				if (failed && !request.ignoreHttpStatusErrors) throw thrownBy(answer);
				return { statusCode: answer.status, body: answer.body, headers: answer.headers ?? {} };
			},
		},
	} as unknown as IExecuteFunctions;

	try {
		// Parameters of the credential resource are the Segura Credential node's.
		const nodeClass = parametersFor(0)?.resource === 'credential' ? new SeguraCredential() : new SeguraRemoteSession();
		const [output] = await nodeClass.execute.call(context);
		return { output, requests, credentialOptions, renewals, credentialReads };
	} catch (error) {
		return { error: error as RunResult['error'], requests, credentialOptions, renewals, credentialReads };
	}
}

/** The documented envelope around a payload. */
export function envelope(payload: IDataObject = {}, status = 200, message = ''): IDataObject {
	const failed = status >= 400;
	return {
		code: status,
		response: {
			status,
			message,
			error: failed,
			error_code: failed ? status : 0,
			detail: '',
			mensagem: message,
			erro: failed,
			cod_erro: failed ? status : 0,
		},
		tenant: 'Segura',
		...payload,
	};
}

/** An error body as Segura sends it (without the top-level code). */
export function errorBody(status: number, message: string): IDataObject {
	const body = envelope({}, status, message);
	delete body.code;
	return body;
}

export function ok(payload: IDataObject = {}, message = ''): Answer {
	return { status: 200, body: envelope(payload, 200, message) };
}

/** A one-node workflow as n8n loads it (defaults filled in), with only that node's type known. */
export function workflowOf(nodeType: INodeType, workflowNode: INode): Workflow {
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	return new Workflow({ nodes: [workflowNode], connections: {}, active: false, nodeTypes });
}

/** A session as Segura's list answers it (every documented field). */
export const listedSession = (id: number, user: string, device: string, protocol: string, start: string, end: string | null) => ({
	id: String(id),
	user,
	origin_ip: '10.0.0.1',
	credential: 'cred',
	device,
	protocol,
	proxy: 'Web Proxy',
	session_id: `hash${id}`.padEnd(40, '0'),
	start,
	end,
	time: end ? '00:10:00' : null,
	prevent_purge: 'No',
	request: null,
	ITSM: null,
});
