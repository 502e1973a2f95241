/**
 * What one HTTP answer or thrown request error comes to (transport/judge.ts, helpers/networkErrors.ts),
 * called directly: every field of the verdict the transport and the probe act on.
 */
import { DOCUMENTED_ERRORS } from '../../nodes/Segura/errors/errorCatalogue';
import {
	causeChain,
	findErrorCode,
	networkFailure,
	ssrfFailure,
} from '../../nodes/Segura/errors/networkErrors';
import { judgeAnswer, judgeError, judgeResponse } from '../../nodes/Segura/transport/judge';

const TOKEN_REFUSED_MESSAGE = 'Segura did not issue an access token (Client authentication failed.)';
const explained = (key: string) => `${DOCUMENTED_ERRORS[key].cause} ${DOCUMENTED_ERRORS[key].fix}`;

describe('judgeAnswer', () => {
	it("a gateway 404 is a route miss, not Segura's answer, and not retried", () => {
		const body = { message: 'no Route matched with those values' };
		expect(judgeAnswer(404, body)).toEqual({
			ok: false,
			failure: {
				message: 'no Route matched with those values',
				description: explained('no route matched with those values'),
				httpCode: 404,
			},
			retryable: false,
			routeMiss: true,
			fromSegura: false,
			tokenRefused: false,
			status: 404,
		});
	});

	it("Segura's own 404 (its envelope) is final: no route miss", () => {
		const verdict = judgeAnswer(404, { response: { message: 'Resource sub not found' } });
		expect(verdict).toMatchObject({ routeMiss: false, fromSegura: true, retryable: false });
		expect(verdict.failure?.message).toBe('Resource sub not found');
	});

	it.each([429, 502, 503])('HTTP %i may be retried', (status) => {
		expect(judgeAnswer(status, '')).toMatchObject({ ok: false, retryable: true, fromSegura: false, status });
	});

	it.each([500, 504, 400])('HTTP %i is not retried', (status) => {
		expect(judgeAnswer(status, '')).toMatchObject({ ok: false, retryable: false, status });
	});

	it.each([401, 403])('HTTP %i without a body is still counted as Segura answering', (status) => {
		expect(judgeAnswer(status, {}).fromSegura).toBe(true);
	});

	it.each([199, 300, 302])('HTTP %i is a failure, never a success', (status) => {
		expect(judgeAnswer(status, { response: { error: false } }).ok).toBe(false);
	});

	it('a 403 that says the token is invalid is a token refusal; a missing permission is not', () => {
		expect(judgeAnswer(403, { error: 'invalid_token' }).tokenRefused).toBe(true);
		expect(judgeAnswer(403, { response: { message: 'You are not authorized to access this resource.' } }).tokenRefused).toBe(false);
		expect(judgeAnswer(401, { error: 'invalid_token' }).tokenRefused).toBe(false);
	});

	it('a 2xx text or empty body is a failure that quotes the text (not marked as from Segura)', () => {
		expect(judgeAnswer(200, 'hello')).toEqual({
			ok: false,
			failure: expect.objectContaining({
				message: 'Segura answered HTTP 200 with a body that is not JSON: "hello"',
				httpCode: 200,
			}),
		});
		for (const empty of [undefined, null, '']) {
			expect(judgeAnswer(204, empty).failure?.message).toBe('Segura answered HTTP 204 with an empty body');
		}
	});

	it("a 200 whose envelope says error takes the envelope's status; erro (Portuguese) counts too", () => {
		const failed = judgeAnswer(200, { response: { error: true, status: 400, message: 'Invalid protocol.' } });
		expect(failed).toEqual({
			ok: false,
			fromSegura: true,
			failure: { message: 'Invalid protocol.', description: explained('invalid protocol'), httpCode: 400 },
		});
		expect(judgeAnswer(200, { response: { erro: true, message: 'x' } }).failure?.httpCode).toBe(200);
	});

	it('a 200 whose envelope says no error is the answer, body as it is', () => {
		const body = { response: { error: false, erro: 'true' }, sessions: [] };
		expect(judgeAnswer(200, body)).toEqual({ ok: true, body, fromSegura: true });
		expect(judgeAnswer(299, { value: 1 })).toEqual({ ok: true, body: { value: 1 }, fromSegura: true });
	});
});

