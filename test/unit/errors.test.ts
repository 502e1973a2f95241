import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { CODED_ERRORS, DOCUMENTED_ERRORS } from '../../nodes/Segura/errors/errorCatalogue';
import { errorBody, ok, runNode, type Answer } from './mock-context';

const create = { operation: 'create', user: 'alice', device: '10.66.33.17', protocol: 'SSH' };
const created = ok({ session: { session_url: 'https://segura/modulos/auth?_sr=x', token: 't' } });

/** Every error the Segura docs list, in each version's wording, with the status they come with. */
const documented: Array<[number, string, RegExp]> = [
	[400, 'Username not specified.', /Fill in the User field/],
	[400, 'User not specified', /Fill in the User field/],
	[400, 'Credential not specified', /Fill in the Device Credential field/],
	[400, 'Credential device not specified', /Fill in the Device field/],
	[400, 'Invalid protocol.', /Choose a protocol the device offers/],
	[404, 'Resource sub not found', /API Paths setting/],
	[409, 'session.no_available_credential', /no free credential/],
	[500, 'Unexpected error.', /contact Segura support/],
	[500, 'You are not authorized to access this resource.', /Web Proxy Session/],
	[401, 'Client authentication failed.', /Client ID and Client Secret/],
	[401, 'Invalid signature', /OAuth 2\.0 application/],
	[401, 'Invalid token', /Client ID and Client Secret/],
	[401, 'No route matched with those values.', /Authorization header/],
	[504, 'Request timed out.', /connectivity between n8n and the Segura appliance/],
	[200, 'An error occurred while droping session', /already ended/],
];

