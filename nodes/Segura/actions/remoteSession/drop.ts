/** Terminate's one call with an effect: the drop of one session, and what a failed drop means. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { lookUpDocumentedError } from '../../errors/errorCatalogue';
import { asNodeError } from '../../errors/errorFactories';
import type { RemoteSession } from '../../model/responses';
import { seguraApiRequest } from '../../transport';
import { explainFailedDrop, terminateItem } from './sessionLookup';

const DROP_FAILED = 'an error occurred while droping session';

function isDropFailure(error: unknown): boolean {
	return error instanceof NodeApiError && lookUpDocumentedError(error.message) === lookUpDocumentedError(DROP_FAILED);
}

export interface DropRequest {
	/** The session as far as it is known: its session_id at least. */
	target: Partial<RemoteSession> & { session_id: string };
	/** Finds the session again when the drop fails (by id, or in the list). */
	lookUp: () => Promise<RemoteSession | undefined>;
	ignoreIfAlreadyEnded: boolean;
	itemIndex: number;
	timeoutMs: number;
}

/**
 * Drops one session and says what was ended. A failed drop comes as HTTP 200 with error true or as
 * HTTP 500, depending on the version, in words that cannot tell an ended session from an unknown
 * one: the session is looked up before the error is worded.
 */
export async function dropSession(context: IExecuteFunctions, request: DropRequest): Promise<IDataObject[]> {
	const { target, itemIndex } = request;
	let answer: IDataObject;
	try {
		// Never retried: a drop that reached Segura once must not be sent again.
		answer = await seguraApiRequest.call(context, { endpoint: 'dropSession', id: target.session_id, itemIndex, timeoutMs: request.timeoutMs });
	} catch (error) {
		if (isDropFailure(error)) {
			return await explainFailedDrop.call(context, request.lookUp, error as NodeApiError, itemIndex, request.ignoreIfAlreadyEnded);
		}
		throw asNodeError(context.getNode(), error);
	}
	const response = (answer.response ?? {}) as IDataObject;
	const message = [response.message, response.mensagem].find((text) => typeof text === 'string' && text.trim() !== '');
	return [terminateItem({ terminated: true, alreadyEnded: false, message: String(message ?? 'Session dropped successfully') }, target)];
}
