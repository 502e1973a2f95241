/**
 * Shared set-up of the harness self-test (test/harness/engine.ts through n8n-core's real engine):
 * a throwaway probe node, an engine with the real Segura credential, and a local OAuth2 server.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';

import { SeguraOAuth2Api } from '../../credentials/SeguraOAuth2Api.credentials';
import { createEngine, type Engine } from '../harness/engine';
import { startOAuthServer } from './oauth-server';

/** The local OAuth2 server's handle: url, recorded requests, failNext, setApi, reset, close. */
export type OAuthServer = Awaited<ReturnType<typeof startOAuthServer>>;

/** Every self-test file's outer describe, so test names stay the same in whichever file. */
export const SUITE = 'test engine (n8n-core WorkflowExecute + OAuth2)';

const CRED = 'seguraOAuth2Api';
/** The probe node's type name, for runNode and workflow JSON. */
export const NODE = 'CUSTOM.probe';
/** The node's reference to the Segura credential that newEngine adds (id cred-1). */
export const credentials = { [CRED]: { id: 'cred-1', name: 'Segura' } };

/** Throwaway node: one authenticated GET per item, to `<credential baseUrl><path>`. */
export function probeNode(credentialType: string): INodeType {
	return {
		description: {
			displayName: 'Probe',
			name: 'probe',
			group: ['transform'],
			version: 1,
			description: 'Harness self-test node',
			defaults: { name: 'Probe' },
			usableAsTool: true,
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{ displayName: 'Path', name: 'path', type: 'string', default: '/iso/echo', required: true },
				// What a node must do for self-signed appliances: ignoreSSLIssues only reaches the token call.
				{ displayName: 'Pass SSL Option', name: 'passSslOption', type: 'boolean', default: false },
				// Sends all items' requests at once (what n8n's HTTP Request node does by default).
				{ displayName: 'Parallel', name: 'parallel', type: 'boolean', default: false },
				// Off: the node throws even when "On Error: Continue" is set.
				{
					displayName: 'Handle Continue On Fail',
					name: 'handleContinueOnFail',
					type: 'boolean',
					default: true,
				},
			],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const items = this.getInputData();
			const creds = await this.getCredentials(credentialType);
			const baseUrl = String(creds.baseUrl).trim().replace(/\/+$/, '');
			const call = async (i: number): Promise<INodeExecutionData> => {
				const options: IHttpRequestOptions = {
					method: 'GET',
					url: `${baseUrl}${this.getNodeParameter('path', i) as string}`,
					json: true,
				};
				if (this.getNodeParameter('passSslOption', i)) {
					options.skipSslCertificateValidation = creds.ignoreSSLIssues === true;
				}
				try {
					const json = (await this.helpers.httpRequestWithAuthentication.call(
						this,
						credentialType,
						options,
					)) as IDataObject;
					return { json, pairedItem: { item: i } };
				} catch (error) {
					if (this.continueOnFail() && this.getNodeParameter('handleContinueOnFail', i))
						return { json: { error: (error as Error).message }, pairedItem: { item: i } };
					// Hands back the helper's NodeApiError unchanged (re-wrapping is the identity).
					throw new NodeApiError(this.getNode(), error as JsonObject);
				}
			};
			if (this.getNodeParameter('parallel', 0)) {
				return [await Promise.all(items.map(async (_, i) => await call(i)))];
			}
			const out: INodeExecutionData[] = [];
			for (let i = 0; i < items.length; i++) out.push(await call(i));
			return [out];
		},
	};
}

/** An engine with the probe node and the Segura credential (cred-1) pointed at `server`. */
export function newEngine(server: OAuthServer, data: IDataObject = {}): Engine {
	const engine = createEngine({
		nodeTypes: { [NODE]: probeNode(CRED) },
		credentialTypes: [new SeguraOAuth2Api()],
	});
	engine.addCredential({
		...credentials[CRED],
		type: CRED,
		data: { baseUrl: server.url, clientId: 'client-1', clientSecret: 'secret-1', ...data },
	});
	return engine;
}

/** Paths of the token requests the server received, in order. */
export const tokenPaths = (server: OAuthServer) => server.state.tokenRequests.map((r) => r.path);
/** API calls the server received, as `<authorization> <path> <status>`, in order. */
export const apiCalls = (server: OAuthServer) =>
	server.state.apiRequests.map((r) => `${r.authorization ?? '-'} ${r.path} ${r.status}`);

/**
 * One server for the enclosing describe: started before its tests, closed after them, reset before
 * each. beforeAll fills in the returned handle, so tests use it as a plain object.
 */
export function useOAuthServer(options?: Parameters<typeof startOAuthServer>[0]): OAuthServer {
	const server = {} as OAuthServer;
	beforeAll(async () => {
		Object.assign(server, await startOAuthServer(options));
	});
	afterAll(async () => await server.close());
	beforeEach(() => server.reset());
	return server;
}
