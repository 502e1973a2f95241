/**
 * Segura's reads: the session and credential lists (each once per node run, `oncePerRun`), one
 * session by id, and the device and credential lists the node checks a refused value against.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { seguraCall, type SeguraContext } from './index';
import type { Device, DeviceCredential, DeviceDetail, RemoteSession } from '../model/responses';

/** A read's request: `what` names the caller in an error about the answer's shape; `freshCredentials` as in the transport. */
interface ReadRequest {
	itemIndex: number;
	timeoutMs: number;
	what: string;
	freshCredentials?: boolean;
}

/** Segura's whole session list, parsed: one list request (retried as reads are). */
export async function fetchSessionList(context: SeguraContext, { what, ...request }: ReadRequest): Promise<RemoteSession[]> {
	return await seguraCall(context, { endpoint: 'listSessions', ...request }, what);
}

/** The sessions Segura answers for one numeric id (a list of one, or of none), parsed: one request, retried as reads are. */
export async function fetchSessionById(
	context: SeguraContext,
	{ id, what, ...request }: ReadRequest & { id: string },
): Promise<RemoteSession[]> {
	return await seguraCall(context, { endpoint: 'getSession', id, ...request }, what);
}

/** Segura's device list, parsed: one request, retried as reads are. */
export async function fetchDeviceList(context: SeguraContext, { what, ...request }: ReadRequest): Promise<Device[]> {
	return await seguraCall(context, { endpoint: 'listDevices', ...request }, what);
}

/** One device with its connectivities, parsed: one request, retried as reads are. */
export async function fetchDevice(context: SeguraContext, { id, what, ...request }: ReadRequest & { id: string }): Promise<DeviceDetail> {
	return await seguraCall(context, { endpoint: 'getDevice', id, ...request }, what);
}

/** Segura's credential list (no passwords), parsed: one request, retried as reads are. */
export async function fetchDeviceCredentialList(context: SeguraContext, { what, ...request }: ReadRequest): Promise<DeviceCredential[]> {
	return await seguraCall(context, { endpoint: 'listDeviceCredentials', ...request }, what);
}

/**
 * A list read once per node run: Segura answers with the whole list at once (minutes for the
 * sessions of a big appliance), so all input items of a run are answered from one answer, fetched
 * with the first asking item's Timeout. Keyed by the run's execution context, which the router hands
 * every item of the run. A failed read is kept too: every item reports it, after one request.
 */
function oncePerRun<T>(fetch: (context: IExecuteFunctions, request: ReadRequest) => Promise<T>) {
	const runs = new WeakMap<IExecuteFunctions, Promise<T>>();
	return async (context: IExecuteFunctions, request: ReadRequest): Promise<T> => {
		let list = runs.get(context);
		if (!list) {
			list = fetch(context, request);
			runs.set(context, list);
		}
		return await list;
	};
}

/** Segura's credential list, once per node run (Segura Credential's Get Many). */
export const credentialsOfRun = oncePerRun(fetchDeviceCredentialList);

/** Segura's session list, once per node run (Get Many, Terminate by user and device, the check of an unknown id). */
export const sessionsOfRun = oncePerRun(fetchSessionList);
