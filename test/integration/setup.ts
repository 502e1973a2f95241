import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SeguraOAuth2Api } from '../../credentials/SeguraOAuth2Api.credentials';
import { SeguraRemoteSession } from '../../nodes/SeguraRemoteSession/SeguraRemoteSession.node';
import { SeguraTrigger } from '../../nodes/SeguraTrigger/SeguraTrigger.node';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { createEngine, type Engine } from '../harness/engine';

export const NODE_TYPE = 'n8n-nodes-segura.seguraRemoteSession';
export const TRIGGER_TYPE = 'n8n-nodes-segura.seguraTrigger';

/** n8n's engine with this package's node and credential, the way n8n loads them. */
export function seguraEngine(): Engine {
	return createEngine({
		nodeTypes: { [NODE_TYPE]: new SeguraRemoteSession(), [TRIGGER_TYPE]: new SeguraTrigger() },
		credentialTypes: [new SeguraOAuth2Api()],
	});
}

export async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return await startSandbox({ port: 0, ...options });
}

let credentialCounter = 0;

/** Adds a fresh credential (so no token is stored yet) and returns the node's reference to it. */
export function addCredential(engine: Engine, box: Sandbox, data: IDataObject = {}) {
	const id = `segura-${++credentialCounter}`;
	engine.addCredential({
		id,
		name: `Segura ${credentialCounter}`,
		type: 'seguraOAuth2Api',
		data: {
			baseUrl: box.baseUrl,
			clientId: box.clientId,
			clientSecret: box.clientSecret,
			authentication: 'body',
			apiPaths: 'a2a',
			ignoreSSLIssues: false,
			...data,
		},
	});
	return { seguraOAuth2Api: { id, name: `Segura ${credentialCounter}` } };
}

/** Items for the trigger to feed the node; parameters read them by expression. */
export const items = (...rows: IDataObject[]): INodeExecutionData[] => rows.map((json) => ({ json }));

export const json = (output: INodeExecutionData[]) => output.map((item) => item.json);
export const pairing = (output: INodeExecutionData[]) =>
	output.map((item) => (item.pairedItem as { item: number }).item);
