'use strict';

/**
 * Synthetic devices, for device and credential lists the size of a large appliance (100k devices
 * and more): each one computed from its number alone, so nothing is held in memory, any one can be
 * rendered on its own (a streamed list, get one by id) and the same count always gives the same
 * devices.
 *
 * Device n (1-based): hostname `srv-000001`…, IP `10.(68 + n / 65536).(n / 256 % 256).(n % 256)`
 * (10.68.0.1 for n = 1), one of five kinds (Linux and Windows servers, a switch, a web
 * application), sites and tags varied. Odd-numbered devices hold two credentials, even-numbered
 * ones one, so every pair of devices holds three and credential j is found without a lookup.
 * Their ids follow the seed's (inventory.js says from where).
 *
 * Synthetic devices are listed and read (get one), never used by create: the session store knows
 * the seeded devices only, so automatic credential selection behaves exactly as without them.
 */

/** model, type, vendor, ports; credential usernames; the second credential is an SSH key on Linux. */
const KINDS = Object.freeze([
	{ model: 'Ubuntu 22.04', type: 'Server', vendor: 'Canonical', ports: { SSH: 22 }, users: ['root', 'ansible-key'], sshKeySecond: true },
	{ model: 'Red Hat Enterprise Linux 9', type: 'Server', vendor: 'Red Hat', ports: { SSH: 22 }, users: ['deploy', 'svc-backup'], sshKeySecond: false },
	{ model: 'Windows Server 2019', type: 'Server', vendor: 'Microsoft', ports: { RDP: 3389 }, users: ['Administrator', 'svc-rdp'], sshKeySecond: false },
	{ model: 'Catalyst 9300', type: 'Switch', vendor: 'Cisco', ports: { SSH: 22, TELNET: 23 }, users: ['netops', 'admin'], sshKeySecond: false },
	{ model: 'Web Console', type: 'Web Application', vendor: 'Generic', ports: { HTTPS: 443 }, users: ['web-admin', 'monitor'], sshKeySecond: false },
]);

const SITES = Object.freeze(['LAX', 'AWS', 'GRU', 'FRA', 'NYC', 'SIN']);

const TAG_SETS = Object.freeze([[], ['production'], ['staging'], ['production', 'pci'], ['lab'], ['dmz', 'production'], ['backup']]);

/** The largest count accepted (IPs stay inside 10.68.0.0 – 10.83.255.255). */
const MAX_SYNTHETIC_DEVICES = 1_000_000;

function assertDeviceCount(count) {
	if (!Number.isInteger(count) || count < 0 || count > MAX_SYNTHETIC_DEVICES) {
		throw new TypeError(`synthetic device count must be an integer 0-${MAX_SYNTHETIC_DEVICES}.`);
	}
}

/** How many credentials `count` synthetic devices hold (3 per pair, 2 for a last odd one). */
function syntheticCredentialCount(count) {
	return Math.floor(count / 2) * 3 + (count % 2) * 2;
}

/**
 * Synthetic device n (1 ≤ n), shaped like a seeded device (seed.js), its credentials included.
 * @param {number} n
 * @param {{ firstDeviceId: number, firstCredentialId: number }} ids where synthetic ids start
 */
function syntheticDevice(n, ids) {
	const kind = KINDS[n % KINDS.length];
	const pair = Math.floor((n - 1) / 2);
	const odd = n % 2 === 1;
	// Credential j (0-based over all synthetic credentials): 3 per pair, the odd device's two first.
	const firstJ = pair * 3 + (odd ? 0 : 2);
	const credentials = (odd ? [0, 1] : [0]).map((k) => ({
		id: String(ids.firstCredentialId + firstJ + k),
		username: kind.users[k],
		type: k === 1 && kind.sshKeySecond ? 'ssh-key' : 'password',
		active: true,
		domain: false,
		automaticChange: (n + k) % 3 === 0,
	}));
	return {
		id: String(ids.firstDeviceId + n - 1),
		ip: `10.${68 + Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`,
		hostname: `srv-${String(n).padStart(6, '0')}`,
		ports: kind.ports,
		model: kind.model,
		type: kind.type,
		vendor: kind.vendor,
		site: SITES[Math.floor(n / KINDS.length) % SITES.length],
		tags: TAG_SETS[(n * 3 + Math.floor(n / 35)) % TAG_SETS.length],
		domain: '',
		credentials,
	};
}

/** The device number (1-based) and the index in its credentials of synthetic credential j (0-based). */
function syntheticCredentialPlace(j) {
	const pair = Math.floor(j / 3);
	const r = j % 3;
	return r < 2 ? { n: pair * 2 + 1, k: r } : { n: pair * 2 + 2, k: 0 };
}

module.exports = { syntheticDevice, syntheticCredentialCount, syntheticCredentialPlace, assertDeviceCount, MAX_SYNTHETIC_DEVICES };
