import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SeguraOAuth2Api } from '../../credentials/SeguraOAuth2Api.credentials';
import { SeguraCredential } from '../../nodes/Segura/SeguraCredential.node';
import { SeguraRemoteSession } from '../../nodes/Segura/SeguraRemoteSession.node';
import { SeguraRemoteSessionTrigger } from '../../nodes/Segura/SeguraRemoteSessionTrigger.node';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { createEngine, type Engine } from '../harness/engine';

export const NODE_TYPE = 'n8n-nodes-segura.seguraRemoteSession';
export const TRIGGER_TYPE = 'n8n-nodes-segura.seguraRemoteSessionTrigger';
export const CUSTODY_TYPE = 'n8n-nodes-segura.seguraCredential';

/** n8n's engine with this package's node and credential, the way n8n loads them. */
export function seguraEngine(): Engine {
	return createEngine({
		nodeTypes: { [NODE_TYPE]: new SeguraRemoteSession(), [TRIGGER_TYPE]: new SeguraRemoteSessionTrigger(), [CUSTODY_TYPE]: new SeguraCredential() },
		credentialTypes: [new SeguraOAuth2Api()],
	});
}

export async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return await startSandbox({ port: 0, ...options });
}

/**
 * The engine and sandbox of a file that calls useSandboxAndEngine(), shared as live bindings so its tests read
 * them as plain `engine` and `box`, set before the first test.
 */
export let engine: Engine;
export let box: Sandbox;

/** One sandbox and engine per test file, reset before each test so no test sees another's sessions. */
export function useSandboxAndEngine(): void {
	beforeAll(async () => {
		box = await sandbox();
		engine = seguraEngine();
	});
	afterAll(async () => await box.close());
	beforeEach(() => box.reset());
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

/** Create's parameters, reading user, device and credential from the item; `extra` overrides. */
export const create = (extra: Record<string, unknown> = {}) => ({
	operation: 'create',
	user: '={{ $json.user }}',
	device: '={{ $json.device }}',
	protocol: 'SSH',
	credential: '={{ $json.credential ?? "" }}',
	...extra,
});

/** The description n8n shows under an error's message. */
export const descriptionOf = (error?: Error) => (error as { description?: string } | undefined)?.description;
