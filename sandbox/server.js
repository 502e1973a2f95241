'use strict';

/**
 * Segura sandbox: a local, stateful stand-in for the Segura appliance's A2A API (OAuth 2.0 token,
 * web proxy session create / get / list / drop), with fault injection and a control API, so the node
 * can be developed and tested without an appliance.
 *
 *   const { startSandbox } = require('./sandbox/server');
 *   const sandbox = await startSandbox({ port: 0 });
 *   // … sandbox.baseUrl, sandbox.clientId, sandbox.clientSecret …
 *   await sandbox.close();
 */

const http = require('node:http');
const https = require('node:https');
const crypto = require('node:crypto');

const { ANSWERS, envelope } = require('./envelope');
const { SessionStore } = require('./store');
const { FaultQueue, FAULT_KINDS, LIST_GLITCHES, faultAnswer } = require('./faults');
const { TokenStore } = require('./tokens');
const { USERS, DEVICES } = require('./seed');
const { createAppliance } = require('./appliance');
const { PROFILES, DEFAULT_PROFILE, resolveProfile } = require('./profiles');
const { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, normaliseOptions, assertNonNegative } = require('./options');
const { CONTROL_PREFIX, createControl } = require('./control');
const { createCertificate, splitUrl, readBody, parseBody, sendAnswer, formatHostPort, listen } = require('./wire');

const TOKEN_PATH = '/iso/oauth2/token';
const RECORD_LIMIT = 200;

/**
 * Starts a sandbox and resolves once it listens.
 * @param {import('./index').SandboxOptions} [options]
 * @returns {Promise<import('./index').Sandbox>}
 */
async function startSandbox(options = {}) {
	const config = normaliseOptions(options);
	const tls = config.https ? await createCertificate() : null;
	const runtime = createRuntime(config);
	const server = tls
		? https.createServer({ key: tls.key, cert: tls.cert }, runtime.onRequest)
		: http.createServer(runtime.onRequest);
	await listen(server, config.port, config.host);

	const scheme = tls ? 'https' : 'http';
	const hostPort = formatHostPort(config.host, server.address().port);
	runtime.setPublicHost(scheme, hostPort);
	const origin = `${scheme}://${hostPort}`;
	const sandbox = {
		baseUrl: `${origin}${config.basePath}`,
		origin,
		controlUrl: `${origin}${CONTROL_PREFIX}`,
		clientId: config.clientId,
		clientSecret: config.clientSecret,
		counters: runtime.counters,
		routeRequests: runtime.routeRequests,
		requests: runtime.records,
		issuedTokens: () => runtime.tokens.all(),
		sessionTokens: () => [...runtime.store.issuedSessionTokens],
		sessionUrls: () => [...runtime.store.issuedSessionUrls],
		sessions: () => runtime.store.list().map((s) => runtime.store.render(s)),
		injectFaults: runtime.injectFaults,
		setLatency: runtime.setLatency,
		setTokenLifetime: runtime.setTokenLifetime,
		setSyntheticSessions: runtime.setSyntheticSessions,
		setProfile: runtime.setProfile,
		get profile() {
			return runtime.profileName();
		},
		expireTokens: () => runtime.tokens.expireAll(),
		reset: runtime.reset,
		close: onceOnly(() => closeServer(server, runtime)),
	};
	if (tls) sandbox.certificatePem = tls.cert;
	return sandbox;
}

/**
 * The sandbox's state and request handling, independent of the HTTP(S) server it is mounted on.
 */
