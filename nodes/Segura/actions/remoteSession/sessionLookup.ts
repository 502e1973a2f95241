/** Terminate's look-ups of one session, by numeric id or by session_id, with the read retry policy. */
import type { IDataObject, IExecuteFunctions, NodeApiError } from 'n8n-workflow';

import { seguraApiError } from '../../errors/errorFactories';
import { maskSecrets } from '../../errors/redaction';
import type { RemoteSession } from '../../model/responses';
import { fetchSessionList } from '../../transport/reads';
import { sessionsWithId } from './unknownValues';

/**
 * What every Terminate item holds, whatever the outcome: the session's identifiers, user, device and
 * `end` (the end Segura showed for a session that had already ended; null when this call ended it).
 * Null where Segura was not asked: a drop by session_id that succeeds reads nothing.
 */
export function terminateItem(
	outcome: { terminated: boolean; alreadyEnded: boolean; message: string },
	session: Partial<RemoteSession>,
): IDataObject {
	const { session_id = null, id = null, user = null, device = null, end = null } = session;
	return { terminated: outcome.terminated, already_ended: outcome.alreadyEnded, session_id, id, user, device, end, message: outcome.message };
}

/** The item for a session Segura shows as ended: reported only once its end is confirmed. */
export const endedItem = (session: RemoteSession): IDataObject[] => [
	terminateItem({ terminated: false, alreadyEnded: true, message: 'Session had already ended' }, session),
];

/** The error for a session that had already ended, when that is not to be ignored. */
export function alreadyEndedError(context: IExecuteFunctions, itemIndex: number, session: RemoteSession): NodeApiError {
	return sessionError(
		context,
		itemIndex,
		`Remote session ${session.id} has already ended (at ${session.end})`,
		'Nothing to terminate. Turn on "Ignore If Already Ended" if an ended session is fine for this workflow.',
	);
}

/** A NodeApiError about the session asked for, in the node's words. */
export function sessionError(context: IExecuteFunctions, itemIndex: number, message: string, description: string): NodeApiError {
	return seguraApiError(context.getNode(), { message, description }, itemIndex);
}

/** The session of this numeric id; Segura's answer must carry that id, or it is an error. */
export async function sessionById(
	this: IExecuteFunctions,
	id: string,
	itemIndex: number,
	timeoutMs: number,
): Promise<RemoteSession> {
	const sessions = await sessionsWithId(this, id, { itemIndex, timeoutMs, what: 'Terminate' });
	const session = sessions.find((candidate) => candidate.id === id);
	if (session) return session;
	const ids = sessions.map((candidate) => candidate.id).join(', ') || 'none';
	throw sessionError(
		this,
		itemIndex,
		`Segura's answer holds no remote session with id ${maskSecrets(id)}`,
		`It returned ids: ${ids}. Nothing was terminated. Check the Numeric ID (the "id" field, such as 30).`,
	);
}

/** The session with this session_id in Segura's list, if any. */
export async function sessionByHash(
	this: IExecuteFunctions,
	hash: string,
	itemIndex: number,
	timeoutMs: number,
): Promise<RemoteSession | undefined> {
	const sessions = await fetchSessionList(this, { itemIndex, timeoutMs, what: 'Terminate' });
	return sessions.find((session) => session.session_id === hash);
}

/**
 * The drop failed: Segura gives one message for an ended session and for a session_id no session
 * has, so the session is always looked up. A session with an end has already ended (an item with
 * Ignore If Already Ended, else an error that says so); anything else stays an error that names
 * what the look-up found.
 */
export async function explainFailedDrop(
	this: IExecuteFunctions,
	lookUp: () => Promise<RemoteSession | undefined>,
	dropError: NodeApiError,
	itemIndex: number,
	ignoreIfAlreadyEnded: boolean,
): Promise<IDataObject[]> {
	let session: RemoteSession | undefined;
	try {
		session = await lookUp();
	} catch (lookupError) {
		const why = `The node could not check whether the session had ended: ${(lookupError as Error).message}`;
		throw sessionError(this, itemIndex, dropError.message, [dropError.description, why].filter(Boolean).join(' '));
	}
	if (!session) {
		throw sessionError(
			this,
			itemIndex,
			'No remote session has this session_id',
			'Segura could not drop it, and its session list holds no session with this session_id: nothing was terminated. Check the Session ID (the session_id Get or Get Many returns, not the numeric id).',
		);
	}
	if (!session.end) {
		throw sessionError(
			this,
			itemIndex,
			`Segura could not drop remote session ${session.id}, which has not ended`,
			`Segura answered "${dropError.message}". Try again; if it persists, end the session in Segura.`,
		);
	}
	if (!ignoreIfAlreadyEnded) throw alreadyEndedError(this, itemIndex, session);
	return endedItem(session);
}
