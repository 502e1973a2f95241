'use strict';
/**
 * Minimal OAuth2 client-credentials server plus a protected API, for the harness self-test.
 * Plain CommonJS because the n8n linter forbids Node built-ins (http, https) in .ts files.
 *
 * Routes (any path prefix is accepted so a base URL with a sub-path can be tested; the full
 * path of every request is recorded so tests can assert the exact URL used):
 *   POST <prefix>/iso/oauth2/token   client credentials grant; checks client id/secret given in
 *                                   the form body or as HTTP Basic; answers a fresh token.
 *   any  <prefix>/iso/status/<code>  needs a valid Bearer token; answers <code> with a JSON body.
 *   any  other path                  needs a valid Bearer token; echoes method, path, query.
 * An `api` function (option, or `setApi`) can answer authorised calls instead, e.g. in the
 * shape of Segura's answers. `failNext(n)` makes the next n API calls answer 401 and revokes
 * all tokens issued so far, as an appliance does when a token was revoked or expired early.
 */
const http = require('node:http');
const https = require('node:https');

const TOKEN_SUFFIX = '/iso/oauth2/token';

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function send(res, status, body) {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}

function parseBasic(header) {
	const m = /^Basic\s+(.+)$/i.exec(header || '');
	if (!m) return undefined;
	const decoded = Buffer.from(m[1], 'base64').toString('utf8');
	const i = decoded.indexOf(':');
	return { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}

/**
 * @typedef {{ method?: string, path: string, query: Record<string, string>, body: string, token: string }} ApiRequest
 * @typedef {(req: ApiRequest) => { status?: number, body: unknown } | undefined} ApiAnswer
 *   Answers an authorised API call; undefined falls back to the built-in echo/status routes.
 * @param {{ clientId?: string, clientSecret?: string, tls?: boolean, expiresIn?: number, api?: ApiAnswer }} [options]
 *   tls: serve HTTPS with a throwaway self-signed certificate (needs the `selfsigned` devDependency).
 */
async function startOAuthServer(options = {}) {
	const answerTokenRequest = createTokenEndpoint(options);
	const state = newState();
	let api = options.api;

	async function handler(req, res) {
		const url = new URL(req.url, 'http://localhost');
		const body = await readBody(req);
		if (url.pathname.endsWith(TOKEN_SUFFIX)) return answerTokenRequest(state, req, res, url, body);
		return answerApiRequest(state, api, req, res, url, body);
	}

	const listener = (req, res) =>
		handler(req, res).catch((error) => send(res, 500, { message: String(error) }));
	const server = options.tls ? createTlsServer(listener) : http.createServer(listener);
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();

	return {
		url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
		state,
		/** The next n API calls answer 401, and every token issued so far stops being valid. */
		failNext(n = 1) {
			state.failCount = n;
			state.validTokens.clear();
		},
		/** Replaces the `api` answer function; reset() restores the one given at start. @param {ApiAnswer | undefined} fn */
		setApi(fn) {
			api = fn;
		},
		/** Forgets all requests and tokens; token numbering restarts at tok-1. */
		reset() {
			api = options.api;
			state.tokenRequests.length = 0;
			state.apiRequests.length = 0;
			state.validTokens.clear();
			state.failCount = 0;
			state.issued = 0;
		},
		close() {
			return new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			});
		},
	};
}

/** What the tests inspect (`server.state`), and what failNext and reset change. */
function newState() {
	return {
		/** @type {Array<{ path: string, method?: string, clientAuth: 'body' | 'header' | 'none', form: Record<string, string>, headers: import('node:http').IncomingHttpHeaders }>} */
		tokenRequests: [],
		/** @type {Array<{ method?: string, path: string, query: string, authorization?: string, status: number }>} */
		apiRequests: [],
		/** @type {Set<string>} */
		validTokens: new Set(),
		issued: 0,
		failCount: 0,
	};
}

/**
 * The token route for the client id and secret in `options`: records every request, then checks
 * the grant type and the client, and answers a fresh token valid until failNext or reset.
 */
function createTokenEndpoint(options) {
	const clientId = options.clientId ?? 'client-1';
	const clientSecret = options.clientSecret ?? 'secret-1';

	return function answerTokenRequest(state, req, res, url, body) {
		const form = Object.fromEntries(new URLSearchParams(body));
		const basic = parseBasic(req.headers.authorization);
		const clientAuth = basic ? 'header' : form.client_id !== undefined ? 'body' : 'none';
		const given = basic ?? { id: form.client_id, secret: form.client_secret };
		state.tokenRequests.push({
			path: url.pathname,
			method: req.method,
			clientAuth,
			form,
			headers: req.headers,
		});
		if (req.method !== 'POST' || form.grant_type !== 'client_credentials') {
			return send(res, 400, { error: 'unsupported_grant_type' });
		}
		if (given.id !== clientId || given.secret !== clientSecret) {
			return send(res, 401, {
				error: 'invalid_client',
				error_description: 'Bad client credentials',
			});
		}
		const token = `tok-${++state.issued}`;
		state.validTokens.add(token);
		return send(res, 200, {
			access_token: token,
			token_type: 'Bearer',
			expires_in: options.expiresIn ?? 3600,
		});
	};
}

/** Any other route: recorded with the status it got, so tests can assert what the node sent. */
function answerApiRequest(state, api, req, res, url, body) {
	const authorization = req.headers.authorization;
	const record = {
		method: req.method,
		path: url.pathname,
		query: url.search,
		authorization,
		status: 0,
	};
	state.apiRequests.push(record);
	const token = /^Bearer\s+(.+)$/.exec(authorization || '')?.[1];
	const answer = answerApi(state, api, req.method, url, body, token);
	record.status = answer.status;
	return send(res, answer.status, answer.body);
}

/**
 * A pending failNext comes first, then the token check, then the `api` function, then the
 * built-in status and echo routes.
 * @returns {{ status: number, body: unknown }}
 */
function answerApi(state, api, method, url, body, token) {
	if (state.failCount > 0) {
		state.failCount--;
		return { status: 401, body: { message: 'Token revoked' } };
	}
	if (!token || !state.validTokens.has(token)) {
		return { status: 401, body: { message: 'Unauthorized' } };
	}
	const query = Object.fromEntries(url.searchParams);
	const custom = api?.({ method, path: url.pathname, query, body, token });
	if (custom) return { status: custom.status ?? 200, body: custom.body };
	const m = /\/iso\/status\/(\d{3})$/.exec(url.pathname);
	if (m) {
		const status = Number(m[1]);
		return { status, body: { message: `Status ${status} as requested`, code: status } };
	}
	return {
		status: 200,
		body: { method, path: url.pathname, query, token, body: body || undefined },
	};
}

function createTlsServer(listener) {
	// Lazy: only the TLS tests need the certificate generator.
	const selfsigned = require('selfsigned');
	const pems = selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
		days: 1,
		keySize: 2048,
	});
	return https.createServer({ key: pems.private, cert: pems.cert }, listener);
}

module.exports = { startOAuthServer };
