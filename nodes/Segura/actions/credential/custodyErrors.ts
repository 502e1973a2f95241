/** Custody failures in the words of the Segura Credential node. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asNodeError, NOT_AUTHORIZED, permissionError } from '../../errors/errorFactories';

/**
 * Segura's refusal of the whole call names the permission to grant (the catalogue's text for it
 * speaks of web proxy sessions); every other failure passes as it is, with what was not done.
 */
export function custodyError(context: IExecuteFunctions, error: unknown, itemIndex: number, what: 'Check Out' | 'Check In' | 'Get Many'): Error {
	if (!(error instanceof NodeApiError)) return asNodeError(context.getNode(), error);
	const notDone = { 'Check Out': 'nothing was checked out', 'Check In': 'nothing was released', 'Get Many': 'nothing was listed' }[what];
	// Without an answer Segura may have done it: say so, and how to make sure.
	const unknown = {
		'Check Out': 'Segura may have recorded the check-out before the answer was lost: Check In this credential (with Ignore If Not Checked Out on) to be sure nothing stays in custody.',
		'Check In': 'Segura may or may not have released custody: run Check In again with Ignore If Not Checked Out on; it then succeeds either way.',
		'Get Many': 'nothing was listed.',
	}[what];
	if (NOT_AUTHORIZED.test(error.message)) {
		return permissionError(context.getNode(), error, {
			message: 'Segura does not let this application read its credentials',
			lacks: 'credentials (PAM Core: Credentials and Devices)',
			outcome: `: ${notDone}`,
			itemIndex,
		});
	}
	const outcome = error.context?.noAnswer === true ? unknown : `For ${what}: ${notDone}.`;
	error.description = error.description ? `${error.description} ${outcome}` : outcome;
	return error;
}
