/**
 * The editor's pickers ("From List" of Create's Device and Device Credential): Segura's device and
 * credential lists, searched and paged in the node (Segura's v1 lists have neither filters nor
 * pages). One list request per search or page, through the transport, so API Paths, the
 * credential's TLS setting and the node's Timeout apply as they do to a run.
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { fetchDeviceCredentialList, fetchDeviceList } from '../../transport/reads';
import type { Device, DeviceCredential } from '../../model/responses';

/** Entries per page: n8n's list shows them as one scroll and asks for the next page at its end. */
export const PICKER_PAGE_SIZE = 100;

/** What a picker shows before any page: Segura's automatic credential selection. */
export const AUTOMATIC_CREDENTIAL: INodeListSearchItems = {
	name: 'Automatic: Segura Picks a Free Credential of the Device',
	value: '',
};

/** The node's Timeout option as it stands in the editor (0: n8n's default). */
export function timeoutOf(context: ILoadOptionsFunctions): number {
	const options = context.getCurrentNodeParameter('options') as IDataObject | undefined;
	const timeout = Number(options?.timeout);
	return Number.isInteger(timeout) && timeout > 0 ? Math.min(timeout, 600_000) : 0;
}

/** Lower-case text of a list field (strings, numbers, arrays of them); '' for anything else. */
function searchable(value: unknown): string {
	if (Array.isArray(value)) return value.map(searchable).join(' ');
	return typeof value === 'string' || typeof value === 'number' ? String(value).toLowerCase() : '';
}

/** A page of matches as entries, and the token of the next, as n8n's list asks for them. */
function page<T>(matches: T[], paginationToken: string | undefined, entry: (match: T) => INodeListSearchItems): INodeListSearchResult {
	const start = Math.max(0, Number.parseInt(paginationToken ?? '0', 10) || 0);
	const end = start + PICKER_PAGE_SIZE;
	return { results: matches.slice(start, end).map(entry), paginationToken: end < matches.length ? String(end) : undefined };
}

/** An authorization that lacks devices gets an error naming what to grant; others pass unchanged. */
function pickerError(context: ILoadOptionsFunctions, error: unknown, what: 'devices' | 'credentials'): unknown {
	const message = (error as Error)?.message ?? '';
	if (!(error instanceof NodeApiError) || !/not authorized|^1009\b/i.test(message)) return error;
	return new NodeApiError(context.getNode(), {}, {
		message: `Segura does not let this application read its ${what === 'devices' ? 'device' : 'credential'} list`,
		description: `Segura answered "${message}". The A2A authorization of this application lacks access to ${what === 'devices' ? 'devices' : "devices' credentials"} (read). Ask a Segura administrator to grant it in A2A > Applications > Authorizations, or type the value instead: choose ${what === 'devices' ? '"By Address"' : '"By Username"'} in the field's mode.`,
		httpCode: error.httpCode ?? undefined,
	});
}

const deviceEntry = (device: Device): INodeListSearchItems => {
	const address = device.ip ?? device.hostname ?? device.id;
	const label = device.hostname && device.ip ? `${device.hostname} (${device.ip})` : address;
	return { name: device.site ? `${label} · ${device.site}` : label, value: address };
};

/** Create's Device, From List: hostname, IP, site or tag contains the search text. */
export async function searchDevices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	let devices: Device[];
	try {
		devices = await fetchDeviceList(this, { itemIndex: 0, timeoutMs: timeoutOf(this), what: 'Device (From List)' });
	} catch (error) {
		throw pickerError(this, error, 'devices');
	}
	const text = filter?.trim().toLowerCase() ?? '';
	const fields = (device: Device) => [device.hostname, device.ip, device.site, device.tags, device.device_tags];
	const matches = text ? devices.filter((device) => fields(device).some((value) => searchable(value).includes(text))) : devices;
	return page(matches, paginationToken, deviceEntry);
}

/** A credential as its username and type; undefined stands for the Automatic choice. */
const credentialEntry = (credential?: DeviceCredential): INodeListSearchItems => {
	if (!credential) return AUTOMATIC_CREDENTIAL;
	const username = credential.username ?? credential.id;
	return { name: credential.type ? `${username} (${credential.type})` : username, value: username };
};

/** Whether a credential of the list belongs to the chosen device (by hostname or IP, any case). */
function ofDevice(device: string): (credential: DeviceCredential) => boolean {
	const wanted = device.trim().toLowerCase();
	return (credential) => [credential.hostname, credential.management_ip].some((value) => searchable(value) === wanted);
}

/** Create's Device Credential, From List: the chosen device's credentials, Automatic first. */
export async function searchDeviceCredentials(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const device = String(this.getCurrentNodeParameter('device', { extractValue: true }) ?? '');
	let credentials: DeviceCredential[];
	try {
		credentials = await fetchDeviceCredentialList(this, { itemIndex: 0, timeoutMs: timeoutOf(this), what: 'Device Credential (From List)' });
	} catch (error) {
		throw pickerError(this, error, 'credentials');
	}
	const text = filter?.trim().toLowerCase() ?? '';
	const mine = device && !device.startsWith('=') ? credentials.filter(ofDevice(device)) : credentials;
	const matches = mine.filter((credential) => !text || searchable(credential.username).includes(text) || searchable(credential.type).includes(text));
	return page<DeviceCredential | undefined>(text ? matches : [undefined, ...matches], paginationToken, credentialEntry);
}
