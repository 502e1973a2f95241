'use strict';

/**
 * The consolidated profile, the default: the vendor's pages read together as one appliance (the
 * package README's reading). Both path families, either client authentication, automatic credential
 * selection, 401 envelopes for refused tokens, 404 "Resource sub not found." for unknown routes,
 * numeric-id 404s and HTTP 200 error bodies for failed drops.
 *
 * `legacy: true` makes an older appliance of the same reading: credential required, "Message" on
 * create, remote_sessions and Portuguese keys on get one, the Portuguese drop message, tenant
 * senhasegura. It applies to this profile only.
 */

const { ANSWERS, envelope } = require('../envelope');
const { inventoryAnswers } = require('./inventory');

function consolidated(legacy) {
	const tenant = legacy ? 'senhasegura' : 'Segura';
	const ok = (answer, payload, messageKey) => ({ status: 200, json: envelope(answer, { error: false, tenant, messageKey }, payload) });
	const failure = (answer) => ({ status: answer.status, json: envelope(answer, { error: true, tenant }) });
	return {
		name: 'consolidated',
		version: 'consolidated reading of all versions',
		pages: 'all the pages, read together (package README, "Segura API")',
		// Every route at the paths of the route table (routes.js): both families.
		paths: {},
		// Every appliance answers behind its Kong gateway: a path it does not serve gets the gateway's 404.
		unrouted: 'gateway',
		clientAuthentication: ['body', 'basic'],
		automaticCredentialSelection: !legacy,
		sessionIdFormat: 'hex40',
		tokenRejectedStatus: 401,
		tenant,
		sessionTokenBytes: 7,

		tokenRefused: { status: 401, json: { error: 'invalid_client', error_description: 'Client authentication failed.' } },
		tokenRejected: () => failure(ANSWERS.authFailed),

		created(session) {
			// Older appliances had no automatic selection, and spelled the message key "Message".
			if (legacy) return ok(ANSWERS.created, { session: { session_url: session.session_url, token: session.token } }, 'Message');
			return ok(ANSWERS.created, { session });
		},
		createFailed: failure,

		// The docs' example answers a singular key holding an array; older versions used the plural.
		found: (record) => ok(ANSWERS.ok, { [legacy ? 'remote_sessions' : 'remote_session']: [record] }),
		notFound: () => failure(ANSWERS.notFound),
		listed: (records) => ok(ANSWERS.ok, { remote_sessions: records }).json,
		record: (store, session) => store.render(session, legacy),
		externalSessionId: (hex) => hex,

		dropped: () => ok(legacy ? ANSWERS.droppedLegacy : ANSWERS.dropped),
		// The appliance answers a failed drop with HTTP 200 and response.error = true.
		dropFailed: () => ({ status: 200, json: envelope(ANSWERS.dropFailed, { error: true, tenant }) }),

		// Device and credential reads in the newest pages' shapes (tags, the four get-one details,
		// automatic_change a boolean), with the tenant like every answer of this profile; the refusal
		// is the notAuthorized fault's body (faults.js).
		...inventoryAnswers(
			{ envelope: 'full', tags: true, deviceDetails: true, automaticChange: 'boolean' },
			{ tenant, tenantOnLists: true, refusalCode: ANSWERS.notAuthorized.code },
		),
	};
}

module.exports = { profile: consolidated(false), legacyProfile: consolidated(true) };
