/** Terminate's look-ups of one session, by numeric id or by session_id, with the read retry policy. */
import type { IDataObject, IExecuteFunctions, NodeApiError } from 'n8n-workflow';

import { seguraApiError } from '../../errors/errorFactories';
import type { RemoteSession } from '../../model/responses';
import { fetchSessionById, fetchSessionList } from '../../transport/reads';

export const summary = ({ session_id, id, user, device }: RemoteSession): IDataObject => ({ session_id, id, user, device });

/** The item for a session Segura shows as ended: reported only once its end is confirmed. */
export const endedItem = (session: RemoteSession): IDataObject[] => [
	{ terminated: false, already_ended: true, ...summary(session), end: session.end, message: 'Session had already ended' },
];

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
	const sessions = await fetchSessionById(this, { id, itemIndex, timeoutMs, what: 'Terminate' });
	const session = sessions.find((candidate) => candidate.id === id);
	if (session) return session;
	const ids = sessions.map((candidate) => candidate.id).join(', ') || 'none';
	throw sessionError(
		this,
		itemIndex,
		`Segura's answer holds no remote session with id ${id}`,
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
 * The drop failed and "Ignore If Already Ended" is on: Segura gives one message for an ended
 * session and for a session_id no session has, so the session is looked up. Only a session with an
 * end is reported as already ended; anything else stays an error.
 */
export async function confirmEnded(
	this: IExecuteFunctions,
	lookUp: () => Promise<RemoteSession | undefined>,
	dropError: NodeApiError,
	itemIndex: number,
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
	return endedItem(session);
}
