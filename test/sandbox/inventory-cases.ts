/**
 * What each profile must serve and answer on the device and credential reads, written out from the
 * vendor's pages (not read from the sandbox's own tables, which profiles.test.ts compares with these).
 */
import type { CustodyRouteName, InventoryRouteName, ProfileName } from '../../sandbox';

export const ALL_PROFILES: ProfileName[] = ['consolidated', '3.25', '3.32', '4', 'current'];

export const INVENTORY_ROUTES: InventoryRouteName[] = ['listDevices', 'getDevice', 'listCredentials'];

const ISO: Record<InventoryRouteName, string[]> = {
	listDevices: ['/iso/pam/device'],
	getDevice: ['/iso/pam/device/{id}'],
	listCredentials: ['/iso/pam/credential'],
};

const PAM_CORE: Record<InventoryRouteName, string[]> = {
	listDevices: ['/api/pam/device'],
	getDevice: ['/api/pam/device/{id}'],
	listCredentials: ['/api/pam/credential'],
};

/** 3.2x pages under /iso, v3-33 on under /api/pam; the consolidated reading serves both. */
export const INVENTORY_SERVED: Record<ProfileName, Record<InventoryRouteName, string[]>> = {
	consolidated: {
		listDevices: [...ISO.listDevices, ...PAM_CORE.listDevices],
		getDevice: [...ISO.getDevice, ...PAM_CORE.getDevice],
		listCredentials: [...ISO.listCredentials, ...PAM_CORE.listCredentials],
	},
	'3.25': ISO,
	'3.32': ISO,
	'4': PAM_CORE,
	current: PAM_CORE,
};

/** Both families, for every route: what a client may try. */
export const INVENTORY_CANDIDATES: Record<InventoryRouteName, string[]> = {
	listDevices: [...ISO.listDevices, ...PAM_CORE.listDevices],
	getDevice: [...ISO.getDevice, ...PAM_CORE.getDevice],
	listCredentials: [...ISO.listCredentials, ...PAM_CORE.listCredentials],
};

export interface InventoryTraits {
	/** 'short': response {status, mensagem, erro, message, error} only, no code, no tenant. */
	envelope: 'short' | 'full';
	tags: boolean;
	deviceDetails: boolean;
	automaticChange: 'string' | 'boolean';
	/** The tenant on the lists (full envelope only); get one always carries the profile's tenant. */
	listTenant: string | null;
	/** error_code of the refusal (full envelope only). */
	refusalCode: number;
}

const SHORT = { envelope: 'short', tags: false, automaticChange: 'string', listTenant: null, refusalCode: 0 } as const;
const NEWER = { envelope: 'full', tags: true, deviceDetails: true, automaticChange: 'boolean', listTenant: null, refusalCode: 1 } as const;

export const INVENTORY_TRAITS: Record<ProfileName, InventoryTraits> = {
	// All the pages read together: the newest shapes, the tenant on every answer, the notAuthorized fault's code.
	consolidated: { ...NEWER, listTenant: 'Segura', refusalCode: 1501 },
	// helpcenter 3.25 "PAM Core": get one shows the list's fields only.
	'3.25': { ...SHORT, deviceDetails: false },
	// v3-32 "List credentials": short envelope, automatic_change "0"; get one with the four details (chosen).
	'3.32': { ...SHORT, deviceDetails: true },
	'4': NEWER,
	current: NEWER,
};

export const DEVICE_LIST_KEYS = ['id', 'hostname', 'ip', 'model', 'type', 'vendor', 'site'];
export const DEVICE_DETAIL_KEYS = ['device_domain', 'connectivities', 'session_remote_config', 'device_tags'];
export const CREDENTIAL_KEYS = [
	'id',
	'identifier',
	'username',
	'expiration',
	'change',
	'view',
	'hostname',
	'management_ip',
	'type',
	'type_code',
	'device_model',
	'device_type',
	'device_vendor',
	'automatic_change',
	'connectivity',
	'connectivity_code',
];

export const SEEDED_DEVICE_IDS = ['1', '2', '3'];
export const SEEDED_CREDENTIAL_IDS = ['94', '95', '96', '97', '98', '99', '100'];

export const NOT_AUTHORIZED = 'You are not authorized to access this resource.';

/** The `response` of a success or failure, in the profile's envelope. */
export function inventoryResponse(traits: InventoryTraits, status: number, message: string, errorCode = 0) {
	const error = status >= 400;
	if (traits.envelope === 'short') return { status, mensagem: message, erro: error, message, error };
	return { status, message, error, error_code: errorCode, detail: '', mensagem: message, erro: error, cod_erro: errorCode };
}

/** The 1011 body every profile answers for an unknown device (the pages' only 1011 body). */
export const DEVICE_NOT_FOUND_BODY = {
	response: { status: 400, mensagem: '1011: Device not found', erro: true, message: '1011: Device not found', error: true },
	exception: { code: 1011, message: '1011: Device not found', detail: null },
};

/** What every device and credential read answers without "Credentials and Devices" in the authorization. */
export function refusalBody(traits: InventoryTraits, tenant: string) {
	if (traits.envelope === 'short') return { response: inventoryResponse(traits, 500, NOT_AUTHORIZED) };
	return { response: inventoryResponse(traits, 500, NOT_AUTHORIZED, traits.refusalCode), tenant };
}

/** Custody, from the pages: …/pam/credential/{id} (check-out; DELETE deactivates) and …/pam/credential/custody/{id}. */
const custodyAt = (prefix: string): Record<CustodyRouteName, string[]> => ({
	checkOut: [`${prefix}/credential/{id}`],
	releaseCustody: [`${prefix}/credential/custody/{id}`],
	deactivateCredential: [`${prefix}/credential/{id}`],
});

export const CUSTODY_SERVED: Record<ProfileName, Record<CustodyRouteName, string[]>> = {
	consolidated: {
		checkOut: ['/iso/pam/credential/{id}', '/api/pam/credential/{id}'],
		releaseCustody: ['/iso/pam/credential/custody/{id}', '/api/pam/credential/custody/{id}'],
		deactivateCredential: ['/iso/pam/credential/{id}', '/api/pam/credential/{id}'],
	},
	'3.25': custodyAt('/iso/pam'),
	'3.32': custodyAt('/iso/pam'),
	'4': custodyAt('/api/pam'),
	current: custodyAt('/api/pam'),
};
