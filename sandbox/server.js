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
const { promisify } = require('node:util');

const { ANSWERS, envelope } = require('./envelope');
const { SessionStore } = require('./store');
const { FaultQueue, FAULT_KINDS, faultAnswer } = require('./faults');
const { TokenStore } = require('./tokens');
const { USERS, DEVICES } = require('./seed');
const { createAppliance } = require('./appliance');
const { PROFILES, PROFILE_NAMES, DEFAULT_PROFILE, resolveProfile, describeProfile } = require('./profiles');

const DEFAULT_CLIENT_ID = 'n8n-sandbox-client';
const DEFAULT_CLIENT_SECRET = 'n8n-sandbox-secret';
const CONTROL_PREFIX = '/__sandbox';
const TOKEN_PATH = '/iso/oauth2/token';
const RECORD_LIMIT = 200;
const MAX_BODY_BYTES = 1024 * 1024;
const STREAM_CHUNK_SESSIONS = 1000;

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

/** Defaults and validation, so a bad option fails at start rather than as odd answers later. */
function normaliseOptions(options) {
	const config = {
		port: options.port ?? 0,
		host: options.host || '127.0.0.1',
		https: Boolean(options.https),
		basePath: normaliseBasePath(options.basePath),
		clientId: options.clientId ?? DEFAULT_CLIENT_ID,
		clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
		tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
		latencyMs: options.latencyMs ?? 0,
		legacy: Boolean(options.legacy),
		profile: options.profile ?? DEFAULT_PROFILE,
		timezoneOffsetMinutes: options.timezoneOffsetMinutes ?? 0,
		syntheticSessions: options.syntheticSessions ?? 0,
		onRequest: options.onRequest,
	};
	if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) throw new TypeError('port must be an integer 0-65535.');
	if (typeof config.clientId !== 'string' || !config.clientId) throw new TypeError('clientId must be a non-empty string.');
	if (typeof config.clientSecret !== 'string' || !config.clientSecret) throw new TypeError('clientSecret must be a non-empty string.');
	assertNonNegative(config.tokenLifetimeSeconds, 'tokenLifetimeSeconds');
	assertNonNegative(config.latencyMs, 'latencyMs');
	if (!Number.isInteger(config.timezoneOffsetMinutes) || Math.abs(config.timezoneOffsetMinutes) > 14 * 60) {
		throw new TypeError('timezoneOffsetMinutes must be an integer between -840 and 840.');
	}
	if (config.onRequest !== undefined && typeof config.onRequest !== 'function') throw new TypeError('onRequest must be a function.');
	resolveProfile(config.profile);
	if (config.legacy && config.profile !== DEFAULT_PROFILE) throw new TypeError('legacy applies to the consolidated profile only.');
	return config;
}