/** Errors Segura numbers, as their pages show them (status, message, and what the node says). */
const coded: Array<[number, string, RegExp]> = [
	// Get and Terminate name the id in the headline; the fix is the catalogue's (unknownValues.test.ts).
	[1002, '1002: Session not found', /Check the Numeric ID \(the "id" field Get Many returns/],
	[1003, '1003: Unexpected identifier type', /session_id hash .* where the numeric id belongs/],
	[1007, '1007: Credential not found', /no credential matching/],
	[1008, '1008: Credential inactive', /credential is inactive/],
	[1009, '1009: No access to credential', /has no access to the credential/],
	[1011, '1011: Device not found', /no device matching/],
	[1018, '1018: The credential is not in the user custody', /holds no custody of the credential/],
];

async function fail(answer: Answer, parameters: IDataObject = create) {
	// Under n8n 1.x a 401 answer is sent once more, the way that lets n8n renew the token.
	const again = N8N_LINE === 1 && 'status' in answer && answer.status === 401;
	const result = await runNode({ parameters, answers: again ? [answer, answer] : [answer] });
	expect(result.error).toBeInstanceOf(NodeApiError);
	return result.error as NodeApiError;
}

const normalised = (message: string) => message.replace(/\.$/, '').toLowerCase();

describe('error mapping', () => {
	it('covers every documented message and number', () => {
		expect(new Set(documented.map(([, message]) => normalised(message)))).toEqual(new Set(Object.keys(DOCUMENTED_ERRORS)));
		expect(coded.map(([code]) => code)).toEqual(Object.keys(CODED_ERRORS).map(Number));
	});

	it('gives each number its own cause and fix', () => {
		const texts = Object.values(CODED_ERRORS).map((entry) => `${entry.cause} ${entry.fix}`);
		expect(new Set(texts).size).toBe(texts.length);
	});

	it.each(coded)('%i: matched by exception.code, by the message prefix, and in other wording', async (code, message, cause) => {
		const get = { operation: 'get', remoteSessionId: '30' };
		// 3.32's get one: HTTP 400, code 400, error_code 1, the number in exception and message.
		const full = errorBody(400, message);
		full.code = 400;
		full.exception = { code, message, detail: null };
		const byException = await fail({ status: 400, body: full }, get);
		expect(byException.message).toBe(code === 1002 ? 'Segura has no remote session with id 30' : message);
		expect(byException.description).toMatch(cause);
		expect(byException.description).not.toMatch(/malformed/);
		// Device and custody pages: no code/error_code keys, only the exception object.
		const bare = { response: { status: 400, mensagem: 'Not found', erro: true, message: 'Not found', error: true }, exception: { code } };
		expect((await fail({ status: 400, body: bare }, get)).description).toMatch(cause);
		// The prefix alone, without an exception object.
		expect((await fail({ status: 400, body: errorBody(400, message) }, get)).description).toMatch(cause);
		// Another wording of the same number.
		expect((await fail({ status: 400, body: errorBody(400, `${code}: outra redação`) }, get)).description).toMatch(cause);
	});

	it('a 400 without a message is not called malformed: it may be an id no session has', async () => {
		const error = await fail({ status: 400, body: { response: { status: 400, error: true } } }, { operation: 'get', remoteSessionId: '30' });
		expect(error.message).toBe('Segura answered HTTP 400 without a message');
		expect(error.description).toMatch(/an id no session has/);
	});

	it.each(documented)('HTTP %i "%s": Segura\'s message, documented cause and fix', async (status, message, fix) => {
		const body = errorBody(status === 200 ? 200 : status, message);
		if (status === 200) (body.response as Record<string, unknown>).error = true;
		const error = await fail({ status, body });
		expect(error.message).toBe(message);
		expect(error.description).toMatch(fix);
		expect(error.context.itemIndex).toBe(0);
	});

	it('reads mensagem, then detail, when message is empty', async () => {
		const error = await fail({ status: 400, body: { response: { status: 400, message: '', mensagem: 'Invalid protocol', error: true } } });
		expect(error.message).toBe('Invalid protocol');
		const viaDetail = await fail({ status: 400, body: { response: { status: 400, detail: 'Username not specified' } } });
		expect(viaDetail.message).toBe('Username not specified');
	});

	it('treats a 2xx whose response.erro is true as a failure', async () => {
		const error = await fail({ status: 200, body: { response: { status: 200, erro: true, mensagem: 'Unexpected error.' } } });
		expect(error.message).toBe('Unexpected error.');
	});

	it('explains an HTML 502 with its status and a short excerpt, no markup and no stack', async () => {
		const html = `<html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>${'x'.repeat(500)}</body></html>`;
		const error = await fail({ status: 502, body: html });
		expect(error.message).toMatch(/^Segura answered HTTP 502 with a body that is not JSON: "502 Bad Gateway 502 Bad Gateway nginx x+…"$/);
		expect(error.message.length).toBeLessThan(200);
		expect(error.description).toMatch(/reverse proxy/);
		expect(`${error.message}${error.description}`).not.toMatch(/<|at .*\.js/);
	});

	it('explains malformed JSON in a 200', async () => {
		const error = await fail({ status: 200, body: '{"code":200,"response":' });
		expect(error.message).toMatch(/HTTP 200 with a body that is not JSON/);
	});

	it('never puts a token from a truncated answer into the excerpt', async () => {
		const error = await fail({ status: 200, body: '{"session":{"session_url":"https://s/modulos/auth?_sr=SECRETURL","token":"6a3afbb1b3226' });
		expect(error.message).toContain('"token":[redacted]');
		expect(error.message).not.toMatch(/6a3afbb1|SECRETURL/);
	});

	it('explains a 200 that is an HTML login page, not Segura', async () => {
		const error = await fail({ status: 200, body: '<html><title>Sign in</title></html>' });
		expect(error.message).toBe('Segura answered HTTP 200 with a body that is not JSON: "Sign in"');
		expect(error.description).toMatch(/Base URL and API Paths/);
		const empty = await fail({ status: 200, body: '' });
		expect(empty.message).toBe('Segura answered HTTP 200 with an empty body');
	});

	it('falls back on the status when Segura sends no message', async () => {
		const error = await fail({ status: 404, body: {} });
		expect(error.message).toBe('Segura answered HTTP 404 without a message');
		expect(error.description).toMatch(/Base URL and the API Paths/);
	});

	it.each([
		['ECONNREFUSED', /refused/, /Base URL/],
		['ENOTFOUND', /could not be resolved/, /host name/],
		['ECONNRESET', /dropped/, /Try again/],
		['ECONNABORTED', /did not answer within the timeout/, /Timeout/],
		['DEPTH_ZERO_SELF_SIGNED_CERT', /TLS certificate was not accepted/, /Ignore SSL Issues/],
	])('network failure %s', async (code, message, description) => {
		const error = await fail({ networkError: code });
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(description);
	});

	it('explains a refused token request without repeating the secret', async () => {
		const error = await fail({ networkError: 'none', message: 'Failed to acquire OAuth2 access token: invalid_client' });
		expect(error.message).toMatch(/did not issue an access token/);
		expect(error.description).toMatch(/Client Secret/);
		expect(JSON.stringify(error)).not.toContain('client-secret');
	});
});

describe('Continue On Fail', () => {
	it('pairs an error item with its input and goes on: N items in, N out', async () => {
		const { output, error, requests } = await runNode({
			parameters: [create, { ...create, device: '' }, create, create],
			items: 4,
			continueOnFail: true,
			answers: [created, { status: 409, body: errorBody(409, 'session.no_available_credential') }, created],
		});
		expect(error).toBeUndefined();
		expect(requests).toHaveLength(3);
		expect(output?.map((item) => [item.pairedItem, item.json.error ?? 'ok'])).toEqual([
			[{ item: 0 }, 'ok'],
			[{ item: 1 }, expect.stringMatching(/Device \(device\) must not be empty/)],
			[{ item: 2 }, 'session.no_available_credential'],
			[{ item: 3 }, 'ok'],
		]);
		expect(output?.[2].json.details).toMatch(/no free credential/);
		expect(Object.keys(output?.[2].json ?? {}).sort()).toEqual(['details', 'error']);
	});

	it('without it, one item at a time, stops at the failing item with an error naming it', async () => {
		const { error, requests } = await runNode({
			parameters: { ...create, options: { concurrency: 1 } },
			items: 3,
			answers: [created, { status: 500, body: errorBody(500, 'Unexpected error.') }, created],
		});
		expect(requests).toHaveLength(2);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.itemIndex).toBe(1);
	});
});

