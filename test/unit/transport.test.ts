/**
 * The transport's own rules (transport/index.ts), seen through the node's requests: one credential
 * read per run, the read retry policy and its waits, one token renewal per request, the timeout, and
 * where an error names the path.
 */
import { NodeApiError, sleep } from 'n8n-workflow';

import { errorBody, ok, runNode } from './mock-context';

// The waits between retries are recorded instead of waited.
jest.mock('n8n-workflow', () => ({ ...jest.requireActual('n8n-workflow'), sleep: jest.fn(async () => undefined) }));
const waits = () => jest.mocked(sleep).mock.calls.map(([ms]) => ms);

const get = { operation: 'get', remoteSessionId: '30' };
const session = ok({ remote_session: [{ id: '30', user: 'alice' }] });
const unavailable = { status: 503, body: errorBody(503, 'Service Unavailable') };

beforeEach(() => jest.mocked(sleep).mockClear());

describe('the read retry policy', () => {
	it('waits 500 ms, then twice as long each time, and gives up after 3 retries', async () => {
		const { error, requests } = await runNode({ parameters: get, answers: [unavailable, unavailable, unavailable, unavailable] });
		expect(requests).toHaveLength(4);
		expect(waits()).toEqual([500, 1000, 2000]);
		expect(error).toBeInstanceOf(NodeApiError);
	});

	it("takes the appliance's Retry-After, up to 10 s", async () => {
		const busy = (seconds: string) => ({ status: 429, body: errorBody(429, 'Too Many Requests'), headers: { 'retry-after': seconds } });
		const { output } = await runNode({ parameters: get, answers: [busy('60'), busy('2'), session] });
		expect(output).toHaveLength(1);
		expect(waits()).toEqual([10_000, 2_000]);
	});

	it('does not retry a token fetch that could not connect', async () => {
		const tokenFetch = Object.assign(new Error('Failed to acquire OAuth2 access token: connect ECONNREFUSED 127.0.0.1:9'), {
			code: 'ECONNREFUSED',
		});
		const { error, requests } = await runNode({ parameters: get, answers: [{ thrown: tokenFetch }, session] });
		expect(requests).toHaveLength(1);
		expect(waits()).toEqual([]);
		expect(error?.message).not.toMatch(/token|secret/i);
	});

	it('an error with neither an answer nor a network code: the network under n8n 2.x, the token step under 1.x', async () => {
		const { error, requests } = await runNode({ parameters: get, answers: [{ thrown: new Error('socket closed oddly') }, session] });
		expect(requests).toHaveLength(1);
		if (N8N_LINE === 2) {
			expect(error?.message).toBe('The request to Segura failed before an answer arrived');
			expect(error?.description).toBe('Check the Base URL in the credential and the network between n8n and Segura.');
		} else {
			// Under 1.x every answer comes back as it is, so an error thrown before one is the token fetch's.
			expect(error?.message).toBe('Segura did not issue an access token (Client authentication failed.)');
		}
	});
});

describe('credentials and tokens', () => {
	it('reads the credential once for all the items of a run', async () => {
		const { credentialReads, requests } = await runNode({ parameters: get, items: 3, answers: [session, session, session] });
		expect(requests).toHaveLength(3);
		expect(credentialReads).toBe(1);
	});

	it('does not remember a failed read: the next item reads again', async () => {
		const { output, credentialReads } = await runNode({
			parameters: get,
			items: 2,
			failedCredentialReads: 1,
			continueOnFail: true,
			answers: [session],
		});
		expect(credentialReads).toBe(2);
		expect(output?.map((item) => item.json.error ?? item.json.id)).toEqual(['Credentials could not be decrypted', '30']);
	});

	it('renews a refused token once per request, even across retries', async () => {
		const refused = { status: 403, body: errorBody(403, 'Invalid access token') };
		const { error, credentialOptions } = await runNode({ parameters: get, answers: [refused, unavailable, refused, unavailable] });
		// Sent, renewed (503), retried with the token refused: no second renewal.
		expect(credentialOptions.filter((extra) => extra !== undefined)).toHaveLength(1);
		expect(error).toBeInstanceOf(NodeApiError);
	});
});

describe('request options', () => {
	it('sends the timeout only when one is set', async () => {
		const timed = await runNode({ parameters: { ...get, options: { timeout: 5000 } }, answers: [session] });
		expect(timed.requests[0].timeout).toBe(5000);
		const untimed = await runNode({ parameters: { ...get, options: { timeout: 0 } }, answers: [session] });
		expect(untimed.requests[0]).not.toHaveProperty('timeout');
	});

	it('names no path in the error of a request sent to the one path chosen', async () => {
		const refused = { status: 400, body: errorBody(400, 'Invalid data') };
		const { error } = await runNode({ parameters: get, answers: [refused] });
		expect(error?.description).not.toMatch(/Path:/);
		expect(error?.description).not.toMatch(/Stryker|undefined/);
	});
});
