/**
 * Sessions the memory holds as active that a whole list lacks: a session is reported as ended only
 * when Segura shows its end, never for missing from one list. Each is asked for by id.
 */
import type { IPollFunctions } from 'n8n-workflow';

import { fetchSessionById } from '../transport/reads';
import { applianceTimeReader, dated, type DatedSession } from '../model/sessionFields';
import type { Confirmation } from './pollState';

/** At most this many Gets a poll; the rest wait for the next polls, so a poll stays one list and a few reads. */
export const CONFIRMATIONS_PER_POLL = 5;

/** Segura's "1002: Session not found" (3.32 and later), in the message or in its explanation. */
const NOT_FOUND = /\b1002\b|session not found/i;

export async function confirmMissing(
	context: IPollFunctions,
	ids: string[],
	options: { timeoutMs: number; timeZone: string },
): Promise<Array<Confirmation<DatedSession>>> {
	const readTime = applianceTimeReader(options.timeZone);
	const answers: Array<Confirmation<DatedSession>> = [];
	for (const id of ids.slice(0, CONFIRMATIONS_PER_POLL)) {
		try {
			const sessions = await fetchSessionById(context, {
				id,
				itemIndex: 0,
				timeoutMs: options.timeoutMs,
				what: 'the Segura Remote Session Trigger',
				freshCredentials: true,
			});
			const session = sessions.find((candidate) => candidate.id === id);
			if (session?.end) answers.push({ id, ended: true, endMs: readTime(session.end), value: dated(session, options.timeZone) });
		} catch (error) {
			const { message, description } = error as { message?: string; description?: string };
			if (NOT_FOUND.test(`${message ?? ''} ${description ?? ''}`)) {
				answers.push({ id, gone: true });
				continue;
			}
			// Kept as active; asked again at the next poll.
			context.logger.warn(`Segura Remote Session Trigger: could not check whether remote session ${id} has ended: ${message ?? 'unknown error'}`);
		}
	}
	return answers;
}
