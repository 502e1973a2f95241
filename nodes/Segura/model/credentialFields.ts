/** What the Segura Credential node outputs of a checked-out credential. */
import type { IDataObject } from 'n8n-workflow';

import type { CheckedOutCredential } from './responses';
import { applianceTimeToEpoch } from './sessionFields';

/**
 * The secret fields of a checked-out credential: the password, and `content` (an SSH key's private
 * key, protected information). Left out together when Include Password is off.
 */
export const CREDENTIAL_SECRET_KEYS = ['password', 'content'] as const;

interface CheckOutOutput {
	includePassword: boolean;
	addHelperFields: boolean;
	/** The appliance's time zone, for `expiration_time` (written without an offset). */
	timeZone: string;
}

/** A checked-out credential as the node outputs it: Segura's fields, secrets only when asked for. */
export function checkedOutItem(credential: CheckedOutCredential, { includePassword, addHelperFields, timeZone }: CheckOutOutput): IDataObject {
	const item = { ...credential } as IDataObject;
	if (!includePassword) for (const key of CREDENTIAL_SECRET_KEYS) delete item[key];
	if (addHelperFields) {
		const expiresMs = applianceTimeToEpoch(credential.expiration_time, timeZone);
		item.expires_at = expiresMs === undefined ? null : new Date(expiresMs).toISOString();
	}
	return item;
}
