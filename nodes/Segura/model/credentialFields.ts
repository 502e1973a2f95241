/** What the Segura Credential node outputs of a credential, and how its Get Many filters match. */
import type { IDataObject } from 'n8n-workflow';

import type { CheckedOutCredential, DeviceCredential } from './responses';
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

/** Get Many's filters, each optional; text compares without case. */
export interface CredentialFilters {
	device?: string;
	username?: string;
	type?: string;
}

const same = (value: unknown, wanted: string) => typeof value === 'string' && value.toLowerCase() === wanted.toLowerCase();

/** Whether a listed credential passes every filter given: Device matches its hostname or IP. */
export function credentialMatcher({ device, username, type }: CredentialFilters): (credential: DeviceCredential) => boolean {
	return (credential) =>
		(!device || same(credential.hostname, device) || same(credential.management_ip, device)) &&
		(!username || same(credential.username, username)) &&
		(!type || same(credential.type, type));
}
