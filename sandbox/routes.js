'use strict';

/**
 * The sandbox's API routes, declared once: each endpoint's method, the paths it is served at, and
 * how it answers over the session store or the inventory (devices and credentials). Every version
 * profile reads this table (profiles/index.js); a profile's own `paths` entry only says where its
 * version's pages put a route. Adding an endpoint: one entry here, and paths in the profiles whose
 * pages say otherwise.
 *
 * An answer gets `{ profile, req, body, param, glitch, store, inventory, custody, caller, counters, sessionUrl }`:
 * `param` is the decoded `{id}` segment, `glitch` a list glitch fault (faults.js) or undefined,
 * `inventory` the devices and credentials (inventory.js), `custody` who holds which credential
 * (custody.js), `caller` the A2A client the request's token was issued to.
 */

/** List answers longer than this are streamed in chunks rather than built as one string. */
const STREAM_FROM_ITEMS = 5000;

const ROUTES = Object.freeze({
	create: {
		method: 'POST',
		paths: ['/iso/remote/session', '/api/pam/remote/session'],
		answer({ profile, req, body, store, counters, sessionUrl }) {
			const result = store.create(body, {
				requireCredential: !profile.automaticCredentialSelection,
				callerIp: callerIp(req),
				tokenBytes: profile.sessionTokenBytes,
			});
			if (!result.ok) return profile.createFailed(result.answer);
			counters.creates++;
			return profile.created({ session_url: sessionUrl(req), token: result.token, selection_mode: result.selectionMode });
		},
	},
	getOne: {
		method: 'GET',
		// One vendor page's get-one example drops `pam`, so that variant is served too.
		paths: ['/iso/session/remotesessions/{id}', '/api/pam/session/remotesessions/{id}', '/api/session/remotesessions/{id}'],
		answer({ profile, param, store }) {
			// The numeric id ("30"), not the session_id hash: anything else is the wrong kind of id.
			if (!/^[0-9]+$/.test(param)) return profile.notFound('identifierType');
			const session = store.get(param);
			return session ? profile.found(profile.record(store, session)) : profile.notFound('unknown');
		},
	},
	list: {
		method: 'GET',
		paths: ['/iso/session/remotesessions', '/api/pam/session/remotesessions'],
		answer({ profile, glitch, store }) {
			return listAnswer(glitchedList(store.list(), glitch), (s) => profile.record(store, s), profile.listed);
		},
	},
	drop: {
		method: 'DELETE',
		paths: ['/iso/session/drop/{id}', '/api/pam/session/drop/{id}'],
		answer({ profile, param, store, counters }) {
			const session = store.drop(internalSessionId(profile, store, param));
			if (!session) return profile.dropFailed();
			counters.terminates++;
			return profile.dropped();
		},
	},
	// Device and credential reads (read for pickers), refused as a whole when the A2A authorization
	// does not cover "Credentials and Devices" (deviceAccess: false).
	listDevices: {
		method: 'GET',
		paths: ['/iso/pam/device', '/api/pam/device'],
		answer({ profile, inventory }) {
			if (!inventory.deviceAccess) return profile.inventoryRefused();
			return listAnswer(inventory.devices(), (d) => inventory.deviceRecord(d, profile.inventory), profile.devicesListed);
		},
	},
	getDevice: {
		method: 'GET',
		paths: ['/iso/pam/device/{id}', '/api/pam/device/{id}'],
		answer({ profile, param, inventory }) {
			if (!inventory.deviceAccess) return profile.inventoryRefused();
			const device = inventory.device(param);
			return device ? profile.deviceFound(inventory.deviceDetail(device, profile.inventory)) : profile.deviceNotFound();
		},
	},
	listCredentials: {
		method: 'GET',
		paths: ['/iso/pam/credential', '/api/pam/credential'],
		answer({ profile, inventory }) {
			if (!inventory.deviceAccess) return profile.inventoryRefused();
			return listAnswer(inventory.credentials(), (c) => inventory.credentialRecord(c, profile.inventory), profile.credentialsListed);
		},
	},
	// Custody (custody.js): reading one credential with its password takes custody; releasing it
	// ends custody. DELETE on the credential itself deactivates it (the vendor example's trap).
	checkOut: {
		method: 'GET',
		paths: ['/iso/pam/credential/{id}', '/api/pam/credential/{id}'],
		answer(context) {
			const { profile, param, inventory, custody, caller } = context;
			const { item, refusal } = custodyTarget(context, () => inventory.credentialNamed(param));
			if (refusal) return refusal;
			custody.checkOut(item.credential.id, caller);
			const secrets = custody.secretsOf(item.credential.id, item.credential.type === 'ssh-key');
			return profile.credentialCheckedOut(inventory.checkedOutRecord(item, secrets));
		},
	},
	releaseCustody: {
		method: 'DELETE',
		paths: ['/iso/pam/credential/custody/{id}', '/api/pam/credential/custody/{id}'],
		answer(context) {
			const { profile, param, inventory, custody, caller } = context;
			const { item, refusal } = custodyTarget(context, () => inventory.credential(param));
			if (refusal) return refusal;
			const { credential } = item;
			const released = custody.release(credential.id, caller, { sshKey: credential.type === 'ssh-key', automaticChange: credential.automaticChange });
			return released ? profile.custodyReleased(credential.id) : profile.credentialRefused(1018);
		},
	},
	deactivateCredential: {
		method: 'DELETE',
		paths: ['/iso/pam/credential/{id}', '/api/pam/credential/{id}'],
		answer({ profile, param, inventory, custody }) {
			if (!inventory.deviceAccess) return profile.inventoryRefused();
			const item = inventory.credential(param);
			if (!item) return profile.credentialRefused(1007);
			custody.deactivate(item.credential.id);
			return profile.credentialDeactivated(item.credential.id);
		},
	},
});

