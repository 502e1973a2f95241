'use strict';

/**
 * The e2e suite's connection cases (with e2e/cases.js): TLS with and without Ignore SSL Issues, PAM
 * Core paths under a base sub-path with Basic client auth, and the Segura version profiles under Auto.
 */

const assert = require('node:assert/strict');

const { PROFILES } = require('../sandbox');
const { build, createNode, findGetTerminate, outputOf, hintOf, json, sessionById } = require('./run-data');

const { segura } = build;

/** Each on a sandbox of its own (B, C, E, F), so that its check can count every request the node made. */
function defineConnectionCases(ctx) {
	return [...tlsCases(ctx), pamCoreSubPathCase(ctx), ...versionProfileCases(ctx)];
}

/** Sandbox B's self-signed certificate, through a credential that verifies it and one that does not. */
function tlsCases({ B, cred }) {
	return [
		{
			name: 'HTTPS self-signed: rejected without Ignore SSL Issues',
			chain: [
				segura('07 List (TLS verified)', cred.httpsStrict, { operation: 'getMany', returnAll: false, limit: 1 }, { onError: 'continueRegularOutput' }),
			],
			check(run) {
				const out = outputOf(run, '07 List (TLS verified)');
				assert.equal(out.length, 1);
				assert.match(out[0].json.error, /certificate/i, JSON.stringify(out[0].json));
				assert.match(hintOf(out[0]), /Ignore SSL Issues/);
			},
		},
		{
			name: 'HTTPS self-signed: accepted with Ignore SSL Issues',
			chain: [
				createNode('08 Create', cred.httpsInsecure, { user: 'alice', device: '10.66.33.17', protocol: 'SSH', credential: 'usrsudonopass' }),
				segura('08 Get Many', cred.httpsInsecure, {
					operation: 'getMany',
					returnAll: false,
					limit: 5,
					filters: { user: 'alice', status: 'active' },
				}),
			],
			check(run) {
				assert.ok(B.baseUrl.startsWith('https://'));
				const [created] = json(run, '08 Create');
				assert.ok(created.session_url.startsWith(`${B.baseUrl}/`));
				const active = json(run, '08 Get Many');
				assert.ok(active.some((s) => s.credential === 'usrsudonopass' && s.active));
				// The verified credential never got through the TLS handshake: one token, for the other.
				assert.equal(B.counters.tokenRequests, 1);
				assert.equal(B.counters.creates, 1);
			},
		},
	];
}

/** Sandbox C sits under /segura, which every PAM Core path must keep; the client signs in with Basic auth. */
function pamCoreSubPathCase({ C, cred }) {
	return {
		name: 'PAM Core paths under a base sub-path, Basic client auth',
		chain: [
			createNode('09 Create', cred.pamCore, { user: 'carol', device: '10.66.33.17', protocol: 'SSH', credential: 'deploy' }),
			...findGetTerminate('09', cred.pamCore, { user: 'carol', device: '10.66.33.17' }),
		],
		check(run) {
			assert.ok(C.baseUrl.endsWith('/segura'));
			const [created] = json(run, '09 Create');
			assert.ok(created.session_url.startsWith(`${C.baseUrl}/`));
			const [found] = json(run, '09 Find');
			const [got] = json(run, '09 Get');
			assert.equal(got.id, found.id);
			assert.equal(json(run, '09 Terminate')[0].terminated, true);
			assert.ok(sessionById(C, got.id).end);
			const paths = C.requests.map((r) => `${r.method} ${r.fullPath}`);
			assert.deepEqual(paths, [
				'POST /segura/iso/oauth2/token',
				'POST /segura/api/pam/remote/session',
				'GET /segura/api/pam/session/remotesessions',
				`GET /segura/api/pam/session/remotesessions/${got.id}`,
				`DELETE /segura/api/pam/session/drop/${got.session_id}`,
			]);
			assert.match(String(C.requests[0].headers.authorization), /^Basic /);
		},
	};
}

/** One sandbox per Segura version profile, each reached by a credential whose API Paths stay at Auto. */
function versionProfileCases({ E, F, cred }) {
	return [
		{ label: '10', sandbox: E, credential: cred.v332, version: '3.32', deviceCredential: 'usrsudonopass' },
		{ label: '11', sandbox: F, credential: cred.current, version: 'current', deviceCredential: '' },
	].map(versionProfileCase);
}

/** Auto must find every path this version serves, whatever it probed on the way. */
function versionProfileCase({ label, sandbox, credential, version, deviceCredential }) {
	return {
		name: `Segura ${version} (sandbox profile), API Paths left at Auto: create → get many → get → terminate`,
		chain: [
			segura(`${label} Create`, credential, { operation: 'create', user: 'carol', device: '10.66.33.17', protocol: 'SSH', credential: deviceCredential }),
			...findGetTerminate(label, credential, { user: 'carol', device: '10.66.33.17' }),
		],
		check(run) {
			const [created] = json(run, `${label} Create`);
			assert.ok(created.session_url.startsWith(`${sandbox.baseUrl}/`));
			assert.equal(created.selection_mode ?? 'explicit', deviceCredential ? 'explicit' : 'automatic');
			const [found] = json(run, `${label} Find`);
			const [got] = json(run, `${label} Get`);
			assert.equal(got.id, found.id);
			const [ended] = json(run, `${label} Terminate`);
			assert.equal(ended.terminated, true);
			assert.equal(ended.session_id, found.session_id);
			assert.ok(sessionById(sandbox, got.id).end);
			// The paths this version serves, each found by Auto (a route-level 404 is a probe).
			const { paths } = PROFILES[version];
			const served = sandbox.requests.filter((r) => r.status !== 404 && !r.path.includes('oauth2')).map((r) => `${r.method} ${r.path}`);
			assert.deepEqual(served, [
				`POST ${paths.create[0]}`,
				`GET ${paths.list[0]}`,
				`GET ${paths.getOne[0].replace('{id}', got.id)}`,
				`DELETE ${paths.drop[0].replace('{id}', encodeURIComponent(found.session_id))}`,
			]);
		},
	};
}

module.exports = { defineConnectionCases };
