/**
 * The Segura sandbox's bookkeeping and control over real HTTP: counters and request records, and
 * the control API (state, faults, latency, tokens, reset).
 */
import { api, call, control, env, tokenRequest } from './client';
import type { TokenAnswer } from './client';
import { expectError } from './expect-envelope';
import { SEEDED_IDS } from './seed';
import { sb, token, useSandbox } from './use-sandbox';

useSandbox();

describe('counters and request records', () => {
	it('records every token and API request with what was sent and answered', async () => {
		await call(`${sb.baseUrl}/iso/session/remotesessions?page=2`);
		await api(sb, token, 'POST', '/iso/remote/session', { user: 'bob', device: '10.66.33.20', protocol: 'RDP', screensize: '1920x1080' });
		await control(sb, 'GET', 'state');
		expect(sb.counters).toEqual({ tokenRequests: 0, tokenFailures: 0, creates: 1, createAttempts: 1, terminates: 0, requests: 2 });
		expect(sb.requests).toHaveLength(2);
		expect(sb.requests[0]).toMatchObject({ method: 'GET', path: '/iso/session/remotesessions', query: { page: '2' }, status: 401 });
		expect(sb.requests[1]).toMatchObject({
			method: 'POST',
			path: '/iso/remote/session',
			fullPath: '/iso/remote/session',
			body: { user: 'bob', device: '10.66.33.20', protocol: 'RDP', screensize: '1920x1080' },
			status: 200,
			fault: null,
		});
		expect(sb.requests[1].headers.authorization).toBe(`Bearer ${token}`);
		expect(JSON.parse(sb.requests[1].rawBody)).toEqual(sb.requests[1].body);
		expect(Number.isNaN(Date.parse(sb.requests[1].time))).toBe(false);
	});

	it('keeps only the last 200 records', async () => {
		for (let i = 0; i < 205; i++) await call(`${sb.baseUrl}/iso/session/remotesessions/${i}`);
		expect(sb.counters.requests).toBe(205);
		expect(sb.requests).toHaveLength(200);
		expect(sb.requests[0].path).toBe('/iso/session/remotesessions/5');
	});
});

describe('control API', () => {
	it('GET state reports counters, pending faults and redacted requests', async () => {
		await api(sb, token, 'GET', '/iso/session/remotesessions');
		await tokenRequest(sb, { grant_type: 'client_credentials', client_id: sb.clientId, client_secret: sb.clientSecret });
		sb.injectFaults({ kind: 'drop', count: 3, match: '/drop/' });
		const reply = await control(sb, 'GET', 'state');
		expect(reply.status).toBe(200);
		const state = reply.json as { counters: Record<string, number>; faults: unknown[]; requests: Array<{ headers: Record<string, string> }> };
		expect(state.counters).toMatchObject({ requests: 2, tokenRequests: 1 });
		expect(state.faults).toEqual([{ kind: 'drop', remaining: 3, scope: 'api', match: '/drop/', retryAfterSeconds: 1, hangMs: 30000 }]);
		expect(state.requests[0].headers.authorization).toBe('Bearer <redacted>');
		expect(reply.text).not.toContain(token);
		expect(reply.text).not.toContain(sb.clientSecret);
		for (const issued of sb.issuedTokens()) expect(reply.text).not.toContain(issued);
	});

	it('POST faults, latency, token-lifetime and expire-tokens act like the in-process controls', async () => {
		expect((await control(sb, 'POST', 'faults', { kind: 'timedOut', match: 'remotesessions' })).status).toBe(200);
		expectError(await api(sb, token, 'GET', '/iso/session/remotesessions'), 504, 'Request timed out.');

		expect((await control(sb, 'POST', 'faults', { kind: 'bogus' })).status).toBe(400);
		expect((await control(sb, 'POST', 'latency', { ms: -1 })).status).toBe(400);
		expect((await control(sb, 'POST', 'latency', { ms: 25 })).json).toEqual({ latencyMs: 25 });

		expect((await control(sb, 'POST', 'token-lifetime', { seconds: 60 })).status).toBe(200);
		const reply = await tokenRequest(sb, { grant_type: 'client_credentials', client_id: sb.clientId, client_secret: sb.clientSecret });
		expect((reply.json as TokenAnswer).expires_in).toBe(60);

		expect((await control(sb, 'POST', 'expire-tokens')).status).toBe(200);
		expect((await api(sb, token, 'GET', '/iso/session/remotesessions')).status).toBe(401);
	});

	it('POST reset restores the seed and zeroes counters; GET tokens lists what was handed out', async () => {
		const created = env(await api(sb, token, 'POST', '/iso/remote/session', { user: 'alice', device: '10.66.33.17', protocol: 'SSH' }));
		const tokens = (await control(sb, 'GET', 'tokens')).json as { accessTokens: string[]; sessionTokens: string[]; sessionUrls: string[] };
		expect(tokens.accessTokens).toContain(token);
		expect(tokens.sessionTokens).toContain(created.session?.token);
		expect(tokens.sessionUrls).toContain(created.session?.session_url);

		expect((await control(sb, 'POST', 'reset')).status).toBe(200);
		expect(sb.counters).toEqual({ tokenRequests: 0, tokenFailures: 0, creates: 0, createAttempts: 0, terminates: 0, requests: 0 });
		expect(sb.requests).toHaveLength(0);
		expect(sb.sessions().map((s) => s.id)).toEqual(SEEDED_IDS);
		// Issued tokens survive a reset.
		expect((await api(sb, token, 'GET', '/iso/session/remotesessions')).status).toBe(200);
	});

	it('is never counted, recorded or faulted, and answers 404 for unknown endpoints', async () => {
		sb.injectFaults({ kind: 'drop', scope: 'all' });
		expect((await control(sb, 'GET', 'state')).status).toBe(200);
		expect((await control(sb, 'GET', 'nothing')).status).toBe(404);
		expect(sb.counters.requests).toBe(0);
		expect(sb.requests).toHaveLength(0);
	});
});
