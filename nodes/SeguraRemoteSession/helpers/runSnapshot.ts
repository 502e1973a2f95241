import type { IExecuteFunctions } from 'n8n-workflow';

import { READ_RETRY_POLICY, seguraApiRequest } from '../transport';
import { parseAnswer, remoteSessionsAnswerSchema, type RemoteSession } from './responses';
import { datedSessions, type DatedSession } from './sessionFields';

/** Newest first: by start time, then by id for sessions that started in the same second. */
function newestFirst(sessions: DatedSession[]): DatedSession[] {
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

function snapshotOfRun(context: IExecuteFunctions, itemIndex: number, timeoutMs: number): RunSnapshot {
	let snapshot = snapshots.get(context);
	if (!snapshot) {
		const sessions = seguraApiRequest
			.call(context, { endpoint: 'listSessions', itemIndex, timeoutMs, retry: READ_RETRY_POLICY })
			.then((answer) => parseAnswer(context.getNode(), remoteSessionsAnswerSchema, answer, 'Get Many', itemIndex));
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
