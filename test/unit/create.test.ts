import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { LINE_OPTIONS, ok, runNode } from './mock-context';

const created = (selection?: string) =>
	ok(
		{
			session: {
				session_url: 'https://10.66.33.120/modulos/auth?_sr=abc',
				token: '6a3afbb1b32262',
				...(selection ? { selection_mode: selection } : {}),
			},
		},
		'Session created successfully',
	);

const base = { operation: 'create', user: 'alice', device: '10.66.33.17', protocol: 'SSH' };

describe('create', () => {
	it('posts the required fields to the A2A path and leaves credential out for automatic selection', async () => {
		const { output, requests, error } = await runNode({ parameters: base, answers: [created('automatic')] });
		expect(error).toBeUndefined();
		expect(requests).toEqual([
			{
				method: 'POST',
				url: 'https://segura.example.com/iso/remote/session',
				headers: { Accept: 'application/json' },
				json: true,
				returnFullResponse: true,
				...LINE_OPTIONS,
				skipSslCertificateValidation: false,
				body: { user: 'alice', device: '10.66.33.17', protocol: 'SSH' },
			},
		]);
		// Strict: no key with an undefined value (credential left out) reaches the next node.
		expect(output).toStrictEqual([
			{
				json: {
					session_url: 'https://10.66.33.120/modulos/auth?_sr=abc',
					token: '6a3afbb1b32262',
					selection_mode: 'automatic',
					user: 'alice',
					device: '10.66.33.17',
					protocol: 'SSH',
					// When the node asked Segura: Terminate's Started After picks this session out by it.
					created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('sends an explicit credential and every additional field, trimmed and typed', async () => {
		const { requests, output } = await runNode({
			parameters: {
				...base,
				user: '  alice ',
				credential: 'usrsudonopass',
				additionalFields: {
					remotedevice: '10',
					remoteAddr: '192.168.1.3',
					port: '2222',
					remoteapp: 3,
					screensize: '1920x1080',
				},
			},
			answers: [created('explicit')],
		});
		expect(requests[0].body).toEqual({
			user: 'alice',
			device: '10.66.33.17',
			protocol: 'SSH',
			credential: 'usrsudonopass',
			remotedevice: '10',
			remoteAddr: '192.168.1.3',
			port: 2222,
			remoteapp: 3,
			screensize: '1920x1080',
		});
		expect(output?.[0].json).toMatchObject({ selection_mode: 'explicit', credential: 'usrsudonopass' });
	});

	it.each([
		['a2a', 'https://segura.example.com', 'https://segura.example.com/iso/remote/session'],
		['pamCore', 'https://segura.example.com', 'https://segura.example.com/api/pam/remote/session'],
		['a2a', 'https://proxy.example.com/segura/', 'https://proxy.example.com/segura/iso/remote/session'],
		['pamCore', ' https://proxy.example.com/segura// ', 'https://proxy.example.com/segura/api/pam/remote/session'],
	])('with %s paths and base URL %j calls %s', async (apiPaths, baseUrl, url) => {
		const { requests } = await runNode({ parameters: base, credentials: { apiPaths, baseUrl }, answers: [created()] });
		expect(requests[0].url).toBe(url);
	});

	it('skips certificate checks on API calls only when the credential says so', async () => {
		const { requests } = await runNode({ parameters: base, credentials: { ignoreSSLIssues: true }, answers: [created()] });
		expect(requests[0].skipSslCertificateValidation).toBe(true);
	});

	it('drops the token when Include Session Token is off and omits selection_mode when Segura sends none', async () => {
		const { output } = await runNode({
			parameters: { ...base, options: { includeSessionToken: false } },
			answers: [created()],
		});
		expect(output?.[0].json).toStrictEqual({
			session_url: 'https://10.66.33.120/modulos/auth?_sr=abc',
			user: 'alice',
			device: '10.66.33.17',
			protocol: 'SSH',
			created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
		});
	});

	it('passes a per-request timeout through', async () => {
		const { requests } = await runNode({ parameters: { ...base, options: { timeout: 1500 } }, answers: [created()] });
		expect(requests[0].timeout).toBe(1500);
	});

	it('gives exactly one output item per input item, each paired to its input', async () => {
		const { output, requests } = await runNode({
			parameters: [0, 1, 2].map((i) => ({ ...base, user: `user${i}` })),
			items: 3,
			answers: [created(), created(), created()],
		});
		expect(requests.map((request) => (request.body as { user: string }).user)).toEqual(['user0', 'user1', 'user2']);
		expect(output?.map((item) => [item.json.user, item.pairedItem])).toEqual([
			['user0', { item: 0 }],
			['user1', { item: 1 }],
			['user2', { item: 2 }],
		]);
	});

	it('rejects an answer without session_url as not having the documented shape', async () => {
		const { error } = await runNode({ parameters: base, answers: [ok({ session: { token: 'x' } })] });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toMatch(/answer to Create does not have the documented shape: session\.session_url/);
		expect(error?.message).not.toContain('token');
	});

	describe('parameter validation (nothing is sent)', () => {
		it.each([
			[{ user: '   ' }, /User \(user\) must not be empty/],
			[{ user: null }, /User \(user\) is required/],
			[{ device: 'not a host!' }, /Device \(device\) must be a hostname or an IPv4\/IPv6 address/],
			[{ device: '999.1.1.1' }, /Device \(device\) must be a hostname/],
			[{ protocol: '' }, /Protocol \(protocol\) must not be empty/],
			[{ protocol: 'ssh; rm' }, /Protocol \(protocol\) must be a protocol name/],
			[{ additionalFields: { port: 0 } }, /Port \(port\) must be an integer from 1 to 65535/],
			[{ additionalFields: { port: 65536 } }, /Port \(port\) must be an integer from 1 to 65535/],
			[{ additionalFields: { port: 22.5 } }, /Port \(port\) must be an integer/],
			[{ additionalFields: { port: 'abc' } }, /Port \(port\) must be an integer/],
			[{ additionalFields: { remoteapp: -1 } }, /RemoteApp ID \(remoteapp\) must be a positive integer/],
			[{ additionalFields: { screensize: '1920*1080' } }, /Screen Size \(screensize\) must be WIDTHxHEIGHT/],
			[{ additionalFields: { remoteAddr: 'my laptop' } }, /Remote Address \(remoteAddr\) must be a hostname or an IPv4\/IPv6/],
			[{ options: { timezone: 'Mars/Olympus' } }, /Appliance Timezone \(timezone\) must be an IANA time zone/],
			// A parameter n8n does not hand over (an old workflow, say) is empty.
			[{ user: undefined }, /User \(user\) must not be empty/],
			[{ device: undefined }, /Device \(device\) must not be empty/],
			[{ protocol: undefined }, /Protocol \(protocol\) must not be empty/],
		])('%j', async (change, message) => {
			const { error, requests } = await runNode({ parameters: { ...base, ...change }, answers: [] });
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error?.message).toMatch(message);
			expect(error?.description).toMatch(/Nothing was sent to Segura/);
			expect(error?.context?.itemIndex).toBe(0);
			expect(requests).toHaveLength(0);
		});

		it('accepts IPv6 addresses and host names', async () => {
			const { error } = await runNode({
				parameters: { ...base, device: 'db-prod-01.corp.example', additionalFields: { remoteAddr: '2001:db8::1' } },
				answers: [created()],
			});
			expect(error).toBeUndefined();
		});

		it('names the failing item', async () => {
			const { error, requests } = await runNode({
				parameters: [base, { ...base, device: '' }],
				items: 2,
				answers: [created()],
			});
			expect(error?.context?.itemIndex).toBe(1);
			expect(requests).toHaveLength(1);
		});
	});
});
