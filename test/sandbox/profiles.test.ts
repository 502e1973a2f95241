/**
 * Sandbox version profiles over real HTTP: selection (option, control API, CLI), the paths each
 * serves and the gateway's 404 for every other, client authentication, refused tokens.
 */
import { DEFAULT_PROFILE, PROFILES, startSandbox } from '../../sandbox';
import type { Sandbox, SessionRouteName } from '../../sandbox';
import { api, basic, call, clientTokenRequest, control, env, getToken, tokenRequest, withSandbox } from './client';
import type { TokenAnswer } from './client';
import {
	at,
	CANDIDATE_PATHS,
	CLIENT_AUTH_FAILED,
	CREATE_BODY,
	GATEWAY_NO_ROUTE,
	METHOD,
	openProfile,
	SERVED,
	TRAITS,
	VERSION_PROFILES,
	viaFor,
} from './profile-cases';
import type { VersionName } from './profile-cases';
import { CUSTODY_SERVED, INVENTORY_SERVED } from './inventory-cases';
import { runCli } from './run-cli';

const ROUTES: SessionRouteName[] = ['create', 'getOne', 'list', 'drop'];

/** A request that the served path answers with something of its own (not the gateway's 404). */
function sample(sb: Sandbox, token: string, route: SessionRouteName, template: string) {
	const body = route === 'create' ? CREATE_BODY : undefined;
	return api(sb, token, METHOD[route], at(template, route === 'getOne' ? '30' : 'feedface'), body);
}

describe('profile table', () => {
	it('keeps consolidated as the default, serving both families as before', () => {
		expect(DEFAULT_PROFILE).toBe('consolidated');
		expect(Object.keys(PROFILES).sort()).toEqual(['3.25', '3.32', '4', 'consolidated', 'current']);
		expect(PROFILES.consolidated).toMatchObject({ unrouted: 'gateway', clientAuthentication: ['body', 'basic'], sessionIdFormat: 'hex40' });
		expect(PROFILES.consolidated.paths.create).toEqual(['/iso/remote/session', '/api/pam/remote/session']);
		expect(PROFILES.consolidated.paths).toMatchObject({ ...INVENTORY_SERVED.consolidated, ...CUSTODY_SERVED.consolidated });
	});

	it.each(VERSION_PROFILES)('PROFILES[%s] lists the paths its pages show', (name) => {
		const expected = { ...Object.fromEntries(ROUTES.map((route) => [route, [SERVED[name][route]]])), ...INVENTORY_SERVED[name], ...CUSTODY_SERVED[name] };
		expect(PROFILES[name].paths).toEqual(expected);
		expect(PROFILES[name]).toMatchObject({ name, unrouted: 'gateway', clientAuthentication: TRAITS[name].clientAuth });
		expect(PROFILES[name].tokenRejectedStatus).toBe(TRAITS[name].tokenRejected);
	});
});

describe.each(VERSION_PROFILES)('profile %s: paths served', (name: VersionName) => {
	let sb: Sandbox;
	let token: string;
	beforeAll(async () => ({ sb, token } = await openProfile(name)));
	afterAll(() => sb.close());

	it.each(ROUTES)(`serves %s at its page's path only; every other family answers the gateway's 404`, async (route) => {
		const served = await sample(sb, token, route, SERVED[name][route]);
		expect(served.status).not.toBe(404);
		expect(env(served).response).toBeDefined();
		for (const other of CANDIDATE_PATHS[route].filter((p) => p !== SERVED[name][route])) {
			for (const reply of [await sample(sb, token, route, other), await call(`${sb.baseUrl}${at(other, '30')}`, { method: METHOD[route] })]) {
				expect({ path: other, status: reply.status, json: reply.json }).toEqual({ path: other, status: 404, json: GATEWAY_NO_ROUTE });
			}
		}
		expect(sb.routeRequests[route]).toBe(1);
	});

	it("answers the gateway's 404 for unknown paths and wrong methods, before any authentication", async () => {
		for (const [method, path] of [['GET', '/iso/nothing/here'], ['GET', SERVED[name].create], ['POST', SERVED[name].list], ['GET', `${SERVED[name].list}/`]]) {
			const reply = await call(`${sb.baseUrl}${path}`, { method });
			expect({ method, path, status: reply.status, json: reply.json }).toEqual({ method, path, status: 404, json: GATEWAY_NO_ROUTE });
		}
	});

	it('answers "No route matched with those values." without an Authorization header on a served path', async () => {
		const reply = await call(`${sb.baseUrl}${SERVED[name].list}`);
		expect(reply.status).toBe(401);
		expect(reply.json).toEqual({ message: 'No route matched with those values.' });
	});
});

