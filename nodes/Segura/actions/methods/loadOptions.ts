/**
 * Create's Protocol options in the editor: the protocols of the device picked from Segura's list, as
 * its `connectivities` name them ("HTTP:80, SSH:22"), or the protocols Segura documents when the
 * device was typed, is an expression, or its page cannot be read (3.2x lists no connectivities).
 */
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { fetchDevice, fetchDeviceList } from '../../transport/reads';
import { deviceNamed } from '../../model/inventory';
import { timeoutOf } from './listSearch';

/** Protocols the Segura documentation names; any other value can be given by expression. */
export const PROTOCOLS = ['SSH', 'RDP', 'VNC', 'Telnet', 'HTTP', 'HTTPS', 'X11'];

const DOCUMENTED: INodePropertyOptions[] = PROTOCOLS.map((name) => ({ name, value: name }));

/** "HTTP:80, SSH:22" as protocols with their ports, in the order Segura lists them, each once. */
export function parseConnectivities(connectivities: unknown): Array<{ protocol: string; port?: string }> {
	if (typeof connectivities !== 'string') return [];
	const seen = new Set<string>();
	const offered: Array<{ protocol: string; port?: string }> = [];
	for (const part of connectivities.split(',')) {
		const [protocol, port] = part.trim().split(':').map((text) => text.trim());
		if (!protocol || seen.has(protocol.toUpperCase())) continue;
		seen.add(protocol.toUpperCase());
		offered.push({ protocol, port: port || undefined });
	}
	return offered;
}

/** The device the editor holds, when it was picked from the list (not typed, not an expression). */
function pickedDevice(context: ILoadOptionsFunctions): string | undefined {
	const device = context.getCurrentNodeParameter('device') as IDataObject | string | undefined;
	if (!device || typeof device !== 'object' || device.mode !== 'list') return undefined;
	const value = String(device.value ?? '').trim();
	return value && !value.startsWith('=') ? value : undefined;
}

export async function getProtocols(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const device = pickedDevice(this);
	if (!device) return DOCUMENTED;
	const request = { itemIndex: 0, timeoutMs: timeoutOf(this), what: 'Protocol (from the device)' };
	try {
		const listed = deviceNamed(await fetchDeviceList(this, request), device);
		if (!listed) return DOCUMENTED;
		const offered = parseConnectivities((await fetchDevice(this, { ...request, id: listed.id })).connectivities);
		if (!offered.length) return DOCUMENTED;
		return offered.map(({ protocol, port }) => ({
			name: protocol,
			value: protocol,
			description: port ? `Port ${port}, as Segura lists it for this device` : 'As Segura lists it for this device',
		}));
	} catch {
		// The documented list still lets the builder go on; a run reports what Segura says.
		return DOCUMENTED;
	}
}
