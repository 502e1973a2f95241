'use strict';

/**
 * The Segura response envelope and the messages the appliance answers with.
 *
 * Every JSON answer repeats the HTTP status inside `response` (English and Portuguese keys side by
 * side). Error bodies leave out the top-level `code`, a documented quirk that clients must survive,
 * so the sandbox reproduces it on purpose.
 */

/** One entry per distinct answer: HTTP status, message and a stable error_code / cod_erro. */
const ANSWERS = Object.freeze({
	created: { status: 200, message: 'Session created successfully', code: 0 },
	ok: { status: 200, message: '', code: 0 },
	dropped: { status: 200, message: 'Session dropped successfully', code: 0 },
	droppedLegacy: { status: 200, message: 'Sessão interrompida com sucesso', code: 0 },
	// The vendor's spelling ("droping") is kept: clients may match on it.
	dropFailed: { status: 200, message: 'An error occurred while droping session', code: 1010 },
	noUser: { status: 400, message: 'Username not specified.', code: 1001 },
	noCredential: { status: 400, message: 'Credential not specified.', code: 1002 },
	noDevice: { status: 400, message: 'Credential device not specified.', code: 1003 },
	badProtocol: { status: 400, message: 'Invalid protocol.', code: 1004 },
	badPort: { status: 400, message: 'Invalid port.', code: 1005 },
	authFailed: { status: 401, message: 'Client authentication failed.', code: 1401 },
	notFound: { status: 404, message: 'Resource sub not found.', code: 1404 },
	noAvailableCredential: { status: 409, message: 'session.no_available_credential', code: 1409 },
	tooLarge: { status: 413, message: 'Request entity too large.', code: 1413 },
	tooManyRequests: { status: 429, message: 'Too many requests.', code: 1429 },
	unexpected: { status: 500, message: 'Unexpected error.', code: 1500 },
	notAuthorized: { status: 500, message: 'You are not authorized to access this resource.', code: 1501 },
	timedOut: { status: 504, message: 'Request timed out.', code: 1504 },
});

/** What the gateway answers when no Authorization header is sent (and for paths outside the base). */
const NO_ROUTE_BODY = Object.freeze({ message: 'No route matched with those values.' });

/**
 * The Kong gateway's stock answer (HTTP 404) for a path no route covers, in the version profiles:
 * not a Segura envelope, and nothing was done.
 */
const GATEWAY_NO_ROUTE_BODY = Object.freeze({ message: 'no Route matched with those values' });

/**
 * Builds an envelope.
 * @param {{ message: string, code: number }} answer one of ANSWERS, or a version profile's own
 * @param {{ status?: number, error: boolean, tenant: string | null, messageKey?: string, mensagem?: string, code?: boolean }} how
 *   status defaults to answer.status; messageKey is 'mensagem', or 'Message' for the older create page;
 *   mensagem, when the Portuguese key says something else; code: top-level `code` present (default:
 *   only on success); tenant null leaves `tenant` out
 * @param {object} [payload] keys added after `tenant` (e.g. `session`, `remote_session`)
 */
function envelope(answer, how, payload) {
	const status = how.status ?? answer.status;
	const body = (how.code ?? !how.error) ? { code: status } : {};
	body.response = {
		status,
		message: answer.message,
		error: how.error,
		error_code: answer.code,
		detail: '',
		[how.messageKey || 'mensagem']: how.mensagem ?? answer.message,
		erro: how.error,
		cod_erro: answer.code,
	};
	if (how.tenant !== null) body.tenant = how.tenant;
	return Object.assign(body, payload);
}

module.exports = { ANSWERS, NO_ROUTE_BODY, GATEWAY_NO_ROUTE_BODY, envelope };
