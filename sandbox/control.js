'use strict';

/**
 * The sandbox's control API under /__sandbox: state, tokens, faults, latency, token lifetime,
 * synthetic sessions and devices, device access, profiles, reset. Never delayed, faulted, counted or recorded.
 */

const { PROFILES, PROFILE_NAMES, describeProfile } = require('./profiles');
const { readBody, sendAnswer, redactRecord } = require('./wire');

const CONTROL_PREFIX = '/__sandbox';

const CONTROL_ENDPOINTS = [
	'GET state',
	'GET tokens',
	'POST faults {kind, count?, scope?, match?, retryAfterSeconds?, hangMs?} (or an array)',
	'POST latency {ms}',
	'POST token-lifetime {seconds}',
	'POST expire-tokens',
	'POST synthetic-sessions {count}',
	'POST synthetic-devices {count}',
	'POST device-access {allowed}',
	'GET custody',
	'POST credential-access {id, allowed}',
	'POST credential-active {id, active}',
	'GET profiles',
	'POST profile {name}',
	'POST reset',
];

/**
 * The handler of control requests for one sandbox runtime (`rt`: its counters, stores and setters;
 * `latencyMs()`, `profileName()` and `profile()` read the current values).
 */
function createControl(rt) {
	function controlState() {
		return {
			counters: { ...rt.counters },
			routeRequests: { ...rt.routeRequests },
			syntheticSessions: rt.store.syntheticCount,
			syntheticDevices: rt.inventory.syntheticCount,
			deviceAccess: rt.inventory.deviceAccess,
			custody: rt.custody.state(),
			faults: rt.faults.list(),
			latencyMs: rt.latencyMs(),
			tokenLifetimeSeconds: rt.tokens.lifetimeSeconds,
			legacy: rt.config.legacy,
			profile: rt.profileName(),
			basePath: rt.config.basePath,
			sessions: rt.store.list().map((s) => rt.store.render(s)),
			requests: rt.records.map(redactRecord),
		};
	}

	const control = {
		'GET ': () => ({ status: 200, json: { endpoints: CONTROL_ENDPOINTS } }),
		'GET state': () => ({ status: 200, json: controlState() }),
		'GET tokens': () => ({
			status: 200,
			json: {
				accessTokens: rt.tokens.all(),
				sessionTokens: [...rt.store.issuedSessionTokens],
				sessionUrls: [...rt.store.issuedSessionUrls],
				credentialSecrets: [...rt.custody.issuedSecrets],
			},
		}),
		'POST faults': (input) => ({ status: 200, json: { added: rt.injectFaults(input), pending: rt.faults.list() } }),
		'POST latency': (input) => {
			rt.setLatency(input.ms);
			return { status: 200, json: { latencyMs: rt.latencyMs() } };
		},
		'POST token-lifetime': (input) => {
			rt.setTokenLifetime(input.seconds);
			return { status: 200, json: { tokenLifetimeSeconds: rt.tokens.lifetimeSeconds } };
		},
		'POST expire-tokens': () => {
			rt.tokens.expireAll();
			return { status: 200, json: { expired: rt.tokens.all().length } };
		},
		'POST synthetic-sessions': (input) => {
			rt.setSyntheticSessions(input.count);
			return { status: 200, json: { syntheticSessions: rt.store.syntheticCount, sessions: rt.store.sessions.length } };
		},
		'POST synthetic-devices': (input) => {
			rt.setSyntheticDevices(input.count);
			return { status: 200, json: { syntheticDevices: rt.inventory.syntheticCount, devices: rt.inventory.devices().length } };
		},
		'POST device-access': (input) => {
			rt.setDeviceAccess(input.allowed);
			return { status: 200, json: { deviceAccess: rt.inventory.deviceAccess } };
		},
		'GET custody': () => ({ status: 200, json: rt.custody.state() }),
		'POST credential-access': (input) => {
			rt.custody.setAccess(input.id, input.allowed);
			return { status: 200, json: rt.custody.state() };
		},
		'POST credential-active': (input) => {
			rt.custody.setActive(input.id, input.active);
			return { status: 200, json: rt.custody.state() };
		},
		'GET profiles': () => ({ status: 200, json: { active: rt.profileName(), profiles: PROFILE_NAMES.map((n) => describeProfile(PROFILES[n])) } }),
		'POST profile': (input) => {
			rt.setProfile(input.name);
			return { status: 200, json: { profile: describeProfile(rt.profile()) } };
		},
		'POST reset': () => {
			rt.reset();
			return { status: 200, json: { reset: true } };
		},
	};

	/** Control calls are never delayed, faulted, counted or recorded. */
	return async function handleControl(req, res, pathname) {
		const action = pathname.slice(CONTROL_PREFIX.length).replace(/^\/+|\/+$/g, '');
		const raw = await readBody(req);
		const handler = control[`${req.method} ${action}`];
		if (!handler) return sendAnswer(res, { status: 404, json: { error: `No control endpoint ${req.method} /${action}.`, endpoints: CONTROL_ENDPOINTS } });
		let input = {};
		try {
			input = raw ? JSON.parse(raw) : {};
		} catch {
			return sendAnswer(res, { status: 400, json: { error: 'The body must be JSON.' } });
		}
		try {
			sendAnswer(res, handler(input ?? {}));
		} catch (error) {
			if (!(error instanceof TypeError)) throw error;
			sendAnswer(res, { status: 400, json: { error: error.message } });
		}
	};
}

module.exports = { CONTROL_PREFIX, createControl };
