'use strict';

/**
 * What the appliance answers on its token endpoint and its API routes, under the active version
 * profile (profiles/): client and bearer-token authentication, then the route's own answer
 * (routes.js). The profile decides paths, shapes and wording; this file the order in which things
 * are checked.
 */

const { NO_ROUTE_BODY, GATEWAY_NO_ROUTE_BODY } = require('./envelope');
const { presentedClient, sameSecret } = require('./tokens');
const { matchRoute } = require('./profiles');
const { ROUTES } = require('./routes');

const GATEWAY_404 = Object.freeze({ status: 404, json: GATEWAY_NO_ROUTE_BODY });

/**
 * @param {{ config: object, counters: object, tokens: import('./tokens').TokenStore,
 *   store: import('./store').SessionStore, inventory: import('./inventory').Inventory,
 *   custody: import('./custody').Custody,
 *   sessionUrl: (req: object) => string }} parts
 */
function createAppliance({ config, counters, tokens, store, inventory, custody, sessionUrl }) {
	function tokenAnswer(profile, req, body) {
		const form = isPlainObject(body) ? body : {};
		const client = presentedClient(req.headers.authorization, form);
		const valid =
			form.grant_type === 'client_credentials' &&
			client !== null &&
			profile.clientAuthentication.includes(client.via) &&
			sameSecret(client.id, config.clientId) &&
			sameSecret(client.secret, config.clientSecret);
		if (!valid) {
			counters.tokenFailures++;
			return profile.tokenRefused;
		}
		const issued = tokens.issue(client.id);
		return {
			status: 200,
			headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
			json: { token_type: 'Bearer', expires_in: issued.expiresIn, access_token: issued.token },
		};
	}

	/** 'missing' | 'invalid' | 'ok' for the request's Authorization header. */
	function bearerStatus(authorization) {
		if (authorization === undefined || authorization === '') return 'missing';
		const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
		return match && tokens.isValid(match[1]) ? 'ok' : 'invalid';
	}

	/**
	 * @param {string | null} rel the path relative to the base path; null when outside it
	 * @param {string} [listGlitch] a list glitch fault (faults.js) to answer the list route with
	 */
	function apiAnswer(profile, req, rel, body, listGlitch) {
		const gateway = profile.unrouted === 'gateway';
		// Outside the base path a gateway has no route at all: this catches a dropped base path.
		if (rel === null) return gateway ? GATEWAY_404 : { status: 404, json: NO_ROUTE_BODY };
		const route = matchRoute(profile, req.method, rel);
		// A gateway routes before its plugins check anything: an unserved path is its 404, token or not.
		if (!route && gateway) return GATEWAY_404;
		const auth = bearerStatus(req.headers.authorization);
		if (auth === 'missing') return { status: 401, json: NO_ROUTE_BODY };
		if (auth === 'invalid') return profile.tokenRejected();
		if (!route) return profile.notFound('route');
		const caller = tokens.subjectOf(/^Bearer\s+(\S+)/i.exec(req.headers.authorization)?.[1]);
		return ROUTES[route.name].answer({ profile, req, body, param: route.param, glitch: listGlitch, store, inventory, custody, caller, counters, sessionUrl });
	}

	return { tokenAnswer, apiAnswer, routeName: (profile, method, rel) => matchRoute(profile, method, rel)?.name };
}

function isPlainObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

module.exports = { createAppliance };
