/**
 * The editor's pickers ("From List" of Create's Device and Device Credential): Segura's device and
 * credential lists, searched and paged in the node (Segura's v1 lists have neither filters nor
 * pages). One list request per search or page, through the transport, so API Paths, the
 * credential's TLS setting and the node's Timeout apply as they do to a run.
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asNodeError, NOT_AUTHORIZED, permissionError } from '../../errors/errorFactories';
import { fetchDeviceCredentialList, fetchDeviceList } from '../../transport/reads';
import { credentialsOn, deviceLabel } from '../../model/inventory';
import { parseOptions } from '../../model/options';
import type { Device, DeviceCredential } from '../../model/responses';

/** Entries per page: n8n's list shows them as one scroll and asks for the next page at its end. */
export const PICKER_PAGE_SIZE = 100;

/** What a picker shows before any page: Segura's automatic credential selection. */
export const AUTOMATIC_CREDENTIAL: INodeListSearchItems = {
	name: 'Automatic: Segura Picks a Free Credential of the Device',
	value: '',
};

/** The node's Timeout option as it stands in the editor, read as a run reads it (0: n8n's default). */
export function timeoutOf(context: ILoadOptionsFunctions): number {
	return parseOptions(context, (context.getCurrentNodeParameter('options') as IDataObject | undefined) ?? {}, 0).timeout;
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

/**
 * One list read for a picker: an authorization that lacks devices gets an error naming what to
 * grant; any other failure passes unchanged.
 */
async function readForPicker<T>(context: ILoadOptionsFunctions, what: 'devices' | 'credentials', read: (request: { itemIndex: number; timeoutMs: number; what: string }) => Promise<T[]>): Promise<T[]> {
	try {
		return await read({ itemIndex: 0, timeoutMs: timeoutOf(context), what: what === 'devices' ? 'Device (From List)' : 'Device Credential (From List)' });
	} catch (error) {
		const message = (error as Error)?.message ?? '';
		if (!(error instanceof NodeApiError) || !(NOT_AUTHORIZED.test(message) || /^1009\b/.test(message))) throw asNodeError(context.getNode(), error);
		throw permissionError(context.getNode(), error, {
			message: `Segura does not let this application read its ${what === 'devices' ? 'device' : 'credential'} list`,
			lacks: `${what === 'devices' ? 'devices' : "devices' credentials"} (read)`,
			instead: `type the value instead: choose ${what === 'devices' ? '"By Address"' : '"By Username"'} in the field's mode`,
		});
	}
}

const deviceEntry = (device: Device): INodeListSearchItems => {
	const label = deviceLabel(device);
	return { name: device.site ? `${label} · ${device.site}` : label, value: device.ip ?? device.hostname ?? device.id };
};

/** Create's Device, From List: hostname, IP, site or tag contains the search text. */
export async function searchDevices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const devices = await readForPicker(this, 'devices', async (request) => await fetchDeviceList(this, request));
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

/** Create's Device Credential, From List: the chosen device's credentials, Automatic first. */
export async function searchDeviceCredentials(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const device = String(this.getCurrentNodeParameter('device', { extractValue: true }) ?? '');
	const credentials = await readForPicker(this, 'credentials', async (request) => await fetchDeviceCredentialList(this, request));
	const text = filter?.trim().toLowerCase() ?? '';
	// The device as the editor holds it (an IP address or a hostname); an expression is not resolved here.
	const mine = device.trim() && !device.startsWith('=') ? credentialsOn(credentials, { hostname: device, ip: device }) : credentials;
	const matches = mine.filter((credential) => !text || searchable(credential.username).includes(text) || searchable(credential.type).includes(text));
	return page<DeviceCredential | undefined>(text ? matches : [undefined, ...matches], paginationToken, credentialEntry);
}