describe('judgeResponse: Retry-After', () => {
	const at = Date.parse('2026-01-01T00:00:00Z');
	afterEach(() => jest.restoreAllMocks());

	it.each([
		['2', 2000],
		['0', 0],
		['-5', 0],
		['Thu, 01 Jan 2026 00:00:07 GMT', 7000],
		['Wed, 31 Dec 2025 23:59:00 GMT', 0],
		['soon', undefined],
		['', undefined],
	])('Retry-After "%s" waits %s ms', (value, wait) => {
		jest.spyOn(Date, 'now').mockReturnValue(at);
		const verdict = judgeResponse({ statusCode: 429, body: '', headers: { 'retry-after': value } });
		expect(verdict.retryAfterMs).toBe(wait);
		expect(verdict.retryable).toBe(true);
	});

	it('no headers, or no Retry-After, waits for the backoff', () => {
		expect(judgeResponse({ statusCode: 503, body: '' }).retryAfterMs).toBeUndefined();
		expect(judgeResponse({ statusCode: 503, body: '', headers: { 'retry-after': null } }).retryAfterMs).toBeUndefined();
	});

	it('a success carries no Retry-After field at all', () => {
		const verdict = judgeResponse({ statusCode: 200, body: { a: 1 }, headers: { 'retry-after': '3' } });
		expect(verdict).toEqual({ ok: true, body: { a: 1 }, fromSegura: true });
	});
});