describe('retries', () => {
	const get = { operation: 'get', remoteSessionId: '30' };
	const found = ok({ remote_session: [{ id: '30', start: '2026-11-22 10:00:00', end: null }] });

	it('retries a read on 429 (honouring Retry-After), 502, 503 and a dropped connection', async () => {
		const { output, requests } = await runNode({
			parameters: get,
			answers: [
				{ status: 429, body: {}, headers: { 'retry-after': '0' } },
				{ status: 502, body: '<html>bad gateway</html>', headers: { 'retry-after': '0' } },
				{ networkError: 'ECONNRESET' },
				found,
			],
		});
		expect(requests).toHaveLength(4);
		expect(output?.[0].json.id).toBe('30');
	});

	it('gives up after the bounded number of attempts', async () => {
		const busy: Answer = { status: 503, body: 'busy', headers: { 'retry-after': '0' } };
		const { error, requests } = await runNode({ parameters: get, answers: [busy, busy, busy, busy, found] });
		expect(requests).toHaveLength(4);
		expect(error?.message).toMatch(/HTTP 503/);
	});

	it('does not retry a read on a 500 or a 404', async () => {
		const { requests } = await runNode({ parameters: get, answers: [{ status: 500, body: errorBody(500, 'Unexpected error.') }, found] });
		expect(requests).toHaveLength(1);
	});

	it('never retries a create', async () => {
		const { error, requests } = await runNode({
			parameters: create,
			answers: [{ status: 429, body: {}, headers: { 'retry-after': '0' } }, created],
		});
		expect(requests).toHaveLength(1);
		expect(error?.message).toMatch(/429/);
	});
});

describe('concurrency', () => {
	it('runs the first item alone, then several at once', async () => {
		const { mapInOrder } = await import('../../nodes/Segura/actions/concurrency');
		const events: string[] = [];
		let inFlight = 0;
		let peak = 0;
		const results = await mapInOrder(6, 3, async (index) => {
			events.push(`start ${index}`);
			peak = Math.max(peak, ++inFlight);
			await Promise.resolve();
			await Promise.resolve();
			inFlight--;
			events.push(`end ${index}`);
			return index * 10;
		});
		expect(results).toEqual([0, 10, 20, 30, 40, 50]);
		expect(events.slice(0, 3)).toEqual(['start 0', 'end 0', 'start 1']);
		expect(peak).toBe(3);
	});

	it('keeps output order and pairing with several requests in flight', async () => {
		const { output, requests } = await runNode({
			parameters: [0, 1, 2, 3, 4].map((i) => ({ ...create, user: `u${i}`, options: { concurrency: 3 } })),
			items: 5,
			answers: [created, created, created, created, created],
		});
		expect(requests).toHaveLength(5);
		expect(output?.map((item) => [item.json.user, item.pairedItem])).toEqual(
			[0, 1, 2, 3, 4].map((i) => [`u${i}`, { item: i }]),
		);
	});
});
