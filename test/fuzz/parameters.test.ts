import fc from 'fast-check';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ok, runNode, type Answer } from '../unit/mock-context';

/**
 * Generated parameters for every operation: the node must never crash, never send a request for
 * invalid input, always URL-encode ids, and name the field it rejects.
 */
const RUNS_PER_OPERATION = 2_500;

const nasty = fc.constantFrom(
	'../x', '1?a=b', '%2F', '1#x', '', ' ', '\t\n', '30 ', ' 30', '0', '-1', '1.5', '1e3', 'NaN', 'Infinity',
	'null', 'undefined', '<script>', '💥', 'ñandú', 'a'.repeat(300), '1/2', '1%00', '\u0000', '١٢٣', '0x1F', '+7',
);
const anyText = fc.oneof(nasty, fc.string(), fc.fullUnicodeString({ maxLength: 40 }), fc.string({ minLength: 256, maxLength: 3000 }));
const anyNumber = fc.oneof(
	fc.integer(),
	fc.double(),
	fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, 65535, 65536, 1, -1, 0.5, Number.MAX_SAFE_INTEGER + 2),
);
const anyValue = fc.oneof(anyText, anyNumber, fc.constant(null), fc.constant(undefined), fc.boolean(), fc.constant({}), fc.constant([]));
const plausibleHost = fc.oneof(fc.ipV4(), fc.ipV6(), fc.domain(), anyValue);

const answer = (request: IHttpRequestOptions): Answer => {
	if (request.method === 'POST') return ok({ session: { session_url: 'https://segura/modulos/auth?_sr=x', token: 't' } });
	if (request.method === 'DELETE') return ok({}, 'Session dropped successfully');
	return ok({ remote_session: [{ id: '30', session_id: 'a'.repeat(40), start: '2026-11-22 10:00:00', end: null }] });
};

const labels = /\((user|device|protocol|credential|remotedevice|remoteAddr|port|remoteapp|screensize|remoteSessionId|sessionHash|limit|startedAfter|startedBefore|user|status|timeout|concurrency|timezone|returnAll|includeSessionToken|addHelperFields|ignoreIfAlreadyEnded|filters|additionalFields|options|terminateBy|parameters)\)/;

let cases = 0;

async function check(parameters: IDataObject) {
	cases++;
	const { error, requests } = await runNode({ parameters, answers: answer });
	if (error) {
		// Only the node's own error types, never a TypeError or a zod error escaping.
		expect(error instanceof NodeOperationError || error instanceof NodeApiError).toBe(true);
		if (error instanceof NodeOperationError) {
			expect(error.message).toMatch(/^Invalid parameter: /);
			expect(error.message).toMatch(labels);
			expect(requests).toHaveLength(0);
		}
	}
	for (const request of requests) {
		const url = new URL(request.url);
		expect(url.origin).toBe('https://segura.example.com');
		expect(url.search).toBe('');
		expect(url.hash).toBe('');
		const last = url.pathname.split('/').pop() ?? '';
		if (request.method === 'GET' && /remotesessions\/.+/.test(url.pathname)) expect(last).toMatch(/^[1-9]\d*$/);
		// Any session id form Segura documents (hash, UUID, token) goes into one path segment, encoded.
		if (request.method === 'DELETE') {
			expect(last).toMatch(/^[A-Za-z0-9\-_.!~*'()%]+$/);
			const refused = [...decodeURIComponent(last)].filter((ch) => ch === '/' || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
			expect(refused).toEqual([]);
			expect(decodeURIComponent(last).trim()).not.toBe('');
		}
	}
	return requests.length;
}

const settings = { numRuns: RUNS_PER_OPERATION, seed: 20261122 };

describe('fuzzed parameters', () => {
	afterAll(() => {
		// The number of generated cases is part of the test's claim.
		expect(cases).toBeGreaterThanOrEqual(4 * RUNS_PER_OPERATION);
	});

	it('create', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.record({
					user: anyValue,
					device: plausibleHost,
					protocol: fc.oneof(fc.constantFrom('SSH', 'RDP', 'HTTPS'), anyValue),
					credential: fc.oneof(fc.constant(''), anyValue),
					additionalFields: fc.record(
						{ remotedevice: anyValue, remoteAddr: plausibleHost, port: anyValue, remoteapp: anyValue, screensize: fc.oneof(fc.constant('1920x1080'), anyValue) },
						{ requiredKeys: [] },
					),
					options: fc.record({ timeout: anyValue, concurrency: anyValue, includeSessionToken: anyValue }, { requiredKeys: [] }),
				}),
				async (parameters) => {
					await check({ operation: 'create', ...parameters } as IDataObject);
				},
			),
			settings,
		);
	});

	it('get', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), fc.nat().map(String), anyValue),
				fc.record({ timezone: fc.oneof(fc.constantFrom('UTC', 'America/Sao_Paulo', 'Mars/Olympus'), anyValue), addHelperFields: anyValue }, { requiredKeys: [] }),
				async (remoteSessionId, options) => {
					await check({ operation: 'get', remoteSessionId, options } as IDataObject);
				},
			),
			settings,
		);
	});

	it('getMany', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.boolean(),
				anyValue,
				fc.record(
					{ user: anyValue, device: anyValue, protocol: anyValue, status: fc.oneof(fc.constantFrom('any', 'active', 'ended'), anyValue), startedAfter: fc.oneof(fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())), anyValue), startedBefore: anyValue },
					{ requiredKeys: [] },
				),
				async (returnAll, limit, filters) => {
					await check({ operation: 'getMany', returnAll, limit, filters } as IDataObject);
				},
			),
			settings,
		);
	});

	it('terminate', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom('sessionHash', 'remoteSessionId'),
				fc.oneof(fc.hexaString({ minLength: 40, maxLength: 40 }), anyValue),
				fc.oneof(fc.nat().map(String), anyValue),
				fc.record({ ignoreIfAlreadyEnded: anyValue, timeout: anyValue }, { requiredKeys: [] }),
				async (terminateBy, sessionHash, remoteSessionId, options) => {
					await check({ operation: 'terminate', terminateBy, sessionHash, remoteSessionId, options } as IDataObject);
				},
			),
			settings,
		);
	});
});