describe('judgeError', () => {
	it('reads the HTTP answer on the cause chain, with its Retry-After', () => {
		const error = Object.assign(new Error('wrapped'), {
			cause: { response: { status: 503, data: '', headers: { 'retry-after': '1' } } },
		});
		expect(judgeError(error)).toMatchObject({ ok: false, status: 503, retryable: true, retryAfterMs: 1000 });
	});

	it('an answer that broke off halfway (the HTTP client\'s "stream has been aborted", with the 200 that came) is not an empty answer', () => {
		const error = Object.assign(new Error('wrapped'), {
			cause: Object.assign(new Error('stream has been aborted'), { code: 'ERR_BAD_RESPONSE', response: { status: 200, headers: {} } }),
		});
		for (const answersComeBack of [false, true]) {
			const verdict = judgeError(error, { answersComeBack });
			expect(verdict).toMatchObject({ ok: false, retryable: true, noAnswer: true });
			expect(verdict.failure?.message).toBe("Segura's answer broke off while it was arriving");
			expect(verdict.tokenRequest).toBeUndefined();
		}
	});

	it("a response without a numeric status is not taken as an answer", () => {
		const error = Object.assign(new Error('wrapped'), { cause: { response: { status: '503' } } });
		expect(judgeError(error).failure?.message).toBe('The request to Segura failed before an answer arrived');
	});

	it("answers taken as they come (n8n 1.x): a thrown 4xx is the token endpoint's, reported as it is", () => {
		const error = Object.assign(new Error('x'), { cause: { response: { status: 400, data: { error: 'invalid_client' } } } });
		const verdict = judgeError(error, { answersComeBack: true });
		expect(verdict).toEqual({
			ok: false,
			failure: { message: 'invalid_client', description: expect.any(String), httpCode: 400 },
			tokenRequest: true,
		});
	});

	it('answers taken as they come: a thrown 2xx is a refused token, its body never echoed', () => {
		const error = Object.assign(new Error('x'), { cause: { response: { status: 200, data: { access_token: 'SECRET' } } } });
		const verdict = judgeError(error, { answersComeBack: true });
		expect(verdict.failure?.message).toBe(TOKEN_REFUSED_MESSAGE);
		expect(JSON.stringify(verdict)).not.toContain('SECRET');
	});

	it('answers taken as they come: any other failure before an answer is the token step', () => {
		expect(judgeError(new Error('unreadable'), { answersComeBack: true })).toEqual({
			ok: false,
			failure: expect.objectContaining({ message: TOKEN_REFUSED_MESSAGE }),
			tokenRequest: true,
		});
		// Not the token step: the transport names the path, not the token URL.
		expect(judgeError(new Error('unreadable'))).toMatchObject({ failure: { message: 'The request to Segura failed before an answer arrived' } });
		expect(judgeError(new Error('unreadable')).tokenRequest).toBeUndefined();
	});

	it('the token endpoint refusing the client (EAUTH) is a refused token, not retried', () => {
		const error = Object.assign(new Error('outer'), { cause: { code: 'EAUTH', message: 'invalid_client' } });
		const verdict = judgeError(error);
		expect(verdict.failure?.message).toBe(TOKEN_REFUSED_MESSAGE);
		// The transport adds the token URL it tried (the Base URL is the credential's).
		expect(verdict.tokenRequest).toBe(true);
		expect(verdict.failure?.description).toMatch(/^The token request was refused\. Check Base URL/);
		expect(verdict.retryable).toBeUndefined();
	});

	it('the token endpoint answering 429 is reported as that status; a 2xx never is', () => {
		const limited = { message: 'outer', cause: { code: 'ESTATUS', status: 429, body: { message: 'slow down' } } };
		expect(judgeError(limited).failure).toMatchObject({ message: 'slow down', httpCode: 429 });
		const odd = { message: 'outer', cause: { code: 'ESTATUS', status: 200, body: { access_token: 'SECRET' } } };
		expect(judgeError(odd).failure?.message).toBe(TOKEN_REFUSED_MESSAGE);
		const eauth = { message: 'outer', cause: { code: 'EAUTH', status: 500, body: { message: 'x' } } };
		expect(judgeError(eauth).failure?.message).toBe(TOKEN_REFUSED_MESSAGE);
	});

	it('"Failed to acquire OAuth2 access token" over a refused connection names the connection', () => {
		const error = Object.assign(new Error('Failed to acquire OAuth2 access token'), { cause: { code: 'ECONNREFUSED' } });
		expect(judgeError(error)).toEqual({ ok: false, failure: networkFailure('ECONNREFUSED'), retryable: false, tokenRequest: true });
		expect(judgeError(new Error('failed to acquire oauth2 access token: no')).failure?.message).toBe(TOKEN_REFUSED_MESSAGE);
	});

	it('only a dropped connection is worth another try', () => {
		expect(judgeError({ code: 'ECONNRESET' })).toEqual({ ok: false, failure: networkFailure('ECONNRESET'), retryable: true, noAnswer: true });
		expect(judgeError({ code: 'ECONNREFUSED' }).retryable).toBe(false);
		expect(judgeError({ code: 'ENOTFOUND' }).retryable).toBe(false);
	});

	it('tells a request that went out without an answer (it may have been carried out) from one that never reached Segura', () => {
		for (const code of ['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED']) expect(judgeError({ code }).noAnswer).toBe(true);
		for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'DEPTH_ZERO_SELF_SIGNED_CERT']) expect(judgeError({ code }).noAnswer).toBe(false);
	});

	it("n8n's SSRF refusal comes before any token reading and is final", () => {
		const refusal = Object.assign(new Error('Failed to acquire OAuth2 access token'), {
			cause: { name: 'SsrfBlockedIpError', message: 'blocked', ip: '10.0.0.1' },
		});
		const verdict = judgeError(refusal);
		expect(verdict.retryable).toBe(false);
		expect(verdict.failure?.message).toBe("n8n's SSRF protection blocked the request to 10.0.0.1");
	});
});

