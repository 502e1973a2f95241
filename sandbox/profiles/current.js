'use strict';

/**
 * Segura today, as docs.senhasegura.io/docs (the unversioned, current pages) shows it: the create
 * page with automatic credential selection, the get one and list all pages, the terminate page.
 * "Chosen" marks what those pages leave open.
 */

const { versionProfile } = require('./version');

const SPEC = {
	name: 'current',
	version: 'Segura (current pages)',
	pages: 'docs.senhasegura.io/docs (create, get one, list all, terminate pages)',
	paths: {
		// Current create: POST /iso/remote/session.
		create: ['/iso/remote/session'],
		// Current get one: its example GET {{url}}/api/session/remotesessions/53 (the path line says
		// api/pam/…: the 4 profile takes that reading).
		getOne: ['/api/session/remotesessions/{id}'],
		// Current list all: GET /api/session/remotesessions.
		list: ['/api/session/remotesessions'],
		// Current terminate: DEL api/pam/session/drop/[session_id].
		drop: ['/api/pam/session/drop/{id}'],
		// Current "GET | List all devices": GET /api/pam/device; get one and the credential list at
		// /api/pam/device/[id] and /api/pam/credential (chosen: as the v3-33 and v4 pages).
		listDevices: ['/api/pam/device'],
		getDevice: ['/api/pam/device/{id}'],
		listCredentials: ['/api/pam/credential'],
		// Custody: …/pam/credential/{id} (check-out, and DELETE: deactivate) and …/custody/{id}.
		checkOut: ['/api/pam/credential/{id}'],
		releaseCustody: ['/api/pam/credential/custody/{id}'],
		deactivateCredential: ['/api/pam/credential/{id}'],
	},
	// Current "Default request usage": client_id / client_secret in the body. Chosen: Basic accepted too.
	clientAuthentication: ['body', 'basic'],
	// Current examples: "tenant": "Segura".
	tenant: 'Segura',
	// Chosen (no status is documented): an expired or unknown token answers HTTP 403 with "Client
	// authentication failed", so the node's refresh on 403 has an appliance to be tested against.
	tokenRejectedStatus: 403,
	// OpenAPI example id 018d3131-0bf6-71c2-be17-999f062b8312 and the terminate page's {session_token}:
	// session ids in UUID form (version.js uuidForm).
	sessionIdFormat: 'uuid',
	create: {
		// Current create: credential optional; without one, automatic selection ("selection_mode":
		// "automatic"), else 409 "session.no_available_credential".
		automaticSelection: true,
		tokenBytes: 7,
		// Current create example: the full envelope with "mensagem".
		envelope: 'full',
		// Current create errors: "Username not specified.", "Invalid protocol.", … with full stops,
		// ANSWERS' own wording. Chosen: error bodies (not shown) without code, error_code 1.
		wording: {},
	},
	// Current get one example: "remote_session" holding an array; English keys; prevent_purge "No".
	// Current "GET | List all devices": full envelope without tenant, `tags` in each device. Chosen:
	// get one and credentials as v3-33 / v4 (four detail fields; automatic_change a boolean).
	inventory: { envelope: 'full', tags: true, deviceDetails: true, automaticChange: 'boolean' },
	records: 'english',
	getOneKey: 'remote_session',
	drop: {
		// Current terminate: message "Session dropped successfully", mensagem "Sessão encerrada com
		// sucesso", with code and "tenant": "Segura". Failure: the page gives no status; chosen HTTP 500
		// as on v3-33 and v4, which listed the same message under 500 (version.js).
		message: 'Session dropped successfully',
		mensagem: 'Sessão encerrada com sucesso',
		code: true,
		tenant: true,
	},
};

module.exports = { SPEC, profile: versionProfile(SPEC) };
