'use strict';

/**
 * The sandbox's state and request handling, independent of the HTTP(S) server it is mounted on
 * (server.js): counters and request records, faults, tokens, sessions, devices and the active profile; the
 * pipeline every appliance request goes through (count, record, delay, fault, answer); and the
 * setters that both the in-process API and the control API (control.js) change that state with.
 */

const crypto = require('node:crypto');

const { ANSWERS, envelope } = require('./envelope');
const { SessionStore } = require('./store');
const { Inventory } = require('./inventory');
const { Custody } = require('./custody');
const { FaultQueue, LIST_GLITCHES, faultAnswer } = require('./faults');
const { TokenStore } = require('./tokens');
const { createAppliance } = require('./appliance');
const { resolveProfile } = require('./profiles');
const { assertNonNegative } = require('./options');
const { CONTROL_PREFIX, createControl } = require('./control');
const { ROUTES } = require('./routes');
const { splitUrl, readBody, parseBody, sendAnswer, breakOff } = require('./wire');

const TOKEN_PATH = '/iso/oauth2/token';
const RECORD_LIMIT = 200;

/**
 * @param {object} config the normalised options (options.js)
 * @returns {object} the runtime: its state, setters, and `onRequest` for an HTTP(S) server
 */
function createRuntime(config) {
	const state = createState(config);
	const appliance = createAppliance({
		config,
		counters: state.counters,
		tokens: state.tokens,
		store: state.store,
		inventory: state.inventory,
		custody: state.custody,
		sessionUrl: (req) => sessionUrl(state, req),
	});
	const handleAppliance = createAppliancePipeline(state, appliance);
	const setters = createSetters(state);

	const runtime = {
		config,
		counters: state.counters,
		routeRequests: state.routeRequests,
		records: state.records,
		timers: state.timers,
		tokens: state.tokens,
		store: state.store,
		inventory: state.inventory,
		custody: state.custody,
		faults: state.faults,
		onRequest,
		...setters,
		latencyMs: () => state.latencyMs,
		profileName: () => state.profileName,
		profile: () => state.profile,
		setPublicHost(scheme, hostPort) {
			state.publicScheme = scheme;
			state.publicHostPort = hostPort;
		},
	};
	const handleControl = createControl(runtime);

	function onRequest(req, res) {
		const { pathname, query } = splitUrl(req.url);
		const isControl = pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`);
		const handling = isControl ? handleControl(req, res, pathname) : handleAppliance(req, res, pathname, query);
		handling.catch((error) => answerSandboxBug(state, req, res, pathname, error));
	}

	return runtime;
}

/**
 * The state the request pipeline and the setters share. The last five fields change while the
 * sandbox runs (setters, setPublicHost), so they are read from here at the moment they are used.
 */
function createState(config) {
	const store = new SessionStore({ timezoneOffsetMinutes: config.timezoneOffsetMinutes, syntheticSessions: config.syntheticSessions });
	return {
		config,
		counters: { tokenRequests: 0, tokenFailures: 0, creates: 0, createAttempts: 0, terminates: 0, requests: 0 },
		/** API requests per route, whatever the outcome (auth errors and faults included). */
		routeRequests: Object.fromEntries(Object.keys(ROUTES).map((name) => [name, 0])),
		records: [],
		timers: new Set(),
		faults: new FaultQueue(),
		tokens: new TokenStore(config.tokenLifetimeSeconds),
		store,
		inventory: new Inventory({
			syntheticDevices: config.syntheticDevices,
			deviceAccess: config.deviceAccess,
			formatLocal: (ms) => store.formatLocal(ms),
		}),
		custody: new Custody(),
		latencyMs: config.latencyMs,
		publicScheme: 'http',
		publicHostPort: '',
		profileName: config.profile,
		profile: resolveProfile(config.profile, config.legacy),
	};
}

// --- request pipeline ----------------------------------------------------------------------------

/** The handler of appliance (non-control) requests: count, record, delay, fault or answer. */
function createAppliancePipeline(state, appliance) {
	async function handleAppliance(req, res, pathname, query) {
		const started = Date.now();
		const rel = relativePath(state.config.basePath, pathname);
		const kind = rel === TOKEN_PATH && req.method === 'POST' ? 'token' : 'api';
		const entry = newRecord(req, pathname, query, rel, started);
		countRequest(state.counters, kind);
		const route = kind === 'api' && rel !== null ? appliance.routeName(state.profile, req.method, rel) : undefined;
		countRoute(state, route);
		keepRecord(state.records, entry);

		const raw = await readBody(req);
		const finish = createFinish(state.config, req, res, pathname, entry, started);
		if (raw === null) return finish(failureAnswer(state, ANSWERS.tooLarge));
		entry.rawBody = raw;
		entry.body = parseBody(raw, req.headers['content-type']);

		await sleep(state.timers, state.latencyMs);
		// What Segura does and answers for this request, faults aside.
		const carryOut = () => (kind === 'token' ? appliance.tokenAnswer(state.profile, req, entry.body) : appliance.apiAnswer(state.profile, req, rel, entry.body));
		const fault = state.faults.take(kind, pathname, route);
		if (fault && LIST_GLITCHES.includes(fault.kind)) {
			entry.fault = fault.kind;
			return finish(appliance.apiAnswer(state.profile, req, rel, entry.body, fault.kind));
		}
		if (fault?.kind === 'lostAnswer') {
			// Segura does the work; the answer never reaches the client (a proxy or network drops it).
			entry.fault = fault.kind;
			carryOut();
			res.socket?.destroy();
			return finish({ action: 'drop' });
		}
		if (fault?.kind === 'brokenAnswer') {
			entry.fault = fault.kind;
			breakOff(res, carryOut());
			return finish({ action: 'drop' });
		}
		if (fault) {
			entry.fault = fault.kind;
			if (kind === 'token') state.counters.tokenFailures++;
			return applyFault(fault, res, finish);
		}
		finish(carryOut());
	}

	async function applyFault(fault, res, finish) {
		const answer = faultAnswer(fault, state.profile.tenant);
		if (answer.action === 'hang') await sleep(state.timers, answer.ms);
		if (answer.action) {
			// No HTTP answer at all: the client sees a reset connection.
			res.socket?.destroy();
			return finish({ action: answer.action });
		}
		finish(answer);
	}

	return handleAppliance;
}

/** The path below the base path; null when the request is outside it. */
function relativePath(basePath, pathname) {
	if (!basePath) return pathname;
	if (pathname.startsWith(`${basePath}/`)) return pathname.slice(basePath.length);
	return null;
}

/** A request as the records keep it; body, status and fault are filled in as the request goes on. */
function newRecord(req, pathname, query, rel, started) {
	return {
		time: new Date(started).toISOString(),
		method: req.method,
		path: rel ?? pathname,
		fullPath: pathname,
		query,
		headers: { ...req.headers },
		rawBody: '',
		body: null,
		status: null,
		fault: null,
	};
}

function countRequest(counters, kind) {
	counters.requests++;
	if (kind === 'token') counters.tokenRequests++;
}

function countRoute(state, route) {
	if (route) state.routeRequests[route]++;
	if (route === 'create') state.counters.createAttempts++;
}

/** Only the latest RECORD_LIMIT requests are kept, so a long run does not grow without end. */
function keepRecord(records, entry) {
	records.push(entry);
	if (records.length > RECORD_LIMIT) records.splice(0, records.length - RECORD_LIMIT);
}

/** Sends an answer, then tells config.onRequest (once a streamed answer has been written out). */
function createFinish(config, req, res, pathname, entry, started) {
	return (answer) => {
		entry.status = answer.status ?? null;
		const log = () =>
			config.onRequest?.({ method: req.method, path: pathname, status: entry.status, fault: entry.fault, durationMs: Date.now() - started });
		const streaming = sendAnswer(res, answer);
		if (streaming) streaming.then(log, log);
		else log();
	};
}

/** For answers outside the profiles' own (body too large, a sandbox bug): the envelope, profile tenant. */
function failureAnswer(state, answer) {
	return { status: answer.status, json: envelope(answer, { error: true, tenant: state.profile.tenant }) };
}

/** A bug in the sandbox itself: answer like the appliance would rather than hang the client. */
function answerSandboxBug(state, req, res, pathname, error) {
	if (!res.headersSent && !res.destroyed) sendAnswer(res, failureAnswer(state, ANSWERS.unexpected));
	else res.destroy();
	const { config } = state;
	if (config.onRequest) config.onRequest({ method: req.method, path: pathname, status: 500, fault: null, durationMs: 0, error: String(error) });
}

/** Timers are tracked so close() leaves nothing running (a test process can exit at once). */
function sleep(timers, ms) {
	if (!ms) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => {
			timers.delete(timer);
			resolve();
		}, ms);
		timers.add(timer);
	});
}

/** The link a person opens; built from the Host the caller used, like the appliance's own URL. */
function sessionUrl(state, req) {
	const host = req.headers.host || state.publicHostPort;
	const url = `${state.publicScheme}://${host}${state.config.basePath}/modulos/auth?_sr=${crypto.randomBytes(96).toString('base64url')}`;
	state.store.issuedSessionUrls.push(url);
	return url;
}

// --- setters (in process, and through control.js over HTTP) --------------------------------------

/** One set of setters, so the in-process API (server.js) and the control API (control.js) cannot drift apart. */
function createSetters(state) {
	const { config, faults, tokens, store, inventory } = state;

	function injectFaults(spec) {
		const specs = Array.isArray(spec) ? spec : [spec];
		return specs.map((s) => faults.add(s));
	}

	function setLatency(ms) {
		assertNonNegative(ms, 'latency ms');
		state.latencyMs = ms;
	}

	function setTokenLifetime(seconds) {
		assertNonNegative(seconds, 'token lifetime seconds');
		tokens.lifetimeSeconds = seconds;
	}

	/** The store starts over from the seed plus `count` synthetic sessions; reset() keeps the count. */
	function setSyntheticSessions(count) {
		store.setSyntheticSessions(count);
	}

	/** Synthetic devices listed after the seed (reset() keeps the count); device access: inventory.js. */
	const setSyntheticDevices = (count) => inventory.setSyntheticDevices(count);
	const setDeviceAccess = (allowed) => inventory.setDeviceAccess(allowed);

	/** Which vendor pages to reproduce from now on (profiles/); TypeError for an unknown name. */
	function setProfile(name) {
		state.profile = resolveProfile(name, config.legacy);
		state.profileName = name;
	}

	/**
	 * Counters, records, faults, sessions, device access and profile back to the start (synthetic
	 * session and device counts kept); issued tokens keep their expiry.
	 */
	function reset() {
		for (const key of Object.keys(state.counters)) state.counters[key] = 0;
		for (const key of Object.keys(state.routeRequests)) state.routeRequests[key] = 0;
		state.records.length = 0;
		faults.clear();
		store.reset();
		inventory.reset();
		inventory.setDeviceAccess(config.deviceAccess);
		state.custody.reset();
		state.latencyMs = config.latencyMs;
		tokens.lifetimeSeconds = config.tokenLifetimeSeconds;
		setProfile(config.profile);
	}

	return { injectFaults, setLatency, setTokenLifetime, setSyntheticSessions, setSyntheticDevices, setDeviceAccess, setProfile, reset };
}

module.exports = { createRuntime };