describe('network errors', () => {
	it.each([
		[{ code: 'ECONNREFUSED' }, 'ECONNREFUSED'],
		[{ code: 'EWHATEVER', message: 'nothing known' }, undefined],
		[{ message: 'read ETIMEDOUT' }, 'ETIMEDOUT'],
		[{ message: 'socket hang up' }, 'ECONNRESET'],
		[{ message: 'timeout of 3000ms exceeded' }, 'ECONNABORTED'],
		[{ message: 'self-signed certificate in certificate chain' }, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
		[{ message: 'x', cause: { message: 'y', reason: { code: 'CERT_HAS_EXPIRED' } } }, 'CERT_HAS_EXPIRED'],
		[{ message: 42, code: 7 }, undefined],
	])('%j has code %s', (error, code) => {
		expect(findErrorCode(error)).toBe(code);
	});

	it('follows cause, then reason, at most six deep', () => {
		let error: Record<string, unknown> = { code: 'ECONNREFUSED' };
		for (let depth = 0; depth < 6; depth++) error = { message: `level ${depth}`, cause: error };
		expect(causeChain(error)).toHaveLength(6);
		expect(findErrorCode(error)).toBeUndefined();
		expect(causeChain({ reason: { cause: 'text' } })).toEqual([{ reason: { cause: 'text' } }, { cause: 'text' }]);
		expect(causeChain('text')).toEqual([]);
	});

	it('a certificate problem names its code and the two fixes', () => {
		const failure = networkFailure('ERR_TLS_CERT_ALTNAME_INVALID');
		expect(failure.message).toBe("The Segura appliance's TLS certificate was not accepted (ERR_TLS_CERT_ALTNAME_INVALID)");
		expect(failure.description).toContain('NODE_EXTRA_CA_CERTS');
		expect(failure.description).toContain('Ignore SSL Issues (Insecure)');
	});

	it('a timeout says so; an unknown code reads as a dropped connection', () => {
		expect(networkFailure('ETIMEDOUT').message).toBe('Segura did not answer within the timeout');
		expect(networkFailure('ECONNABORTED').description).toBe(DOCUMENTED_ERRORS['request timed out'].fix);
		expect(networkFailure('ERR_CANCELED')).toEqual(networkFailure('ECONNRESET'));
	});
});

describe("n8n's SSRF refusal", () => {
	const named = (fields: Record<string, unknown>) => ({ name: 'SsrfBlockedHostnameError', message: 'x', ...fields });

	it('hostname only: names it and the hostname allow-list only', () => {
		const failure = ssrfFailure(named({ hostname: 'pam.local' }));
		expect(failure?.message).toBe("n8n's SSRF protection blocked the request to pam.local");
		expect(failure?.description).toContain('allow the appliance with N8N_SSRF_ALLOWED_HOSTNAMES=pam.local, set on');
	});

	it('an IP that is its own hostname is named once, with the IP range only', () => {
		const failure = ssrfFailure(named({ hostname: '10.1.1.1', extra: { ip: '10.1.1.1' } }));
		expect(failure?.message).toBe("n8n's SSRF protection blocked the request to 10.1.1.1");
		expect(failure?.description).toContain(
			"allow the appliance with N8N_SSRF_ALLOWED_IP_RANGES=10.1.1.1/32 (or the appliance's range), set on",
		);
	});

	it('both, from the deepest refusal (the wrapper repeats the message without the address)', () => {
		const inner = named({ extra: { ip: '10.1.1.2', hostname: 'pam.local' } });
		const wrapper = {
			message: 'The request was blocked because the destination hostname is restricted',
			cause: inner,
		};
		const failure = ssrfFailure(wrapper);
		expect(failure?.message).toBe("n8n's SSRF protection blocked the request to pam.local (10.1.1.2)");
		expect(failure?.description).toContain(
			"N8N_SSRF_ALLOWED_IP_RANGES=10.1.1.2/32 (or the appliance's range) or N8N_SSRF_ALLOWED_HOSTNAMES=pam.local",
		);
	});

	it('no address known: names the appliance and both settings', () => {
		const failure = ssrfFailure({ message: 'The request was blocked because it resolves to a restricted IP address', ip: '' });
		expect(failure?.message).toBe("n8n's SSRF protection blocked the request to the appliance");
		expect(failure?.description).toContain('with N8N_SSRF_ALLOWED_IP_RANGES or N8N_SSRF_ALLOWED_HOSTNAMES, set on');
		// An address that is not text is not named.
		expect(ssrfFailure(named({ ip: 10, hostname: 7 }))?.message).toBe("n8n's SSRF protection blocked the request to the appliance");
	});

	it('any other error, or a look-alike name, is not a refusal', () => {
		expect(ssrfFailure(new Error('blocked'))).toBeUndefined();
		expect(ssrfFailure({ name: 'SsrfBlockedIpErrorX', message: 'x' })).toBeUndefined();
		expect(ssrfFailure({ name: 'MySsrfBlockedIpError', message: 'x' })).toBeUndefined();
	});
});