describe.each(VERSION_PROFILES)('profile %s: authentication', (name: VersionName) => {
	let sb: Sandbox;
	beforeAll(async () => ({ sb } = await openProfile(name)));
	afterAll(() => sb.close());

	it.each(['body', 'basic'] as const)('client authentication in the %s', async (via) => {
		const reply = await clientTokenRequest(sb, via);
		if (TRAITS[name].clientAuth.includes(via)) {
			expect(reply.status).toBe(200);
			expect((reply.json as TokenAnswer).token_type).toBe('Bearer');
		} else {
			expect(reply.status).toBe(401);
			expect(reply.json).toEqual(CLIENT_AUTH_FAILED);
		}
	});

	it('refuses a wrong secret with the top-level error and message', async () => {
		const reply = await tokenRequest(sb, { grant_type: 'client_credentials' }, { Authorization: basic(sb.clientId, 'wrong') });
		expect(reply.status).toBe(401);
		expect(reply.json).toEqual(CLIENT_AUTH_FAILED);
	});

	it(`answers an expired or unknown token with HTTP ${TRAITS[name].tokenRejected} "Client authentication failed"`, async () => {
		const token = await getToken(sb, viaFor(name));
		expect((await api(sb, token, 'GET', SERVED[name].list)).status).toBe(200);
		sb.expireTokens();
		for (const bearer of [token, 'abc.def.ghi']) {
			const reply = await api(sb, bearer, 'GET', SERVED[name].list);
			expect(reply.status).toBe(TRAITS[name].tokenRejected);
			expect(reply.json).toEqual(CLIENT_AUTH_FAILED);
		}
	});
});

describe('choosing a profile', () => {
	it('startSandbox({ profile }) and setProfile() switch what is served; reset() restores the start profile', async () => {
		await withSandbox({ profile: '4' }, async (sb) => {
			expect(sb.profile).toBe('4');
			const token = await getToken(sb, viaFor('4'));
			expect((await api(sb, token, 'POST', '/api/pam/remote/session', CREATE_BODY)).status).toBe(200);
			expect((await api(sb, token, 'POST', '/iso/remote/session', CREATE_BODY)).json).toEqual(GATEWAY_NO_ROUTE);
			sb.setProfile('3.32');
			expect(sb.profile).toBe('3.32');
			expect((await api(sb, token, 'POST', '/api/pam/remote/session', CREATE_BODY)).json).toEqual(GATEWAY_NO_ROUTE);
			expect((await api(sb, token, 'GET', '/api/session/remotesessions/30')).status).toBe(200);
			sb.reset();
			expect(sb.profile).toBe('4');
		});
	});

	it('rejects unknown profiles, and legacy with a version profile', async () => {
		await expect(startSandbox({ profile: 'v9' as never })).rejects.toThrow(TypeError);
		await expect(startSandbox({ profile: '3.32', legacy: true })).rejects.toThrow(/legacy/);
		await withSandbox({}, async (sb) => {
			expect(() => sb.setProfile('3.3' as never)).toThrow(TypeError);
			expect(sb.profile).toBe('consolidated');
		});
	});

	it('POST /__sandbox/profile switches it, GET state shows it, GET profiles lists them all', async () => {
		await withSandbox({}, async (sb) => {
			expect((await control(sb, 'GET', 'state')).json).toMatchObject({ profile: 'consolidated' });
			const set = await control(sb, 'POST', 'profile', { name: '3.32' });
			expect(set.status).toBe(200);
			expect(set.json).toMatchObject({ profile: { name: '3.32', paths: { getOne: ['/api/session/remotesessions/{id}'] } } });
			expect((await control(sb, 'GET', 'state')).json).toMatchObject({ profile: '3.32' });
			expect(sb.profile).toBe('3.32');
			expect((await call(`${sb.baseUrl}/api/pam/remote/session`, { method: 'POST' })).json).toEqual(GATEWAY_NO_ROUTE);

			const bad = await control(sb, 'POST', 'profile', { name: 'nope' });
			expect(bad.status).toBe(400);
			expect(bad.json).toEqual({ error: expect.stringContaining('Unknown profile "nope"') });

			const all = (await control(sb, 'GET', 'profiles')).json as { active: string; profiles: Array<{ name: string; paths: unknown }> };
			expect(all.active).toBe('3.32');
			expect(all.profiles.map((p) => p.name)).toEqual(['consolidated', '3.25', '3.32', '4', 'current']);
			expect(all.profiles[3].paths).toEqual(PROFILES['4'].paths);
		});
	});

	it('npm run sandbox -- --profile 3.25 serves that profile and says how to authenticate', async () => {
		const cli = await runCli(['--port', '0', '--profile', '3.25', '--quiet']);
		try {
			const banner = cli.output();
			expect(banner).toContain('as senhasegura 3.25 (profile 3.25)');
			expect(banner).toMatch(/API Paths\s+Auto \(.*create \/iso\/remote\/session/);
			expect(banner).toContain('Send as Basic Auth Header');
			const baseUrl = /Base URL\s+(\S+)/.exec(banner)?.[1] ?? '';
			const [clientId, clientSecret] = [/Client ID\s+(\S+)/, /Client Secret\s+(\S+)/].map((line) => line.exec(banner)?.[1] ?? '');
			const fake = { baseUrl, clientId, clientSecret } as Sandbox;
			expect((await clientTokenRequest(fake, 'body')).status).toBe(401);
			const token = await getToken(fake, 'basic');
			expect((await api(fake, token, 'GET', '/iso/session/remotesessions')).status).toBe(200);
			expect((await api(fake, token, 'GET', '/api/pam/session/remotesessions')).json).toEqual(GATEWAY_NO_ROUTE);
		} finally {
			expect(await cli.stop('SIGTERM')).toBe(0);
		}
	});

	it('the CLI refuses an unknown profile', async () => {
		const cli = await runCli(['--port', '0', '--profile', 'v9']);
		expect(await cli.exited).toBe(1);
		expect(cli.output()).toContain('Unknown profile "v9"');
	});
});
