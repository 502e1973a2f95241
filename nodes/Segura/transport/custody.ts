/**
 * Password custody: check-out (reading one credential with its password, which Segura records as
 * this application taking custody) and check-in (releasing custody). Never DELETE on the
 * credential itself: that deactivates it (model/endpoints.ts).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { seguraApiRequest, seguraCall } from './index';
import { CODED_ERRORS, lookUpDocumentedError } from '../errors/errorCatalogue';
import { asNodeError } from '../errors/errorFactories';
import type { CheckedOutCredential } from '../model/responses';

interface CustodyRequest {
	itemIndex: number;
	timeoutMs: number;
	what: string;
}

/** One credential with its secrets, by id or `username@hostname`: Segura records the read as custody. */
export async function checkOutCredential(context: IExecuteFunctions, { id, what, ...request }: CustodyRequest & { id: string }): Promise<CheckedOutCredential> {
	return await seguraCall(context, { endpoint: 'checkOutCredential', id, ...request }, what);
}

/** What a release came to: Segura's message, and whether only a repeat after a lost answer told. */
export interface Release {
	message: string;
	afterLostAnswer: boolean;
}

/** Whether an error is Segura's "not in custody" (1018). */
export const isNotInCustody = (error: unknown) => error instanceof NodeApiError && lookUpDocumentedError(error.message) === CODED_ERRORS[1018];

/**
 * Releases custody of one credential by id. Sent again only when no answer came back; a repeat
 * that answers "not in custody" (1018) then means the first one released it.
 */
export async function releaseCustody(context: IExecuteFunctions, { id, itemIndex, timeoutMs }: Omit<CustodyRequest, 'what'> & { id: string }): Promise<Release> {
	let resent = false;
	try {
		const answer = await seguraApiRequest.call(context, {
			endpoint: 'releaseCustody',
			id,
			itemIndex,
			timeoutMs,
			onResendWithoutAnswer: () => (resent = true),
		});
		const envelope = answer.response as IDataObject | undefined;
		// A success without a message still says what was released.
		return { message: String(envelope?.message || envelope?.mensagem || `Custody of credential ${id} released`), afterLostAnswer: false };
	} catch (error) {
		if (resent && isNotInCustody(error)) return { message: (error as Error).message, afterLostAnswer: true };
		throw asNodeError(context.getNode(), error);
	}
}
