/**
 * Segura's reads: the session list (once per node run for Get Many), one session by id, and the
 * device and credential lists the node checks a refused value against.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { seguraCall, type SeguraContext } from './index';
import type { Device, DeviceCredential, DeviceDetail, RemoteSession } from '../model/responses';
import { datedSessions, newestFirst, type DatedSession } from '../model/sessionFields';

interface RunSnapshot {
	sessions: Promise<RemoteSession[]>;
	/** Per appliance time zone: the sessions dated and sorted newest first, once. */
	sorted: Map<string, DatedSession[]>;
}

/**
 * One list per node run: Segura answers with every session at once (minutes on big appliances), so
 * all input items of a run are answered from one snapshot, fetched with the first item's Timeout.
 * Keyed by the run's execution context, which the router hands every item of the run.
 */
const snapshots = new WeakMap<IExecuteFunctions, RunSnapshot>();

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

/** The credential list once per node run: Get Many's items share it; a failed read is not kept, so the next item asks again. */
const credentialListsOfRun = new WeakMap<IExecuteFunctions, Promise<DeviceCredential[]>>();

export async function credentialsOfRun(context: IExecuteFunctions, request: ReadRequest): Promise<DeviceCredential[]> {
	let list = credentialListsOfRun.get(context);
	if (!list) {
		list = fetchDeviceCredentialList(context, request);
		credentialListsOfRun.set(context, list);
		list.catch(() => credentialListsOfRun.delete(context));
	}
	return await list;
}

function snapshotOfRun(context: IExecuteFunctions, itemIndex: number, timeoutMs: number, what: string): RunSnapshot {
	let snapshot = snapshots.get(context);
	if (!snapshot) {
		const sessions = fetchSessionList(context, { itemIndex, timeoutMs, what });
		snapshot = { sessions, sorted: new Map() };
		snapshots.set(context, snapshot);
	}
	return snapshot;
}

async function sortedSessions(snapshot: RunSnapshot, timeZone: string): Promise<DatedSession[]> {
	const sessions = await snapshot.sessions;
	let sorted = snapshot.sorted.get(timeZone);
	if (!sorted) {
		sorted = newestFirst(datedSessions(sessions, timeZone));
		snapshot.sorted.set(timeZone, sorted);
	}
	return sorted;
}

/**
 * The run's sessions, newest first, dated in `timeZone`: fetched by the first item that asks.
 * `what` (the operation) names the caller in an error about the answer's shape.
 */
export async function sessionsOfRun(
	context: IExecuteFunctions,
	itemIndex: number,
	timeoutMs: number,
	timeZone: string,
	what = 'Get Many',
): Promise<DatedSession[]> {
	return await sortedSessions(snapshotOfRun(context, itemIndex, timeoutMs, what), timeZone);
}
