/**
 * Shared set-up for the reliability suites: the real node inside n8n-core's engine (see
 * test/harness/engine.ts), talking over real HTTP(S) to the Segura sandbox (sandbox/README.md).
 */
import type {
	ICredentialDataDecryptedObject,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { SeguraOAuth2Api } from '../../credentials/SeguraOAuth2Api.credentials';
import { SeguraCredential } from '../../nodes/Segura/SeguraCredential.node';
import { SeguraRemoteSession } from '../../nodes/Segura/SeguraRemoteSession.node';
import { startSandbox } from '../../sandbox';
import type { RecordedRequest, RequestLogEntry, Sandbox, SandboxOptions } from '../../sandbox';
import { createEngine, type Engine, type RunResult } from '../harness/engine';
import { printSummary } from './report';

export const NODE_TYPE = 'CUSTOM.seguraRemoteSession';
export const CUSTODY_NODE_TYPE = 'CUSTOM.seguraCredential';
export const CREDENTIAL_TYPE = 'seguraOAuth2Api';
export const CREDENTIAL_ID = 'segura-1';
export const credentials = { [CREDENTIAL_TYPE]: { id: CREDENTIAL_ID, name: 'Segura sandbox' } };

/** A create the sandbox accepts any number of times (an explicit credential may be busy). */
export const CREATE: INodeParameters = {
	operation: 'create',
	user: 'alice',
	device: '10.66.33.17',
	protocol: 'SSH',
	credential: 'usrsudonopass',
};

/** Seeded sessions (sandbox/README.md): 36 and 37 are active, 30-35 ended. */
export const ACTIVE_SESSION_ID = '36';
export const SEEDED_SESSION_COUNT = 8;

export const createPath = /\/remote\/session$/;
export const dropPath = /\/session\/drop\//;

/** The fault suites' batch: items per batch, and the index of the one the fault hits. */
export const BATCH_SIZE = 5;
export const FAULT_AT = 2;
/** The node's Timeout option in the fault suites; their `timeout` fault holds far longer. */
export const TIMEOUT_MS = 300;
export const HANG_MS = 3000;

/** An output item that reports a session (not an error). */
export const isSuccess = (item: INodeExecutionData) => typeof item.json.session_url === 'string';

export function inputItems(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({ json: { i } }));
}

export interface Rig {
	sandbox: Sandbox;
	engine: Engine;
	/** Replaces the stored credential (no stored token unless `data` has one). */
	setCredential(data?: ICredentialDataDecryptedObject): void;
	/**
	 * Runs the Segura node with `parameters`, fed `items`: one item at a time unless the parameters
	 * set a Concurrency, so that a fault armed after the n-th request meets item n.
	 */
	run(
		parameters: INodeParameters,
		items?: INodeExecutionData[],
		continueOnFail?: boolean,
	): Promise<RunResult>;
	/**
	 * Runs `action` once, right after the `after`-th answered request whose method and path match
	 * (the sandbox calls its request hook synchronously after sending the answer, so the client
	 * cannot send its next request before the action is done).
	 */
	armAfter(after: number, method: string, path: RegExp, action: () => void): void;
	/** Back to the seeded state, no armed actions, a fresh credential (no stored token). */
	reset(): void;
	close(): Promise<void>;
}

export async function startRig(options: SandboxOptions = {}): Promise<Rig> {
	let hook: ((entry: RequestLogEntry) => void) | undefined;
	const sandbox = await startSandbox({ ...options, onRequest: (entry) => hook?.(entry) });
	const engine = createEngine({
		nodeTypes: { [NODE_TYPE]: new SeguraRemoteSession(), [CUSTODY_NODE_TYPE]: new SeguraCredential() },
		credentialTypes: [new SeguraOAuth2Api()],
	});
	const setCredential = (data: ICredentialDataDecryptedObject = {}) =>
		engine.addCredential({
			...credentials[CREDENTIAL_TYPE],
			type: CREDENTIAL_TYPE,
			data: {
				baseUrl: sandbox.baseUrl,
				clientId: sandbox.clientId,
				clientSecret: sandbox.clientSecret,
				// One path family, so that every request a test counts is the one it arranged.
				apiPaths: 'a2a',
				...data,
			},
		});
	setCredential();
	return {
		sandbox,
		engine,
		setCredential,
		run: async (parameters, items = inputItems(1), continueOnFail = false) => {
			const options = { concurrency: 1, ...(parameters.options as INodeParameters | undefined) };
			// Parameters of the credential resource are the Segura Credential node's.
			const nodeType = parameters.resource === 'credential' ? CUSTODY_NODE_TYPE : NODE_TYPE;
			return await engine.runNode({ nodeType, credentials, parameters: { ...parameters, options }, items, continueOnFail });
		},
		armAfter(after, method, path, action) {
			let seen = 0;
			hook = (entry) => {
				if (entry.method !== method || !path.test(entry.path)) return;
				seen++;
				if (seen === after) {
					hook = undefined;
					action();
				}
			};
		},
		reset() {
			hook = undefined;
			sandbox.reset();
			setCredential();
		},
		close: async () => await sandbox.close(),
	};
}

/**
 * One rig per test file: started before its tests (`onStart` hands it to the file), reset before
 * each test, closed after the last; then the file's summary, if it keeps one, is printed.
 */
export function useRig(
	onStart: (rig: Rig) => void,
	summary?: { title: string; lines: () => string[] },
	options?: SandboxOptions,
): void {
	let rig: Rig | undefined;
	beforeAll(async () => {
		rig = await startRig(options);
		onStart(rig);
	});
	afterAll(async () => {
		await rig?.close();
		if (summary) printSummary(summary.title, summary.lines());
	});
	beforeEach(() => rig?.reset());
}

export function requestsTo(sandbox: Sandbox, method: string, path: RegExp): RecordedRequest[] {
	return sandbox.requests.filter((r) => r.method === method && path.test(r.path));
}

/** Milliseconds between the arrivals of two recorded requests. */
export function gapMs(first: RecordedRequest, second: RecordedRequest): number {
	return Date.parse(second.time) - Date.parse(first.time);
}

/** Sessions the sandbox holds beyond its seed: what the runs under test created. */
export function createdSessions(sandbox: Sandbox) {
	return sandbox.sessions().filter((s) => Number(s.id) > 37);
}
