'use strict';

/**
 * senhasegura 3.32, as its pages show it: docs.senhasegura.io/v3-32 (A2A API pages) and the public
 * Markdown mirror of 3.32 (GitHub gpilottiduarte/docs-senhasegura, "docs/A2A - APIs/PAM Core APIs/"
 * and api/index.yaml). "Chosen" marks what those pages leave open.
 */

const { versionProfile } = require('./version');

const SPEC = {
	name: '3.32',
	version: 'senhasegura 3.32',
	pages: 'docs.senhasegura.io v3-32; docs-senhasegura mirror of 3.32 (Proxy API page, api/index.yaml)',
	paths: {
		// Mirror, "Create an authenticated URL for a web proxy session": POST /iso/remote/session.
		create: ['/iso/remote/session'],
		// v3-32 "GET | List a remote session by [id]": api/session/remotesessions/[id].
		getOne: ['/api/session/remotesessions/{id}'],
		// v3-32 "GET | List all remote sessions": api/session/remotesessions.
		list: ['/api/session/remotesessions'],
		// Chosen: no 3.32 page names the drop path; the 3.32 mirror's api/index.yaml has /iso/session/drop/….
		drop: ['/iso/session/drop/{id}'],
		// v3-32 "List credentials": GET /iso/pam/credential (its A2A pages put PAM Core under /iso).
		// Chosen: the device reads under /iso as well, as the 3.2x "PAM Core" pages have them.
		listDevices: ['/iso/pam/device'],
		getDevice: ['/iso/pam/device/{id}'],
		listCredentials: ['/iso/pam/credential'],
		// Custody: …/pam/credential/{id} (check-out, and DELETE: deactivate) and …/custody/{id}.
		checkOut: ['/iso/pam/credential/{id}'],
		releaseCustody: ['/iso/pam/credential/custody/{id}'],
		deactivateCredential: ['/iso/pam/credential/{id}'],
	},
	// Chosen: the pages of this period put client_id / client_secret in the body; HTTP Basic is
	// accepted too (RFC 6749 2.3.1: a server must support it).
	clientAuthentication: ['body', 'basic'],
	// v3-3x get/list examples: "tenant": "senhasegura".
	tenant: 'senhasegura',
	// Chosen: no status is documented for a refused token; 401 is the usual.
	tokenRejectedStatus: 401,
	// Field table: session_id is the 40-hex hash.
	sessionIdFormat: 'hex40',
	create: {
		// Mirror: credential required, no automatic selection, no selection_mode.
		automaticSelection: false,
		// Mirror's example token: 64 hex characters.
		tokenBytes: 32,
		// Mirror's examples: success only status, mensagem, erro, message, error (no code, tenant,
		// error_code, detail, cod_erro); the 400 adds cod_erro and error_code, both 0, still no code.
		envelope: 'short',
		// Mirror, "Possible errors" and its 400 example: no full stops, "User" rather than "Username".
		// Chosen: the 404 and the sandbox's own "Invalid port" follow the same style.
		wording: {
			noUser: 'User not specified',
			noCredential: 'Credential not specified',
			noDevice: 'Credential device not specified',
			badProtocol: 'Invalid protocol',
			badPort: 'Invalid port',
			notFound: 'Resource sub not found',
		},
	},
	// v3-32 get one: key remote_sessions (the field table's name) with Portuguese keys credencial /
	// dispositivo, prevent_purge "Não", proxy "RDP Proxy" for sessions that are not web proxy, ITSM filled.
	// v3-32 "List credentials" example: the short envelope ("2 credentials found"), automatic_change
	// "0". Device list without `tags` (3.2x pages). Chosen: get one with device_domain, connectivities,
	// session_remote_config and device_tags, as the /iso-era "PAM Core API" page and v3-33 show them.
	inventory: { envelope: 'short', tags: false, deviceDetails: true, automaticChange: 'string' },
	records: 'portuguese',
	getOneKey: 'remote_sessions',
	drop: {
		// 3.32 drop: "Sessão interrompida com sucesso" in both keys; neither success nor failure has
		// code or tenant. Failure: HTTP 500, status 500, error_code 1 (version.js).
		message: 'Sessão interrompida com sucesso',
		mensagem: 'Sessão interrompida com sucesso',
		code: false,
		tenant: false,
	},
};

module.exports = { SPEC, profile: versionProfile(SPEC) };
