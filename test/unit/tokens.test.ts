import { NodeApiError } from 'n8n-workflow';

import { errorBody, ok, runNode, type Answer } from './mock-context';

const create = { operation: 'create', user: 'alice', device: '10.66.33.17', protocol: 'SSH' };
const created = ok({ session: { session_url: 'https://segura/modulos/auth?_sr=x', token: 't' } });
const renewOn403 = { oauth2: { tokenExpiredStatusCode: [401, 403] } };

/** Refusals of a token as versions send them with a 403. */
const refusals: Array<[string, Answer]> = [
	['Segura\'s envelope', { status: 403, body: errorBody(403, 'Client authentication failed.') }],
	['top-level error and message (the vendor\'s Go client)', { status: 403, body: { error: 'invalid_token', message: 'Invalid token' } }],
	['an OAuth error description', { status: 403, body: { error: 'access_denied', error_description: 'The access token is expired' } }],
];

// n8n 2.x renews a token on a thrown 401 or tokenExpiredStatusCode; n8n 1.x on a thrown 401 only.
const onLine = (line: 1 | 2) => (N8N_LINE === line ? describe : describe.skip);

onLine(2)('token expiry', () => {
	it('leaves a 401 to n8n, which fetches a new token and repeats the request once', async () => {
		const { output, requests, renewals, credentialOptions } = await runNode({
			parameters: create,
			renewTokens: true,
			answers: [{ status: 401, body: errorBody(401, 'Client authentication failed.') }, created],
		});
		expect(output).toHaveLength(1);
		expect(requests).toHaveLength(2);
		expect(renewals).toBe(1);
		expect(credentialOptions).toEqual([undefined]);
	});

	it.each(refusals)('a 403 refusing the token (%s): one new token, one create', async (_name, refusal) => {
		const { output, requests, renewals, credentialOptions } = await runNode({
			parameters: create,
			renewTokens: true,
			answers: [refusal, refusal, created, created],
		});
		expect(output?.[0].json.session_url).toBe('https://segura/modulos/auth?_sr=x');
		// First call, then the same call counting 403 as expiry: n8n renews and repeats it.
		expect(credentialOptions).toEqual([undefined, renewOn403]);
		expect(renewals).toBe(1);
		expect(requests).toHaveLength(3);
	});

	it('asks for a new token once: a refusal after it is the error', async () => {
		const refusal = refusals[0][1];
		const { error, requests, renewals } = await runNode({
			parameters: create,
			renewTokens: true,
			answers: [refusal, refusal, refusal, created],
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.message).toBe('Client authentication failed.');
		expect(error?.description).toMatch(/Client ID and Client Secret/);
		expect(renewals).toBe(1);
		expect(requests).toHaveLength(3);
	});

	it('a repeated request within a run of several items renews once per refusal, not per item', async () => {
		const refusal = refusals[1][1];
		const { output, requests, renewals } = await runNode({
			parameters: create,
			items: 3,
			renewTokens: true,
			answers: [refusal, refusal, created, created, created],
		});
		expect(output).toHaveLength(3);
		expect(renewals).toBe(1);
		expect(requests).toHaveLength(5);
	});
});

onLine(1)('token expiry under n8n 1.x (answers taken as they come, n8n renews on a thrown 401 only)', () => {
	it('a 401 is sent once more the way that throws: n8n 1.x fetches a new token, one session', async () => {
		const refused: Answer = { status: 401, body: errorBody(401, 'Client authentication failed.') };
		const { output, requests, renewals, credentialOptions } = await runNode({
			parameters: create,
			renewTokens: true,
			answers: [refused, refused, created],
		});
		expect(output?.[0].json.session_url).toBe('https://segura/modulos/auth?_sr=x');
		expect(requests.map((request) => request.ignoreHttpStatusErrors)).toEqual([true, undefined, undefined]);
		expect(credentialOptions).toEqual([undefined, renewOn403]);
		expect(renewals).toBe(1);
	});

	it.each(refusals)('a 403 refusing the token (%s): n8n 1.x cannot renew on it, the error says so', async (_name, refusal) => {
		const { error, requests, renewals } = await runNode({ parameters: create, renewTokens: true, answers: [refusal, refusal] });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.httpCode).toBe('403');
		expect(error?.message).toMatch(/Client authentication failed|Invalid token|access token is expired/);
		expect(renewals).toBe(0);
		expect(requests).toHaveLength(2);
	});
});

describe('a 403 that is not about the token (both n8n lines)', () => {
	it('a 403 that is a missing permission is not a token problem: no new token, no repeat', async () => {
		const { error, requests, renewals } = await runNode({
			parameters: create,
			renewTokens: true,
			answers: [{ status: 403, body: errorBody(403, 'You are not authorized to access this resource.') }, created],
		});
		expect(requests).toHaveLength(1);
		expect(renewals).toBe(0);
		expect(error?.message).toBe('You are not authorized to access this resource.');
	});
});