function createRuntime(config) {
	const counters = { tokenRequests: 0, tokenFailures: 0, creates: 0, createAttempts: 0, terminates: 0, requests: 0 };
	/** API requests per route, whatever the outcome (auth errors and faults included). */
	const routeRequests = { create: 0, getOne: 0, list: 0, drop: 0 };
	const records = [];
	const timers = new Set();
	const faults = new FaultQueue();
	const tokens = new TokenStore(config.tokenLifetimeSeconds);
	const store = new SessionStore({ timezoneOffsetMinutes: config.timezoneOffsetMinutes, syntheticSessions: config.syntheticSessions });
	let latencyMs = config.latencyMs;
	let publicScheme = 'http';
	let publicHostPort = '';
	let profileName = config.profile;
	let profile = resolveProfile(profileName, config.legacy);
	const appliance = createAppliance({ config, counters, tokens, store, sessionUrl });

	/** For answers outside the profiles' own (body too large, a sandbox bug): the envelope, profile tenant. */
	const failure = (answer) => ({ status: answer.status, json: envelope(answer, { error: true, tenant: profile.tenant }) });

	/** Timers are tracked so close() leaves nothing running (a test process can exit at once). */
	function sleep(ms) {
		if (!ms) return Promise.resolve();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				timers.delete(timer);
				resolve();
			}, ms);
			timers.add(timer);
		});
	}

	function relativePath(pathname) {
		if (!config.basePath) return pathname;
		if (pathname.startsWith(`${config.basePath}/`)) return pathname.slice(config.basePath.length);
		return null;
	}

	function record(entry) {
		records.push(entry);
		if (records.length > RECORD_LIMIT) records.splice(0, records.length - RECORD_LIMIT);
	}

	/** The link a person opens; built from the Host the caller used, like the appliance's own URL. */
	function sessionUrl(req) {
		const host = req.headers.host || publicHostPort;
		const url = `${publicScheme}://${host}${config.basePath}/modulos/auth?_sr=${crypto.randomBytes(96).toString('base64url')}`;
		store.issuedSessionUrls.push(url);
		return url;
	}

	// --- request pipeline ------------------------------------------------------------------------

	async function handleAppliance(req, res, pathname, query) {
		const started = Date.now();
		const rel = relativePath(pathname);
		const kind = rel === TOKEN_PATH && req.method === 'POST' ? 'token' : 'api';
		const entry = {
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
		counters.requests++;
		if (kind === 'token') counters.tokenRequests++;
		const route = kind === 'api' && rel !== null ? appliance.routeName(profile, req.method, rel) : undefined;
		if (route) routeRequests[route]++;
		if (route === 'create') counters.createAttempts++;
		record(entry);

		const raw = await readBody(req);
		const finish = (answer) => {
			entry.status = answer.status ?? null;
			const log = () =>
				config.onRequest?.({ method: req.method, path: pathname, status: entry.status, fault: entry.fault, durationMs: Date.now() - started });
			const streaming = sendAnswer(res, answer);
			if (streaming) streaming.then(log, log);
			else log();
		};
		if (raw === null) return finish(failure(ANSWERS.tooLarge));
		entry.rawBody = raw;
		entry.body = parseBody(raw, req.headers['content-type']);

		await sleep(latencyMs);
		const fault = faults.take(kind, pathname, route);
		if (fault && LIST_GLITCHES.includes(fault.kind)) {
			entry.fault = fault.kind;
			return finish(appliance.apiAnswer(profile, req, rel, entry.body, fault.kind));
		}
		if (fault) {
			entry.fault = fault.kind;
			if (kind === 'token') counters.tokenFailures++;
			return applyFault(fault, res, finish);
		}
		finish(kind === 'token' ? appliance.tokenAnswer(profile, req, entry.body) : appliance.apiAnswer(profile, req, rel, entry.body));
	}

	async function applyFault(fault, res, finish) {
		const answer = faultAnswer(fault, profile.tenant);
		if (answer.action === 'hang') await sleep(answer.ms);
		if (answer.action) {
			// No HTTP answer at all: the client sees a reset connection.
			res.socket?.destroy();
			return finish({ action: answer.action });
		}
		finish(answer);
	}

	// --- controls (in process, and through control.js over HTTP) --------------------------------

	function injectFaults(spec) {
		const specs = Array.isArray(spec) ? spec : [spec];
		return specs.map((s) => faults.add(s));
	}

	function setLatency(ms) {
		assertNonNegative(ms, 'latency ms');
		latencyMs = ms;
	}

	function setTokenLifetime(seconds) {
		assertNonNegative(seconds, 'token lifetime seconds');
		tokens.lifetimeSeconds = seconds;
	}

	/** The store starts over from the seed plus `count` synthetic sessions; reset() keeps the count. */
	function setSyntheticSessions(count) {
		store.setSyntheticSessions(count);
	}

	/** Which vendor pages to reproduce from now on (profiles/); TypeError for an unknown name. */
	function setProfile(name) {
		profile = resolveProfile(name, config.legacy);
		profileName = name;
	}

	/** Counters, records, faults, sessions and profile back to the start; issued tokens keep their expiry. */
	function reset() {
		for (const key of Object.keys(counters)) counters[key] = 0;
		for (const key of Object.keys(routeRequests)) routeRequests[key] = 0;
		records.length = 0;
		faults.clear();
		store.reset();
		latencyMs = config.latencyMs;
		tokens.lifetimeSeconds = config.tokenLifetimeSeconds;
		setProfile(config.profile);
	}

	const runtime = {
		config,
		counters,
		routeRequests,
		records,
		timers,
		tokens,
		store,
		faults,
		onRequest,
		injectFaults,
		setLatency,
		setTokenLifetime,
		setSyntheticSessions,
		setProfile,
		latencyMs: () => latencyMs,
		profileName: () => profileName,
		profile: () => profile,
		reset,
		setPublicHost(scheme, hostPort) {
			publicScheme = scheme;
			publicHostPort = hostPort;
		},
	};
	const handleControl = createControl(runtime);

	function onRequest(req, res) {
		const { pathname, query } = splitUrl(req.url);
		const isControl = pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`);
		const handling = isControl ? handleControl(req, res, pathname) : handleAppliance(req, res, pathname, query);
		handling.catch((error) => {
			// A bug in the sandbox itself: answer like the appliance would rather than hang the client.
			if (!res.headersSent && !res.destroyed) sendAnswer(res, failure(ANSWERS.unexpected));
			else res.destroy();
			if (config.onRequest) config.onRequest({ method: req.method, path: pathname, status: 500, fault: null, durationMs: 0, error: String(error) });
		});
	}

	return runtime;
}

function closeServer(server, runtime) {
	for (const timer of runtime.timers) clearTimeout(timer);
	runtime.timers.clear();
	return new Promise((resolve) => {
		server.close(() => resolve());
		// Keep-alive and hanging (timeout-fault) connections would otherwise hold close() open.
		server.closeAllConnections();
	});
}

function onceOnly(fn) {
	let promise;
	return () => (promise ??= fn());
}

/** The seeded users and devices, for tests and docs that should not hard-code them. */
const SEED = Object.freeze({ users: USERS, devices: DEVICES });

module.exports = { startSandbox, FAULT_KINDS, LIST_GLITCHES, SEED, PROFILES, DEFAULT_PROFILE, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET };
