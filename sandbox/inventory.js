'use strict';

/**
 * The appliance's devices and credentials as the read calls show them (routes.js listDevices,
 * getDevice, listCredentials): the seeded devices (seed.js), then any synthetic ones
 * (synthetic-devices.js), and the records each profile's pages show for them. Whether the A2A
 * authorization covers these reads at all is `deviceAccess` (false: every read is refused).
 *
 * Lists are "virtual": `{ length, slice(from, to) }`, each item made when it is sliced, so a list
 * of 100k synthetic devices is never held in memory and streams a chunk at a time (wire.js).
 *
 * Chosen where the pages are silent (the record fields themselves are the pages'):
 * - device `tags` / `device_tags`: the tags joined with ", " (the current page's "api, app");
 * - `session_remote_config` (a "login expression"): "" (none configured);
 * - credential `identifier` (the webservice identifier a user defines): `<username>-<hostname>`,
 *   lower case, anything else than letters, digits and "-" as "-";
 * - `expiration` null (no expiry), as on the 3.32 page; `change` and `view` in the appliance's
 *   local time ("YYYY-MM-DD HH:MM:SS"), a stable spread of hours before the start (or reset);
 *   `view` null for SSH keys and every fourth credential (never viewed);
 * - `type` / `type_code`: "Local User" "1", a domain credential "Domain User" "2", an SSH key
 *   "SSH Key" "1" (the v3-33 / v4 example pairs "SSH Key" with "1");
 * - `connectivity`: an SSH key's "SSH", otherwise the device's first protocol; its code as below
 *   (HTTPS 10 and RDP 13 are the pages', the others chosen).
 */

const { DEVICES } = require('./seed');
const { syntheticDevice, syntheticCredentialCount, syntheticCredentialPlace, assertDeviceCount } = require('./synthetic-devices');

const CONNECTIVITY_CODES = Object.freeze({ HTTPS: '10', SSH: '11', RDP: '13', TELNET: '14', HTTP: '9', VNC: '15' });

const HOUR_MS = 3600 * 1000;

/** Synthetic ids follow the seed's: devices from 4, credentials from 101. */
const SYNTHETIC_IDS = Object.freeze({
	firstDeviceId: Math.max(...DEVICES.map((d) => Number(d.id))) + 1,
	firstCredentialId: Math.max(...DEVICES.flatMap((d) => d.credentials.map((c) => Number(c.id)))) + 1,
});

/** Seeded credentials in list order (ascending id), each with its device. */
const SEEDED_CREDENTIALS = Object.freeze(DEVICES.flatMap((device) => device.credentials.map((credential) => Object.freeze({ device, credential }))));

class Inventory {
	/**
	 * @param {{ syntheticDevices?: number, deviceAccess?: boolean, now?: () => number,
	 *   formatLocal: (ms: number) => string }} options formatLocal: the session store's, so credential
	 *   times are in the same appliance local time as session times
	 */
	constructor(options) {
		this.syntheticCount = options.syntheticDevices ?? 0;
		assertDeviceCount(this.syntheticCount);
		this.setDeviceAccess(options.deviceAccess ?? true);
		this.now = options.now || Date.now;
		this.formatLocal = options.formatLocal;
		this.reset();
	}

	/** Re-anchors the credentials' change / view times at the current time (synthetic count kept). */
	reset() {
		this.anchorMs = Math.floor(this.now() / 1000) * 1000;
	}

	setSyntheticDevices(count) {
		assertDeviceCount(count);
		this.syntheticCount = count;
	}

	/** Whether the A2A authorization covers "Credentials and Devices" (false: every read is refused). */
	setDeviceAccess(allowed) {
		if (typeof allowed !== 'boolean') throw new TypeError('deviceAccess must be true or false.');
		this.deviceAccess = allowed;
	}

	/** Every device, ascending id: the seed's, then the synthetic ones. */
	devices() {
		const seeded = DEVICES.length;
		return virtualList(seeded + this.syntheticCount, (i) => (i < seeded ? DEVICES[i] : syntheticDevice(i - seeded + 1, SYNTHETIC_IDS)));
	}

	/** Every credential, ascending id, as `{ device, credential, index }`. */
	credentials() {
		const seeded = SEEDED_CREDENTIALS.length;
		return virtualList(seeded + syntheticCredentialCount(this.syntheticCount), (index) => {
			if (index < seeded) return { ...SEEDED_CREDENTIALS[index], index };
			const { n, k } = syntheticCredentialPlace(index - seeded);
			const device = syntheticDevice(n, SYNTHETIC_IDS);
			return { device, credential: device.credentials[k], index };
		});
	}

	/** A device by its numeric id ("2", also "02"); undefined when there is none. */
	device(id) {
		if (!/^[0-9]+$/.test(String(id))) return undefined;
		const wanted = Number(id);
		const seeded = DEVICES.find((d) => Number(d.id) === wanted);
		if (seeded) return seeded;
		const n = wanted - SYNTHETIC_IDS.firstDeviceId + 1;
		return n >= 1 && n <= this.syntheticCount ? syntheticDevice(n, SYNTHETIC_IDS) : undefined;
	}

