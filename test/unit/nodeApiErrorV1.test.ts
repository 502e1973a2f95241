/**
 * What the node reads back from an n8n 1.x NodeApiError, which drops the error it wraps
 * (helpers/nodeApiErrorV1.ts): the records below are shaped as n8n-workflow 1.x leaves them
 * (httpCode, messages, context.data), so the rebuilding is pinned on either n8n line.
 */
import { causeKeptByNodeApiErrorV1 } from '../../nodes/Segura/errors/nodeApiErrorV1';
import { judgeError } from '../../nodes/Segura/transport/judge';

describe('the cause n8n 1.x kept', () => {
	it('an HTTP status and a JSON body become the answer 2.x would have kept', () => {
		const record = { httpCode: '503', messages: ['Service Unavailable'], context: { data: { message: 'busy' } } };
		expect(causeKeptByNodeApiErrorV1(record)).toEqual({
			response: { status: 503, data: { message: 'busy' } },
			message: 'Service Unavailable',
		});
	});

	it.each(['EAUTH', 'ESTATUS'])("the token endpoint's %s keeps its code and the messages, joined", (httpCode) => {
		const record = { httpCode, messages: ['invalid_client', 7, 'Client authentication failed'] };
		expect(causeKeptByNodeApiErrorV1(record)).toEqual({ code: httpCode, message: 'invalid_client Client authentication failed' });
	});

	it('"HTTP status 429" from the token endpoint is a status, wherever it is among the messages', () => {
		const record = { httpCode: null, messages: ['Failed to acquire OAuth2 access token', 'HTTP status 429'] };
		expect(causeKeptByNodeApiErrorV1(record)).toEqual({
			code: 'ESTATUS',
			status: 429,
			message: 'Failed to acquire OAuth2 access token HTTP status 429',
		});
		expect(causeKeptByNodeApiErrorV1({ httpCode: null, messages: ['see HTTP status 429 here'] })).toEqual({
			message: 'see HTTP status 429 here',
		});
	});

	it('a code that is not a status keeps only the messages', () => {
		expect(causeKeptByNodeApiErrorV1({ httpCode: '5030', messages: ['m'] })).toEqual({ message: 'm' });
		expect(causeKeptByNodeApiErrorV1({ httpCode: 'x503', messages: ['m'], context: { data: {} } })).toEqual({ message: 'm' });
		expect(causeKeptByNodeApiErrorV1({ httpCode: undefined, messages: [] })).toBeUndefined();
	});

	it('nothing to rebuild: a kept cause, no messages, or no httpCode', () => {
		expect(causeKeptByNodeApiErrorV1({ cause: null, httpCode: '500', messages: ['m'] })).toBeUndefined();
		expect(causeKeptByNodeApiErrorV1({ httpCode: '500', messages: 'm' })).toBeUndefined();
		expect(causeKeptByNodeApiErrorV1({ messages: ['m'] })).toBeUndefined();
	});

	it('is what judgeError reads from a 1.x error: a 429 answer with its body', () => {
		const v1Error = Object.assign(new Error('Too Many Requests'), {
			httpCode: '429',
			messages: ['Too Many Requests'],
			context: { data: { message: 'slow down' } },
		});
		expect(judgeError(v1Error)).toMatchObject({
			ok: false,
			status: 429,
			retryable: true,
			failure: { message: 'slow down', httpCode: 429 },
		});
	});
});
