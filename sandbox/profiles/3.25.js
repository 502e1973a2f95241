'use strict';

/**
 * senhasegura 3.25: helpcenter.senhasegura.io/docs/3.25 ("A2A API", "Default Request Usage").
 * Those pages give the URI structure and the token request, not the session calls: everything they
 * do not show is taken from 3.32, the nearest version whose session pages exist (3.32.js).
 */

const { versionProfile } = require('./version');
const { SPEC: SPEC_3_32 } = require('./3.32');

const SPEC = {
	...SPEC_3_32,
	name: '3.25',
	version: 'senhasegura 3.25',
	pages: 'helpcenter.senhasegura.io 3.25 (A2A API: Default Request Usage); the rest as 3.32',
	// 3.25 "Default Request Usage": every call is https://senhasegura/iso/MODULE/FUNCTION, so all four
	// endpoints are served under /iso only (the A2A family).
	paths: {
		create: ['/iso/remote/session'],
		getOne: ['/iso/session/remotesessions/{id}'],
		list: ['/iso/session/remotesessions'],
		drop: ['/iso/session/drop/{id}'],
		// helpcenter 3.25 "PAM Core": GET /iso/pam/device, /iso/pam/device/[DEVICE_ID]; credentials
		// chosen under /iso too (the same "every call is /iso/MODULE/FUNCTION").
		listDevices: ['/iso/pam/device'],
		getDevice: ['/iso/pam/device/{id}'],
		listCredentials: ['/iso/pam/credential'],
		// Custody: …/pam/credential/{id} (check-out, and DELETE: deactivate) and …/custody/{id}.
		checkOut: ['/iso/pam/credential/{id}'],
		releaseCustody: ['/iso/pam/credential/custody/{id}'],
		deactivateCredential: ['/iso/pam/credential/{id}'],
	},
	// 3.25 "Default Request Usage": the token request "must have the Basic Authorization header"
	// (RFC 6749 2.3). Chosen: client_id / client_secret in the body are refused (401 invalid_client).
	clientAuthentication: ['basic'],
	// helpcenter 3.25 "PAM Core" examples: the short envelope ("2 devices found", "Device 91"), no
	// `tags` in the list, and get one with the list's fields only (no device_domain, connectivities,
	// session_remote_config, device_tags). Credentials as 3.32 (automatic_change "0"/"1").
	inventory: { envelope: 'short', tags: false, deviceDetails: false, automaticChange: 'string' },
};

module.exports = { SPEC, profile: versionProfile(SPEC) };
