'use strict';

/**
 * Builds a version profile (3.25, 3.32, 4, current) from its declarative spec: the spec files say
 * what each version's pages show, this file turns that into answers. The consolidated profile is
 * written out by hand in consolidated.js.
 *
 * What every version profile shares, chosen where the pages are silent:
 * - a path the profile does not serve answers the gateway's 404 `{"message":"no Route matched with
 *   those values"}`, before any authentication (a gateway routes before it runs plugins);
 * - a refused client or token answers the body shape the vendor's Go client reads, top-level `error`
 *   and `message` (senhasegura/dsmcli sdk/iso/response.go; league/oauth2-server writes it so);
 * - get one answers unknown ids the 3.32 way, HTTP 400 with an `exception` object: `1002: Session
 *   not found`, and `1003: Unexpected identifier type` for anything not numeric (a hash, a UUID);
 * - a failed drop is HTTP 500, `status` 500, `error_code` 1 (3.32 page; v3-33 and v4 list it under 500);
 * - the device and credential reads as profiles/inventory.js says.
 */

const { ANSWERS, envelope } = require('../envelope');
const { inventoryAnswers } = require('./inventory');

/** Token endpoint refusals and rejected bearer tokens (status per profile). */
const CLIENT_AUTH_FAILED = Object.freeze({
	error: 'invalid_client',
	error_description: 'Client authentication failed',
	message: 'Client authentication failed',
});

const DROP_FAILED = Object.freeze({ message: 'An error occurred while droping session', code: 1 });

/** ANSWERS object → its name, so a profile can reword the store's answers by name. */
const ANSWER_NAMES = new Map(Object.entries(ANSWERS).map(([name, answer]) => [answer, name]));

/**
 * @param {object} spec see 3.32.js for a commented example
 * @returns {object} the profile: its documented data (index.d.ts SandboxProfile) and its answers
 */
function versionProfile(spec) {
	const { tenant, create, drop } = spec;
	const tenantOrNull = (wanted) => (wanted ? tenant : null);
	const full = (answer, how, payload) => envelope(answer, { tenant, ...how }, payload);
	const externalSessionId = spec.sessionIdFormat === 'uuid' ? uuidForm : (hex) => hex;
	const exception = (code, text) => {
		const message = `${code}: ${text}`;
		const json = full({ message, code: 1 }, { status: 400, error: true, code: true }, { exception: { code, message, detail: null } });
		return { status: 400, json };
	};

	return {
		name: spec.name,
		version: spec.version,
		pages: spec.pages,
		paths: spec.paths,
		unrouted: 'gateway',
		clientAuthentication: spec.clientAuthentication,
		automaticCredentialSelection: create.automaticSelection,
		sessionIdFormat: spec.sessionIdFormat,
		tokenRejectedStatus: spec.tokenRejectedStatus,
		tenant,
		sessionTokenBytes: create.tokenBytes,

		tokenRefused: { status: 401, json: CLIENT_AUTH_FAILED },
		tokenRejected: () => ({ status: spec.tokenRejectedStatus, json: CLIENT_AUTH_FAILED }),

		created(session) {
			// Versions without automatic selection have no selection_mode either.
			const payload = { session: create.automaticSelection ? session : { session_url: session.session_url, token: session.token } };
			const message = 'Session created successfully';
			if (create.envelope === 'short') return { status: 200, json: shortEnvelope(200, message, false, payload) };
			return { status: 200, json: full({ status: 200, message, code: 0 }, { error: false, messageKey: create.messageKey }, payload) };
		},
		createFailed(answer) {
			const message = create.wording[ANSWER_NAMES.get(answer)] ?? answer.message;
			if (create.envelope === 'short') return { status: answer.status, json: shortEnvelope(answer.status, message, true) };
			return { status: answer.status, json: full({ message, code: 1 }, { status: answer.status, error: true }) };
		},

		found: (record) => ({ status: 200, json: full(ANSWERS.ok, { error: false }, { [spec.getOneKey]: [record] }) }),
		notFound: (reason) => (reason === 'identifierType' ? exception(1003, 'Unexpected identifier type') : exception(1002, 'Session not found')),
		listed: (records) => full(ANSWERS.ok, { error: false }, { remote_sessions: records }),
		record(store, session) {
			const record = spec.records === 'portuguese' ? portugueseRecord(store, session) : store.render(session);
			record.session_id = externalSessionId(session.sessionId);
			return record;
		},
		externalSessionId,

		dropped() {
			const how = { error: false, code: drop.code, tenant: tenantOrNull(drop.tenant), mensagem: drop.mensagem };
			return { status: 200, json: envelope({ status: 200, message: drop.message, code: 0 }, how) };
		},
		dropFailed: () => ({ status: 500, json: envelope(DROP_FAILED, { status: 500, error: true, tenant: tenantOrNull(drop.tenant) }) }),

		// Device and credential reads (inventory.js): the refusal's error_code 1, as the create errors'.
		...inventoryAnswers(spec.inventory, { tenant, tenantOnLists: false, refusalCode: 1 }),
	};
}

/**
 * The 3.2x envelope: success only `status, mensagem, erro, message, error`; errors add `cod_erro` and
 * `error_code`, both 0 (docs-senhasegura 3.32, "Create an authenticated URL for a web proxy session").
 */
function shortEnvelope(status, message, error, payload) {
	const response = error
		? { status, mensagem: message, erro: true, cod_erro: 0, message, error: true, error_code: 0 }
		: { status, mensagem: message, erro: false, message, error: false };
	return { response, ...payload };
}

/**
 * 3.2x records: `credencial` / `dispositivo`, `prevent_purge` "Não", `ITSM` filled in (a change
 * number where the session has no ticket of its own), and the list
 * holds sessions of other proxies (seeded and synthetic RDP sessions are "RDP Proxy" here).
 */
function portugueseRecord(store, session) {
	const record = store.render(session, true);
	record.proxy = session.viaApi || !/^rdp$/i.test(session.protocol) ? 'Web Proxy' : 'RDP Proxy';
	record.prevent_purge = 'Não';
	record.ITSM = session.itsm ?? `CHG${session.id.padStart(7, '0')}`;
	return record;
}

/**
 * The 40-hex hash shown in UUID form (8-4-4-4-12, version 7 and RFC 4122 variant, like the OpenAPI
 * file's `018d3131-0bf6-71c2-be17-999f062b8312`). Stable, so list, get and drop agree.
 */
function uuidForm(hex) {
	const variant = (8 | (parseInt(hex[16], 16) & 3)).toString(16);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

module.exports = { versionProfile };
