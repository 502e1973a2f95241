'use strict';

/**
 * What the appliance answers on its token endpoint and its API routes, under the active version
 * profile (profiles/): routing, client and bearer-token authentication, and create / get one /
 * list / drop over the session store. The profile decides paths, shapes and wording; this file the
 * order in which things are checked and what is counted.
 */

const { NO_ROUTE_BODY, GATEWAY_NO_ROUTE_BODY } = require('./envelope');
const { presentedClient, sameSecret } = require('./tokens');
const { matchRoute } = require('./profiles');

/** List answers longer than this are streamed in chunks rather than built as one string. */
const STREAM_FROM_SESSIONS = 5000;

const GATEWAY_404 = Object.freeze({ status: 404, json: GATEWAY_NO_ROUTE_BODY });

/**
 * @param {{ config: object, counters: object, tokens: import('./tokens').TokenStore,
 *   store: import('./store').SessionStore, sessionUrl: (req: object) => string }} parts
 */
function createAppliance({ config, counters, tokens, store, sessionUrl }) {
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
		return handlers[route.name](profile, req, body, route.param, listGlitch);
	}

	const handlers = {
		create(profile, req, body) {
			const result = store.create(body, {
				requireCredential: !profile.automaticCredentialSelection,
				callerIp: callerIp(req),
				tokenBytes: profile.sessionTokenBytes,
			});
			if (!result.ok) return profile.createFailed(result.answer);
			counters.creates++;
			return profile.created({ session_url: sessionUrl(req), token: result.token, selection_mode: result.selectionMode });
		},
		getOne(profile, _req, _body, id) {
			// The numeric id ("30"), not the session_id hash: anything else is the wrong kind of id.
			if (!/^[0-9]+$/.test(id)) return profile.notFound('identifierType');
			const session = store.get(id);
			return session ? profile.found(profile.record(store, session)) : profile.notFound('unknown');
		},
		list(profile, _req, _body, _param, glitch) {
			const sessions = glitchedList(store.list(), glitch);
			const render = (s) => profile.record(store, s);
			if (sessions.length < STREAM_FROM_SESSIONS) return { status: 200, json: profile.listed(sessions.map(render)) };
			// A synthetic appliance-size list (300k sessions ≈ 100 MB of JSON): rendered as it is sent.
			return { status: 200, json: profile.listed([]), stream: { sessions, render } };
		},
		drop(profile, _req, _body, sessionId) {
			const session = store.drop(internalSessionId(profile, sessionId));
			if (!session) return profile.dropFailed();
			counters.terminates++;
			return profile.dropped();
		},
	};

	/** The store's 40-hex hash for the id a profile shows (the same, or its UUID form). */
	function internalSessionId(profile, shown) {
		if (profile.sessionIdFormat === 'hex40') return shown;
		const wanted = String(shown).toLowerCase();
		return store.sessions.find((s) => profile.externalSessionId(s.sessionId) === wanted)?.sessionId ?? '';
	}

	return { tokenAnswer, apiAnswer, routeName: (profile, method, rel) => matchRoute(profile, method, rel)?.name };
}

/** The list as a glitch shows it: empty, cut to its first half, or in reverse order. */
function glitchedList(sessions, glitch) {
	if (glitch === 'emptyList') return [];
	if (glitch === 'truncatedList') return sessions.slice(0, Math.floor(sessions.length / 2));
	if (glitch === 'reorderedList') return sessions.slice().reverse();
	return sessions;
}

function callerIp(req) {
	return String(req.socket.remoteAddress || '').replace(/^::ffff:/, '');
}

function isPlainObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

module.exports = { createAppliance };
