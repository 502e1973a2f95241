'use strict';

/**
 * What a profile answers on the device and credential reads (routes.js listDevices, getDevice,
 * listCredentials), built from its `inventory` spec:
 *
 * - `envelope: 'short'`: the 3.2x pages (helpcenter 3.23–3.25 "PAM Core", v3-32 "List
 *   credentials"): `response` is only `status, mensagem, erro, message, error`; no `code`, no
 *   `tenant`. `'full'`: v3-33 on: `code` and the whole `response`; no `tenant` on the lists (the v3-33,
 *   v4 and current list pages show none), `tenant` on get one (the v3-33 get one page shows it).
 * - `tags`: `tags` in the device list (v3-33 on); `deviceDetails`: get one adds `device_domain`,
 *   `connectivities`, `session_remote_config`, `device_tags`; `automaticChange`: `'string'` ("0"/"1",
 *   3.2x) or `'boolean'` (v3-33 on). Records: inventory.js.
 *
 * Shared by every profile:
 * - list messages "3 devices found" / "7 credentials found", get one "Device 2" (the pages' wording);
 * - an unknown device: HTTP 400 with `exception` 1011 and a `response` without `error_code` /
 *   `cod_erro` (the only 1011 body the pages show, 3.2x; chosen for the newer pages, which give the
 *   message only);
 * - custody: check-out "Credential 94" with `credential`, release "Credential custody 94 released"
 *   (the pages' wording), deactivation "Credential 94 deactivated" (chosen); their errors 1007, 1008,
 *   1009 and 1018 in the shape the pages give them, HTTP 400 with `exception` (the get-one shape);
 * - an A2A authorization without "Credentials and Devices" (`deviceAccess: false`): HTTP 500 "You are
 *   not authorized to access this resource." (the v3-33 / current device pages list it under 500; its
 *   body chosen: the profile's error envelope, as for the same message on the create pages).
 */

const { envelope } = require('../envelope');

const NOT_AUTHORIZED = 'You are not authorized to access this resource.';
const DEVICE_NOT_FOUND = '1011: Device not found';

/** The custody pages' numbered errors. */
const CREDENTIAL_ERRORS = Object.freeze({
	1007: 'Credential not found',
	1008: 'Credential inactive',
	1009: 'No access to credential',
	1018: 'The credential is not in the user custody',
});

/**
 * @param {{ envelope: 'short' | 'full', tags: boolean, deviceDetails: boolean, automaticChange: 'string' | 'boolean' }} spec
 * @param {{ tenant: string, tenantOnLists: boolean, refusalCode: number }} how refusalCode: the
 *   full envelope's `error_code` on the refusal
 */
function inventoryAnswers(spec, { tenant, tenantOnLists, refusalCode }) {
	const ok = (message, payload, withTenant) =>
		spec.envelope === 'short'
			? { response: shortResponse(200, message, false), ...payload }
			: envelope({ status: 200, message, code: 0 }, { error: false, tenant: withTenant ? tenant : null }, payload);
	return {
		inventory: spec,
		devicesListed: (records, count) => ok(`${count} devices found`, { devices: records }, tenantOnLists),
		credentialsListed: (records, count) => ok(`${count} credentials found`, { credentials: records }, tenantOnLists),
		deviceFound: (record) => ({ status: 200, json: ok(`Device ${record.id}`, { device: record }, true) }),
		deviceNotFound: () => ({
			status: 400,
			json: { response: shortResponse(400, DEVICE_NOT_FOUND, true), exception: { code: 1011, message: DEVICE_NOT_FOUND, detail: null } },
		}),
		credentialCheckedOut: (record) => ({ status: 200, json: ok(`Credential ${record.id}`, { credential: record }, true) }),
		custodyReleased: (id) => ({ status: 200, json: ok(`Credential custody ${id} released`, {}, true) }),
		credentialDeactivated: (id) => ({ status: 200, json: ok(`Credential ${id} deactivated`, {}, true) }),
		credentialRefused(code) {
			const message = `${code}: ${CREDENTIAL_ERRORS[code]}`;
			const exception = { exception: { code, message, detail: null } };
			if (spec.envelope === 'short') return { status: 400, json: { response: shortResponse(400, message, true), ...exception } };
			return { status: 400, json: envelope({ message, code: 1 }, { status: 400, error: true, tenant, code: true }, exception) };
		},
		inventoryRefused() {
			if (spec.envelope === 'short') return { status: 500, json: { response: shortResponse(500, NOT_AUTHORIZED, true) } };
			return { status: 500, json: envelope({ message: NOT_AUTHORIZED, code: refusalCode }, { status: 500, error: true, tenant }) };
		},
	};
}

/** The 3.2x device pages' `response`: these five keys, in this order, whether it failed or not. */
function shortResponse(status, message, error) {
	return { status, mensagem: message, erro: error, message, error };
}

module.exports = { inventoryAnswers, NOT_AUTHORIZED, CREDENTIAL_ERRORS };