/**
 * A list answer: `listed(records, count)` is the envelope with the list as its last key. An
 * appliance-size list (300k sessions ≈ 100 MB of JSON, 100k devices) is rendered as it is sent
 * (wire.js); `items` needs only `length` and `slice` (inventory.js lists are virtual).
 */
function listAnswer(items, render, listed) {
	if (items.length < STREAM_FROM_ITEMS) return { status: 200, json: listed(items.slice(0, items.length).map(render), items.length) };
	return { status: 200, json: listed([], items.length), stream: { items, render } };
}

/**
 * The credential a custody route names (`find`), or Segura's refusal instead: no access to
 * credentials at all, none by that name (1007), inactive (1008) or not this application's (1009).
 */
function custodyTarget({ profile, inventory, custody }, find) {
	if (!inventory.deviceAccess) return { refusal: profile.inventoryRefused() };
	const item = find();
	if (!item) return { refusal: profile.credentialRefused(1007) };
	const code = custody.refusal(item.credential.id);
	return code ? { refusal: profile.credentialRefused(code) } : { item };
}

/** The paths a profile serves: its own entry for a route where it has one, the table's otherwise. */
function servedPaths(profilePaths = {}) {
	return Object.fromEntries(Object.entries(ROUTES).map(([name, route]) => [name, profilePaths[name] ?? route.paths]));
}

/** The list as a glitch shows it: empty, cut to its first half, or in reverse order. */
function glitchedList(sessions, glitch) {
	if (glitch === 'emptyList') return [];
	if (glitch === 'truncatedList') return sessions.slice(0, Math.floor(sessions.length / 2));
	if (glitch === 'reorderedList') return sessions.slice().reverse();
	return sessions;
}

/** The store's 40-hex hash for the id a profile shows (the same, or its UUID form). */
function internalSessionId(profile, store, shown) {
	if (profile.sessionIdFormat === 'hex40') return shown;
	const wanted = String(shown).toLowerCase();
	return store.sessions.find((s) => profile.externalSessionId(s.sessionId) === wanted)?.sessionId ?? '';
}

function callerIp(req) {
	return String(req.socket.remoteAddress || '').replace(/^::ffff:/, '');
}

module.exports = { ROUTES, servedPaths };
