/**
 * The node inside n8n's own execution engine, with n8n's real OAuth2 token handling, over real HTTP
 * against the Segura sandbox.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';
import type { Engine } from '../harness/engine';
import { addCredential, items, json, NODE_TYPE, pairing, sandbox, seguraEngine } from './setup';

let engine: Engine;
let box: Sandbox;

beforeAll(async () => {
	box = await sandbox();
	engine = seguraEngine();
});
afterAll(async () => await box.close());
beforeEach(() => box.reset());

const create = (extra: Record<string, unknown> = {}) => ({
	operation: 'create',
	user: '={{ $json.user }}',
	device: '={{ $json.device }}',
	protocol: 'SSH',
	credential: '={{ $json.credential ?? "" }}',
	...extra,
});

describe('create', () => {
	it('with an explicit credential: session URL and token from Segura, plus what was asked', async () => {
		const credentials = addCredential(engine, box);
		const { items: output, error } = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: create(),
			credentials,
			items: items({ user: 'alice', device: '10.66.33.17', credential: 'usrsudonopass' }),
		});
		expect(error).toBeUndefined();
		const [result] = json(output);
		expect(result).toEqual({
			session_url: expect.stringMatching(new RegExp(`^${box.origin}/modulos/auth\\?_sr=`)),
			token: box.sessionTokens().at(-1),
			selection_mode: 'explicit',
			user: 'alice',
			device: '10.66.33.17',
			protocol: 'SSH',
			credential: 'usrsudonopass',
		});
		expect(box.counters.creates).toBe(1);
		const stored = box.sessions().at(-1);
		expect(stored).toMatchObject({ user: 'alice', credential: 'usrsudonopass', device: '10.66.33.17:22', end: null });
	});

	it('without a credential: Segura selects a free one automatically', async () => {
		const { items: output } = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: create(),
			credentials: addCredential(engine, box),
			items: items({ user: 'bob', device: 'linux-srv-01' }),
		});
		expect(json(output)[0].selection_mode).toBe('automatic');
		expect(['usrsudonopass', 'deploy']).toContain(box.sessions().at(-1)?.credential);
		expect(box.requests.at(-1)?.body).toEqual({ user: 'bob', device: 'linux-srv-01', protocol: 'SSH' });
	});

	it('sends the additional fields with their API names and types', async () => {
		await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: create({
				protocol: 'RDP',
				additionalFields: { remotedevice: '10', remoteAddr: '192.168.1.3', port: 3389, screensize: '1920x1080' },
			}),
			credentials: addCredential(engine, box),
			items: items({ user: 'alice', device: '10.66.33.20', credential: 'Administrator' }),
		});
		expect(box.requests.at(-1)?.body).toEqual({
			user: 'alice',
			device: '10.66.33.20',
			protocol: 'RDP',
			credential: 'Administrator',
			remotedevice: '10',
			remoteAddr: '192.168.1.3',
			port: 3389,
			screensize: '1920x1080',
		});
		expect(box.sessions().at(-1)).toMatchObject({ origin_ip: '192.168.1.3', device: '10.66.33.20:3389' });
	});

	it('drops the token from the output when Include Session Token is off', async () => {
		const { items: output } = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: create({ options: { includeSessionToken: false } }),
			credentials: addCredential(engine, box),
			items: items({ user: 'alice', device: '10.66.33.17' }),
		});
		expect(Object.keys(json(output)[0]).sort()).toEqual(['device', 'protocol', 'selection_mode', 'session_url', 'user']);
	});
});

describe('tokens', () => {
	it('fetches one token for many items and none on the next run while it is valid', async () => {
		const credentials = addCredential(engine, box);
		const rows = ['alice', 'bob', 'carol', 'alice', 'bob'].map((user) => ({ user, device: '10.66.33.17', credential: 'usrsudonopass' }));
		const first = await engine.runNode({ nodeType: NODE_TYPE, parameters: create(), credentials, items: items(...rows) });
		expect(first.items).toHaveLength(5);
		expect(box.counters.tokenRequests).toBe(1);
		await engine.runNode({ nodeType: NODE_TYPE, parameters: create(), credentials, items: items(...rows) });
		expect(box.counters.tokenRequests).toBe(1);
		expect(box.counters.creates).toBe(10);
		expect(engine.getCredentialData(credentials.seguraOAuth2Api.id).oauthTokenData).toMatchObject({
			access_token: box.issuedTokens().at(-1),
		});
	});

	it('fetches one token with several requests in flight (the first item goes alone)', async () => {
		const credentials = addCredential(engine, box);
		box.setLatency(30);
		try {
			const rows = Array.from({ length: 6 }, () => ({ user: 'alice', device: '10.66.33.17', credential: 'deploy' }));
			const { items: output } = await engine.runNode({ nodeType: NODE_TYPE, parameters: create({ options: { concurrency: 5 } }), credentials, items: items(...rows) });
			expect(pairing(output)).toEqual([0, 1, 2, 3, 4, 5]);
			expect(box.counters.tokenRequests).toBe(1);
		} finally {
			box.setLatency(0);
		}
	});

	it('fetches a new token once after expiry and goes on', async () => {
		const credentials = addCredential(engine, box);
		await engine.runNode({ nodeType: NODE_TYPE, parameters: { operation: 'get', remoteSessionId: '30' }, credentials });
		box.expireTokens();
		const { items: output, error } = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'get', remoteSessionId: '30' },
			credentials,
			items: items({}, {}, {}),
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(3);
		expect(box.counters.tokenRequests).toBe(2);
	});

	it('sends client id and secret in the form body by default, to the derived token URL', async () => {
		await engine.runNode({ nodeType: NODE_TYPE, parameters: { operation: 'get', remoteSessionId: '30' }, credentials: addCredential(engine, box) });
		const tokenCall = box.requests.find((request) => request.path === '/iso/oauth2/token');
		expect(tokenCall?.method).toBe('POST');
		expect(tokenCall?.headers.authorization).toBeUndefined();
		// n8n 1.x also sends the credential's empty scope.
		const scope = N8N_LINE === 1 ? { scope: '' } : {};
		expect(tokenCall?.body).toEqual({ grant_type: 'client_credentials', client_id: box.clientId, client_secret: box.clientSecret, ...scope });
		const apiCall = box.requests.find((request) => request.path === '/iso/session/remotesessions/30');
		expect(apiCall?.headers.authorization).toBe(`Bearer ${box.issuedTokens().at(-1)}`);
	});

	it('sends client id and secret as a Basic header when the credential says so', async () => {
		await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'get', remoteSessionId: '30' },
			credentials: addCredential(engine, box, { authentication: 'header' }),
		});
		const tokenCall = box.requests.find((request) => request.path === '/iso/oauth2/token');
		expect(tokenCall?.headers.authorization).toBe(`Basic ${Buffer.from(`${box.clientId}:${box.clientSecret}`).toString('base64')}`);
		expect(tokenCall?.body).not.toHaveProperty('client_secret');
	});
});

describe('the session lifecycle: get, get many, terminate', () => {
	it('finds a created session, reads it, terminates it by id, and sees it ended', async () => {
		const credentials = addCredential(engine, box);
		await engine.runNode({ nodeType: NODE_TYPE, parameters: create(), credentials, items: items({ user: 'carol', device: '10.66.33.17', credential: 'deploy' }) });

		const listed = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'getMany', returnAll: true, filters: { user: 'carol', status: 'active', device: '10.66.33.17' } },
			credentials,
		});
		expect(json(listed.items)).toHaveLength(1);
		const [session] = json(listed.items);
		expect(session).toMatchObject({ user: 'carol', credential: 'deploy', device: '10.66.33.17:22', device_host: '10.66.33.17', device_port: 22, active: true, end: null, end_iso: null });

		// The sandbox reports UTC wall-clock time, as an appliance set to UTC would.
		const got = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'get', remoteSessionId: String(session.id), options: { timezone: 'UTC' } },
			credentials,
		});
		expect(json(got.items)[0]).toMatchObject({ id: session.id, session_id: session.session_id, start: session.start });
		expect(json(got.items)[0].start_iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		expect(Math.abs(Date.parse(String(json(got.items)[0].start_iso)) - Date.now())).toBeLessThan(60_000);

		const ended = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'terminate', terminateBy: 'remoteSessionId', remoteSessionId: String(session.id) },
			credentials,
		});
		expect(json(ended.items)).toEqual([
			{ terminated: true, already_ended: false, session_id: session.session_id, id: session.id, user: 'carol', device: '10.66.33.17:22', message: 'Session dropped successfully' },
		]);
		expect(box.sessions().find((entry) => entry.id === session.id)?.end).not.toBeNull();

		const again = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'terminate', terminateBy: 'sessionHash', sessionHash: String(session.session_id) },
			credentials,
		});
		expect(again.error).toBeInstanceOf(NodeApiError);
		expect(again.error?.message).toBe('An error occurred while droping session');

		const ignored = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'terminate', terminateBy: 'sessionHash', sessionHash: String(session.session_id), options: { ignoreIfAlreadyEnded: true } },
			credentials,
		});
		expect(json(ignored.items)[0]).toMatchObject({ terminated: false, already_ended: true, session_id: session.session_id });
		expect(box.counters.terminates).toBe(1);
	});

	it('lists newest first with a limit, and filters ended sessions in a time window', async () => {
		const credentials = addCredential(engine, box);
		const limited = await engine.runNode({ nodeType: NODE_TYPE, parameters: { operation: 'getMany', returnAll: false, limit: 3 }, credentials });
		expect(json(limited.items).map((session) => session.id)).toEqual(['37', '36', '35']);

		const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
		const audit = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'getMany', returnAll: true, filters: { status: 'ended', startedAfter: since }, options: { timezone: 'UTC' } },
			credentials,
		});
		expect(json(audit.items).map((session) => session.id)).toEqual(['35', '34']);
		expect(json(audit.items).every((session) => typeof session.duration_seconds === 'number')).toBe(true);
	});
});

describe('errors Segura documents, surfaced with its message', () => {
	const cases: Array<[string, IDataObject, IDataObject, RegExp]> = [
		['404 unknown user', { user: 'mallory', device: '10.66.33.17' }, {}, /^Resource sub not found\.$/],
		['400 invalid protocol', { user: 'alice', device: '10.66.33.17' }, { protocol: 'Gopher' }, /^Invalid protocol\.$/],
		['409 no free credential', { user: 'alice', device: '10.66.33.18' }, {}, /^session\.no_available_credential$/],
		['400 domain credential without remote device', { user: 'alice', device: '10.66.33.20', credential: 'CORP\\svc-rdp' }, { protocol: 'RDP' }, /^Credential device not specified\.$/],
	];
	it.each(cases)('%s', async (_name, row, extra, message) => {
		const { error, items: output } = await engine.runNode({ nodeType: NODE_TYPE, parameters: create(extra), credentials: addCredential(engine, box), items: items(row) });
		expect(output).toEqual([]);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toMatch(message);
		expect((error as NodeApiError).description).toBeTruthy();
	});

	it.each([
		['notAuthorized', /^You are not authorized to access this resource\.$/, /Web Proxy Session/],
		['status500', /^Unexpected error\.$/, /Segura support/],
		['timedOut', /^Request timed out\.$/, /connectivity/],
	] as const)('fault %s', async (kind, message, description) => {
		box.injectFaults({ kind, count: 1 });
		const { error } = await engine.runNode({ nodeType: NODE_TYPE, parameters: create(), credentials: addCredential(engine, box), items: items({ user: 'alice', device: '10.66.33.17' }) });
		expect(error?.message).toMatch(message);
		expect((error as NodeApiError).description).toMatch(description);
	});

	it('a wrong client secret: no token, a message about the credential', async () => {
		const { error } = await engine.runNode({ nodeType: NODE_TYPE, parameters: { operation: 'get', remoteSessionId: '30' }, credentials: addCredential(engine, box, { clientSecret: 'wrong' }) });
		expect(error?.message).toMatch(/did not issue an access token/);
		expect((error as NodeApiError).description).toMatch(/Client Secret/);
		expect(box.counters.tokenFailures).toBe(1);
	});

	it('a base URL that misses the reverse-proxy path: "No route matched"', async () => {
		const proxied = await sandbox({ basePath: '/segura' });
		try {
			const right = addCredential(engine, proxied, { baseUrl: `${proxied.origin}/segura` });
			await engine.runNode({ nodeType: NODE_TYPE, parameters: { operation: 'get', remoteSessionId: '30' }, credentials: right });
			// A valid stored token, but API calls to a path outside the base path.
			const { oauthTokenData } = engine.getCredentialData(right.seguraOAuth2Api.id);
			const wrong = addCredential(engine, proxied, { baseUrl: proxied.origin, oauthTokenData });
			const { error } = await engine.runNode({ nodeType: NODE_TYPE, parameters: { operation: 'get', remoteSessionId: '30' }, credentials: wrong });
			// The gateway in front of the appliance answers; the fix is in the Base URL.
			expect(error?.message).toMatch(/^no route matched with those values\.?$/i);
			expect((error as { description?: string }).description).toMatch(/Base URL/);
		} finally {
			await proxied.close();
		}
	});

	it('with Continue On Fail: N items in, N items out, each paired to its input', async () => {
		const { items: output, error } = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: create(),
			credentials: addCredential(engine, box),
			continueOnFail: true,
			items: items(
				{ user: 'alice', device: '10.66.33.17' },
				{ user: 'alice', device: '10.66.33.18' },
				{ user: 'bob', device: 'not a host' },
				{ user: 'carol', device: '10.66.33.17', credential: 'usrsudonopass' },
			),
		});
		expect(error).toBeUndefined();
		expect(pairing(output)).toEqual([0, 1, 2, 3]);
		expect(json(output).map((item) => item.error ?? item.selection_mode)).toEqual([
			'automatic',
			'session.no_available_credential',
			expect.stringMatching(/^Invalid parameter: Device \(device\)/),
			'explicit',
		]);
		expect(box.counters.createAttempts).toBe(3);
	});
});

describe('path families, sub-paths and older appliances', () => {
	it('PAM Core paths with a base sub-path and a trailing slash', async () => {
		const proxied = await sandbox({ basePath: '/segura' });
		try {
			const credentials = addCredential(engine, proxied, { baseUrl: `${proxied.baseUrl}/`, apiPaths: 'pamCore' });
			const created = await engine.runNode({ nodeType: NODE_TYPE, parameters: create(), credentials, items: items({ user: 'alice', device: '10.66.33.17' }) });
			expect(json(created.items)[0].session_url).toMatch(new RegExp(`^${proxied.origin}/segura/modulos/auth`));
			const got = await engine.runNode({ nodeType: NODE_TYPE, parameters: { operation: 'get', remoteSessionId: '30' }, credentials });
			expect(json(got.items)[0].id).toBe('30');
			expect(proxied.requests.map((request) => `${request.method} ${request.fullPath}`)).toEqual([
				'POST /segura/iso/oauth2/token',
				'POST /segura/api/pam/remote/session',
				'GET /segura/api/pam/session/remotesessions/30',
			]);
		} finally {
			await proxied.close();
		}
	});

	it('an older appliance: credential required, remote_sessions and Portuguese keys', async () => {
		const legacy = await sandbox({ legacy: true });
		try {
			const credentials = addCredential(engine, legacy);
			const refused = await engine.runNode({ nodeType: NODE_TYPE, parameters: create(), credentials, items: items({ user: 'alice', device: '10.66.33.17' }) });
			expect(refused.error?.message).toMatch(/^Credential not specified\.?$/);
			expect((refused.error as NodeApiError).description).toMatch(/Fill in the Device Credential field/);

			const got = await engine.runNode({ nodeType: NODE_TYPE, parameters: { operation: 'get', remoteSessionId: '30' }, credentials });
			expect(json(got.items)[0]).toMatchObject({ credential: 'usrsudonopass', device: '10.66.33.17:22' });
			expect(json(got.items)[0]).not.toHaveProperty('credencial');
		} finally {
			await legacy.close();
		}
	});
});

describe('credential test', () => {
	it('passes with the right secret and fails with a wrong one', async () => {
		const good = addCredential(engine, box);
		expect(await engine.testCredential(good.seguraOAuth2Api.id)).toMatchObject({ status: 'OK' });
		const bad = addCredential(engine, box, { clientSecret: 'wrong' });
		const result = await engine.testCredential(bad.seguraOAuth2Api.id);
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain('wrong');
	});

	it('derives the token URL from the base URL, keeping a sub-path and dropping trailing slashes', async () => {
		const credentials = addCredential(engine, box, { baseUrl: 'https://proxy.example.com/segura//' });
		const resolved = await engine.getResolvedCredentialData(credentials.seguraOAuth2Api.id);
		expect(resolved.accessTokenUrl).toBe('https://proxy.example.com/segura/iso/oauth2/token');
		expect(resolved.grantType).toBe('clientCredentials');
	});
});

describe('pairing where n8n cannot fill it in (outputs per input differ, an error among them)', () => {
	it('Get Many for several users: each session paired to the item that asked, the error item to its own', async () => {
		const credentials = addCredential(engine, box);
		const { items: output, error } = await engine.runNode({
			nodeType: NODE_TYPE,
			parameters: { operation: 'getMany', returnAll: true, filters: { user: '={{ $json.user }}', startedAfter: '={{ $json.since }}' } },
			credentials,
			continueOnFail: true,
			items: items({ user: 'alice', since: '' }, { user: 'bob', since: 'not a date' }, { user: 'carol', since: '' }),
		});
		expect(error).toBeUndefined();
		const sessionsOf = (user: string) => box.sessions().filter((session) => String(session.user).toLowerCase() === user).length;
		const [alice, carol] = [sessionsOf('alice'), sessionsOf('carol')];
		expect(alice).toBeGreaterThan(1);
		expect(carol).toBeGreaterThan(0);
		// Every item's pairing spelled out: alice's sessions to item 0, the error to item 1, carol's to 2.
		expect(output.map((item) => item.pairedItem)).toEqual([
			...Array(alice).fill({ item: 0 }),
			{ item: 1 },
			...Array(carol).fill({ item: 2 }),
		]);
		expect(json(output).slice(0, alice).every((session) => String(session.user).toLowerCase() === 'alice')).toBe(true);
		expect(output[alice].json.error).toMatch(/Started After/);
		expect(json(output).slice(alice + 1).every((session) => String(session.user).toLowerCase() === 'carol')).toBe(true);
	});
});
