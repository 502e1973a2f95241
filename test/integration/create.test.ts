/**
 * Create inside n8n's own execution engine, over real HTTP against the Segura sandbox: what it sends
 * and returns, and how the errors Segura documents reach the workflow.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { addCredential, box, create, engine, items, json, NODE_TYPE, pairing, sandbox, useSandboxAndEngine } from './setup';

useSandboxAndEngine();

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
			created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
		});
		// Taken before the request: Segura's record of the session is no older.
		expect(Date.parse(String(result.created_at))).toBeLessThanOrEqual(Date.now());
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
		expect(Object.keys(json(output)[0]).sort()).toEqual(['created_at', 'device', 'protocol', 'selection_mode', 'session_url', 'user']);
	});
});

describe('errors Segura documents, surfaced with its message', () => {
	const cases: Array<[string, IDataObject, IDataObject, RegExp]> = [
		['404 unknown user', { user: 'mallory', device: '10.66.33.17' }, {}, /^Segura has no user mallory$/],
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
		expect((error as NodeApiError).description).toMatch(new RegExp(` Token URL: ${box.baseUrl.replace(/[.]/g, '\\.')}/iso/oauth2/token\\.$`));
		expect(box.counters.tokenFailures).toBe(1);
	});

	it('a base URL with a path the appliance does not have: the token request fails, and the error names its URL', async () => {
		const baseUrl = `${box.origin}/not-segura`;
		const { error } = await engine.runNode({ nodeType: NODE_TYPE, parameters: { operation: 'get', remoteSessionId: '30' }, credentials: addCredential(engine, box, { baseUrl }) });
		expect(error).toBeDefined();
		expect((error as NodeApiError).description).toContain(` Token URL: ${baseUrl}/iso/oauth2/token.`);
		expect(box.counters.tokenRequests).toBe(0);
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
