/**
 * The fuzz oracle's rules for the Segura Credential node, written from the API reference (shared
 * segura-api README, "custody") and the README's Password custody section, not from the node's
 * schemas: Check Out by id or username@hostname, Check In by id, Get Many. A2A paths (/iso/pam).
 */
import { Checks, checkOptions, encodeSegment, hostOrIp, positive, text, type ExpectedRequest, type Values, type Verdict } from './oracle';

export type CustodyOperation = 'checkOut' | 'checkIn' | 'credentialGetMany';

const credentialPath = (segment: string): ExpectedRequest => ({ method: 'GET', path: `/iso/pam/credential/${encodeSegment(segment)}` });

function checkOut(v: Values): Verdict {
	const checks = new Checks();
	let segment: string | undefined;
	if (v.checkOutBy === 'usernameAndDevice') {
		const username = text(v.username);
		const device = text(v.device);
		// Segura cannot read a username that holds "@" in the username@hostname form.
		checks.need('username', username !== undefined && username !== '' && !username.includes('@'));
		checks.need('device', device !== undefined && device !== '' && hostOrIp(device));
		segment = `${username}@${device}`;
	} else {
		const id = positive(v.credentialId);
		checks.need('credentialId', id !== undefined);
		segment = String(id);
	}
	checkOptions(v, checks, ['addHelperFields', 'includePassword'], true);
	return checks.bad.length ? { valid: false, invalidFields: checks.bad } : { valid: true, requests: [credentialPath(segment)] };
}

function checkIn(v: Values): Verdict {
	const checks = new Checks();
	const id = positive(v.credentialId);
	checks.need('credentialId', id !== undefined);
	checkOptions(v, checks, ['ignoreIfNotCheckedOut'], false);
	// Release only at …/custody/{id}: a DELETE on …/credential/{id} would deactivate the credential.
	return checks.bad.length ? { valid: false, invalidFields: checks.bad } : { valid: true, requests: [{ method: 'DELETE', path: `/iso/pam/credential/custody/${id}` }] };
}

function credentialGetMany(v: Values): Verdict {
	const checks = new Checks();
	if (v.returnAll !== true) {
		const limit = v.limit;
		checks.need('limit', limit === undefined || (typeof limit === 'number' && Number.isInteger(limit) && limit >= 1));
	}
	for (const field of ['device', 'username', 'type']) checks.need(field, v[field] === undefined || text(v[field]) !== undefined);
	checkOptions(v, checks, [], false);
	return checks.bad.length ? { valid: false, invalidFields: checks.bad } : { valid: true, requests: [{ method: 'GET', path: '/iso/pam/credential' }] };
}

export function predictCustody(operation: CustodyOperation, values: Values): Verdict {
	if (operation === 'checkOut') return checkOut(values);
	if (operation === 'checkIn') return checkIn(values);
	return credentialGetMany(values);
}
