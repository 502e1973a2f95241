import type { IExecuteFunctions } from 'n8n-workflow';

import { READ_RETRY_POLICY, seguraApiRequest, type SeguraContext } from '../transport';
import { parseAnswer, remoteSessionsAnswerSchema, type RemoteSession } from './responses';
import { datedSessions, type DatedSession } from './sessionFields';

/** Newest first: by start time, then by id for sessions that started in the same second. */
export function newestFirst(sessions: DatedSession[]): DatedSession[] {
	return sessions
		.map((entry) => ({ entry, start: entry.startMs ?? 0, id: Number(entry.session.id) }))
		.sort((a, b) => b.start - a.start || b.id - a.id)
		.map(({ entry }) => entry);
}

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

/**
 * Segura's whole session list, parsed: one list request (retried as reads are). `what` names the
 * caller in an error about the answer's shape; `freshCredentials` as in the transport.
 */
export async function fetchSessionList(
	context: SeguraContext,
	request: { itemIndex: number; timeoutMs: number; what: string; freshCredentials?: boolean },
): Promise<RemoteSession[]> {
	const { itemIndex, timeoutMs, what, freshCredentials } = request;
	const answer = await seguraApiRequest.call(context, {
		endpoint: 'listSessions',
		itemIndex,
		timeoutMs,
		retry: READ_RETRY_POLICY,
		freshCredentials,
	});
	return parseAnswer(context.getNode(), remoteSessionsAnswerSchema, answer, what, itemIndex);
}

/**
 * The sessions Segura answers for one numeric id (a list of one, or of none), parsed: one request,
 * retried as reads are. `what` names the caller in an error about the answer's shape.
 */
export async function fetchSessionById(
	context: SeguraContext,
	request: { id: string; itemIndex: number; timeoutMs: number; what: string; freshCredentials?: boolean },
): Promise<RemoteSession[]> {
	const { id, itemIndex, timeoutMs, what, freshCredentials } = request;
	const answer = await seguraApiRequest.call(context, {
		endpoint: 'getSession',
		id,
		itemIndex,
		timeoutMs,
		retry: READ_RETRY_POLICY,
		freshCredentials,
	});
	return parseAnswer(context.getNode(), remoteSessionsAnswerSchema, answer, what, itemIndex);
}

function snapshotOfRun(context: IExecuteFunctions, itemIndex: number, timeoutMs: number): RunSnapshot {
	let snapshot = snapshots.get(context);
	if (!snapshot) {
		const sessions = fetchSessionList(context, { itemIndex, timeoutMs, what: 'Get Many' });
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

/** The run's sessions, newest first, dated in `timeZone`: fetched by the first item that asks. */
export async function sessionsOfRun(
	context: IExecuteFunctions,
	itemIndex: number,
	timeoutMs: number,
	timeZone: string,
): Promise<DatedSession[]> {
	return await sortedSessions(snapshotOfRun(context, itemIndex, timeoutMs), timeZone);
}
