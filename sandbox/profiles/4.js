'use strict';

/**
 * Segura 4 (PAM Core API family), as docs.senhasegura.io/v4 shows it (the v4 create page as first
 * published, with "Message" and tenant "Segura", and the v4 get one / list all / terminate pages).
 * "Chosen" marks what those pages leave open.
 */

const { versionProfile } = require('./version');

const SPEC = {
	name: '4',
	version: 'Segura 4',
	pages: 'docs.senhasegura.io v4 (create, get one, list all, terminate pages)',
	paths: {
		// v4 create: POST api/pam/remote/session.
		create: ['/api/pam/remote/session'],
		// v4 get one: api/pam/session/remotesessions/[id] (its example drops "pam": the current
		// profile takes that reading, this one the path line).
		getOne: ['/api/pam/session/remotesessions/{id}'],
		// v4 list all: GET /api/session/remotesessions — no "pam", unlike the other three.
		list: ['/api/session/remotesessions'],
		// v4 terminate: DEL api/pam/session/drop/[session_id].
		drop: ['/api/pam/session/drop/{id}'],
		// v4 "List all credentials": GET api/pam/credential. Chosen: the device reads at
		// /api/pam/device and /api/pam/device/[id], as the v3-33 and current device pages have them.
		listDevices: ['/api/pam/device'],
		getDevice: ['/api/pam/device/{id}'],
		listCredentials: ['/api/pam/credential'],
		// Custody: …/pam/credential/{id} (check-out, and DELETE: deactivate) and …/custody/{id}.
		checkOut: ['/api/pam/credential/{id}'],
		releaseCustody: ['/api/pam/credential/custody/{id}'],
		deactivateCredential: ['/api/pam/credential/{id}'],
	},
	// Chosen: body, as the "Default request usage" pages from v3-29 on say; HTTP Basic accepted too
	// (RFC 6749 2.3.1: a server must support it).
	clientAuthentication: ['body', 'basic'],
	// v4 create example (001): "tenant": "Segura".
	tenant: 'Segura',
	// Chosen: no status is documented for a refused token; 401 is the usual.
	tokenRejectedStatus: 401,
	sessionIdFormat: 'hex40',
	create: {
		// v4 create: credential "required"; the example answer has no selection_mode.
		automaticSelection: false,
		// v4 create example: a 14-hex token (masked in the middle).
		tokenBytes: 7,
		// v4 create example: the full envelope, its Portuguese key spelled "Message".
		envelope: 'full',
		messageKey: 'Message',
		// v4 create errors: "Username not specified", "Credential not specified", … without full stops.
		// Chosen: error bodies (not shown) are the full envelope without code, error_code 1.
		wording: {
			noUser: 'Username not specified',
			noCredential: 'Credential not specified',
			noDevice: 'Credential device not specified',
			badProtocol: 'Invalid protocol',
			badPort: 'Invalid port',
			notFound: 'Resource sub not found',
		},
	},
	// v4 get one: "remote_session" (singular) holding an array; English keys, prevent_purge "No".
	// v4 "List all credentials": full envelope without tenant, automatic_change a boolean. Chosen:
	// devices as the v3-33 pages (list with `tags`, get one with the four detail fields).
	inventory: { envelope: 'full', tags: true, deviceDetails: true, automaticChange: 'boolean' },
	records: 'english',
	getOneKey: 'remote_session',
	drop: {
		// v4 terminate: code 200, "Sessão interrompida com sucesso" in both keys, no tenant. Failure
		// listed under 500 (version.js); chosen: without tenant, like the success.
		message: 'Sessão interrompida com sucesso',
		mensagem: 'Sessão interrompida com sucesso',
		code: true,
		tenant: false,
	},
};

module.exports = { SPEC, profile: versionProfile(SPEC) };
