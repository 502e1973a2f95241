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

const { FAULT_KINDS, LIST_GLITCHES } = require('./faults');
const { USERS, DEVICES } = require('./seed');
const { PROFILES, DEFAULT_PROFILE } = require('./profiles');
const { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, normaliseOptions } = require('./options');
const { CONTROL_PREFIX } = require('./control');
const { createCertificate, formatHostPort, listen } = require('./wire');
const { createRuntime } = require('./runtime');

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
		setSyntheticDevices: runtime.setSyntheticDevices,
		setDeviceAccess: runtime.setDeviceAccess,
		/** Custody (custody.js): who holds which credential, deactivated ones, counters; and the secrets issued. */
		custody: () => runtime.custody.state(),
		credentialSecrets: () => [...runtime.custody.issuedSecrets],
		setCredentialAccess: (id, allowed) => runtime.custody.setAccess(id, allowed),
		setCredentialActive: (id, active) => runtime.custody.setActive(id, active),
		get deviceAccess() {
			return runtime.inventory.deviceAccess;
		},
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
