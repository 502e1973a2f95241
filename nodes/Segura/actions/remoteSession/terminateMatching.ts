/**
 * Terminate's third way: every active session of a user on a device, optionally only those started
 * at or after a time (the `created_at` of the Create that opened it). Create's answer carries no
 * session id, so this is how a workflow closes the session it opened.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { DatedSession } from '../../model/sessionFields';
import { newestMatching } from '../../model/sessionFilters';
import type { RemoteSession } from '../../model/responses';
import { sessionsOfRun } from '../../transport/reads';
import { dropSession } from './drop';
import { sessionByHash, terminateItem } from './sessionLookup';

export interface SessionsToEnd {
	user: string;
	device: string;
	startedAfter: string;
}

/** The active sessions of the user on the device (host with or without port), newest first. */
export function activeMatches(sessions: RemoteSession[], wanted: SessionsToEnd, timeZone: string): DatedSession[] {
	const { user, device, startedAfter } = wanted;
	const query = { user: user.toLowerCase(), device: device.toLowerCase(), protocol: '', ticket: '', ticketMatch: 'exact' as const, status: 'active' as const, startedAfter, startedBefore: '' };
	return newestMatching(sessions, query, timeZone).filter(({ session }) => Boolean(session.session_id));
}

/**
 * Drops each matching session: one item per session ended. A session that ended meanwhile (another
 * item, or its user, closed it) is reported as already ended, not as an error. None matching gives
 * one item that says so.
 */
export async function terminateMatching(
	context: IExecuteFunctions,
	wanted: SessionsToEnd,
	{ itemIndex, timeoutMs, timeZone }: { itemIndex: number; timeoutMs: number; timeZone: string },
): Promise<IDataObject[]> {
	const sessions = await sessionsOfRun(context, { itemIndex, timeoutMs, what: 'Terminate' });
	const matches = activeMatches(sessions, wanted, timeZone);
	if (matches.length === 0) {
		const since = wanted.startedAfter ? ` started at or after ${wanted.startedAfter}` : '';
		const message = `No active remote session of ${wanted.user} on ${wanted.device}${since}: nothing to terminate`;
		return [terminateItem({ terminated: false, alreadyEnded: false, message }, {})];
	}
	const items: IDataObject[] = [];
	for (const { session } of matches) {
		const target = { ...session, session_id: session.session_id as string, end: null };
		const lookUp = async () => await sessionByHash.call(context, target.session_id, itemIndex, timeoutMs);
		items.push(...(await dropSession(context, { target, lookUp, ignoreIfAlreadyEnded: true, itemIndex, timeoutMs })));
	}
	return items;
}
