/**
 * Segura's devices and credentials as the node matches them: the device a hostname or IP address
 * names, a device's credentials, a device as a person reads it, a credential list's filters. Shared
 * by Create's error wording, the editor's pickers, the Protocol options and Segura Credential's Get Many.
 */
import type { Device, DeviceCredential } from './responses';

const sameText = (a: unknown, b: unknown): boolean => typeof a === 'string' && typeof b === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();

/** The device a hostname or IP address names (any case), as Create's Device field takes one. */
export function deviceNamed(devices: Device[], address: string): Device | undefined {
	return devices.find((device) => sameText(device.ip, address) || sameText(device.hostname, address));
}

/** The credentials of the list that belong to a device, by its hostname or IP address (any case). */
export function credentialsOn(credentials: DeviceCredential[], device: Pick<Device, 'hostname' | 'ip'>): DeviceCredential[] {
	return credentials.filter((credential) => sameText(credential.management_ip, device.ip) || sameText(credential.hostname, device.hostname));
}

/** "linux-srv-01 (10.66.33.17)", or whichever of hostname and IP address the device has. */
export function deviceLabel(device: Device): string {
	return device.hostname && device.ip ? `${device.hostname} (${device.ip})` : String(device.ip ?? device.hostname ?? device.id);
}

/** Segura Credential Get Many's filters, each optional; text compares without case. */
export interface CredentialFilters {
	device?: string;
	username?: string;
	type?: string;
}

/** Whether a listed credential passes every filter given: Device names it by hostname or IP address. */
export function credentialMatcher({ device, username, type }: CredentialFilters): (credential: DeviceCredential) => boolean {
	return (credential) =>
		(!device || sameText(credential.hostname, device) || sameText(credential.management_ip, device)) &&
		(!username || sameText(credential.username, username)) &&
		(!type || sameText(credential.type, type));
}