	/** A credential by its numeric id, as `{ device, credential, index }`; undefined when there is none. */
	credential(id) {
		if (!/^[0-9]+$/.test(String(id))) return undefined;
		const wanted = Number(id);
		const seeded = SEEDED_CREDENTIALS.findIndex(({ credential }) => Number(credential.id) === wanted);
		if (seeded !== -1) return { ...SEEDED_CREDENTIALS[seeded], index: seeded };
		const j = wanted - SYNTHETIC_IDS.firstCredentialId;
		if (j < 0 || j >= syntheticCredentialCount(this.syntheticCount)) return undefined;
		return this.credentials().slice(SEEDED_CREDENTIALS.length + j, SEEDED_CREDENTIALS.length + j + 1)[0];
	}

	/**
	 * A credential by `{id}` or `{username@hostname}` (the check-out path's two forms). The pages: a
	 * username that holds "@" does not work in the second form, so the text is split at its first "@".
	 */
	credentialNamed(text) {
		const at = String(text).indexOf('@');
		if (at === -1) return this.credential(text);
		const [username, hostname] = [text.slice(0, at), text.slice(at + 1)];
		const all = this.credentials();
		for (let from = 0; from < all.length; from += 1000) {
			const found = all.slice(from, from + 1000).find(({ device, credential }) => credential.username === username && device.hostname === hostname);
			if (found) return found;
		}
		return undefined;
	}

	/**
	 * A credential as check-out shows it (the pages' fields), with its secrets as they are now.
	 * @param {{ device: object, credential: object }} item
	 * @param {{ password: string, content: string }} secrets
	 */
	checkedOutRecord({ device, credential }, secrets) {
		return {
			id: credential.id,
			identifier: identifierOf(device, credential),
			username: credential.username,
			password: secrets.password,
			content: secrets.content,
			hostname: device.hostname,
			parent_credential_cod: null,
			parent_credential: null,
			additional: '',
			domain: credential.domain ? device.domain : '',
			ip: device.ip,
			port: String(Object.values(device.ports)[0] ?? ''),
			model: device.model,
			expiration_time: null,
		};
	}

	/**
	 * A device as the list shows it; `tags` only where the profile's pages show it (4, current).
	 * @param {{ tags: boolean }} style the profile's `inventory`
	 */
	deviceRecord(device, style) {
		const record = { id: device.id, hostname: device.hostname, ip: device.ip, model: device.model, type: device.type, vendor: device.vendor, site: device.site };
		if (style.tags) record.tags = device.tags.join(', ');
		return record;
	}

	/**
	 * A device as get one shows it: the list's fields (never `tags`) and, where the profile's pages
	 * show them, `device_domain`, `connectivities` ("SSH:22, RDP:3389"), `session_remote_config`
	 * and `device_tags`.
	 * @param {{ deviceDetails: boolean }} style
	 */
	deviceDetail(device, style) {
		const record = this.deviceRecord(device, { tags: false });
		if (!style.deviceDetails) return record;
		return {
			...record,
			device_domain: device.domain,
			connectivities: Object.entries(device.ports)
				.map(([protocol, port]) => `${protocol}:${port}`)
				.join(', '),
			session_remote_config: '',
			device_tags: device.tags.join(', '),
		};
	}

	/**
	 * A credential in the list, never with its secret; `automatic_change` "0"/"1" (3.2x pages) or a
	 * boolean (v3-33 on).
	 * @param {{ device: object, credential: object, index: number }} item
	 * @param {{ automaticChange: 'string' | 'boolean' }} style
	 */
	credentialRecord({ device, credential, index }, style) {
		const sshKey = credential.type === 'ssh-key';
		const connectivity = sshKey ? 'SSH' : Object.keys(device.ports)[0];
		const [type, typeCode] = sshKey ? ['SSH Key', '1'] : credential.domain ? ['Domain User', '2'] : ['Local User', '1'];
		const viewed = !sshKey && index % 4 !== 3;
		return {
			id: credential.id,
			identifier: identifierOf(device, credential),
			username: credential.username,
			expiration: null,
			change: this.formatLocal(this.anchorMs - (1 + ((index * 7919) % 8760)) * HOUR_MS),
			view: viewed ? this.formatLocal(this.anchorMs - (60 + ((index * 104729) % 2_592_000)) * 1000) : null,
			hostname: device.hostname,
			management_ip: device.ip,
			type,
			type_code: typeCode,
			device_model: device.model,
			device_type: device.type,
			device_vendor: device.vendor,
			automatic_change: style.automaticChange === 'string' ? (credential.automaticChange ? '1' : '0') : credential.automaticChange,
			connectivity,
			connectivity_code: CONNECTIVITY_CODES[connectivity] ?? '',
		};
	}
}

/** The webservice identifier a user defines, as the sandbox makes it (see the top of this file). */
function identifierOf(device, credential) {
	return `${credential.username}-${device.hostname}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

/** `{ length, slice(from, to) }` over `at(i)`: what routes.js and wire.js need of a list. */
function virtualList(length, at) {
	return {
		length,
		slice(from = 0, to = length) {
			const end = Math.min(to, length);
			const out = [];
			for (let i = Math.max(0, from); i < end; i++) out.push(at(i));
			return out;
		},
	};
}

module.exports = { Inventory, SYNTHETIC_IDS };