/** '' | '/' → ''; 'segura/' → '/segura'. Kept without a trailing slash so paths append cleanly. */
function normaliseBasePath(basePath) {
	if (basePath === undefined || basePath === null) return '';
	if (typeof basePath !== 'string' || /[?#\s]/.test(basePath)) throw new TypeError('basePath must be a path such as /segura.');
	const trimmed = basePath.replace(/\/+$/, '');
	if (!trimmed) return '';
	return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function assertNonNegative(value, name) {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a non-negative number.`);
}

/**
 * A fresh self-signed certificate for localhost / 127.0.0.1 / ::1. The RSA key comes from Node's
 * native (async) generator, which is far faster than node-forge's JavaScript one that selfsigned
 * would otherwise use; selfsigned then only builds and signs the certificate. Nothing touches disk.
 */
async function createCertificate() {
	const selfsigned = require('selfsigned');
	const { publicKey, privateKey } = await promisify(crypto.generateKeyPair)('rsa', {
		modulusLength: 2048,
		publicKeyEncoding: { type: 'spki', format: 'pem' },
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	});
	const pems = selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
		keySize: 2048,
		days: 30,
		algorithm: 'sha256',
		keyPair: { publicKey, privateKey },
		extensions: [
			{ name: 'basicConstraints', cA: true },
			{ name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
			{ name: 'extKeyUsage', serverAuth: true },
			{
				name: 'subjectAltName',
				altNames: [
					{ type: 2, value: 'localhost' },
					{ type: 7, ip: '127.0.0.1' },
					{ type: 7, ip: '::1' },
				],
			},
		],
	});
	return { key: privateKey, cert: pems.cert };
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
		return `${publicScheme}://${host}${config.basePath}/modulos/auth?_sr=${crypto.randomBytes(96).toString('base64url')}`;
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
		const fault = faults.take(kind, pathname);
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

	// --- control API -----------------------------------------------------------------------------

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

	function controlState() {
		return {
			counters: { ...counters },
			routeRequests: { ...routeRequests },
			syntheticSessions: store.syntheticCount,
			faults: faults.list(),
			latencyMs,
			tokenLifetimeSeconds: tokens.lifetimeSeconds,
			legacy: config.legacy,
			profile: profileName,
			basePath: config.basePath,
			sessions: store.list().map((s) => store.render(s)),
			requests: records.map(redactRecord),
		};
	}

	const control = {
		'GET ': () => ({ status: 200, json: { endpoints: CONTROL_ENDPOINTS } }),
		'GET state': () => ({ status: 200, json: controlState() }),
		'GET tokens': () => ({
			status: 200,
			json: { accessTokens: tokens.all(), sessionTokens: [...store.issuedSessionTokens] },
		}),
		'POST faults': (input) => ({ status: 200, json: { added: injectFaults(input), pending: faults.list() } }),
		'POST latency': (input) => {
			setLatency(input.ms);
			return { status: 200, json: { latencyMs } };
		},
		'POST token-lifetime': (input) => {
			setTokenLifetime(input.seconds);
			return { status: 200, json: { tokenLifetimeSeconds: tokens.lifetimeSeconds } };
		},
		'POST expire-tokens': () => {
			tokens.expireAll();
			return { status: 200, json: { expired: tokens.all().length } };
		},
		'POST synthetic-sessions': (input) => {
			setSyntheticSessions(input.count);
			return { status: 200, json: { syntheticSessions: store.syntheticCount, sessions: store.sessions.length } };
		},
		'GET profiles': () => ({ status: 200, json: { active: profileName, profiles: PROFILE_NAMES.map((n) => describeProfile(PROFILES[n])) } }),
		'POST profile': (input) => {
			setProfile(input.name);
			return { status: 200, json: { profile: describeProfile(profile) } };
		},
		'POST reset': () => {
			reset();
			return { status: 200, json: { reset: true } };
		},
	};

	/** Control calls are never delayed, faulted, counted or recorded. */
	async function handleControl(req, res, pathname) {
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
	}

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

	return {
		counters,
		routeRequests,
		records,
		timers,
		tokens,
		store,
		onRequest,
		injectFaults,
		setLatency,
		setTokenLifetime,
		setSyntheticSessions,
		setProfile,
		profileName: () => profileName,
		reset,
		setPublicHost(scheme, hostPort) {
			publicScheme = scheme;
			publicHostPort = hostPort;
		},
	};
}

const CONTROL_ENDPOINTS = [
	'GET state',
	'GET tokens',
	'POST faults {kind, count?, scope?, match?, retryAfterSeconds?, hangMs?} (or an array)',
	'POST latency {ms}',
	'POST token-lifetime {seconds}',
	'POST expire-tokens',
	'POST synthetic-sessions {count}',
	'GET profiles',
	'POST profile {name}',
	'POST reset',
];

/**
 * Path and query without URL normalisation: `new URL` would read "//iso/…" as a host name and
 * merge nothing else; doubled slashes must stay visible so a bad base-URL join shows up as a 404.
 */
function splitUrl(url) {
	const at = url.indexOf('?');
	const pathname = at === -1 ? url : url.slice(0, at);
	const query = at === -1 ? {} : Object.fromEntries(new URLSearchParams(url.slice(at + 1)));
	return { pathname, query };
}

/** Resolves with the body as text, or null when it is larger than MAX_BODY_BYTES. */
function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/**
 * JSON or form bodies, by Content-Type; without one, JSON is tried first. Unparseable JSON gives
 * null, which the create route then treats as an empty body (the appliance's PHP does the same).
 */
function parseBody(raw, contentType = '') {
	if (!raw) return {};
	const type = contentType.toLowerCase();
	if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
	try {
		return JSON.parse(raw);
	} catch {
		return type.includes('json') ? null : Object.fromEntries(new URLSearchParams(raw));
	}
}

/** Sends an answer; a streamed one returns a promise that settles once it is sent (or abandoned). */
function sendAnswer(res, answer) {
	if (res.destroyed || res.writableEnded || answer.action) return undefined;
	if (answer.stream) return streamAnswer(res, answer);
	const body = answer.json !== undefined ? JSON.stringify(answer.json) : answer.body ?? '';
	const headers = { 'Content-Type': 'application/json', ...answer.headers, 'Content-Length': Buffer.byteLength(body) };
	res.writeHead(answer.status, headers);
	res.end(body);
	return undefined;
}

/**
 * The envelope with its last key, the session list, written a chunk of sessions at a time (chunked
 * transfer encoding), waiting for the socket to drain: at no point is the whole answer one string.
 */
async function streamAnswer(res, answer) {
	const { sessions, render } = answer.stream;
	const envelopeText = JSON.stringify(answer.json); // …,"remote_sessions":[]}
	const open = envelopeText.lastIndexOf('[]') + 1;
	res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
	try {
		await writeChunk(res, envelopeText.slice(0, open));
		for (let i = 0; i < sessions.length && !res.destroyed; i += STREAM_CHUNK_SESSIONS) {
			const part = JSON.stringify(sessions.slice(i, i + STREAM_CHUNK_SESSIONS).map(render)).slice(1, -1);
			await writeChunk(res, i === 0 ? part : `,${part}`);
		}
		if (!res.destroyed) res.end(envelopeText.slice(open));
	} catch {
		// Half an answer cannot be taken back: the client sees the connection reset.
		res.destroy();
	}
}

function writeChunk(res, text) {
	if (res.destroyed || res.write(text)) return Promise.resolve();
	return new Promise((resolve) => {
		const done = () => {
			res.off('drain', done);
			res.off('close', done);
			resolve();
		};
		res.once('drain', done);
		res.once('close', done);
	});
}

/** Authorization values and client secrets are hidden in what the control API serves. */
function redactRecord(entry) {
	const headers = { ...entry.headers };
	if (typeof headers.authorization === 'string') {
		const scheme = headers.authorization.trim().split(/\s+/)[0];
		headers.authorization = /^(bearer|basic)$/i.test(scheme) ? `${scheme} <redacted>` : '<redacted>';
	}
	const body = isPlainObject(entry.body) && 'client_secret' in entry.body ? { ...entry.body, client_secret: '<redacted>' } : entry.body;
	const rawBody = entry.rawBody
		.replace(/(client_secret=)[^&]*/g, '$1<redacted>')
		.replace(/("client_secret"\s*:\s*)"(?:[^"\\]|\\.)*"/g, '$1"<redacted>"');
	return { ...entry, headers, body, rawBody };
}

/** host:port for URLs; wildcard binds are shown as loopback, IPv6 literals in brackets. */
function formatHostPort(host, port) {
	const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
	return shown.includes(':') ? `[${shown}]:${port}` : `${shown}:${port}`;
}

function listen(server, port, host) {
	return new Promise((resolve, reject) => {
		const onError = (error) => reject(error);
		server.once('error', onError);
		server.listen(port, host, () => {
			server.off('error', onError);
			resolve();
		});
	});
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

function isPlainObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The seeded users and devices, for tests and docs that should not hard-code them. */
const SEED = Object.freeze({ users: USERS, devices: DEVICES });

module.exports = { startSandbox, FAULT_KINDS, SEED, PROFILES, DEFAULT_PROFILE, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET };
