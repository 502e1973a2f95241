/**
 * The Segura sandbox's injected misbehaviour over real HTTP: every fault kind, how faults are
 * counted, matched and scoped, and added latency.
 */
import type { FaultKind } from '../../sandbox';
import { api, control, env, getToken, tokenRequest } from './client';
import { expectError } from './expect-envelope';
import { SEEDED_IDS } from './seed';
import { sb, token, useSandbox } from './use-sandbox';

useSandbox();

describe('fault injection', () => {
	const list = () => api(sb, token, 'GET', '/iso/session/remotesessions');

	it.each<[FaultKind, number, string]>([
		['status500', 500, 'Unexpected error.'],
		['notAuthorized', 500, 'You are not authorized to access this resource.'],
		['timedOut', 504, 'Request timed out.'],
	])('%s answers %i with the envelope, once', async (kind, status, message) => {
		sb.injectFaults({ kind });
		expectError(await list(), status, message);
		expect((await list()).status).toBe(200);
		expect(sb.requests.map((r) => r.fault)).toEqual([kind, null]);
	});

	it('errorTrue answers HTTP 200 with response.error true', async () => {
		sb.injectFaults({ kind: 'errorTrue' });
		expectError(await list(), 200, 'Unexpected error.');
	});

	it('html502 answers an nginx HTML page', async () => {
		sb.injectFaults({ kind: 'html502' });
		const reply = await list();
		expect(reply.status).toBe(502);
		expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
		expect(reply.text).toContain('<title>502 Bad Gateway</title>');
		expect(reply.json).toBeUndefined();
	});

	it('status503 answers 503 with a short HTML body', async () => {
		sb.injectFaults({ kind: 'status503' });
		const reply = await list();
		expect(reply.status).toBe(503);
		expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
		expect(reply.text).toContain('503 Service Temporarily Unavailable');
	});

	it('rateLimit429 answers 429 with Retry-After', async () => {
		sb.injectFaults([{ kind: 'rateLimit429', retryAfterSeconds: 7 }, { kind: 'rateLimit429' }]);
		const first = await list();
		expect(first.status).toBe(429);
		expect(first.headers.get('retry-after')).toBe('7');
		expect(env(first).response).toMatchObject({ status: 429, error: true });
		expect((await list()).headers.get('retry-after')).toBe('1');
	});

	it('malformed answers 200 application/json that does not parse', async () => {
		sb.injectFaults({ kind: 'malformed' });
		const reply = await list();
		expect(reply.status).toBe(200);
		expect(reply.headers.get('content-type')).toBe('application/json');
		expect(reply.text.startsWith('{"code":200')).toBe(true);
		expect(() => JSON.parse(reply.text)).toThrow();
	});

	it('drop closes the connection without an answer', async () => {
		sb.injectFaults({ kind: 'drop' });
		await expect(list()).rejects.toThrow();
		expect(sb.counters.requests).toBe(1);
		expect(sb.requests[0]).toMatchObject({ fault: 'drop', status: null });
		expect((await list()).status).toBe(200);
	});

	it('brokenAnswer sends the status, headers and half the body, then drops the connection', async () => {
		const whole = (await list()).text;
		sb.injectFaults({ kind: 'brokenAnswer' });
		const reply = await fetch(`${sb.baseUrl}/iso/session/remotesessions`, { headers: { authorization: `Bearer ${token}` } });
		const seen: { status: number; body: string; error?: string } = { status: reply.status, body: '' };
		const reader = reply.body!.getReader();
		const decoder = new TextDecoder();
		try {
			for (let part = await reader.read(); !part.done; part = await reader.read()) seen.body += decoder.decode(part.value, { stream: true });
		} catch (error) {
			seen.error = (error as Error).message;
		}
		expect(seen.status).toBe(200);
		expect(seen.error).toBeDefined();
		expect(seen.body.length).toBeGreaterThan(0);
		expect(whole.startsWith(seen.body.slice(0, 11))).toBe(true);
		expect(seen.body.length).toBeLessThan(whole.length);
		expect(sb.requests.map((r) => r.fault)).toEqual([null, 'brokenAnswer']);
	});

	it('timeout holds the request for hangMs, then drops it', async () => {
		sb.injectFaults({ kind: 'timeout', hangMs: 300 });
		const started = Date.now();
		await expect(list()).rejects.toThrow();
		expect(Date.now() - started).toBeGreaterThanOrEqual(280);
		expect(sb.requests[0]).toMatchObject({ fault: 'timeout', status: null });
	});

	it('applies to count matching requests only, and a faulted create is not stored', async () => {
		sb.injectFaults({ kind: 'status500', count: 2, match: '/remote/session' });
		expect((await list()).status).toBe(200);
		const body = { user: 'alice', device: '10.66.33.17', protocol: 'SSH' };
		expect((await api(sb, token, 'POST', '/iso/remote/session', body)).status).toBe(500);
		expect((await api(sb, token, 'POST', '/api/pam/remote/session', body)).status).toBe(500);
		expect((await api(sb, token, 'POST', '/iso/remote/session', body)).status).toBe(200);
		expect(sb.counters).toMatchObject({ createAttempts: 3, creates: 1, requests: 4 });
		expect(sb.sessions().map((s) => s.id)).toEqual([...SEEDED_IDS, '38']);
		expect(sb.sessions().at(-1)?.credential).toBe('usrsudonopass');
	});

	it('scopes faults to API calls by default, or to the token endpoint', async () => {
		const issuedBefore = sb.issuedTokens().length;
		sb.injectFaults({ kind: 'status503', scope: 'token' });
		expect((await list()).status).toBe(200);
		const tokenReply = await tokenRequest(sb, { grant_type: 'client_credentials', client_id: sb.clientId, client_secret: sb.clientSecret });
		expect(tokenReply.status).toBe(503);
		expect(sb.counters).toMatchObject({ tokenRequests: 1, tokenFailures: 1 });
		expect(sb.issuedTokens()).toHaveLength(issuedBefore);

		sb.injectFaults({ kind: 'status500' });
		expect((await getToken(sb)).length).toBeGreaterThan(0);
		expect((await list()).status).toBe(500);

		sb.injectFaults({ kind: 'status500', scope: 'all' });
		expect((await tokenRequest(sb, { grant_type: 'client_credentials' })).status).toBe(500);
	});

	it('list glitches answer the list route with a 200 success holding a wrong list, and no other route', async () => {
		const idsOf = (reply: Awaited<ReturnType<typeof list>>) =>
			((env(reply).remote_sessions ?? env(reply).remote_session) as Array<{ id: string }>).map((s) => s.id);
		sb.injectFaults([{ kind: 'emptyList' }, { kind: 'truncatedList' }, { kind: 'reorderedList' }]);
		expect((await api(sb, token, 'GET', '/iso/session/remotesessions/30')).status).toBe(200);
		const glitched = [];
		for (let poll = 0; poll < 3; poll++) {
			const reply = await list();
			expect(reply.status).toBe(200);
			expect(env(reply).response).toMatchObject({ error: false });
			glitched.push(idsOf(reply));
		}
		expect(glitched).toEqual([[], SEEDED_IDS.slice(0, 4), [...SEEDED_IDS].reverse()]);
		expect(idsOf(await list())).toEqual(SEEDED_IDS);
		expect(sb.requests.map((r) => r.fault)).toEqual([null, 'emptyList', 'truncatedList', 'reorderedList', null]);
	});

	it('rejects unknown kinds and bad values', () => {
		expect(() => sb.injectFaults({ kind: 'nope' as FaultKind })).toThrow(TypeError);
		expect(() => sb.injectFaults({ kind: 'drop', count: 0 })).toThrow(TypeError);
	});
});

describe('latency', () => {
	it('delays token and API answers, never control calls', async () => {
		sb.setLatency(200);
		let started = Date.now();
		expect((await api(sb, token, 'GET', '/iso/session/remotesessions')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
		started = Date.now();
		await getToken(sb);
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
		started = Date.now();
		expect((await control(sb, 'GET', 'state')).status).toBe(200);
		expect(Date.now() - started).toBeLessThan(150);
		sb.reset();
		started = Date.now();
		await api(sb, token, 'GET', '/iso/session/remotesessions');
		expect(Date.now() - started).toBeLessThan(150);
	});
});
